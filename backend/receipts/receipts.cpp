#include "backend/receipts/receipts.h"

#include <cctype>
#include <cstdio>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <pqxx/pqxx>

#include "backend/approvals/approvals.h"
#include "backend/operation.h"
#include "db/auditlog.h"
#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::receipts {

namespace {

// The QR payload: CSRC1|<centre code>|<year>|<6-digit number>|<code>. The code is the first 80 bits of
// HMAC-SHA-256(secret, "CSRC1|centre|year|number|hex(content digest)") in base32, so it can't be guessed for
// another number and it pins the content as printed.
const char* const kPayloadTag = "CSRC1";
constexpr std::size_t kCodeBytes = 10;
constexpr std::size_t kCodeChars = 16; // base32 of kCodeBytes
constexpr std::size_t kSecretBytes = 16;

// ISO 8601 in China Standard Time (no daylight saving since 1991).
const char* const kCstFormat = "YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"";

QJsonValue optionalText(const pqxx::field& f) {
    return f.is_null() ? QJsonValue(QJsonValue::Null)
                       : QJsonValue(QString::fromStdString(f.as<std::string>()));
}

std::string base32(const unsigned char* data, std::size_t size) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < size; ++i) {
        buffer = (buffer << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += alphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

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

std::string verificationCode(const std::string& secret, const std::string& centreCode, int year, int number,
                             const std::string& contentDigest) {
    const std::string message = std::string(kPayloadTag) + "|" + centreCode + "|" + std::to_string(year) +
                                "|" + std::to_string(number) + "|" + hex(contentDigest);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macSize = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &macSize))
        throw std::runtime_error("receipt: HMAC-SHA-256 failed");
    return base32(mac, kCodeBytes);
}

