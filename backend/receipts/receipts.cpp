#include "backend/receipts/receipts.h"

#include <cctype>
#include <cstdio>

#include <pqxx/pqxx>

#include "backend/approvals/approvals.h"
#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::receipts {

namespace {

// The QR payload: CSRC1|<centre code>|<year>|<6-digit number>|<code>. The code is the first 80 bits of
// HMAC-SHA-256(secret, "CSRC1|centre|year|number|hex(content digest)") in base32, so it can't be guessed for
// another number and it pins the content as printed.
const char* const kPayloadTag = "CSRC1";
constexpr std::size_t kCodeChars = 16; // base32 of 80 bits, computed by the database (0020_money_records.sql)

std::string paddedNumber(int number) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%06d", number);
    return buffer;
}

std::string numberTextOf(const std::string& centreCode, int year, int number) {
    return centreCode + "-" + std::to_string(year) + "-" + paddedNumber(number);
}

std::string payloadOf(const std::string& centreCode, int year, int number, const std::string& code) {
    return std::string(kPayloadTag) + "|" + centreCode + "|" + std::to_string(year) + "|" +
           paddedNumber(number) + "|" + code;
}

bool allDigits(const std::string& s) {
    if (s.empty())
        return false;
    for (const unsigned char c : s)
        if (!std::isdigit(c))
            return false;
    return true;
}

const char* const kSelectReceipt =
    "SELECT r.id, r.transaction_id, ce.code, r.year, r.number, r.verification_code, r.content::text, "
    "r.voided_at IS NOT NULL, coalesce(r.void_reason, ''), r.printed_count "
    "FROM receipts r JOIN centres ce ON ce.id = r.centre_id ";

ReceiptRecord recordFrom(const pqxx::row& row) {
    ReceiptRecord r;
    r.id = row[0].as<long long>();
    r.transactionId = row[1].as<long long>();
    r.centreCode = row[2].as<std::string>();
    r.year = row[3].as<int>();
    r.number = row[4].as<int>();
    r.numberText = numberTextOf(r.centreCode, r.year, r.number);
    r.qrPayload = payloadOf(r.centreCode, r.year, r.number, row[5].as<std::string>());
    r.contentJson = row[6].as<std::string>();
    r.voided = row[7].as<bool>();
    r.voidReason = row[8].as<std::string>();
    r.printedCount = row[9].as<int>();
    return r;
}

std::optional<ReceiptRecord> findByParts(pqxx::transaction_base& tx, const std::string& centreCode, int year,
                                         int number) {
    const auto rows = db::execPrepared(
        tx, std::string(kSelectReceipt) + "WHERE ce.code = $1 AND r.year = $2 AND r.number = $3", centreCode,
        year, number);
    if (rows.empty())
        return std::nullopt;
    return recordFrom(rows[0]);
}

} // namespace

ReceiptRecord issueReceipt(pqxx::transaction_base& tx, const Secret& session, long long transactionId) {
    pqxx::result rows;
    try {
        // The database gathers what the receipt shows, takes the number last (its receipt_counters row stays
        // locked to the commit), draws the secret, computes the code and audits "receipt.issued" (0020).
        rows = db::execPrepared(tx,
                                "SELECT receipt_id, centre_code, year, number, verification_code, content "
                                "FROM countersign.receipt_issue($1, $2)",
                                session.c_str(), transactionId);
    } catch (const pqxx::unique_violation& e) {
        // Another counter issued one for this transaction at the same moment, or one is there already.
        throw ReceiptError(db::databaseRefusal(e).value_or("the transaction already has a receipt"));
    } catch (const pqxx::sql_error& e) {
        if (const auto refusal = db::databaseRefusal(e))
            throw ReceiptError(*refusal);
        throw;
    }
    const auto& row = rows[0];
    ReceiptRecord r;
    r.id = row[0].as<long long>();
    r.transactionId = transactionId;
    r.centreCode = row[1].as<std::string>();
    r.year = row[2].as<int>();
    r.number = row[3].as<int>();
    r.numberText = numberTextOf(r.centreCode, r.year, r.number);
    r.qrPayload = payloadOf(r.centreCode, r.year, r.number, row[4].as<std::string>());
    r.contentJson = row[5].as<std::string>();
    return r;
}

std::optional<ReceiptRecord> findByTransaction(pqxx::transaction_base& tx, long long transactionId) {
    const auto rows = db::execPrepared(tx,
                                       std::string(kSelectReceipt) +
                                           "WHERE r.transaction_id = $1 "
                                           "ORDER BY (r.voided_at IS NULL) DESC, r.id DESC LIMIT 1",
                                       transactionId);
    if (rows.empty())
        return std::nullopt;
    return recordFrom(rows[0]);
}

std::optional<ReceiptRecord> findByNumber(pqxx::transaction_base& tx, const std::string& numberText) {
    const auto last = numberText.rfind('-');
    if (last == std::string::npos || last == 0)
        return std::nullopt;
    const auto middle = numberText.rfind('-', last - 1);
    if (middle == std::string::npos || middle == 0)
        return std::nullopt;
    const std::string centre = numberText.substr(0, middle);
    const std::string year = numberText.substr(middle + 1, last - middle - 1);
    const std::string number = numberText.substr(last + 1);
    if (year.size() != 4 || !allDigits(year) || !allDigits(number) || number.size() > 9)
        return std::nullopt;
    return findByParts(tx, centre, std::stoi(year), std::stoi(number));
}

