#include "backend/fees/fees.h"

#include <algorithm>
#include <stdexcept>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/except>
#include <pqxx/result>

#include "backend/fees/approvalcheck.h"
#include "backend/fees/textcheck.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/money.h"
#include "db/connection.h"
#include "db/prepared.h"
#include "db/transactionstore.h"

namespace countersign::fees {

namespace {

constexpr std::size_t kMaxReferenceChars = 100;
constexpr std::size_t kMaxReasonChars = 500;

/// "key":"value" in JSON, the value's bytes as they are (db::jsonString).
std::string field(const char* key, const std::string& value) {
    return std::string("\"") + key + "\":" + db::jsonString(value);
}

/// A payment method as the operator knows it; the English is the stored code ("wechat_pay").
Phrase methodPhrase(PaymentMethod method) {
    switch (method) {
    case PaymentMethod::Cash:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "cash"));
    case PaymentMethod::BankCard:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "bank_card"));
    case PaymentMethod::WeChatPay:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "wechat_pay"));
    case PaymentMethod::Alipay:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "alipay"));
    }
    return Phrase::verbatim(methodCode(method));
}

/// The database refuses some rows (a closed business day, a refund beyond its payment): say so in words.
[[noreturn]] void rethrowDatabaseRefusal(const pqxx::sql_error& e);

/// A refusal of the database (db::databaseRefusal) as a FeeError; any other error goes on as it was.
[[noreturn]] void rethrowRefusal(const pqxx::sql_error& e) {
    if (db::databaseRefusal(e))
        rethrowDatabaseRefusal(e);
    throw;
}

[[noreturn]] void rethrowDatabaseRefusal(const pqxx::sql_error& e) {
    std::string message = e.what();
    const auto firstLine = message.find('\n');
    if (firstLine != std::string::npos)
        message.resize(firstLine);
    if (message.rfind("ERROR:", 0) == 0)
        message = message.substr(6);
    while (!message.empty() && message.front() == ' ')
        message.erase(0, 1);
    // PostgreSQL's (or a trigger's) own words, in English.
    throw FeeError(Phrase(QT_TRANSLATE_NOOP("Reason", "refused by the database: %1")).arg(message));
}

} // namespace

const char* methodCode(PaymentMethod method) {
    switch (method) {
    case PaymentMethod::Cash:
        return "cash";
    case PaymentMethod::BankCard:
        return "bank_card";
    case PaymentMethod::WeChatPay:
        return "wechat_pay";
    case PaymentMethod::Alipay:
        return "alipay";
    }
    return "cash";
}

std::optional<PaymentMethod> parseMethod(const std::string& code) {
    for (const auto m :
         {PaymentMethod::Cash, PaymentMethod::BankCard, PaymentMethod::WeChatPay, PaymentMethod::Alipay})
        if (code == methodCode(m))
            return m;
    return std::nullopt;
}

std::vector<Phrase> checkPayments(const FeeQuote& quote, const std::vector<PaymentInput>& payments) {
    std::vector<Phrase> problems;
    long long total = 0;
    try {
        total = quote.totalFen();
    } catch (const std::overflow_error&) {
        return {Phrase(QT_TRANSLATE_NOOP("Reason", "the fee lines add up to more than can be counted"))};
    }
    if (total < 0)
        problems.push_back(
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "the fee total is negative (%1); a waiver can't exceed its charge"))
                .arg(yuan(total)));
    if (total == 0 && !payments.empty()) {
        problems.push_back(
            Phrase(QT_TRANSLATE_NOOP("Reason", "nothing is due (total 0.00), so no payment may be taken")));
        return problems;
    }
    Money paid;
    bool overflow = false;
    for (std::size_t i = 0; i < payments.size(); ++i) {
        const auto& p = payments[i];
        const Phrase which =
            Phrase(QT_TRANSLATE_NOOP("Reason", "payment %1 (%2)")).arg(i + 1).arg(methodPhrase(p.method));
        if (p.amountFen <= 0)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "%1: the amount must be more than 0.00, not %2"))
                    .arg(which)
                    .arg(yuan(p.amountFen)));
        if (p.method != PaymentMethod::Cash && isBlank(p.reference))
            problems.push_back(
                Phrase(
                    QT_TRANSLATE_NOOP(
                        "Reason", "%1: a non-cash payment needs its reference number (terminal or wallet)"))
                    .arg(which));
        if (const auto bad =
                textProblem(p.reference, Phrase(QT_TRANSLATE_NOOP("Reason", "%1 reference")).arg(which),
                            kMaxReferenceChars))
            problems.push_back(*bad);
        try {
            paid += Money::fen(p.amountFen);
        } catch (const std::overflow_error&) {
            overflow = true;
        }
    }
    if (overflow) {
        problems.push_back(
            Phrase(QT_TRANSLATE_NOOP("Reason", "the payments add up to more than can be counted")));
    } else if (total > 0 && paid.fen() != total) {
        if (payments.empty())
            problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the fee is %1 but no payment was given"))
                                   .arg(yuan(total)));
        else if (paid.fen() < total)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the payments add up to %1 but the fee is %2: %3 short"))
                    .arg(paid.toString())
                    .arg(yuan(total))
                    .arg(yuan(total - paid.fen())));
        else
            problems.push_back(
                Phrase(
                    QT_TRANSLATE_NOOP("Reason", "the payments add up to %1 but the fee is %2: %3 too much"))
                    .arg(paid.toString())
                    .arg(yuan(total))
                    .arg(yuan(paid.fen() - total)));
    }
    return problems;
}

