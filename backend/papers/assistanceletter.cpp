#include "backend/papers/assistanceletter.h"

#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"
#include "backend/papers/jws.h"
#include "backend/papers/scan.h"
#include "token/owned.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace countersign::papers {

namespace {

const char* const kCheckIds[] = {"format",    "algorithm", "signer",   "chain", "signer_valid_on_issued",
                                 "signature", "dates",     "business", "uscc",  "agent_id",
                                 "unused"};

std::vector<Owned<X509>> readPemCertificates(const std::string& pem) {
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    std::vector<Owned<X509>> certs;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        certs.emplace_back(cert);
    ERR_clear_error(); // the end of the buffer reads as an error
    if (certs.empty())
        throw std::runtime_error("no PEM certificate could be read from a configured letter certificate");
    return certs;
}

std::string subjectLine(X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil), so no time zone of the machine is involved.
long long daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// Noon in China (04:00 UTC) on `date`: the letter says only the day, and a certificate that turns valid or
// expires within that day is judged at the middle of the office's working day.
time_t noonInChina(const Date& date) {
    return static_cast<time_t>(daysFromCivil(date.year, date.month, date.day) * 86400 + 4 * 3600);
}

std::optional<AssistanceLetter> readPayload(const QJsonObject& obj, std::vector<Phrase>& problems) {
    const size_t before = problems.size();
    AssistanceLetter letter;
    // `ofAgent`: the key is one of the "agent" object's.
    auto text = [&](const QJsonObject& o, const char* key, bool ofAgent = false) -> std::string {
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            problems.push_back(Phrase(ofAgent
                                          ? QT_TRANSLATE_NOOP("Reason", "agent's \"%1\" is missing or empty")
                                          : QT_TRANSLATE_NOOP("Reason", "\"%1\" is missing or empty"))
                                   .arg(key));
            return {};
        }
        return v.toString().toStdString();
    };
    auto date = [&](const char* key) -> Date {
        const std::string s = text(obj, key);
        if (s.empty())
            return {};
        const auto d = Date::parse(s);
        if (!d)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "\"%1\" is not a date (YYYY-MM-DD): %2")).arg(key).arg(s));
        return d.value_or(Date{});
    };

    const QJsonValue ver = obj.value("ver");
    if (!ver.isDouble() || ver.toDouble() != 1.0)
        problems.push_back(Phrase(QT_TRANSLATE_NOOP(
            "Reason", "the letter's version (\"ver\") is not 1, the only version this counter reads")));
    letter.ver = 1;
    letter.no = text(obj, "no");
    letter.office = text(obj, "office");
    letter.officeName = text(obj, "officeName");
    letter.uscc = text(obj, "uscc");
    letter.org = text(obj, "org");
    const QJsonValue agent = obj.value("agent");
    if (!agent.isObject()) {
        problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "\"agent\" is missing or not an object")));
    } else {
        letter.agentName = text(agent.toObject(), "name", true);
        letter.agentIdNo = text(agent.toObject(), "idNo", true);
    }
    letter.issued = date("issued");
    letter.expires = date("expires");
    const QJsonValue biz = obj.value("biz");
    bool bizGood = biz.isArray();
    for (const QJsonValue& item : biz.toArray()) {
        bizGood = bizGood && item.isString();
        letter.biz.push_back(item.toString().toStdString());
    }
    if (!bizGood)
        problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "\"biz\" is missing or not a list of texts")));
    if (problems.size() != before)
        return std::nullopt;
    return letter;
}

Phrase notChecked(Phrase why) {
    return Phrase(QT_TRANSLATE_NOOP("Reason", "Not checked: %1.")).arg(std::move(why));
}

} // namespace

bool LetterVerification::ok() const {
    return !checks.empty() && firstFailure() == nullptr;
}

const LetterCheck* LetterVerification::firstFailure() const {
    for (const auto& c : checks) {
        if (!c.passed)
            return &c;
    }
    return nullptr;
}