const char* operationName(const std::string& kind) {
    const auto operation = parseOperation(kind);
    if (!operation)
        return "";
    switch (*operation) {
    case Operation::New:
        return "证书新办";
    case Operation::Renew:
        return "证书更新";
    case Operation::Upgrade:
        return "证书升级";
    case Operation::Replace:
        return "USBKEY补办";
    case Operation::Unlock:
        return "USBKEY解锁";
    }
    return "";
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

// The parts of a receipt gathered with the transaction in one query (kGatherReceipt), as JSON arrays.
QJsonArray jsonArray(const pqxx::field& f) {
    if (f.is_null())
        return {};
    return QJsonDocument::fromJson(QByteArray(f.c_str())).array();
}

QJsonValue textOrNull(const QJsonValue& v) {
    return v.isNull() || v.isUndefined() ? QJsonValue(QJsonValue::Null) : v;
}

// Builds what the receipt shows from the row kGatherReceipt read.
QJsonObject buildContent(const pqxx::row& t, const std::string& numberText) {
    // t: number, kind, centre_id, year, centre code, centre name, counter code, counter name, operator,
    //    company name, uscc, agent name, agent id number, key serial, has a valid receipt, certificate,
    //    fee lines, payments, invoice, now
    QJsonObject content;
    content.insert(QStringLiteral("receipt_number"), QString::fromStdString(numberText));
    content.insert(QStringLiteral("centre"),
                   QJsonObject{{QStringLiteral("code"), QString::fromStdString(t[4].as<std::string>())},
                               {QStringLiteral("name"), QString::fromStdString(t[5].as<std::string>())}});
    content.insert(QStringLiteral("counter"),
                   QJsonObject{{QStringLiteral("code"), QString::fromStdString(t[6].as<std::string>())},
                               {QStringLiteral("name"), optionalText(t[7])}});
    content.insert(QStringLiteral("operator"), QString::fromStdString(t[8].as<std::string>()));
    const std::string kind = t[1].as<std::string>();
    content.insert(QStringLiteral("operation"), QString::fromStdString(kind));
    content.insert(QStringLiteral("operation_name"), QString::fromUtf8(operationName(kind)));
    content.insert(QStringLiteral("transaction"), QString::fromStdString(t[0].as<std::string>()));
    content.insert(QStringLiteral("company"),
                   t[9].is_null()
                       ? QJsonValue(QJsonValue::Null)
                       : QJsonValue(QJsonObject{
                             {QStringLiteral("name"), QString::fromStdString(t[9].as<std::string>())},
                             {QStringLiteral("uscc"), QString::fromStdString(t[10].as<std::string>())}}));
    content.insert(QStringLiteral("agent"),
                   t[11].is_null()
                       ? QJsonValue(QJsonValue::Null)
                       : QJsonValue(QJsonObject{
                             {QStringLiteral("name"), QString::fromStdString(t[11].as<std::string>())},
                             {QStringLiteral("id_masked"),
                              QString::fromStdString(maskIdNumber(t[12].as<std::string>()))}}));
    content.insert(QStringLiteral("key_serial"), optionalText(t[13]));

    const QJsonArray cert = jsonArray(t[15]);
    content.insert(QStringLiteral("certificate"),
                   cert.isEmpty() ? QJsonValue(QJsonValue::Null)
                                  : QJsonValue(QJsonObject{{QStringLiteral("serial"), cert[0]},
                                                           {QStringLiteral("not_before"), cert[1]},
                                                           {QStringLiteral("not_after"), cert[2]}}));
    QJsonArray feeLines;
    qint64 total = 0;
    for (const auto& v : jsonArray(t[16])) {
        const QJsonArray row = v.toArray();
        QJsonObject line{{QStringLiteral("description"), row[0]},
                         {QStringLiteral("amount_fen"), static_cast<qint64>(row[1].toDouble())}};
        if (!row[2].isNull())
            line.insert(QStringLiteral("waiver_reason"), row[2]);
        total += static_cast<qint64>(row[1].toDouble());
        feeLines.append(line);
    }
    content.insert(QStringLiteral("fee_lines"), feeLines);
    content.insert(QStringLiteral("total_fen"), total);
    QJsonArray payments;
    for (const auto& v : jsonArray(t[17])) {
        const QJsonArray row = v.toArray();
        payments.append(QJsonObject{{QStringLiteral("method"), row[0]},
                                    {QStringLiteral("amount_fen"), static_cast<qint64>(row[1].toDouble())},
                                    {QStringLiteral("reference"), textOrNull(row[2])}});
    }
    content.insert(QStringLiteral("payments"), payments);
    const QJsonArray invoice = jsonArray(t[18]);
    content.insert(QStringLiteral("invoice"),
                   invoice.isEmpty() ? QJsonValue(QJsonValue::Null)
                                     : QJsonValue(QJsonObject{{QStringLiteral("status"), invoice[0]},
                                                              {QStringLiteral("buyer_name"), invoice[1]}}));
    content.insert(QStringLiteral("issued_at"), QString::fromStdString(t[19].as<std::string>()));
    return content;
}

// Everything a receipt shows, in one statement (a counter waits on the receipt number while it runs). Each
// part is a subquery on the transaction's row rather than a join: seven joined tables make the planner search
// their join orders (some 3 ms a plan, paid at each of a connection's first executions), while every part is
// a lookup by key that needs no search.
const char* const kGatherReceipt =
    "SELECT t.number, t.kind, t.centre_id, EXTRACT(YEAR FROM t.business_date)::integer, "
    "(SELECT ce.code FROM centres ce WHERE ce.id = t.centre_id), "
    "(SELECT ce.name FROM centres ce WHERE ce.id = t.centre_id), "
    "(SELECT co.code FROM counters co WHERE co.id = t.counter_id), "
    "(SELECT co.name FROM counters co WHERE co.id = t.counter_id), "
    "(SELECT s.display_name FROM staff s WHERE s.id = t.operator_staff_id), "
    "(SELECT e.name FROM enterprises e WHERE e.id = t.enterprise_id), "
    "(SELECT e.uscc FROM enterprises e WHERE e.id = t.enterprise_id), "
    "(SELECT a.name FROM agents a WHERE a.id = t.agent_id), "
    "(SELECT a.id_number FROM agents a WHERE a.id = t.agent_id), "
    "(SELECT k.serial FROM tokens k WHERE k.id = t.token_id), "
    "EXISTS (SELECT 1 FROM receipts r WHERE r.transaction_id = t.id AND r.voided_at IS NULL), "
    "(SELECT json_build_array(c.serial, to_char(c.not_before AT TIME ZONE 'Asia/Shanghai', $2), "
    "        to_char(c.not_after AT TIME ZONE 'Asia/Shanghai', $2)) FROM certificates c "
    "  WHERE c.transaction_id = t.id "
    "  ORDER BY (c.status = 'active') DESC, (c.status = 'issued') DESC, c.id DESC LIMIT 1)::text, "
    "(SELECT json_agg(json_build_array(l.description, l.amount_fen, l.waiver_reason) ORDER BY l.id) "
    "  FROM fee_lines l WHERE l.transaction_id = t.id)::text, "
    "(SELECT json_agg(json_build_array(p.method, p.amount_fen, p.reference) ORDER BY p.id) "
    "  FROM payments p WHERE p.transaction_id = t.id)::text, "
    "(SELECT json_build_array(i.status, i.buyer_name) FROM invoice_requests i WHERE i.transaction_id = t.id "
    "  ORDER BY (i.status <> 'cancelled') DESC, i.id DESC LIMIT 1)::text, "
    "to_char(now() AT TIME ZONE 'Asia/Shanghai', $2) "
    "FROM transactions t WHERE t.id = $1";

} // namespace