void recordFee(pqxx::transaction_base& tx, const Secret& session, long long transactionId,
               const FeeQuote& quote, const std::vector<PaymentInput>& payments,
               const std::optional<InvoiceInput>& invoice, const std::string& papersDetailJson) {
    std::vector<Phrase> problems = checkPayments(quote, payments);
    if (quote.lines.empty())
        problems.push_back(Phrase(QT_TRANSLATE_NOOP(
            "Reason", "the fee has no lines; even a free operation records one zero line")));
    for (const auto& line : quote.lines) {
        if (isBlank(line.description))
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "a fee line has no description of what it is for")));
        else if (const auto bad = textProblem(
                     line.description, Phrase(QT_TRANSLATE_NOOP("Reason", "fee line description")), 200))
            problems.push_back(*bad);
        if (line.amountFen < 0 && (isBlank(line.waiverReason) || !line.attestedBy || !line.approvalId))
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the waiver \"%1\" needs its reason, the operator "
                                                   "who attested it and a supervisor's approval"))
                    .arg(line.description));
    }
    if (invoice) {
        for (auto& p : checkInvoice(*invoice, Date::today()))
            problems.push_back(std::move(p));
        if (problems.empty() && quote.totalFen() == 0)
            problems.push_back(Phrase(QT_TRANSLATE_NOOP(
                "Reason", "nothing is paid for this transaction, so there is no invoice to request")));
    }
    if (!problems.empty())
        throw FeeError(Phrase::joined(problems));
    for (const auto& line : quote.lines)
        if (line.approvalId)
            checkApproval(tx, *line.approvalId, "fee_waiver", transactionId,
                          Phrase(QT_TRANSLATE_NOOP("Reason", "the waiver \"%1\"")).arg(line.description));

    // The JSON is written here byte for byte (QString would drop a leading byte order mark, which an invoice
    // field stores as given).
    std::string lines, paid;
    for (const auto& line : quote.lines) {
        lines += (lines.empty() ? "{" : ",{") + field("description", line.description) +
                 ",\"amount_fen\":" + std::to_string(line.amountFen);
        if (line.ruleId)
            lines += ",\"rule_id\":" + std::to_string(*line.ruleId);
        if (line.amountFen < 0)
            lines += "," + field("waiver_reason", line.waiverReason) +
                     ",\"attested_by\":" + std::to_string(*line.attestedBy) +
                     ",\"approval_id\":" + std::to_string(*line.approvalId);
        lines += "}";
    }
    for (const auto& p : payments)
        paid += std::string(paid.empty() ? "{" : ",{") + field("method", methodCode(p.method)) +
                ",\"amount_fen\":" + std::to_string(p.amountFen) + "," + field("reference", p.reference) +
                "}";
    db::FeeRecord fee;
    fee.scheduleCode = quote.scheduleCode;
    fee.linesJson = "[" + lines + "]";
    fee.paymentsJson = "[" + paid + "]";
    if (invoice) {
        std::string taxpayerId;
        if (!isBlank(invoice->buyerTaxpayerId))
            taxpayerId = checkTaxpayerId(invoice->buyerTaxpayerId, Date::today()).normalised;
        const auto text = [](const std::string& s) { return isBlank(s) ? std::string() : s; };
        fee.invoiceJson = "{" + field("buyer_kind", text(invoice->buyerKind)) + "," +
                          field("buyer_name", text(invoice->buyerName)) + "," +
                          field("buyer_taxpayer_id", taxpayerId) + "," +
                          field("address_phone", text(invoice->addressPhone)) + "," +
                          field("bank_account", text(invoice->bankAccount)) + "," +
                          field("delivery_email", text(invoice->deliveryEmail)) + "," +
                          field("delivery_mobile", text(invoice->deliveryMobile)) + "}";
    }
    try {
        // The database writes the lines, the payments (received by the session's person) and the request,
        // checks they add up, moves the transaction to fee_recorded and audits "fee.recorded" (0020).
        db::TransactionStore{tx}.recordFee(session, transactionId, fee, papersDetailJson);
    } catch (const pqxx::sql_error& e) {
        rethrowRefusal(e);
    }
}

