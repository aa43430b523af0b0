// fees: split payments (issue 22) — the fee step's part of OperationController: the payment lines, what
// remains to be paid, and the invoice form's problems field by field. The rules are backend/fees'
// (checkPayments, invoiceProblems) and the money parser's (countersign::Money::parse); this only words them
// for the screen.
#include <limits>

#include "backend/fees/fees.h"
#include "backend/fees/textcheck.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/money.h"
#include "qml/operationcontroller.h"
#include "qml/validators.h"

namespace countersign::qml {

namespace {

QString yuanText(qint64 fen) {
    return QString::fromStdString(countersign::yuan(fen));
}

/// The amount as typed, in fen; nullopt when it isn't an amount in yuan with at most two decimals.
std::optional<qint64> amountOf(const QString& text) {
    const auto money = Money::parse(text.trimmed().toStdString());
    if (!money)
        return std::nullopt;
    return money->fen();
}

QString methodName(const QString& code) {
    if (code == QLatin1String("cash"))
        return OperationController::tr("Cash");
    if (code == QLatin1String("bank_card"))
        return OperationController::tr("Bank card");
    if (code == QLatin1String("wechat_pay"))
        return OperationController::tr("WeChat Pay");
    if (code == QLatin1String("alipay"))
        return OperationController::tr("Alipay");
    return code;
}

QString amountProblem(const QString& amount) {
    if (amount.trimmed().isEmpty())
        return OperationController::tr("Enter the amount");
    const auto fen = amountOf(amount);
    if (!fen)
        return OperationController::tr("Write the amount in yuan, e.g. 60 or 60.50");
    if (*fen <= 0)
        return OperationController::tr("The amount must be more than ¥0.00");
    return {};
}

QString referenceProblem(const QString& method, const QString& reference) {
    if (method != QLatin1String("cash") && reference.trimmed().isEmpty())
        return OperationController::tr("Enter the reference number from the payment slip or the phone");
    return {};
}

/// The form's key of each field, as OperationController::invoice holds them.
std::optional<fees::InvoiceField> invoiceFieldOf(const QString& key) {
    using F = fees::InvoiceField;
    static const std::pair<const char*, F> keys[] = {{"buyerKind", F::BuyerKind},
                                                     {"buyerName", F::BuyerName},
                                                     {"buyerTaxpayerId", F::BuyerTaxpayerId},
                                                     {"addressPhone", F::AddressPhone},
                                                     {"bankAccount", F::BankAccount},
                                                     {"deliveryEmail", F::DeliveryEmail},
                                                     {"deliveryMobile", F::DeliveryMobile}};
    for (const auto& [name, field] : keys)
        if (key == QLatin1String(name))
            return field;
    return std::nullopt;
}

/// The backend's reasons start in lower case, to follow "Invoice: "; under a field they start a sentence.
QString sentence(QString text) {
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

} // namespace

QVariantList OperationController::payments() const {
    QVariantList list;
    for (const auto& p : m_payments)
        list.append(
            QVariantMap{{QStringLiteral("method"), p.method},
                        {QStringLiteral("methodName"), methodName(p.method)},
                        {QStringLiteral("amount"), p.amount},
                        {QStringLiteral("reference"), p.reference},
                        {QStringLiteral("amountProblem"), amountProblem(p.amount)},
                        {QStringLiteral("referenceProblem"), referenceProblem(p.method, p.reference)}});
    return list;
}

qint64 OperationController::remainingFen() const {
    Money remaining = Money::fen(m_totalFen);
    try {
        for (const auto& p : m_payments)
            remaining -= Money::fen(amountOf(p.amount).value_or(0));
    } catch (const std::overflow_error&) {
        return std::numeric_limits<qint64>::min(); // over-paid beyond counting
    }
    return remaining.fen();
}

void OperationController::resetPayments() {
    m_payments.clear();
    if (m_totalFen > 0)
        m_payments.push_back({QStringLiteral("cash"), yuanText(m_totalFen), {}});
    Q_EMIT paymentChanged();
}

void OperationController::addPayment(const QString& method) {
    // A payment line is as many as the agent pays with: a handful at most.
    constexpr std::size_t kMaxLines = 8;
    if (!fees::parseMethod(method.toStdString()) || m_totalFen <= 0 || m_payments.size() >= kMaxLines)
        return;
    const qint64 remaining = remainingFen();
    m_payments.push_back({method, remaining > 0 ? yuanText(remaining) : QString(), {}});
    Q_EMIT paymentChanged();
}

void OperationController::removePayment(int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= m_payments.size())
        return;
    m_payments.erase(m_payments.begin() + index);
    Q_EMIT paymentChanged();
}

void OperationController::updatePayment(int index, const QString& key, const QString& value) {
    if (index < 0 || static_cast<std::size_t>(index) >= m_payments.size())
        return;
    PaymentLine& line = m_payments[static_cast<std::size_t>(index)];
    QString* target = key == QLatin1String("amount")      ? &line.amount
                      : key == QLatin1String("reference") ? &line.reference
                      : key == QLatin1String("method") && fees::parseMethod(value.toStdString())
                          ? &line.method
                          : nullptr;
    if (!target || *target == value)
        return;
    *target = value;
    Q_EMIT paymentChanged();
}

std::vector<fees::PaymentInput> OperationController::paymentInputs() const {
    std::vector<fees::PaymentInput> inputs;
    for (const auto& p : m_payments) {
        fees::PaymentInput in;
        in.method = fees::parseMethod(p.method.toStdString()).value_or(fees::PaymentMethod::Cash);
        in.amountFen = amountOf(p.amount).value_or(0);
        in.reference = p.reference.trimmed().toStdString();
        inputs.push_back(in);
    }
    return inputs;
}

QString OperationController::paymentLinesProblem() const {
    if (m_totalFen <= 0)
        return m_payments.empty() ? QString() : tr("Nothing is due: remove the payment lines.");
    if (m_payments.empty())
        return tr("Add how the ¥%1 due is paid.").arg(yuanText(m_totalFen));
    for (std::size_t i = 0; i < m_payments.size(); ++i) {
        const auto& p = m_payments[i];
        for (const QString& problem : {amountProblem(p.amount), referenceProblem(p.method, p.reference)})
            if (!problem.isEmpty())
                //: %1: the line's number, %2: its method (Cash, WeChat Pay …), %3: what is wrong with it
                return tr("Payment %1 (%2): %3.").arg(i + 1).arg(methodName(p.method), problem);
    }
    const qint64 remaining = remainingFen();
    if (remaining > 0)
        return tr("¥%1 is still to be paid: add a payment or raise an amount.").arg(yuanText(remaining));
    if (remaining < 0)
        //: %1: what the lines add up to, %2: how much too much, %3: the amount due
        return tr("Over-payment refused: the payments come to ¥%1, ¥%2 more than the ¥%3 due. Lower or "
                  "remove "
                  "a line.")
            .arg(remaining == std::numeric_limits<qint64>::min() ? tr("more than can be counted")
                                                                 : yuanText(m_totalFen - remaining),
                 remaining == std::numeric_limits<qint64>::min() ? QStringLiteral("…") : yuanText(-remaining),
                 yuanText(m_totalFen));
    // The rest of the backend's rules (a reference's length and characters …), as recordFee will check.
    fees::FeeQuote quote;
    fees::FeeLine line;
    line.amountFen = m_totalFen;
    quote.lines.push_back(line);
    if (const auto problems = fees::checkPayments(quote, paymentInputs()); !problems.empty())
        return tr("Payment: %1").arg(problems.front().translated());
    return {};
}

fees::InvoiceInput OperationController::invoiceInputOf(const QVariantMap& form) {
    fees::InvoiceInput inv;
    const auto v = [&form](const char* key) {
        return form.value(QLatin1String(key)).toString().trimmed().toStdString();
    };
    inv.buyerKind = v("buyerKind").empty() ? "enterprise" : v("buyerKind");
    inv.buyerName = v("buyerName");
    inv.buyerTaxpayerId = v("buyerTaxpayerId");
    inv.addressPhone = v("addressPhone");
    inv.bankAccount = v("bankAccount");
    inv.deliveryEmail = v("deliveryEmail");
    inv.deliveryMobile = v("deliveryMobile");
    return inv;
}

void OperationController::setInvoiceField(const QString& key, const QString& value) {
    if (!invoiceFieldOf(key) || m_invoice.value(key).toString() == value)
        return;
    QVariantMap invoice = m_invoice;
    invoice[key] = value;
    if (key == QLatin1String("buyerKind")) {
        // The agent pays as a person, or the enterprise: the name and taxpayer ID the checks found follow,
        // unless the operator typed others.
        const bool individual = value == QLatin1String("individual");
        const QString name = invoice.value(QStringLiteral("buyerName")).toString();
        const QString id = invoice.value(QStringLiteral("buyerTaxpayerId")).toString();
        if (name == (individual ? m_company : m_agentName) || name.isEmpty())
            invoice[QStringLiteral("buyerName")] = individual ? m_agentName : m_company;
        if (individual ? id == m_uscc : id.isEmpty())
            invoice[QStringLiteral("buyerTaxpayerId")] = individual ? QString() : m_uscc;
    }
    m_invoice = invoice;
    Q_EMIT paymentChanged();
}

QString OperationController::invoiceFieldProblem(const QString& key, const QString& text) const {
    const auto field = invoiceFieldOf(key);
    if (!field)
        return {};
    QVariantMap form = m_invoice;
    form[key] = text;
    const fees::InvoiceInput input = invoiceInputOf(form);
    const Date today = Date::today();
    if (*field == fees::InvoiceField::BuyerTaxpayerId && !fees::isBlank(input.buyerTaxpayerId)) {
        // As typed, the identifier's own words: how many characters so far, which one is wrong.
        const IdCheck check = checkTaxpayerId(input.buyerTaxpayerId, today);
        if (!check.ok())
            return Validators::describe(check);
    }
    for (const auto& p : fees::invoiceProblems(input, today))
        if (p.field == *field ||
            (p.field == fees::InvoiceField::Delivery && *field == fees::InvoiceField::DeliveryEmail))
            return sentence(p.why.translated());
    return {};
}

} // namespace countersign::qml