std::string ReceiptPayload::numberText() const {
    return numberTextOf(centre, year, number);
}

std::optional<ReceiptPayload> parsePayload(const std::string& qrPayload) {
    std::string text = qrPayload;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.erase(text.begin());

    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto bar = text.find('|', start);
        parts.push_back(text.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos || parts.size() > 5)
            break;
        start = bar + 1;
    }
    bool readable = parts.size() == 5 && parts[0] == kPayloadTag && !parts[1].empty() &&
                    parts[2].size() == 4 && allDigits(parts[2]) && allDigits(parts[3]) &&
                    parts[3].size() <= 9 && parts[4].size() == kCodeChars;
    for (std::size_t i = 0; readable && i < parts[4].size(); ++i) {
        const char c = parts[4][i];
        readable = (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
    }
    if (!readable)
        return std::nullopt;
    return ReceiptPayload{parts[1], std::stoi(parts[2]), std::stoi(parts[3]), parts[4]};
}

ReceiptCheck verifyPayload(pqxx::transaction_base& tx, const std::string& qrPayload) {
    ReceiptCheck check;
    const auto payload = parsePayload(qrPayload);
    if (!payload) {
        check.reason = "unreadable payload: this is not a Countersign receipt code";
        return check;
    }
    const std::string& centre = payload->centre;
    const int year = payload->year;
    const int number = payload->number;
    const std::string numberText = payload->numberText();

    // The code is checked inside the database: a receipt's secret never leaves it (0020_money_records.sql).
    const auto rows =
        db::execPrepared(tx,
                         "SELECT countersign.receipt_code_valid($1, $2, $3, $4), "
                         "(SELECT sha256(convert_to(r.content::text, 'UTF8')) = r.content_sha256 "
                         " FROM receipts r JOIN centres ce ON ce.id = r.centre_id "
                         " WHERE ce.code = $1 AND r.year = $2 AND r.number = $3)",
                         centre, year, number, payload->code);
    if (rows[0][0].is_null()) {
        check.reason = "no such receipt: " + numberText + " was never issued";
        return check;
    }
    check.receipt = findByParts(tx, centre, year, number);
    if (!rows[0][0].as<bool>()) {
        check.reason = "code mismatch: the code does not belong to receipt " + numberText +
                       " (a forged or altered receipt number or code)";
        return check;
    }
    if (!rows[0][1].as<bool>()) {
        check.reason = "content changed since issue: the stored receipt " + numberText +
                       " no longer says what was printed";
        return check;
    }
    if (check.receipt && check.receipt->voided) {
        check.reason = "voided: " + check.receipt->voidReason;
        return check;
    }
    check.valid = true;
    return check;
}

std::string voidApprovalText(const ReceiptRecord& receipt, const std::string& reason) {
    return approvals::subjectText(
        approvals::ApprovalKind::Void,
        {receipt.centreCode, std::to_string(receipt.year), std::to_string(receipt.number), reason});
}

void voidReceipt(pqxx::transaction_base& tx, const Secret& session, long long receiptId,
                 const std::string& reason, long long approvalId) {
    if (reason.empty())
        throw ReceiptError("voiding a receipt needs a reason");
    const auto rows = db::execPrepared(tx, std::string(kSelectReceipt) + "WHERE r.id = $1", receiptId);
    if (rows.empty())
        throw ReceiptError("no receipt with id " + std::to_string(receiptId));
    const ReceiptRecord r = recordFrom(rows[0]);
    if (r.voided)
        throw ReceiptError("receipt " + r.numberText + " is void already: " + r.voidReason);
    try {
        // receipt_void (0017) by the session's person, audited "receipt.voided" (0020_money_records.sql).
        db::execPrepared(tx, "SELECT countersign.receipt_void_by($1, $2, $3, $4)", session.c_str(), receiptId,
                         reason, approvalId);
    } catch (const pqxx::sql_error& e) {
        if (const auto refusal = db::databaseRefusal(e))
            throw ReceiptError(*refusal);
        throw ReceiptError(db::describeDatabaseError(e));
    }
}

bool recordPrint(pqxx::transaction_base& tx, const Secret& session, long long receiptId,
                 const std::optional<std::string>& pdf) {
    try {
        // Counted, the first print's PDF kept, audited "receipt.printed" / "receipt.reprinted" by the
        // session's person (0020_money_records.sql).
        const char* const sql = "SELECT countersign.receipt_printed($1, $2, $3::bytea)";
        const auto r =
            pdf ? db::execPrepared1(tx, sql, session.c_str(), receiptId, pqxx::binarystring(*pdf))
                : db::execPrepared1(tx, sql, session.c_str(), receiptId, std::optional<std::string>());
        return r[0].as<int>() > 1;
    } catch (const pqxx::sql_error& e) {
        if (const auto refusal = db::databaseRefusal(e))
            throw ReceiptError(*refusal);
        throw;
    }
}

} // namespace countersign::receipts
