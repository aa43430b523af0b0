#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <pqxx/transaction_base>

#include "token/secret.h"

namespace countersign::receipts {

/// A receipt that can't be issued, voided or printed: unknown transaction, one already issued, already void.
class ReceiptError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A receipt (受理回执, DESIGN §5) as stored: everything the printed receipt shows is in `contentJson`, so a
/// reprint shows exactly what the first print did.
struct ReceiptRecord {
    long long id = 0;
    long long transactionId = 0;
    std::string centreCode;
    int year = 0;
    int number = 0;
    std::string numberText; ///< as printed, e.g. "TJ01-2026-000123"
    std::string qrPayload;  ///< the text of the receipt's QR code
    /// {"receipt_number", "centre": {code, name}, "counter": {code, name}, "operator" (display name),
    ///  "operation" (NEW|RENEW|UPGRADE|REPLACE|UNLOCK), "operation_name" (Chinese), "transaction" (number),
    ///  "company": {name, uscc} | null, "agent": {name, id_masked} | null, "key_serial" | null,
    ///  "certificate": {serial, not_before, not_after} | null,
    ///  "fee_lines": [{description, amount_fen, waiver_reason?}], "total_fen",
    ///  "payments": [{method, amount_fen, reference|null}], "invoice": {status, buyer_name} | null,
    ///  "issued_at"}
    /// Times are ISO 8601 in China Standard Time ("2026-03-01T09:30:00+08:00"); amounts are integer fen.
    std::string contentJson;
    bool voided = false;
    std::string voidReason;
    int printedCount = 0;
};

/// Takes the next receipt number of the transaction's centre and year (in the caller's database transaction,
/// so numbers have no gaps and no duplicates, even with many counters at once) and stores the receipt with
/// its content and QR payload. Audits "receipt.issued". A transaction has at most one valid receipt.
/// All of it is done by countersign.receipt_issue (0020_money_records.sql): the transaction must be the
/// acting counter's, completing in this database transaction; the receipt is issued by the person of
/// `session`. ReceiptError when the database refuses.
ReceiptRecord issueReceipt(pqxx::transaction_base& tx, const Secret& session, long long transactionId);

/// The valid (else the latest) receipt of a transaction, or of a receipt number as printed.
std::optional<ReceiptRecord> findByTransaction(pqxx::transaction_base& tx, long long transactionId);
std::optional<ReceiptRecord> findByNumber(pqxx::transaction_base& tx, const std::string& numberText);

/// What checking a receipt's QR payload found.
struct ReceiptCheck {
    bool valid = false;
    std::string
        reason; ///< why not valid: unreadable payload, no such receipt, code or content mismatch, voided
    std::optional<ReceiptRecord> receipt;
};
ReceiptCheck verifyPayload(pqxx::transaction_base& tx, const std::string& qrPayload);

/// The parts of a receipt's QR payload, "CSRC1|<centre>|<year>|<number>|<code>", as read before the database
/// is asked about them.
struct ReceiptPayload {
    std::string centre;
    int year = 0;
    int number = 0;
    std::string code;               ///< 16 characters of base32 (A–Z, 2–7)
    std::string numberText() const; ///< as printed, e.g. "TJ01-2026-000123"
};
/// Reads a scanned payload (surrounding white space ignored); nullopt when it is not a Countersign receipt
/// code. verifyPayload's first step: whoever holds a paper receipt controls this text.
std::optional<ReceiptPayload> parsePayload(const std::string& qrPayload);

/// What a supervisor approves when asked to void `receipt` for `reason`, for ApprovalRequest::approves (with
/// the receipt's transaction): its centre, year, number and the reason, as approvals::subjectText puts them.
std::string voidApprovalText(const ReceiptRecord& receipt, const std::string& reason);

/// Voids a receipt (it stays, marked void; the transaction may then get a new one) through
/// countersign.receipt_void, which uses `approvalId` — the supervisor's "void" approval for exactly this
/// receipt and reason (voidApprovalText) — once (0017_bound_approvals.sql). Audits "receipt.voided".
/// ReceiptError when it is void already or the approval does not hold.
/// Voided by the person of `session` (countersign.receipt_void_by).
void voidReceipt(pqxx::transaction_base& tx, const Secret& session, long long receiptId,
                 const std::string& reason, long long approvalId);

/// Records that a receipt was printed and returns true when this print is a reprint (the receipt must then
/// say so). Audits "receipt.printed" or "receipt.reprinted". `pdf`: the document printed, kept when the
/// receipt has none yet. By the person of `session`, for a receipt of this centre
/// (countersign.receipt_printed).
bool recordPrint(pqxx::transaction_base& tx, const Secret& session, long long receiptId,
                 const std::optional<std::string>& pdf = std::nullopt);

} // namespace countersign::receipts
