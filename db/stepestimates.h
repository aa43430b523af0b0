#pragma once

#include <string>
#include <vector>

#include <pqxx/transaction_base>

namespace countersign::db {

/// What one key step usually takes on a key model (countersign.key_step_estimates, 0028_slowkeys.sql): the
/// median of the last `runs` (at most 20) uninterrupted runs on record.
struct StepEstimate {
    std::string step; ///< the kiosk's step id: initialise, unlock, generate, request, write, verify, complete
    int runs = 0;
    int medianMs = 0;
};

/// The estimates for the key with `serial` (its recorded model) or, for a key not on record, of `model`; a
/// step with no run on record is missing.
std::vector<StepEstimate> keyStepEstimates(pqxx::transaction_base& tx, const std::string& serial,
                                           const std::string& model);

} // namespace countersign::db
