// The invoice request's checks (开票信息, DESIGN §5), field by field: the kiosk's invoice form shows each
// problem under the field it is about as the operator types, and recordFee refuses the same list whole.
#include <regex>

#include "backend/fees/fees.h"
#include "backend/fees/textcheck.h"
#include "backend/identifiers/taxpayerid.h"

namespace countersign::fees {

namespace {

constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxAddressChars = 300;
constexpr std::size_t kMaxBankChars = 300;
constexpr std::size_t kMaxEmailChars = 254;

/// A spreadsheet opening the export would run a cell starting like this as a formula.
bool looksLikeFormula(const std::string& s) {
    return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
}

std::optional<Phrase> freeTextProblem(const std::string& value, const Phrase& field, std::size_t maxChars) {
    if (auto bad = textProblem(value, field, maxChars))
        return bad;
    if (looksLikeFormula(value))
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 must not begin with =, +, - or @ (a "
                                                  "spreadsheet would run it as a formula)"))
            .arg(field);
    return std::nullopt;
}

bool validEmail(const std::string& s) {
    const auto at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos)
        return false;
    const std::string domain = s.substr(at + 1);
    const auto dot = domain.find('.');
    if (dot == std::string::npos || dot == 0 || domain.back() == '.')
        return false;
    for (const char c : s)
        if (c == ' ' || c == ',' || c == ';' || c == '"' || c == '<' || c == '>')
            return false;
    return true;
}

bool validMobile(const std::string& s) {
    static const std::regex pattern("^\\+?[0-9]{5,20}$");
    return std::regex_match(s, pattern);
}

} // namespace

std::vector<InvoiceProblem> invoiceProblems(const InvoiceInput& invoice, Date today) {
    std::vector<InvoiceProblem> problems;
    const auto add = [&problems](InvoiceField field, Phrase why) {
        problems.push_back({field, std::move(why)});
    };
    const auto addIf = [&add](InvoiceField field, std::optional<Phrase> why) {
        if (why)
            add(field, std::move(*why));
    };
    const bool enterprise = invoice.buyerKind == "enterprise";
    if (!enterprise && invoice.buyerKind != "individual")
        add(InvoiceField::BuyerKind,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the buyer kind must be enterprise or individual, not \"%1\""))
                .arg(printable(invoice.buyerKind)));

    if (isBlank(invoice.buyerName))
        add(InvoiceField::BuyerName,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the buyer name (invoice title) is required")));
    else
        addIf(InvoiceField::BuyerName,
              freeTextProblem(invoice.buyerName, Phrase(QT_TRANSLATE_NOOP("Reason", "buyer name")),
                              kMaxNameChars));

    if (isBlank(invoice.buyerTaxpayerId)) {
        if (enterprise)
            add(InvoiceField::BuyerTaxpayerId,
                Phrase(QT_TRANSLATE_NOOP(
                    "Reason",
                    "an enterprise buyer needs its taxpayer ID (纳税人识别号 / USCC) on the invoice")));
    } else if (auto bad = textProblem(invoice.buyerTaxpayerId,
                                      Phrase(QT_TRANSLATE_NOOP("Reason", "buyer taxpayer ID")), 40)) {
        add(InvoiceField::BuyerTaxpayerId, std::move(*bad));
    } else {
        const IdCheck check = checkTaxpayerId(invoice.buyerTaxpayerId, today);
        if (!check.ok())
            add(InvoiceField::BuyerTaxpayerId,
                describe(check, Phrase(QT_TRANSLATE_NOOP("Reason", "buyer taxpayer ID"))));
    }

    addIf(InvoiceField::AddressPhone,
          freeTextProblem(invoice.addressPhone, Phrase(QT_TRANSLATE_NOOP("Reason", "address and phone")),
                          kMaxAddressChars));
    addIf(InvoiceField::BankAccount,
          freeTextProblem(invoice.bankAccount, Phrase(QT_TRANSLATE_NOOP("Reason", "bank and account")),
                          kMaxBankChars));

    const bool hasEmail = !isBlank(invoice.deliveryEmail);
    const bool hasMobile = !isBlank(invoice.deliveryMobile);
    if (!hasEmail && !hasMobile)
        add(InvoiceField::Delivery,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason", "the invoice needs an e-mail address or a mobile number to be delivered to")));
    if (hasEmail) {
        if (auto bad = textProblem(invoice.deliveryEmail,
                                   Phrase(QT_TRANSLATE_NOOP("Reason", "delivery e-mail")), kMaxEmailChars))
            add(InvoiceField::DeliveryEmail, std::move(*bad));
        else if (!validEmail(invoice.deliveryEmail))
            add(InvoiceField::DeliveryEmail,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the delivery e-mail \"%1\" is not an e-mail "
                                                   "address (name@domain.example)"))
                    .arg(printable(invoice.deliveryEmail)));
    } else if (!invoice.deliveryEmail.empty()) {
        add(InvoiceField::DeliveryEmail,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "the delivery e-mail is blank; leave it out or give an address")));
    }
    if (hasMobile) {
        if (!validMobile(invoice.deliveryMobile))
            add(InvoiceField::DeliveryMobile,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the delivery mobile \"%1\" is not a phone number "
                                                   "(5 to 20 digits, optionally after +)"))
                    .arg(printable(invoice.deliveryMobile)));
    } else if (!invoice.deliveryMobile.empty()) {
        add(InvoiceField::DeliveryMobile,
            Phrase(
                QT_TRANSLATE_NOOP("Reason", "the delivery mobile is blank; leave it out or give a number")));
    }
    return problems;
}

std::vector<Phrase> checkInvoice(const InvoiceInput& invoice, Date today) {
    std::vector<Phrase> problems;
    for (auto& p : invoiceProblems(invoice, today))
        problems.push_back(std::move(p.why));
    return problems;
}

} // namespace countersign::fees