std::vector<RefundRecord> refundTransaction(pqxx::transaction_base& tx, const Secret& session,
                                            long long transactionId, const std::string& reason,
                                            std::optional<long long> approvalId, bool byRecovery) {
    if (isBlank(reason))
        throw FeeError("a refund needs its reason");
    if (const auto bad =
            textProblem(reason, Phrase(QT_TRANSLATE_NOOP("Reason", "refund reason")), kMaxReasonChars))
        throw FeeError(*bad);
    const auto t = db::execPrepared(
        tx,
        "SELECT number FROM countersign.transactions WHERE id = $1 AND countersign.tx_lock(id) IS NOT NULL",
        transactionId);
    if (t.empty())
        throw FeeError("transaction " + std::to_string(transactionId) + " does not exist");
    const std::string number = t[0][0].as<std::string>();
    if (!approvalId && !byRecovery)
        throw FeeError("the refund of transaction " + number +
                       " needs a supervisor's approval; none was given, nothing was refunded");
    if (approvalId)
        checkApproval(tx, *approvalId, "refund", transactionId,
                      Phrase(QT_TRANSLATE_NOOP("Reason", "the refund of transaction %1")).arg(number));

    std::vector<RefundRecord> made;
    try {
        // The database pays back what is left, refunded by the session's person, using the approval (bound to
        // that total) once, or refuses a refund by recovery of a completed transaction (0017); it cancels the
        // pending invoice request and audits "fee.refunded" (0020_money_records.sql).
        for (const auto& row :
             db::execPrepared(tx,
                              "SELECT refund_id, payment_id, method, amount_fen FROM "
                              "countersign.fee_refund($1, $2, $3, $4, $5)",
                              session.c_str(), transactionId, reason, approvalId, byRecovery)) {
            RefundRecord rec;
            rec.refundId = row[0].as<long long>();
            rec.paymentId = row[1].as<long long>();
            rec.method = parseMethod(row[2].as<std::string>()).value_or(PaymentMethod::Cash);
            rec.amountFen = row[3].as<long long>();
            made.push_back(rec);
        }
    } catch (const pqxx::sql_error& e) {
        rethrowRefusal(e);
    }
    return made;
}

