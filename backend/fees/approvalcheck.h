#pragma once

#include <optional>
#include <string>

#include <pqxx/transaction_base>

#include "backend/phrase.h"

namespace countersign::fees {

/// Throws FeeError unless approval `approvalId` exists, is a `kind` approval ("fee_waiver", "refund") and,
/// when `transactionId` is given, was given for that transaction. `what` names what is approved, for the
/// message.
void checkApproval(pqxx::transaction_base& tx, long long approvalId, const std::string& kind,
                   std::optional<long long> transactionId, const Phrase& what);

} // namespace countersign::fees
