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
#include "db/auditlog.h"
#include "db/prepared.h"

namespace countersign::fees {

namespace {

constexpr std::size_t kMaxReferenceChars = 100;
constexpr std::size_t kMaxReasonChars = 500;

std::string json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
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

void recordFee(pqxx::transaction_base& tx, long long transactionId, long long centreId, long long counterId,
               long long staffId, const FeeQuote& quote, const std::vector<PaymentInput>& payments,
               const std::optional<InvoiceInput>& invoice) {
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

    const auto t = db::execPrepared(
        tx,
        "SELECT number, centre_id FROM countersign.transactions WHERE id = $1 "
        "AND countersign.tx_lock(id) IS NOT NULL", // locked until the end, as FOR UPDATE would (0016)
        transactionId);
    if (t.empty())
        throw FeeError("transaction " + std::to_string(transactionId) + " does not exist");
    const std::string number = t[0][0].as<std::string>();
    if (t[0][1].as<long long>() != centreId)
        throw FeeError("transaction " + number + " belongs to another centre");
    if (!db::execPrepared(tx, "SELECT 1 FROM countersign.fee_lines WHERE transaction_id = $1 LIMIT 1",
                          transactionId)
             .empty())
        throw FeeError("the fee of transaction " + number + " is already recorded");
    for (const auto& line : quote.lines)
        if (line.approvalId)
            checkApproval(tx, *line.approvalId, "fee_waiver", transactionId,
                          Phrase(QT_TRANSLATE_NOOP("Reason", "the waiver \"%1\"")).arg(line.description));

    QJsonArray lineList, paymentList;
    QJsonObject invoiceDetail;
    try {
        for (const auto& line : quote.lines) {
            const std::optional<std::string> reason =
                line.amountFen < 0 ? std::optional<std::string>(line.waiverReason) : std::nullopt;
            db::execPrepared0(
                tx,
                "INSERT INTO countersign.fee_lines (transaction_id, rule_id, description, amount_fen, "
                "waiver_reason, attested_by, approval_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                transactionId, line.ruleId, line.description, line.amountFen, reason,
                line.amountFen < 0 ? line.attestedBy : std::nullopt,
                line.amountFen < 0 ? line.approvalId : std::nullopt);
            QJsonObject l{{QStringLiteral("description"), QString::fromStdString(line.description)},
                          {QStringLiteral("amount_fen"), static_cast<qint64>(line.amountFen)}};
            if (line.amountFen < 0) {
                l.insert(QStringLiteral("waiver_reason"), QString::fromStdString(line.waiverReason));
                l.insert(QStringLiteral("attested_by"), static_cast<qint64>(*line.attestedBy));
                l.insert(QStringLiteral("approval_id"), static_cast<qint64>(*line.approvalId));
            }
            lineList.append(l);
        }
        for (const auto& p : payments) {
            const std::optional<std::string> reference =
                isBlank(p.reference) ? std::nullopt : std::optional<std::string>(p.reference);
            const long long id =
                db::execPrepared1(
                    tx,
                    "INSERT INTO countersign.payments (transaction_id, centre_id, method, amount_fen, "
                    "reference, received_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    transactionId, centreId, methodCode(p.method), p.amountFen, reference, staffId)[0]
                    .as<long long>();
            paymentList.append(QJsonObject{{QStringLiteral("payment_id"), static_cast<qint64>(id)},
                                           {QStringLiteral("method"), QLatin1String(methodCode(p.method))},
                                           {QStringLiteral("amount_fen"), static_cast<qint64>(p.amountFen)}});
        }
        if (invoice) {
            const auto orNull = [](const std::string& s) {
                return isBlank(s) ? std::nullopt : std::optional<std::string>(s);
            };
            std::optional<std::string> taxpayerId;
            if (!isBlank(invoice->buyerTaxpayerId))
                taxpayerId = checkTaxpayerId(invoice->buyerTaxpayerId, Date::today()).normalised;
            const long long id =
                db::execPrepared1(
                    tx,
                    "INSERT INTO countersign.invoice_requests (transaction_id, buyer_kind, buyer_name, "
                    "buyer_taxpayer_id, address_phone, bank_account, delivery_email, delivery_mobile, "
                    "amount_fen, "
                    "requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    transactionId, invoice->buyerKind, invoice->buyerName, taxpayerId,
                    orNull(invoice->addressPhone), orNull(invoice->bankAccount),
                    orNull(invoice->deliveryEmail), orNull(invoice->deliveryMobile), quote.totalFen(),
                    staffId)[0]
                    .as<long long>();
            invoiceDetail = {{QStringLiteral("request_id"), static_cast<qint64>(id)},
                             {QStringLiteral("buyer_kind"), QString::fromStdString(invoice->buyerKind)},
                             {QStringLiteral("buyer_taxpayer_id"),
                              taxpayerId ? QString::fromStdString(*taxpayerId) : QString()}};
        }
    } catch (const pqxx::integrity_constraint_violation& e) {
        rethrowDatabaseRefusal(e);
    } catch (const pqxx::insufficient_privilege& e) {
        // A waiver line's approval: for another line, used already (0017_bound_approvals.sql).
        rethrowDatabaseRefusal(e);
    }

    QJsonObject detail{{QStringLiteral("schedule"), QString::fromStdString(quote.scheduleCode)},
                       {QStringLiteral("total_fen"), static_cast<qint64>(quote.totalFen())},
                       {QStringLiteral("lines"), lineList},
                       {QStringLiteral("payments"), paymentList}};
    if (invoice)
        detail.insert(QStringLiteral("invoice"), invoiceDetail);
    db::AuditLog{tx}.append({counterId, staffId, "fee.recorded", number, json(detail)});
}

std::vector<RefundRecord> refundTransaction(pqxx::transaction_base& tx, long long transactionId,
                                            long long counterId, long long staffId, const std::string& reason,
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
    QJsonArray refundList;
    long long totalFen = 0;
    QJsonArray cancelled, issued;
    try {
        // The database pays back what is left, using the approval (bound to that total) once, or refuses a
        // refund by recovery of a completed transaction (0017_bound_approvals.sql).
        for (const auto& row : db::execPrepared(tx,
                                                "SELECT refund_id, payment_id, method, amount_fen FROM "
                                                "countersign.refund_transaction($1, $2, $3, $4, $5)",
                                                transactionId, reason, approvalId, byRecovery, staffId)) {
            RefundRecord rec;
            rec.refundId = row[0].as<long long>();
            rec.paymentId = row[1].as<long long>();
            rec.method = parseMethod(row[2].as<std::string>()).value_or(PaymentMethod::Cash);
            rec.amountFen = row[3].as<long long>();
            totalFen += rec.amountFen;
            refundList.append(
                QJsonObject{{QStringLiteral("refund_id"), static_cast<qint64>(rec.refundId)},
                            {QStringLiteral("payment_id"), static_cast<qint64>(rec.paymentId)},
                            {QStringLiteral("method"), QLatin1String(methodCode(rec.method))},
                            {QStringLiteral("amount_fen"), static_cast<qint64>(rec.amountFen)}});
            made.push_back(rec);
        }
        for (const auto& row :
             db::execPrepared(tx,
                              "UPDATE countersign.invoice_requests SET status = 'cancelled' "
                              "WHERE transaction_id = $1 AND status = 'pending' RETURNING id",
                              transactionId))
            cancelled.append(static_cast<qint64>(row[0].as<long long>()));
        // An invoice already issued can't be cancelled here: the invoicing system must issue a red-letter
        // (credit) invoice for it, so the audit entry names it.
        for (const auto& row : db::execPrepared(tx,
                                                "SELECT invoice_number FROM countersign.invoice_requests "
                                                "WHERE transaction_id = $1 AND status = 'issued'",
                                                transactionId))
            issued.append(QString::fromStdString(row[0].as<std::string>()));
    } catch (const pqxx::integrity_constraint_violation& e) {
        rethrowDatabaseRefusal(e);
    } catch (const pqxx::insufficient_privilege& e) {
        rethrowDatabaseRefusal(e);
    }

    if (made.empty() && cancelled.isEmpty())
        return made;
    QJsonObject detail{{QStringLiteral("refunds"), refundList},
                       {QStringLiteral("total_fen"), static_cast<qint64>(totalFen)},
                       {QStringLiteral("reason"), QString::fromStdString(reason)},
                       {QStringLiteral("by_recovery"), byRecovery},
                       {QStringLiteral("review_required"), byRecovery && !approvalId},
                       {QStringLiteral("invoices_cancelled"), cancelled}};
    if (approvalId)
        detail.insert(QStringLiteral("approval_id"), static_cast<qint64>(*approvalId));
    if (!issued.isEmpty())
        detail.insert(QStringLiteral("issued_invoices_to_credit"), issued);
    db::AuditLog{tx}.append({counterId, staffId, "fee.refunded", number, json(detail)});
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