std::string maskIdNumber(const std::string& idNumber) {
    if (idNumber.size() <= 10)
        return std::string(idNumber.size(), '*');
    return idNumber.substr(0, 6) + std::string(idNumber.size() - 10, '*') +
           idNumber.substr(idNumber.size() - 4);
}

ReceiptRecord issueReceipt(pqxx::transaction_base& tx, long long transactionId, long long counterId,
                           long long staffId) {
    // Prepared, so its plan is made once per connection: planning the joins and subqueries costs more than
    // running them.
    tx.conn().prepare("countersign_receipt_gather", kGatherReceipt);
    const auto rows = tx.exec_prepared("countersign_receipt_gather", transactionId, kCstFormat);
    if (rows.empty())
        throw ReceiptError("no transaction with id " + std::to_string(transactionId));
    const auto& t = rows[0];
    const std::string transactionNumber = t[0].as<std::string>();
    const long long centreId = t[2].as<long long>();
    const int year = t[3].as<int>();
    const std::string centreCode = t[4].as<std::string>();
    if (t[14].as<bool>())
        throw ReceiptError("transaction " + transactionNumber + " already has a receipt");

    // The number comes last but one: the receipt_counters row stays locked until commit, so the less work
    // after it, the shorter other counters wait. A rollback gives the number back.
    const int number =
        db::execPrepared1(tx, "SELECT countersign.take_receipt_number($1, $2)", centreId, year)[0].as<int>();
    const std::string numberText = numberTextOf(centreCode, year, number);
    const QJsonObject content = buildContent(t, numberText);
    const std::string contentText = QJsonDocument(content).toJson(QJsonDocument::Compact).toStdString();

    // Digest of jsonb's canonical text, computed where verification computes it again.
    const std::string digest =
        pqxx::binarystring(
            db::execPrepared1(tx, "SELECT sha256(convert_to($1::jsonb::text, 'UTF8'))", contentText)[0])
            .str();
    std::string secret(kSecretBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size())) != 1)
        throw std::runtime_error("receipt: no random bytes for the receipt's secret");
    const std::string code = verificationCode(secret, centreCode, year, number, digest);

    long long id = 0;
    std::string storedContent;
    try {
        const auto inserted = db::execPrepared1(
            tx,
            "INSERT INTO receipts (transaction_id, centre_id, year, number, verification_code, "
            "counter_id, issued_by, content, content_sha256, secret) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING id, content::text",
            transactionId, centreId, year, number, code, counterId, staffId, contentText,
            pqxx::binarystring(digest), pqxx::binarystring(secret));
        id = inserted[0].as<long long>();
        storedContent = inserted[1].as<std::string>();
    } catch (const pqxx::unique_violation&) {
        // Another counter issued one for this transaction at the same moment.
        throw ReceiptError("transaction " + transactionNumber + " already has a receipt");
    }
    OPENSSL_cleanse(secret.data(), secret.size());

    db::AuditLog{tx}.append(
        {counterId, staffId, "receipt.issued", numberText,
         QJsonDocument(QJsonObject{{QStringLiteral("receipt_id"), id},
                                   {QStringLiteral("transaction"), QString::fromStdString(transactionNumber)},
                                   {QStringLiteral("total_fen"), content.value(QStringLiteral("total_fen"))}})
             .toJson(QJsonDocument::Compact)
             .toStdString()});

    ReceiptRecord r;
    r.id = id;
    r.transactionId = transactionId;
    r.centreCode = centreCode;
    r.year = year;
    r.number = number;
    r.numberText = numberText;
    r.qrPayload = payloadOf(centreCode, year, number, code);
    r.contentJson = storedContent;
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