std::vector<PaymentInput> parsePaymentsJson(const std::string& text) {
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError)
        throw FeeError("the payments are not valid JSON: " + error.errorString().toStdString() +
                       " at offset " + std::to_string(error.offset));
    if (!doc.isArray())
        throw FeeError("the payments must be a JSON array of {\"method\", \"amount\", \"reference\"}");
    std::vector<PaymentInput> payments;
    const QJsonArray list = doc.array();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::string which = "payment " + std::to_string(i + 1);
        if (!list.at(i).isObject())
            throw FeeError(which + " is not a JSON object");
        const QJsonObject o = list.at(i).toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != QLatin1String("method") && it.key() != QLatin1String("amount") &&
                it.key() != QLatin1String("amount_fen") && it.key() != QLatin1String("reference"))
                throw FeeError(which + ": unknown key \"" + printable(it.key().toStdString()) + "\"");
        PaymentInput p;
        if (!o.value(QStringLiteral("method")).isString())
            throw FeeError(which + ": \"method\" is required (cash, bank_card, wechat_pay or alipay)");
        const std::string method = o.value(QStringLiteral("method")).toString().toStdString();
        const auto m = parseMethod(method);
        if (!m)
            throw FeeError(which + ": unknown method \"" + printable(method) +
                           "\" (cash, bank_card, wechat_pay or alipay)");
        p.method = *m;
        const bool hasAmount = o.contains(QStringLiteral("amount"));
        const bool hasFen = o.contains(QStringLiteral("amount_fen"));
        if (hasAmount == hasFen)
            throw FeeError(which + ": give exactly one of \"amount\" (yuan as a string, e.g. \"26.00\") and "
                                   "\"amount_fen\" (an integer)");
        if (hasAmount) {
            const QJsonValue v = o.value(QStringLiteral("amount"));
            if (!v.isString())
                throw FeeError(which +
                               ": \"amount\" must be a string in yuan such as \"26.00\", never a number");
            const auto money = Money::parse(v.toString().toStdString());
            if (!money)
                throw FeeError(which + ": \"" + printable(v.toString().toStdString()) +
                               "\" is not an amount in yuan (digits, at most two decimals)");
            p.amountFen = money->fen();
        } else {
            // JSON numbers are doubles: only whole numbers that a double holds exactly are taken.
            const QJsonValue v = o.value(QStringLiteral("amount_fen"));
            const qint64 fen = v.toInteger(-1);
            if (!v.isDouble() || fen < 0 || fen > (qint64(1) << 53) ||
                static_cast<double>(fen) != v.toDouble())
                throw FeeError(which + ": \"amount_fen\" must be a whole, non-negative number of fen");
            p.amountFen = fen;
        }
        const QJsonValue ref = o.value(QStringLiteral("reference"));
        if (!ref.isUndefined() && !ref.isNull() && !ref.isString())
            throw FeeError(which + ": \"reference\" must be a string");
        p.reference = ref.toString().toStdString();
        payments.push_back(std::move(p));
    }
    return payments;
}

PaymentInput parsePaymentOption(const std::string& text) {
    const auto first = text.find(':');
    if (first == std::string::npos)
        throw FeeError("--payment is METHOD:AMOUNT[:REFERENCE], e.g. cash:26.00");
    const auto second = text.find(':', first + 1);
    const auto method = parseMethod(text.substr(0, first));
    if (!method)
        throw FeeError("unknown payment method " + printable(text.substr(0, first)) +
                       " (cash, bank_card, wechat_pay, alipay)");
    const auto amount = Money::parse(
        text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1));
    if (!amount)
        throw FeeError("--payment amount must be yuan like 26.00");
    return PaymentInput{*method, amount->fen(),
                        second == std::string::npos ? std::string() : text.substr(second + 1)};
}

std::vector<RefundToReview> refundsToReview(pqxx::transaction_base& tx, long long centreId) {
    std::vector<RefundToReview> list;
    for (const auto& r : db::execPrepared(
             tx,
             "SELECT f.id, t.number, f.amount_fen, p.method, to_char(f.at AT TIME ZONE 'Asia/Shanghai', "
             "'YYYY-MM-DD HH24:MI') FROM refunds f JOIN payments p ON p.id = f.payment_id JOIN transactions "
             "t ON "
             "t.id = p.transaction_id WHERE f.by_recovery AND f.reviewed_by IS NULL AND f.centre_id = $1 "
             "ORDER BY f.id",
             centreId))
        list.push_back(
            {r[0].as<long long>(), r[1].c_str(), r[2].as<long long>(), r[3].c_str(), r[4].c_str()});
    return list;
}

int reviewRefunds(pqxx::transaction_base& tx, const std::string& supervisorSession) {
    try {
        return static_cast<int>(
            db::execPrepared(tx, "SELECT refund_id FROM countersign.refund_review($1)", supervisorSession)
                .size());
    } catch (const pqxx::insufficient_privilege& e) {
        rethrowDatabaseRefusal(e);
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == "28000")
            rethrowDatabaseRefusal(e);
        throw;
    }
}

} // namespace countersign::fees
