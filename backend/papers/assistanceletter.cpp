#include "backend/papers/assistanceletter.h"

#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"
#include "backend/operation.h"
#include "backend/papers/jws.h"
#include "backend/papers/letterpayload.h"
#include "backend/papers/scan.h"
#include "token/owned.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTime>
#include <QTimeZone>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace countersign::papers {

namespace {

const char* const kCheckIds[] = {"format",
                                 "header",
                                 "algorithm",
                                 "signer",
                                 "signer_office",
                                 "chain",
                                 "signer_valid_on_issued",
                                 "signer_valid_today",
                                 "signature",
                                 "dates",
                                 "lifetime",
                                 "business",
                                 "uscc",
                                 "agent_id",
                                 "unused"};

std::vector<Owned<X509>> readPemCertificates(const std::string& pem) {
    std::vector<Owned<X509>> certs = jws::certificatesFromPem(pem);
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

long long daysOf(const Date& date) {
    return daysFromCivil(date.year, date.month, date.day);
}

// `date` at `time` in `zone`, as seconds since the epoch.
time_t instant(const Date& date, QTime time, const QTimeZone& zone) {
    return static_cast<time_t>(
        QDateTime(QDate(date.year, date.month, date.day), time, zone).toSecsSinceEpoch());
}

QTimeZone zoneOf(const std::string& id) {
    QTimeZone zone(QByteArray::fromStdString(id));
    if (!zone.isValid())
        throw std::runtime_error("the time zone \"" + id + "\" is not known on this system");
    return zone;
}

Phrase notChecked(Phrase why) {
    return Phrase(QT_TRANSLATE_NOOP("Reason", "Not checked: %1.")).arg(std::move(why));
}

// The names as "a", "b" (RFC 7515's way of quoting header names).
std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out.empty() ? std::string("[]") : out;
}

} // namespace

bool isKnownBusiness(const std::string& code) {
    const auto op = parseOperation(code);
    return op && code == operationCode(*op);
}

Date centreToday(const std::string& zone) {
    const QDate d = QDateTime::currentDateTimeUtc().toTimeZone(zoneOf(zone)).date();
    return Date{d.year(), d.month(), d.day()};
}

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
    struct Signer {
        Owned<X509> cert;
        std::string thumbprint; // x5t#S256
        std::string office;
        bool active = true;
    };
    std::vector<Owned<X509>> anchors;
    std::vector<Signer> signers;
    LetterRules rules;
    QTimeZone zone;

    const Signer* registered(const std::string& thumbprint) const {
        for (const auto& s : signers) {
            if (s.thumbprint == thumbprint)
                return &s;
        }
        return nullptr;
    }
};

