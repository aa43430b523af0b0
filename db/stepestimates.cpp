#include "db/stepestimates.h"

#include "db/prepared.h"

namespace countersign::db {

std::vector<StepEstimate> keyStepEstimates(pqxx::transaction_base& tx, const std::string& serial,
                                           const std::string& model) {
    std::vector<StepEstimate> out;
    for (const auto& row : execPrepared(
             tx, "SELECT step, runs, median_ms FROM countersign.key_step_estimates($1, $2)", serial, model))
        out.push_back({row[0].as<std::string>(), row[1].as<int>(), row[2].as<int>()});
    return out;
}

} // namespace countersign::db
