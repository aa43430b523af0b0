#include "backend/fees/invoices.h"

#include <set>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>

#include "backend/fees/textcheck.h"
#include "backend/money.h"
#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::fees {

namespace {

constexpr std::size_t kMaxInvoiceNumberChars = 40;
constexpr std::size_t kMaxIssuedRows = 100000;

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

/// RFC 4180 records; a leading UTF-8 byte-order mark is dropped. FeeError on an unterminated quote.
std::vector<std::vector<std::string>> parseCsv(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool fieldStarted = false;
    std::size_t i = 0;
    const auto endRow = [&] {
        row.push_back(std::move(field));
        field.clear();
        fieldStarted = false;
        if (!(row.size() == 1 && row[0].empty()))
            rows.push_back(std::move(row));
        row.clear();
    };
    while (i < text.size()) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    i += 2;
                    continue;
                }
                quoted = false;
            } else {
                field += c;
            }
            ++i;
            continue;
        }
        if (c == '"' && !fieldStarted) {
            quoted = true;
            fieldStarted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            fieldStarted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            endRow();
            ++i;
        } else if (c == '\n') {
            endRow();
        } else {
            field += c;
            fieldStarted = true;
        }
        ++i;
        if (rows.size() > kMaxIssuedRows)
            throw FeeError("the file has more than " + std::to_string(kMaxIssuedRows) + " rows");
    }
    if (quoted)
        throw FeeError("the CSV ends inside a quoted field (a \" is not closed)");
    if (fieldStarted || !row.empty())
        endRow();
    return rows;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

std::optional<long long> parseId(const std::string& text) {
    const std::string t = trimmed(text);
    if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const long long id = std::stoll(t);
    if (id == 0) // request ids start at 1, as a JSON number's must
        return std::nullopt;
    return id;
}

std::string rowName(std::size_t index, const IssuedInvoice& entry) {
    std::string name = "row " + std::to_string(index + 1);
    if (entry.requestId)
        name += " (request " + std::to_string(*entry.requestId) + ")";
    else
        name += " (transaction " + printable(entry.transactionNumber) + ")";
    return name;
}

} // namespace

InvoiceInput parseInvoiceJson(const std::string& text) {
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError)
        throw FeeError("the invoice data is not valid JSON: " + error.errorString().toStdString() +
                       " at offset " + std::to_string(error.offset));
    if (!doc.isObject())
        throw FeeError("the invoice data must be a JSON object");
    const QJsonObject o = doc.object();
    InvoiceInput in;
    struct Key {
        const char* name;
        std::string* target;
    };
    const Key keys[] = {{"buyer_kind", &in.buyerKind},
                        {"buyer_name", &in.buyerName},
                        {"buyer_taxpayer_id", &in.buyerTaxpayerId},
                        {"address_phone", &in.addressPhone},
                        {"bank_account", &in.bankAccount},
                        {"delivery_email", &in.deliveryEmail},
                        {"delivery_mobile", &in.deliveryMobile}};
    for (auto it = o.begin(); it != o.end(); ++it) {
        const Key* key = nullptr;
        for (const auto& k : keys)
            if (it.key() == QLatin1String(k.name))
                key = &k;
        if (!key)
            throw FeeError(
                "the invoice data has an unknown key \"" + printable(it.key().toStdString()) +
                "\" (known: buyer_kind, buyer_name, buyer_taxpayer_id, address_phone, bank_account, "
                "delivery_email, delivery_mobile)");
        if (it.value().isNull())
            continue;
        if (!it.value().isString())
            throw FeeError(std::string("the invoice field \"") + key->name + "\" must be a string");
        *key->target = it.value().toString().toStdString();
    }
    return in;
}