AssistanceLetterVerifier::AssistanceLetterVerifier(const std::vector<std::string>& trustAnchors,
                                                   const std::vector<RegisteredSigner>& signers,
                                                   LetterRules rules)
    : d(std::make_unique<Impl>()) {
    for (const auto& pem : trustAnchors) {
        for (auto& c : readPemCertificates(pem))
            d->anchors.push_back(std::move(c));
    }
    for (const auto& s : signers) {
        for (auto& c : readPemCertificates(s.pem)) {
            const std::string thumbprint = detail::thumbprintS256(jws::derOf(c.get()));
            d->signers.push_back({std::move(c), thumbprint, s.office, s.active});
        }
    }
    if (rules.maxValidityDays <= 0)
        throw std::runtime_error("a letter's maximum validity must be a positive number of days");
    d->zone = zoneOf(rules.timeZone);
    d->rules = std::move(rules);
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
        result.letter = readLetterPayload(payload, problems);
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
    const Phrase noSigner =
        notChecked(Phrase(QT_TRANSLATE_NOOP("Reason", "there is no registered signer to check")));

    // --- header: an extension the signer marks critical must be understood (RFC 7515 §4.1.11); none is.
    if (!header)
        set("header", false, noHeader);
    else if (header->crit)
        set("header", false,
            Phrase(QT_TRANSLATE_NOOP(
                       "Reason", "The letter's header marks %1 as critical (\"crit\"), which this counter "
                                 "does not implement, so the letter can't be trusted."))
                .arg(quotedList(*header->crit)));
    else
        set("header", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The letter's header asks for no extension (no \"crit\").")));

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

    // --- signer: a registered signer, named by thumbprint or carried in x5c. x5c only carries a certificate:
    // another certificate of the same root (a TLS or an enterprise certificate) is no signer.
    const Impl::Signer* registered = nullptr;
    X509* signer = nullptr;
    std::vector<Owned<X509>> x5cCerts;
    std::optional<std::string> thumbprint;
    if (!header) {
        set("signer", false, noHeader);
    } else if (header->x5c) {
        for (const auto& der : *header->x5c)
            x5cCerts.push_back(jws::certificateFromDer(der));
        if (std::any_of(x5cCerts.begin(), x5cCerts.end(), [](const Owned<X509>& c) { return !c; }))
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "A certificate in the letter's \"x5c\" can't be read.")));
        else if (header->x5t && *header->x5t != detail::thumbprintS256(header->x5c->front()))
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "The letter's \"x5t#S256\" thumbprint does not match the signer "
                                         "certificate it carries in \"x5c\".")));
        else
            thumbprint = detail::thumbprintS256(header->x5c->front());
    } else if (!header->x5t) {
        set("signer", false,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason", "The letter names no signer: it has neither \"x5t#S256\" nor \"x5c\".")));
    } else {
        thumbprint = header->x5t;
    }
    if (thumbprint) {
        registered = d->registered(*thumbprint);
        if (!registered && !x5cCerts.empty())
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "The letter's signer %1 is not a registered tax-office signer: a "
                                         "certificate the letter carries (\"x5c\") is not trusted by itself, "
                                         "only those added with 'letter trust add --signer'."))
                    .arg(subjectLine(x5cCerts.front().get())));
        else if (!registered)
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "The signer's certificate (thumbprint %1) is not among the "
                                         "registered tax-office signers, and the letter does not carry it."))
                    .arg(*thumbprint));
        else if (!registered->active)
            set("signer", false,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "The letter's signer %1 was disabled at this centre: it signs no "
                                         "letters."))
                    .arg(subjectLine(registered->cert.get())));
        else {
            signer = registered->cert.get();
            set("signer", true,
                Phrase(QT_TRANSLATE_NOOP("Reason", "Signed by %1, a registered tax-office signer."))
                    .arg(subjectLine(signer)));
        }
    }

    // --- signer_office: a signer signs the letters of the office it is registered for, no other.
    if (!signer)
        set("signer_office", false, noSigner);
    else if (!letter)
        set("signer_office", false, noPayload);
    else if (registered->office != letter->office)
        set("signer_office", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The signer is registered for the letters of tax office %1, but this "
                                     "letter is of tax office %2."))
                .arg(registered->office.empty() ? std::string("-") : registered->office)
                .arg(letter->office));
    else
        set("signer_office", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The signer is registered for tax office %1, the letter's."))
                .arg(letter->office));

    // --- chain: to a configured tax-authority anchor; time is judged separately below.
    Owned<X509_STORE> store(X509_STORE_new());
    for (const auto& a : d->anchors)
        X509_STORE_add_cert(store.get(), a.get());
    // The stack holds references of its own and drops them when it goes.
    Owned<STACK_OF(X509)> untrusted(sk_X509_new_null());
    for (size_t i = 1; i < x5cCerts.size(); ++i)
        X509_add_cert(untrusted.get(), x5cCerts[i].get(), X509_ADD_FLAG_UP_REF);
    for (const auto& s : d->signers)
        X509_add_cert(untrusted.get(), s.cert.get(), X509_ADD_FLAG_UP_REF);
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
        set("chain", false, noSigner);
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

    // The signer at `times` (all of them): the chain when it is trusted, else the signer's own certificate
    // (the chain is refused already; the operator still learns about the signer). X509_V_OK when valid.
    const auto validAt = [&](std::initializer_list<time_t> times) {
        for (time_t at : times) {
            const int error = chainOk ? verifyChain(at)
                              : X509_cmp_time(X509_get0_notBefore(signer), &at) >= 0
                                  ? static_cast<int>(X509_V_ERR_CERT_NOT_YET_VALID)
                              : X509_cmp_time(X509_get0_notAfter(signer), &at) < 0
                                  ? static_cast<int>(X509_V_ERR_CERT_HAS_EXPIRED)
                                  : static_cast<int>(X509_V_OK);
            if (error != X509_V_OK)
                return error;
        }
        return static_cast<int>(X509_V_OK);
    };

    // --- signer_valid_on_issued: the letter says only the day, and a certificate that turns valid or expires
    // within that day is judged at the middle of the centre's working day.
    if (!signer) {
        set("signer_valid_on_issued", false, noSigner);
    } else if (!letter) {
        set("signer_valid_on_issued", false, noPayload);
    } else if (const int error = validAt({instant(letter->issued, QTime(12, 0), d->zone)});
               error == X509_V_OK) {
        set("signer_valid_on_issued", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The signer's certificate was valid on %1, the issue date."))
                .arg(letter->issued.iso()));
    } else {
        set("signer_valid_on_issued", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "On %1, the issue date, the signer's certificate was not valid (%2)."))
                .arg(letter->issued.iso())
                .arg(X509_verify_cert_error_string(error)));
    }

    // --- signer_valid_today: all through the centre's today, so a letter back-dated into an expired signer's
    // time is no letter.
    if (!signer) {
        set("signer_valid_today", false, noSigner);
    } else if (const int error = validAt(
                   {instant(today, QTime(0, 0), d->zone), instant(today, QTime(23, 59, 59), d->zone)});
               error == X509_V_OK) {
        set("signer_valid_today", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The signer's certificate is valid all through today, %1."))
                .arg(today.iso()));
    } else {
        set("signer_valid_today", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "Today, %1, the signer's certificate is not valid (%2): a letter counts "
                                     "only while its signer does."))
                .arg(today.iso())
                .arg(X509_verify_cert_error_string(error)));
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
        set("signature", false, noSigner);
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
        for (const char* id : {"dates", "lifetime", "business", "uscc", "agent_id", "unused"})
            set(id, false, noPayload);
        return result;
    }

    // --- dates: the centre's today (the caller's), whatever the machine's zone.
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

    // --- lifetime: [letters] max_validity_days, both how long the letter runs and how long ago it was
    // issued.
    const int maxDays = d->rules.maxValidityDays;
    const long long length = daysOf(letter->expires) - daysOf(letter->issued);
    const long long age = daysOf(today) - daysOf(letter->issued);
    if (length > maxDays)
        set("lifetime", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "The letter runs %1 days, from %2 to %3; an assistance letter "
                                               "is valid for at most %4 days."))
                .arg(length)
                .arg(issued)
                .arg(expires)
                .arg(maxDays));
    else if (age > maxDays)
        set("lifetime", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The letter was issued on %1, %2 days ago; an assistance letter "
                                     "is used within %3 days of its issue."))
                .arg(issued)
                .arg(age)
                .arg(maxDays));
    else
        set("lifetime", true,
            Phrase(
                QT_TRANSLATE_NOOP("Reason", "The letter runs %1 days, within the %2 days a letter may run."))
                .arg(std::max(length, 0LL))
                .arg(maxDays));

    // --- business: known operation codes only, and NEW among them.
    std::vector<std::string> unknown;
    for (const auto& b : letter->biz) {
        if (!isKnownBusiness(b))
            unknown.push_back(b);
    }
    if (!unknown.empty())
        set("business", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "The letter's business list holds %1, which is not an operation "
                                     "this counter knows (NEW, RENEW, UPGRADE, REPLACE, UNLOCK)."))
                .arg(quotedList(unknown)));
    else if (std::find(letter->biz.begin(), letter->biz.end(), "NEW") != letter->biz.end())
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
