#include "backend/receipts/voiding.h"

#include "backend/fees/fees.h"

namespace countersign::receipts {

PastAction voidWithRefund(pqxx::transaction_base& tx, const Secret& session, long long operatorId,
                          long long counterId, const ReceiptRecord& receipt, const std::string& reason,
                          const approvals::Approver& supervisor) {
    if (reason.empty())
        throw ReceiptError("voiding a receipt needs a reason");
    if (receipt.voided)
        throw ReceiptError("receipt " + receipt.numberText + " is void already: " + receipt.voidReason);
    approvals::ApprovalRequest request;
    request.kind = approvals::ApprovalKind::Void;
    request.requestedBy = operatorId;
    request.counterId = counterId;
    request.transactionId = receipt.transactionId;
    request.subject = receipt.numberText;
    request.reason = reason;
    request.approves = voidApprovalText(receipt, reason);
    PastAction done;
    done.approvalId = approvals::recordApproval(tx, request, supervisor);
    done.approvedBy = supervisor.staff.username;
    done.refunds = db::TransactionSearch(tx).voidAndRefund(session, receipt.id, reason, done.approvalId);
    for (const auto& r : done.refunds)
        done.totalFen += r.amountFen;
    return done;
}

PastAction refundWithApproval(pqxx::transaction_base& tx, const Secret& session, long long operatorId,
                              long long counterId, long long transactionId, const std::string& number,
                              const std::string& reason, const approvals::Approver& supervisor) {
    approvals::ApprovalRequest request;
    request.kind = approvals::ApprovalKind::Refund;
    request.requestedBy = operatorId;
    request.counterId = counterId;
    request.transactionId = transactionId;
    request.subject = number;
    request.reason = reason;
    PastAction done;
    done.approvalId = approvals::recordApproval(tx, request, supervisor);
    done.approvedBy = supervisor.staff.username;
    for (const auto& r :
         fees::refundTransaction(tx, session, transactionId, reason, done.approvalId, false)) {
        done.refunds.push_back({r.refundId, r.paymentId, fees::methodCode(r.method), r.amountFen});
        done.totalFen += r.amountFen;
    }
    return done;
}

} // namespace countersign::receipts
