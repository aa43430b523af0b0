#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "backend/fees/refundtoreview.h"
#include "backend/identifiers/date.h"
#include "backend/phrase.h"
#include "token/secret.h"

namespace countersign::fees {

/// A fee, payment, refund or invoice input that can't be accepted: what is wrong, in words the operator can
/// act on. what() is English; why() is the same for the UI to translate (text from elsewhere, such as a
/// database message, is shown as it is).
class FeeError : public std::runtime_error {
public:
    explicit FeeError(const std::string& what)
        : std::runtime_error(what)
        , m_why(Phrase::verbatim(what)) {}
    explicit FeeError(const Phrase& why)
        : std::runtime_error(why.english())
        , m_why(why) {}
    const Phrase& why() const { return m_why; }

private:
    Phrase m_why;
};

/// DESIGN §5 payment methods; non-cash payments carry their terminal / wallet reference.
enum class PaymentMethod { Cash, BankCard, WeChatPay, Alipay };
const char* methodCode(PaymentMethod method); ///< "cash", "bank_card", "wechat_pay", "alipay" (as stored)
std::optional<PaymentMethod> parseMethod(const std::string& code);

/// One line of what a transaction costs. A waiver is a line of its own with a negative amount, its reason,
/// the operator who attested it and the supervisor's approval.
struct FeeLine {
    std::optional<long long> ruleId; ///< the fee_rules row it came from
    std::string description;         ///< what it is for, e.g. "USB-KEY media fee"
    long long amountFen = 0;
    std::string waiverReason;            ///< waivers only
    std::optional<long long> attestedBy; ///< waivers: the operator who attested the condition
    std::optional<long long> approvalId; ///< waivers: the supervisor's fee_waiver approval
};

/// The fee lines an operation costs under the schedule in force.
struct FeeQuote {
    long long scheduleId = 0;
    std::string scheduleCode; ///< e.g. "tianjin-2018", "ningbo"
    std::string scheduleName;
    std::vector<FeeLine> lines;
    long long totalFen() const;
};

/// What decides which rules apply.
struct FeeConditions {
    /// NEW: the enterprise has no certificate issued through Countersign yet (Ningbo: the first is free).
    bool firstCertificate = false;
    /// REPLACE of a damaged key that failed without human damage, exterior intact: the damage_waiver line.
    bool damageWaiver = false;
    std::optional<long long> waiverAttestedBy; ///< required with damageWaiver
    std::optional<long long> waiverApprovalId; ///< required with damageWaiver (DESIGN §6)
};

/// The schedule in force for a centre on a business day: the one whose code is `scheduleCode` when that is
/// not empty ([fees] schedule in the configuration), else the centre's own, else its region's, else one with
/// neither; it must be valid on `businessDate`. Of a code's versions, the one whose start is the latest not
/// after `businessDate` (a version ends where the next starts: countersign.fee_schedule_versions). The lines
/// for `operation` ("NEW", "RENEW", "UPGRADE", "REPLACE", "UNLOCK"): the first_certificate /
/// further_certificate rule for NEW when the schedule has one, else the default rule; plus the damage_waiver
/// line when `conditions.damageWaiver`. An operation without a rule gives a single zero line ("no fee"), so
/// every transaction has at least one line. Throws FeeError when no schedule is in force, or when a waiver
/// lacks its attestation or approval.
FeeQuote quote(pqxx::transaction_base& tx, long long centreId, const std::string& scheduleCode,
               const std::string& operation, const FeeConditions& conditions, Date businessDate);

/// What a supervisor approves when asked to waive the fee of `operation` under `conditions` (the damage
/// waiver): the waiver line quote() will make — its description, amount and reason — as
/// approvals::subjectText puts it, for ApprovalRequest::approves. The waiver line written with the approval
/// uses it (0017_bound_approvals.sql).
std::string waiverApprovalText(pqxx::transaction_base& tx, long long centreId,
                               const std::string& scheduleCode, const std::string& operation,
                               const FeeConditions& conditions, Date businessDate);

/// A fee schedule with its rules, as `countersignctl fees show` and the admin screen list it.
struct FeeRuleInfo {
    long long id = 0;
    std::string operation; ///< NEW, RENEW, UPGRADE, REPLACE, UNLOCK
    std::string condition; ///< default, first_certificate, further_certificate, damage_waiver
    long long amountFen = 0;
    std::string description;
};
struct FeeScheduleInfo {
    long long id = 0;
    std::string code;
    std::string name;
    std::string validFrom; ///< YYYY-MM-DD
    std::string validTo;   ///< YYYY-MM-DD (the day before the next version starts); empty: open-ended
    std::vector<FeeRuleInfo> rules; ///< by operation (NEW … UNLOCK), then condition
    int version = 1;                ///< the code's version (fee_schedules.version)
};
/// The schedule `quote` would use (same choice, same FeeError when there is none), with all its rules or
/// those of `operation` when that is not empty.
FeeScheduleInfo scheduleInForce(pqxx::transaction_base& tx, long long centreId,
                                const std::string& scheduleCode, Date businessDate,
                                const std::string& operation = {});

struct PaymentInput {
    PaymentMethod method = PaymentMethod::Cash;
    long long amountFen = 0;
    std::string reference; ///< required unless cash
};

/// Invoice data (开票信息, DESIGN §5) for a later central e-invoice.
struct InvoiceInput {
    std::string buyerKind = "enterprise"; ///< "enterprise" or "individual"
    std::string buyerName;
    std::string buyerTaxpayerId; ///< required for an enterprise buyer; USCC or legacy taxpayer ID, checked
    std::string addressPhone;
    std::string bankAccount;
    std::string deliveryEmail; ///< e-mail or mobile (or both) for delivery
    std::string deliveryMobile;
};

/// Everything wrong with the payments for `quote` (empty: acceptable). They must add up to the total exactly;
/// each amount > 0; non-cash ones need a reference; a zero total takes no payment at all.
std::vector<Phrase> checkPayments(const FeeQuote& quote, const std::vector<PaymentInput>& payments);
/// Everything wrong with an invoice request (empty: acceptable).
std::vector<Phrase> checkInvoice(const InvoiceInput& invoice, Date today);
/// The field of an invoice request a problem is about (Delivery: neither e-mail nor mobile was given).
enum class InvoiceField {
    BuyerKind,
    BuyerName,
    BuyerTaxpayerId,
    AddressPhone,
    BankAccount,
    Delivery,
    DeliveryEmail,
    DeliveryMobile
};
struct InvoiceProblem {
    InvoiceField field;
    Phrase why;
};
/// checkInvoice's problems, each with its field, in the same order (backend/fees/invoicecheck.cpp): the
/// kiosk's invoice form shows them under their fields as the operator types.
std::vector<InvoiceProblem> invoiceProblems(const InvoiceInput& invoice, Date today);

/// Writes the quote's fee lines, the payments and (when given) the invoice request for the quote's total, and
/// the audit entry "fee.recorded", all in the caller's database transaction, through
/// countersign.tx_fee_record. Throws FeeError listing what checkPayments / checkInvoice found, before writing
/// anything. The transaction must be the acting counter's, opened by the person of `session` and in
/// papers_checked: the call also moves it to fee_recorded with the step rows of the papers step
/// (`papersDetailJson`) and the fee step (0020_money_records.sql) — the whole fee step in one round trip. The
/// payments are received and the invoice requested by the session's person; the database checks again that
/// the payments add up to the lines.
void recordFee(pqxx::transaction_base& tx, const Secret& session, long long transactionId,
               const FeeQuote& quote, const std::vector<PaymentInput>& payments,
               const std::optional<InvoiceInput>& invoice, const std::string& papersDetailJson = "{}");

struct RefundRecord {
    long long refundId = 0;
    long long paymentId = 0;
    PaymentMethod method = PaymentMethod::Cash;
    long long amountFen = 0;
};

/// Pays back what is still unrefunded of every payment of a transaction, each by its own method, cancels its
/// pending invoice request, and audits "fee.refunded" — in the caller's database transaction. `approvalId`
/// (a refund approval) is required, except for a refund made by recovery (`byRecovery`), which is flagged
/// for the supervisor's review instead. Returns the refunds made (none when nothing was paid).
/// Refunded by the person of `session` (countersign.fee_refund, 0020_money_records.sql), which also audits.
std::vector<RefundRecord> refundTransaction(pqxx::transaction_base& tx, const Secret& session,
                                            long long transactionId, const std::string& reason,
                                            std::optional<long long> approvalId, bool byRecovery);

/// The centre's recovery refunds nobody has reviewed yet, oldest first.
std::vector<RefundToReview> refundsToReview(pqxx::transaction_base& tx, long long centreId);
/// A supervisor acknowledges every one of them, each audited "refund.reviewed" — in the caller's database
/// transaction, by countersign.refund_review (0017_bound_approvals.sql): the reviewer is the supervisor whose
/// session at this counter `supervisorSession` is, never an id the client sends. FeeError when the database
/// refuses the session. Returns how many.
int reviewRefunds(pqxx::transaction_base& tx, const std::string& supervisorSession);

/// Parses payments given as JSON: an array of {"method": "wechat_pay", "amount": "26.00", "reference": "…"}
/// (amount in yuan as a string, or "amount_fen" as an integer). FeeError on anything malformed.
std::vector<PaymentInput> parsePaymentsJson(const std::string& json);
/// Parses one payment as countersignctl's --payment takes it: METHOD:AMOUNT[:REFERENCE], the amount in yuan
/// ("wechat_pay:26.00:4200001234"); the reference is the rest of the text, colons included. FeeError naming
/// what is wrong.
PaymentInput parsePaymentOption(const std::string& text);
/// Parses an invoice request given as JSON with the keys buyer_kind, buyer_name, buyer_taxpayer_id,
/// address_phone, bank_account, delivery_email, delivery_mobile. FeeError on anything malformed.
InvoiceInput parseInvoiceJson(const std::string& json);

} // namespace countersign::fees
