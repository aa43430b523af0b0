#pragma once

#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "backend/approvals/approvals.h"
#include "backend/receipts/receipts.h"
#include "db/transactionsearch.h"
#include "token/secret.h"

namespace countersign::receipts {

/// What voiding a receipt or refunding a transaction did: the supervisor's approval and the refunds made,
/// each by its payment's method.
struct PastAction {
    long long approvalId = 0;
    std::string approvedBy; ///< the supervisor's username
    std::vector<db::VoidRefund> refunds;
    long long totalFen = 0;
};

/// Voids `receipt` for `reason` and pays back what is unrefunded of its transaction (the receipt stays,
/// marked void): one "void" approval by `supervisor`, asked for by the operator of `session` (`operatorId`),
/// bound to the receipt's number and the reason (voidApprovalText) and used by
/// countersign.receipt_void_refund — in the caller's database transaction. The command line's `receipt void`
/// and the kiosk's search page both come here. Throws approvals::ApprovalRefused, ReceiptError (void already,
/// no reason) or pqxx::sql_error.
PastAction voidWithRefund(pqxx::transaction_base& tx, const Secret& session, long long operatorId,
                          long long counterId, const ReceiptRecord& receipt, const std::string& reason,
                          const approvals::Approver& supervisor);

/// Pays back what is unrefunded of a transaction (a completed one: with a supervisor's "refund" approval) —
/// the same calls as `countersignctl refund`: approvals::recordApproval, then fees::refundTransaction. Throws
/// approvals::ApprovalRefused, fees::FeeError.
PastAction refundWithApproval(pqxx::transaction_base& tx, const Secret& session, long long operatorId,
                              long long counterId, long long transactionId, const std::string& number,
                              const std::string& reason, const approvals::Approver& supervisor);

} // namespace countersign::receipts