std::vector<InvoiceRecord> listInvoiceRequests(pqxx::transaction_base& tx, long long centreId,
                                               const std::string& status) {
    if (status != "pending" && status != "issued" && status != "cancelled" && status != "all")
        throw FeeError("unknown invoice status \"" + printable(status) +
                       "\": pending, issued, cancelled or all");
    const auto r = tx.exec_params(
        "SELECT ir.id, ir.transaction_id, t.number, "
        "       coalesce((SELECT c.code || '-' || rc.year || '-' || lpad(rc.number::text, 6, '0') "
        "                 FROM countersign.receipts rc JOIN countersign.centres c ON c.id = rc.centre_id "
        "                 WHERE rc.transaction_id = ir.transaction_id AND rc.voided_at IS NULL LIMIT 1), "
        "''), "
        "       ir.status, ir.buyer_kind, ir.buyer_name, coalesce(ir.buyer_taxpayer_id, ''), "
        "       coalesce(ir.address_phone, ''), coalesce(ir.bank_account, ''), coalesce(ir.delivery_email, "
        "''), "
        "       coalesce(ir.delivery_mobile, ''), ir.amount_fen, coalesce(ir.invoice_number, ''), "
        "       to_char(ir.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "       coalesce(to_char(ir.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''), "
        "       coalesce(to_char(ir.exported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') "
        "FROM countersign.invoice_requests ir JOIN countersign.transactions t ON t.id = ir.transaction_id "
        "WHERE t.centre_id = $1 AND ($2 = 'all' OR ir.status = $2) "
        "ORDER BY ir.created_at, ir.id",
        centreId, status);
    std::vector<InvoiceRecord> records;
    records.reserve(r.size());
    for (const auto& row : r) {
        InvoiceRecord rec;
        rec.id = row[0].as<long long>();
        rec.transactionId = row[1].as<long long>();
        rec.transactionNumber = row[2].as<std::string>();
        rec.receiptNumber = row[3].as<std::string>();
        rec.status = row[4].as<std::string>();
        rec.buyerKind = row[5].as<std::string>();
        rec.buyerName = row[6].as<std::string>();
        rec.buyerTaxpayerId = row[7].as<std::string>();
        rec.addressPhone = row[8].as<std::string>();
        rec.bankAccount = row[9].as<std::string>();
        rec.deliveryEmail = row[10].as<std::string>();
        rec.deliveryMobile = row[11].as<std::string>();
        rec.amountFen = row[12].as<long long>();
        rec.invoiceNumber = row[13].as<std::string>();
        rec.createdAt = row[14].as<std::string>();
        rec.issuedAt = row[15].as<std::string>();
        rec.exportedAt = row[16].as<std::string>();
        records.push_back(std::move(rec));
    }
    return records;
}

int markExported(pqxx::transaction_base& tx, const Secret& session, std::vector<InvoiceRecord>& records) {
    std::string pending; // a bigint[] literal: {1,2,3}
    for (const auto& rec : records)
        if (rec.status == "pending")
            pending += (pending.empty() ? "" : ",") + std::to_string(rec.id);
    if (pending.empty())
        return 0;
    pending = "{" + pending + "}";
    int marked = 0;
    try {
        // The back office's call (a supervisor or an admin), which audits "invoice.exported" (0020).
        for (const auto& row : db::execPrepared(
                 tx,
                 "SELECT request_id, exported_at FROM countersign.invoice_mark_exported($1, $2::bigint[])",
                 session.c_str(), pending)) {
            const long long id = row[0].as<long long>();
            for (auto& rec : records)
                if (rec.id == id)
                    rec.exportedAt = row[1].as<std::string>();
            ++marked;
        }
    } catch (const pqxx::sql_error& e) {
        if (const auto refusal = db::databaseRefusal(e))
            throw FeeError("marking the invoice requests exported was refused: " + *refusal);
        throw;
    }
    return marked;
}

std::string invoicesCsv(const std::vector<InvoiceRecord>& records) {
    std::string out = "request_id,transaction_no,receipt_no,status,buyer_kind,buyer_name,buyer_taxpayer_id,"
                      "address_phone,bank_account,delivery_email,delivery_mobile,amount_fen,amount_yuan,"
                      "invoice_number,created_at,issued_at,exported_at\r\n";
    for (const auto& r : records) {
        const std::string fields[] = {std::to_string(r.id),
                                      r.transactionNumber,
                                      r.receiptNumber,
                                      r.status,
                                      r.buyerKind,
                                      r.buyerName,
                                      r.buyerTaxpayerId,
                                      r.addressPhone,
                                      r.bankAccount,
                                      r.deliveryEmail,
                                      r.deliveryMobile,
                                      std::to_string(r.amountFen),
                                      Money::fen(r.amountFen).toString(),
                                      r.invoiceNumber,
                                      r.createdAt,
                                      r.issuedAt,
                                      r.exportedAt};
        bool first = true;
        for (const auto& f : fields) {
            if (!first)
                out += ',';
            out += csvField(f);
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

std::string invoicesJson(const std::vector<InvoiceRecord>& records) {
    QJsonArray list;
    const auto orNull = [](const std::string& s) {
        return s.empty() ? QJsonValue() : QJsonValue(QString::fromStdString(s));
    };
    for (const auto& r : records)
        list.append(QJsonObject{
            {QStringLiteral("request_id"), static_cast<qint64>(r.id)},
            {QStringLiteral("transaction_no"), QString::fromStdString(r.transactionNumber)},
            {QStringLiteral("receipt_no"), orNull(r.receiptNumber)},
            {QStringLiteral("status"), QString::fromStdString(r.status)},
            {QStringLiteral("buyer_kind"), QString::fromStdString(r.buyerKind)},
            {QStringLiteral("buyer_name"), QString::fromStdString(r.buyerName)},
            {QStringLiteral("buyer_taxpayer_id"), orNull(r.buyerTaxpayerId)},
            {QStringLiteral("address_phone"), orNull(r.addressPhone)},
            {QStringLiteral("bank_account"), orNull(r.bankAccount)},
            {QStringLiteral("delivery_email"), orNull(r.deliveryEmail)},
            {QStringLiteral("delivery_mobile"), orNull(r.deliveryMobile)},
            {QStringLiteral("amount_fen"), static_cast<qint64>(r.amountFen)},
            {QStringLiteral("amount_yuan"), QString::fromStdString(Money::fen(r.amountFen).toString())},
            {QStringLiteral("invoice_number"), orNull(r.invoiceNumber)},
            {QStringLiteral("created_at"), QString::fromStdString(r.createdAt)},
            {QStringLiteral("issued_at"), orNull(r.issuedAt)},
            {QStringLiteral("exported_at"), orNull(r.exportedAt)}});
    return QJsonDocument(list).toJson(QJsonDocument::Indented).toStdString();
}

std::vector<IssuedInvoice> parseIssuedInvoices(const std::string& text) {
    std::vector<IssuedInvoice> out;
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string::npos)
        throw FeeError("the file is empty: expected CSV or JSON listing request ids and invoice numbers");
    if (text[start] == '[' || text[start] == '{') {
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
        if (error.error != QJsonParseError::NoError)
            throw FeeError("the file is not valid JSON: " + error.errorString().toStdString() +
                           " at offset " + std::to_string(error.offset));
        if (!doc.isArray())
            throw FeeError("the JSON must be an array of {\"request_id\" or \"transaction_no\", "
                           "\"invoice_number\"}");
        const QJsonArray list = doc.array();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const std::string row = "entry " + std::to_string(i + 1);
            if (!list.at(i).isObject())
                throw FeeError(row + " is not a JSON object");
            const QJsonObject o = list.at(i).toObject();
            IssuedInvoice entry;
            const QJsonValue id = o.value(QStringLiteral("request_id"));
            if (id.isDouble()) {
                const qint64 n = id.toInteger(-1);
                if (n <= 0 || static_cast<double>(n) != id.toDouble())
                    throw FeeError(row + ": \"request_id\" must be a positive whole number");
                entry.requestId = n;
            } else if (id.isString()) {
                entry.requestId = parseId(id.toString().toStdString());
                if (!entry.requestId)
                    throw FeeError(row + ": \"request_id\" must be a positive whole number");
            } else if (!id.isUndefined() && !id.isNull()) {
                throw FeeError(row + ": \"request_id\" must be a number");
            }
            const QJsonValue number = o.value(QStringLiteral("transaction_no"));
            if (number.isString())
                entry.transactionNumber = number.toString().toStdString();
            else if (!number.isUndefined() && !number.isNull())
                throw FeeError(row + ": \"transaction_no\" must be a string");
            const QJsonValue invoice = o.value(QStringLiteral("invoice_number"));
            if (!invoice.isString())
                throw FeeError(row + ": \"invoice_number\" (a string) is required");
            entry.invoiceNumber = invoice.toString().toStdString();
            if (!entry.requestId && entry.transactionNumber.empty())
                throw FeeError(row + ": give \"request_id\" or \"transaction_no\"");
            out.push_back(std::move(entry));
        }
        return out;
    }

    const auto rows = parseCsv(text);
    if (rows.empty())
        throw FeeError("the CSV has no header row");
    int idCol = -1, numberCol = -1, invoiceCol = -1;
    for (std::size_t c = 0; c < rows[0].size(); ++c) {
        const std::string name = lower(trimmed(rows[0][c]));
        if (name == "request_id" || name == "id")
            idCol = static_cast<int>(c);
        else if (name == "transaction_no" || name == "transaction_number" || name == "transaction")
            numberCol = static_cast<int>(c);
        else if (name == "invoice_number" || name == "invoice_no")
            invoiceCol = static_cast<int>(c);
    }
    if (invoiceCol < 0 || (idCol < 0 && numberCol < 0))
        throw FeeError("the CSV header must name invoice_number and request_id (or transaction_no)");
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const std::string name = "CSV line " + std::to_string(r + 1);
        const auto cell = [&](int col) {
            return col >= 0 && static_cast<std::size_t>(col) < row.size() ? row[static_cast<std::size_t>(col)]
                                                                          : std::string();
        };
        IssuedInvoice entry;
        if (idCol >= 0 && !trimmed(cell(idCol)).empty()) {
            entry.requestId = parseId(cell(idCol));
            if (!entry.requestId)
                throw FeeError(name + ": request_id \"" + printable(cell(idCol)) +
                               "\" is not a positive whole number");
        }
        entry.transactionNumber = trimmed(cell(numberCol));
        entry.invoiceNumber = cell(invoiceCol);
        if (!entry.requestId && entry.transactionNumber.empty())
            throw FeeError(name + ": neither a request_id nor a transaction_no");
        out.push_back(std::move(entry));
    }
    if (out.empty())
        throw FeeError("the CSV lists no invoices, only its header");
    return out;
}

std::vector<long long> markIssued(pqxx::transaction_base& tx, long long centreId, const Secret& session,
                                  const std::vector<IssuedInvoice>& issued) {
    if (issued.empty())
        throw FeeError("no invoices to mark issued");
    std::vector<long long> marked;
    std::set<long long> seen;
    for (std::size_t i = 0; i < issued.size(); ++i) {
        const auto& entry = issued[i];
        const std::string row = rowName(i, entry);
        const std::string invoiceNumber = trimmed(entry.invoiceNumber);
        if (invoiceNumber.empty())
            throw FeeError(row + ": no invoice number");
        if (const auto bad = textProblem(invoiceNumber, Phrase(QT_TRANSLATE_NOOP("Reason", "invoice number")),
                                         kMaxInvoiceNumberChars))
            throw FeeError(row + ": " + bad->english());
        if (invoiceNumber.find_first_not_of(
                "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") != std::string::npos)
            throw FeeError(row + ": the invoice number \"" + printable(invoiceNumber) +
                           "\" may hold only letters, digits and '-'");

        pqxx::result r;
        if (entry.requestId) {
            r = tx.exec_params(
                "SELECT ir.id, ir.status, coalesce(ir.invoice_number, ''), t.number, t.centre_id "
                "FROM countersign.invoice_requests ir "
                "JOIN countersign.transactions t ON t.id = ir.transaction_id "
                "WHERE ir.id = $1",
                *entry.requestId);
            if (!r.empty() && !entry.transactionNumber.empty() &&
                r[0][3].as<std::string>() != entry.transactionNumber)
                throw FeeError(row + ": request " + std::to_string(*entry.requestId) +
                               " belongs to transaction " + r[0][3].as<std::string>() + ", not " +
                               printable(entry.transactionNumber));
        } else {
            // By transaction number: its one request that is not cancelled.
            r = tx.exec_params(
                "SELECT ir.id, ir.status, coalesce(ir.invoice_number, ''), t.number, t.centre_id "
                "FROM countersign.invoice_requests ir "
                "JOIN countersign.transactions t ON t.id = ir.transaction_id "
                "WHERE t.number = $1 AND ir.status <> 'cancelled' ORDER BY ir.id",
                entry.transactionNumber);
            if (r.size() > 1)
                throw FeeError(row + ": transaction " + printable(entry.transactionNumber) +
                               " has more than one invoice request; give request_id instead");
        }
        if (r.empty())
            throw FeeError(row + ": no such invoice request; nothing was marked");
        const long long id = r[0][0].as<long long>();
        if (r[0][4].as<long long>() != centreId)
            throw FeeError(row + ": invoice request " + std::to_string(id) +
                           " belongs to another centre; nothing was marked");
        const std::string status = r[0][1].as<std::string>();
        if (status != "pending")
            throw FeeError(
                row + ": invoice request " + std::to_string(id) + " of transaction " +
                r[0][3].as<std::string>() + " is " + status +
                (status == "issued" ? " already (invoice " + r[0][2].as<std::string>() + ")" : "") +
                ", not pending; nothing was marked");
        if (!seen.insert(id).second)
            throw FeeError(row + ": invoice request " + std::to_string(id) +
                           " is listed twice; nothing was marked");
        try {
            // The back office's call (a supervisor or an admin), which checks again that the request is a
            // pending one of this centre and audits "invoice.issued" (0020_money_records.sql).
            db::execPrepared(tx, "SELECT countersign.invoice_mark_issued($1, $2, $3)", session.c_str(), id,
                             invoiceNumber);
        } catch (const pqxx::sql_error& e) {
            if (const auto refusal = db::databaseRefusal(e))
                throw FeeError(row + ": refused by the database: " + *refusal + "; nothing was marked");
            throw;
        }
        marked.push_back(id);
    }
    return marked;
}

} // namespace countersign::fees