const LetterCheck* LetterVerification::check(const std::string& id) const {
    for (const auto& c : checks) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

struct AssistanceLetterVerifier::Impl {
    std::vector<Owned<X509>> anchors;
    std::vector<Owned<X509>> signers;
};

AssistanceLetterVerifier::AssistanceLetterVerifier(const std::vector<std::string>& trustAnchors,
                                                   const std::vector<std::string>& signerCerts)
    : d(std::make_unique<Impl>()) {
    for (const auto& pem : trustAnchors) {
        for (auto& c : readPemCertificates(pem))
            d->anchors.push_back(std::move(c));
    }
    for (const auto& pem : signerCerts) {
        for (auto& c : readPemCertificates(pem))
            d->signers.push_back(std::move(c));
    }
}

AssistanceLetterVerifier::~AssistanceLetterVerifier() = default;
AssistanceLetterVerifier::AssistanceLetterVerifier(AssistanceLetterVerifier&&) noexcept = default;
AssistanceLetterVerifier& AssistanceLetterVerifier::operator=(AssistanceLetterVerifier&&) noexcept = default;

LetterVerification AssistanceLetterVerifier::verify(const std::string& jwsText, Date today,
                                                    const LetterRegister& consumedBy) const {
    LetterVerification result;
    for (const char* id : kCheckIds)
        result.checks.push_back({id, false, {}, {}});
    auto set = [&](const char* id, bool passed, const Phrase& why) {
        for (auto& c : result.checks) {
            if (c.id == id) {
                c.passed = passed;
                c.reason = why.english();
                c.why = why;
            }
        }
    };

    // --- format: three base64url parts, two JSON objects, every payload field there.
    std::vector<Phrase> problems;
    const jws::Compact compact = jws::read(jwsText, problems, [&](const QJsonObject& payload) {
        result.letter = readPayload(payload, problems);
    });
    const std::optional<jws::Header>& header = compact.header;
    const std::optional<std::string>& signature = compact.signature;
    const std::string& signingInput = compact.signingInput;
    if (problems.empty())
        set("format", true,
            Phrase(
                QT_TRANSLATE_NOOP("Reason", "The letter reads as a signed assistance letter, version 1.")));
    else
        set("format", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The letter can't be read: %1."))
                .arg(Phrase::joined(problems)));

    const std::optional<AssistanceLetter>& letter = result.letter;
    const Phrase noHeader =
        notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's header could not be read")));
    const Phrase noPayload =
        notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's contents could not be read")));

    // --- algorithm
    bool algorithmOk = false;
    if (!header) {
        set("algorithm", false, noHeader);
    } else if (header->alg != "ES256" && header->alg != "RS256") {
        set("algorithm", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The letter is signed with \"%1\"; only ES256 and RS256 are accepted."))
                .arg(header->alg));
    } else if (header->typ != "CSAL") {
        set("algorithm", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The letter's type is \"%1\", not \"CSAL\" (an assistance letter)."))
                .arg(header->typ));
    } else {
        algorithmOk = true;
        set("algorithm", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "Signed with %1, an accepted algorithm.")).arg(header->alg));
    }

    // --- signer: from x5c, or by thumbprint among the configured signer certificates.
    X509* signer = nullptr;
    std::vector<Owned<X509>> x5cCerts;
    if (!header) {
        set("signer", false, noHeader);
    } else if (header->x5c) {
        for (const auto& der : *header->x5c)
            x5cCerts.push_back(jws::certificateFromDer(der));
        if (!x5cCerts.front() ||
            std::any_of(x5cCerts.begin(), x5cCerts.end(), [](const Owned<X509>& c) { return !c; })) {
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "A certificate in the letter's \"x5c\" can't be read.")));
        } else if (header->x5t && *header->x5t != detail::thumbprintS256(header->x5c->front())) {
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "The letter's \"x5t#S256\" thumbprint does not match the signer "
                                         "certificate it carries in \"x5c\".")));
        } else {
            signer = x5cCerts.front().get();
            set("signer", true,
                Phrase(QT_TRANSLATE_NOOP("Reason", "Signer certificate carried in the letter: %1."))
                    .arg(subjectLine(signer)));
        }
    } else if (!header->x5t) {
        set("signer", false,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason", "The letter names no signer: it has neither \"x5t#S256\" nor \"x5c\".")));
    } else {
        for (const auto& c : d->signers) {
            if (detail::thumbprintS256(jws::derOf(c.get())) == *header->x5t) {
                signer = c.get();
                break;
            }
        }
        if (signer)
            set("signer", true,
                Phrase(
                    QT_TRANSLATE_NOOP("Reason", "Signer certificate found among the configured signers: %1."))
                    .arg(subjectLine(signer)));
        else
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "The signer's certificate (thumbprint %1) is not among the "
                                         "configured tax-office signers, and the letter does not carry it."))
                    .arg(*header->x5t));
    }

    // --- chain: to a configured tax-authority anchor; time is judged separately below.
    Owned<X509_STORE> store(X509_STORE_new());
    for (const auto& a : d->anchors)
        X509_STORE_add_cert(store.get(), a.get());
    // The stack holds references of its own and drops them when it goes. An unreadable x5c certificate
    // leaves no signer, and then the stack is not used.
    Owned<STACK_OF(X509)> untrusted(sk_X509_new_null());
    const auto addUntrusted = [&](X509* cert) {
        if (cert)
            X509_add_cert(untrusted.get(), cert, X509_ADD_FLAG_UP_REF);
    };
    for (size_t i = 1; i < x5cCerts.size(); ++i)
        addUntrusted(x5cCerts[i].get());
    for (const auto& c : d->signers)
        addUntrusted(c.get());
    // Returns the verification error (X509_V_OK when the chain holds).
    auto verifyChain = [&](std::optional<time_t> at) {
        Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
        if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), signer, untrusted.get()) != 1)
            return static_cast<int>(X509_V_ERR_UNSPECIFIED);
        X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
        if (at)
            X509_VERIFY_PARAM_set_time(param, *at);
        else
            X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
        const int rc = X509_verify_cert(ctx.get());
        const int error = X509_STORE_CTX_get_error(ctx.get());
        ERR_clear_error();
        return rc == 1 ? static_cast<int>(X509_V_OK) : (error == X509_V_OK ? X509_V_ERR_UNSPECIFIED : error);
    };
    bool chainOk = false;
    if (!signer) {
        set("chain", false,
            notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "there is no signer certificate to check"))));
    } else if (d->anchors.empty()) {
        set("chain", false,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason", "No tax-authority trust anchor is configured, so no signer can be trusted.")));
    } else {
        const int error = verifyChain(std::nullopt);
        chainOk = error == X509_V_OK;
        if (chainOk)
            set("chain", true,
                Phrase(QT_TRANSLATE_NOOP(
                    "Reason",
                    "The signer's certificate chains to a configured tax-authority trust anchor.")));
        else
            // OpenSSL's own words for the error, in English.
            set("chain", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "The signer's certificate does not chain to a configured "
                                                   "tax-authority trust anchor (%1)."))
                    .arg(X509_verify_cert_error_string(error)));
    }

    // --- signer_valid_on_issued
    if (!signer) {
        set("signer_valid_on_issued", false,
            notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "there is no signer certificate to check"))));
    } else if (!letter) {
        set("signer_valid_on_issued", false, noPayload);
    } else if (chainOk) {
        const int error = verifyChain(noonInChina(letter->issued));
        if (error == X509_V_OK)
            set("signer_valid_on_issued", true,
                Phrase(
                    QT_TRANSLATE_NOOP(
                        "Reason", "The signer's certificate and its chain were valid on %1, the issue date."))
                    .arg(letter->issued.iso()));
        else
            set("signer_valid_on_issued", false,
                Phrase(QT_TRANSLATE_NOOP(
                           "Reason",
                           "On %1, the issue date, the signer's certificate chain was not valid (%2)."))
                    .arg(letter->issued.iso())
                    .arg(X509_verify_cert_error_string(error)));
    } else {
        // The chain is refused already; still tell the operator about the signer's own certificate.
        const time_t at = noonInChina(letter->issued);
        const bool started = X509_cmp_time(X509_get0_notBefore(signer), const_cast<time_t*>(&at)) < 0;
        const bool ended = X509_cmp_time(X509_get0_notAfter(signer), const_cast<time_t*>(&at)) < 0;
        if (started && !ended)
            set("signer_valid_on_issued", true,
                Phrase(QT_TRANSLATE_NOOP(
                           "Reason",
                           "The signer's own certificate was valid on %1 (its chain is not trusted, "
                           "see above)."))
                    .arg(letter->issued.iso()));
        else
            set("signer_valid_on_issued", false,
                Phrase(
                    started
                        ? QT_TRANSLATE_NOOP(
                              "Reason", "The signer's certificate was already expired on %1, the issue date.")
                        : QT_TRANSLATE_NOOP(
                              "Reason", "The signer's certificate was not yet valid on %1, the issue date."))
                    .arg(letter->issued.iso()));
    }

    // --- signature
    if (!header || !signature) {
        set("signature", false,
            header
                ? notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "the letter carries no readable signature")))
                : noHeader);
    } else if (!algorithmOk) {
        set("signature", false,
            notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "the signing algorithm is not accepted"))));
    } else if (!signer) {
        set("signature", false,
            notChecked(
                Phrase(QT_TRANSLATE_NOOP("Reason", "there is no signer certificate to check it with"))));
    } else {
        const Phrase why = jws::verifySignature(header->alg, signer, signingInput, *signature);
        if (why.empty())
            set("signature", true,
                Phrase(
                    QT_TRANSLATE_NOOP("Reason", "The signature matches the letter and the signer's key.")));
        else
            set("signature", false, Phrase(QT_TRANSLATE_NOOP("Reason", "The signature fails: %1.")).arg(why));
    }

    if (!letter) {
        for (const char* id : {"dates", "business", "uscc", "agent_id", "unused"})
            set(id, false, noPayload);
        return result;
    }

    // --- dates
    const std::string issued = letter->issued.iso();
    const std::string expires = letter->expires.iso();
    if (letter->expires < letter->issued)
        set("dates", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The letter expires (%1) before it was issued (%2)."))
                .arg(expires)
                .arg(issued));
    else if (today < letter->issued)
        set("dates", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The letter is not valid yet: it is valid from %1 to %2, today is %3."))
                .arg(issued)
                .arg(expires)
                .arg(today.iso()));
    else if (today > letter->expires)
        set("dates", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The letter has expired: it was valid from %1 to %2, today is %3."))
                .arg(issued)
                .arg(expires)
                .arg(today.iso()));
    else
        set("dates", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The letter is valid from %1 to %2, which includes today."))
                .arg(issued)
                .arg(expires));

    // --- business
    if (std::find(letter->biz.begin(), letter->biz.end(), "NEW") != letter->biz.end())
        set("business", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The letter allows issuing a new certificate (NEW).")));
    else
        set("business", false,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason", "The letter does not allow issuing a new certificate: its business list lacks "
                          "\"NEW\".")));

    // --- uscc, agent_id
    const IdCheck uscc = checkUscc(letter->uscc);
    set("uscc", uscc.ok(), describe(uscc, Phrase(QT_TRANSLATE_NOOP("Reason", "USCC"))));
    const IdCheck agent = checkResidentId(letter->agentIdNo, today);
    set("agent_id", agent.ok(), describe(agent, Phrase(QT_TRANSLATE_NOOP("Reason", "agent ID number"))));

    // --- unused
    if (!consumedBy) {
        set("unused", false,
            notChecked(Phrase(QT_TRANSLATE_NOOP(
                "Reason", "no register of used letters was given, so reuse can't be ruled out"))));
    } else if (const auto txn = consumedBy(letter->office, letter->no)) {
        set("unused", false,
            Phrase(
                QT_TRANSLATE_NOOP("Reason", "Letter %1 of tax office %2 was already used by transaction %3."))
                .arg(letter->no)
                .arg(letter->office)
                .arg(*txn));
    } else {
        set("unused", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "Letter %1 of tax office %2 has not been used before."))
                .arg(letter->no)
                .arg(letter->office));
    }
    return result;
}

std::optional<std::string> decodeQrFromImage(const std::string& path) {
    const Scan scan = readScan(path);
    if (scan.problem == Scan::Problem::TooLarge || scan.problem == Scan::Problem::TooManyPixels)
        throw ScanRefused(scan.problem, scanProblemText(scan.problem, path));
    return decodeQr(scan);
}

} // namespace countersign::papers