ReceiptCheck verifyPayload(pqxx::transaction_base& tx, const std::string& qrPayload) {
    ReceiptCheck check;
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
        if (bar == std::string::npos)
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
    if (!readable) {
        check.reason = "unreadable payload: this is not a Countersign receipt code";
        return check;
    }
    const std::string centre = parts[1];
    const int year = std::stoi(parts[2]);
    const int number = std::stoi(parts[3]);
    const std::string numberText = numberTextOf(centre, year, number);

    const auto rows = db::execPrepared(tx,
                                       "SELECT r.id, r.secret, r.content_sha256, "
                                       "sha256(convert_to(r.content::text, 'UTF8')) = r.content_sha256 "
                                       "FROM receipts r JOIN centres ce ON ce.id = r.centre_id "
                                       "WHERE ce.code = $1 AND r.year = $2 AND r.number = $3",
                                       centre, year, number);
    if (rows.empty()) {
        check.reason = "no such receipt: " + numberText + " was never issued";
        return check;
    }
    check.receipt = findByParts(tx, centre, year, number);

    std::string secret = pqxx::binarystring(rows[0][1]).str();
    const std::string digest = pqxx::binarystring(rows[0][2]).str();
    const std::string expected = verificationCode(secret, centre, year, number, digest);
    OPENSSL_cleanse(secret.data(), secret.size());
    if (CRYPTO_memcmp(expected.data(), parts[4].data(), expected.size()) != 0) {
        check.reason = "code mismatch: the code does not belong to receipt " + numberText +
                       " (a forged or altered receipt number or code)";
        return check;
    }
    if (!rows[0][3].as<bool>()) {
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

void voidReceipt(pqxx::transaction_base& tx, long long receiptId, const std::string& reason,
                 long long approvalId, long long counterId, long long staffId) {
    if (reason.empty())
        throw ReceiptError("voiding a receipt needs a reason");
    const auto rows = db::execPrepared(tx, std::string(kSelectReceipt) + "WHERE r.id = $1", receiptId);
    if (rows.empty())
        throw ReceiptError("no receipt with id " + std::to_string(receiptId));
    const ReceiptRecord r = recordFrom(rows[0]);
    if (r.voided)
        throw ReceiptError("receipt " + r.numberText + " is void already: " + r.voidReason);
    try {
        db::execPrepared(tx, "SELECT countersign.receipt_void($1, $2, $3)", receiptId, reason, approvalId);
    } catch (const pqxx::insufficient_privilege& e) {
        throw ReceiptError(db::describeDatabaseError(e));
    }
    db::AuditLog{tx}.append(
        {counterId, staffId, "receipt.voided", r.numberText,
         QJsonDocument(QJsonObject{{QStringLiteral("receipt_id"), receiptId},
                                   {QStringLiteral("reason"), QString::fromStdString(reason)},
                                   {QStringLiteral("approval_id"), approvalId}})
             .toJson(QJsonDocument::Compact)
             .toStdString()});
}

bool recordPrint(pqxx::transaction_base& tx, long long receiptId, long long counterId, long long staffId) {
    const auto rows = db::execPrepared(
        tx,
        "UPDATE receipts SET printed_count = printed_count + 1, "
        "reprinted_count = reprinted_count + CASE WHEN printed_count > 0 THEN 1 ELSE 0 END, "
        "first_printed_at = coalesce(first_printed_at, now()), last_printed_at = now() WHERE id = $1 "
        "RETURNING printed_count, year, number, (SELECT code FROM centres WHERE id = centre_id)",
        receiptId);
    if (rows.empty())
        throw ReceiptError("no receipt with id " + std::to_string(receiptId));
    const bool reprint = rows[0][0].as<int>() > 1;
    db::AuditLog{tx}.append(
        {counterId, staffId, reprint ? "receipt.reprinted" : "receipt.printed",
         numberTextOf(rows[0][3].as<std::string>(), rows[0][1].as<int>(), rows[0][2].as<int>()),
         QJsonDocument(QJsonObject{{QStringLiteral("receipt_id"), receiptId},
                                   {QStringLiteral("print"), rows[0][0].as<int>()}})
             .toJson(QJsonDocument::Compact)
             .toStdString()});
    return reprint;
}

} // namespace countersign::receipts
