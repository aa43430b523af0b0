#include "backend/workflow/internal.h"
#include "token/owned.h"

// The workflow's small helpers: its errors, text and checks, certificates as the CA answers them, the
// authorization letter's text fields.
namespace countersign::workflow {

Refusal::Refusal(std::string summary, std::vector<Check> c)
    : std::runtime_error(std::move(summary))
    , checks(std::move(c)) {}

std::vector<Check> Refusal::failed() const {
    std::vector<Check> out;
    for (const auto& c : checks)
        if (!c.passed)
            out.push_back(c);
    return out;
}

StepFailed::StepFailed(std::string number, std::string s, std::string message, bool removed)
    : std::runtime_error(std::move(message))
    , transactionNumber(std::move(number))
    , step(std::move(s))
    , keyRemoved(removed) {}

/// textProblem() for the UI: "is not valid UTF-8 text" …, said of a field named before it.
Phrase textPhrase(const std::string& text, std::size_t maxChars) {
    switch (findTextFault(text, maxChars).kind) {
    case TextFault::Kind::None:
        return {};
    case TextFault::Kind::NotUtf8:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "is not valid UTF-8 text"));
    case TextFault::Kind::Control:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "contains a control character"));
    case TextFault::Kind::TooLong:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "is longer than %1 characters")).arg(maxChars);
    }
    return {};
}

std::string textProblem(const std::string& text, std::size_t maxChars) {
    return textPhrase(text, maxChars).english();
}

std::string json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::string str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().toStdString();
}

QJsonArray checksJson(const std::vector<Check>& checks, CheckWording wording) {
    QJsonArray out;
    for (const auto& c : checks) {
        QJsonObject check{{QStringLiteral("id"), QString::fromStdString(c.id)},
                          {QStringLiteral("passed"), c.passed},
                          {QStringLiteral("reason"), QString::fromStdString(c.reason)}};
        if (wording == CheckWording::WithPhrases && !c.why.empty())
            check.insert(QStringLiteral("phrase"), c.why.toJson());
        out.append(check);
    }
    return out;
}

Check makeCheck(const std::string& id, bool passed, const Phrase& why) {
    return Check{id, passed, why.english(), why};
}

void add(std::vector<Check>& checks, const std::string& id, bool passed, const Phrase& why) {
    checks.push_back(passed ? Check{id, true, {}, {}} : makeCheck(id, false, why));
}

bool allPassed(const std::vector<Check>& checks) {
    return std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

std::string firstFailure(const std::vector<Check>& checks) {
    for (const auto& c : checks)
        if (!c.passed)
            return c.id + ": " + c.reason;
    return {};
}

ParsedCertificate parsePem(const std::string& pem) {
    const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    const Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        throw ca::CaError(ca::CaErrorCode::Internal, "the CA answered with a certificate that can't be read");
    ParsedCertificate out;
    out.info = token::describeCertificate(cert.get());
    unsigned char* raw = nullptr;
    const int len = i2d_X509(cert.get(), &raw);
    const Owned<unsigned char> der(raw);
    // A length of -1 read as size_t would copy past the buffer.
    if (len <= 0)
        throw ca::CaError(ca::CaErrorCode::Internal,
                          "the CA answered with a certificate that can't be encoded");
    out.der.assign(reinterpret_cast<const char*>(der.get()), static_cast<std::size_t>(len));
    return out;
}

std::string algorithmLabel(const std::string& tokenAlgorithm) {
    if (tokenAlgorithm == "ec-p256")
        return "EC-P256";
    if (tokenAlgorithm == "rsa3072")
        return "RSA-3072";
    return "RSA-2048";
}

/// A payment method as payments.method stores it, translatable; the English is the stored code.
Phrase paymentMethodPhrase(const std::string& code) {
    return Phrase::word(code,
                        {QT_TRANSLATE_NOOP("Reason", "cash"), QT_TRANSLATE_NOOP("Reason", "bank_card"),
                         QT_TRANSLATE_NOOP("Reason", "wechat_pay"), QT_TRANSLATE_NOOP("Reason", "alipay")});
}

bool finalState(const std::string& state) {
    return state == "completed" || state == "compensated";
}

/// An authorization letter's text fields are stored: they must be text.
void checkLetterText(const papers::AuthorizationLetter& l, std::vector<Check>& checks) {
    const std::pair<const char*, const std::string*> fields[] = {
        {QT_TRANSLATE_NOOP("Reason", "company name"), &l.companyName},
        {QT_TRANSLATE_NOOP("Reason", "company ID"), &l.companyId},
        {QT_TRANSLATE_NOOP("Reason", "agent name"), &l.agentName},
        {QT_TRANSLATE_NOOP("Reason", "agent ID"), &l.agentIdNo},
        {QT_TRANSLATE_NOOP("Reason", "agent mobile"), &l.agentMobile}};
    for (const auto& [name, value] : fields) {
        const Phrase problem = textPhrase(*value, 200);
        if (!problem.empty()) {
            add(checks, "text", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 %2")).arg(Phrase(name)).arg(problem));
            return;
        }
    }
    if (QString::fromStdString(l.companyName).size() > 64)
        add(checks, "company_name", false,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason",
                "the company name is longer than 64 characters, more than a certificate can carry")));
    if (!l.agentMobile.empty()) {
        bool ok = l.agentMobile.size() >= 5 && l.agentMobile.size() <= 21;
        for (std::size_t i = 0; i < l.agentMobile.size(); ++i)
            ok = ok && (std::isdigit(static_cast<unsigned char>(l.agentMobile[i])) ||
                        (i == 0 && l.agentMobile[i] == '+'));
        if (!ok)
            add(checks, "agent_mobile", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the agent's mobile number must be 5 to 20 digits")));
    }
}

std::vector<Check> fromPaperReport(const papers::PaperReport& report) {
    std::vector<Check> out;
    for (const auto& c : report.checks)
        out.push_back(Check{c.id, c.passed, c.reason, c.why});
    return out;
}

/// A key's state as tokens.state stores it, translatable; the English is the stored word.
Phrase keyState(const std::string& state) {
    return Phrase::word(state, {QT_TRANSLATE_NOOP("Reason", "in_stock"), QT_TRANSLATE_NOOP("Reason", "blank"),
                                QT_TRANSLATE_NOOP("Reason", "active"), QT_TRANSLATE_NOOP("Reason", "locked"),
                                QT_TRANSLATE_NOOP("Reason", "lost"), QT_TRANSLATE_NOOP("Reason", "damaged"),
                                QT_TRANSLATE_NOOP("Reason", "retired")});
}

std::string normalisedId(const std::string& id) {
    const auto c = checkResidentId(id, Date::today());
    return c.ok() ? c.normalised : id;
}

std::string normalisedCompany(const std::string& id) {
    const auto c = checkTaxpayerId(id, Date::today());
    return c.ok() ? c.normalised : id;
}

} // namespace countersign::workflow
