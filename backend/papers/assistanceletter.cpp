#include "backend/papers/assistanceletter.h"

#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"
#include "token/owned.h"

#include <QByteArray>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <ZXing/ReadBarcode.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace countersign::papers {

namespace {

// The smallest RSA signer key an RS256 letter is accepted from.
constexpr int kMinRsaBits = 2048;

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

std::string derOf(X509* cert) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    if (len <= 0)
        return {};
    std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    return out;
}

Owned<X509> certificateFromDer(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        ERR_clear_error();
        return nullptr;
    }
    return cert;
}

std::optional<std::string> base64Decode(std::string text) {
    if (text.empty() || text.size() % 4 != 0)
        return std::nullopt;
    for (char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
              c == '/' || c == '='))
            return std::nullopt;
    }
    const size_t padding = text.size() - (text.find_last_not_of('=') + 1);
    if (padding > 2 || (padding > 0 && text.find('=') != text.size() - padding))
        return std::nullopt;
    std::string out(text.size() / 4 * 3, '\0');
    const int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) {
        ERR_clear_error();
        return std::nullopt;
    }
    out.resize(static_cast<size_t>(n) - padding);
    return out;
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

std::optional<QJsonObject> jsonObject(const std::string& bytes) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(bytes), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

struct Header {
    std::string alg;
    std::string typ;
    std::optional<std::string> x5t;
    std::optional<std::vector<std::string>> x5c; // DER certificates, signer first
};

Header readHeader(const QJsonObject& obj, std::vector<Phrase>& problems) {
    Header h;
    h.alg = obj.value("alg").toString().toStdString();
    h.typ = obj.value("typ").toString().toStdString();
    if (obj.contains("x5t#S256")) {
        if (obj.value("x5t#S256").isString())
            h.x5t = obj.value("x5t#S256").toString().toStdString();
        else
            problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the header's \"x5t#S256\" is not text")));
    }
    if (obj.contains("x5c")) {
        const QJsonValue v = obj.value("x5c");
        std::vector<std::string> ders;
        bool good = v.isArray() && !v.toArray().isEmpty();
        for (const QJsonValue& item : v.toArray()) {
            auto der = item.isString() ? base64Decode(item.toString().toStdString()) : std::nullopt;
            if (!der) {
                good = false;
                break;
            }
            ders.push_back(*der);
        }
        if (good)
            h.x5c = std::move(ders);
        else
            problems.push_back(Phrase(
                QT_TRANSLATE_NOOP("Reason", "the header's \"x5c\" is not a list of base64 certificates")));
    }
    return h;
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

// JWS ES256 carries r||s, 32 octets each (RFC 7518 §3.4); OpenSSL verifies the DER form.
std::optional<std::string> es256ToDer(const std::string& raw) {
    if (raw.size() != 64)
        return std::nullopt;
    Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
    if (!sig || !r || !s || !ECDSA_SIG_set0(sig.get(), r, s)) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0)
        return std::nullopt;
    std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    return out;
}

// Empty when the signature verifies, otherwise why not.
Phrase verifySignature(const std::string& alg, X509* signer, const std::string& input,
                       const std::string& signature) {
    EVP_PKEY* key = X509_get0_pubkey(signer);
    if (!key)
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the signer's certificate holds no readable public key"));
    std::string sig = signature;
    if (alg == "ES256") {
        char group[64] = {};
        size_t groupLen = 0;
        if (!EVP_PKEY_is_a(key, "EC") ||
            !EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &groupLen) ||
            std::string(group) != "prime256v1") {
            ERR_clear_error();
            return Phrase(QT_TRANSLATE_NOOP(
                "Reason", "the letter says ES256 but the signer's key is not an EC P-256 key"));
        }
        const auto der = es256ToDer(signature);
        if (!der)
            return Phrase(QT_TRANSLATE_NOOP("Reason", "an ES256 signature must be 64 bytes, this one is %1"))
                .arg(signature.size());
        sig = *der;
    } else if (!EVP_PKEY_is_a(key, "RSA")) {
        return Phrase(
            QT_TRANSLATE_NOOP("Reason", "the letter says RS256 but the signer's key is not an RSA key"));
    } else if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
        // RFC 7518 §3.3: RS256 keys of 2048 bits or more; shorter RSA keys can be factored, so a signature
        // by one proves nothing about the tax office, however well its certificate chains.
        return Phrase(QT_TRANSLATE_NOOP("Reason",
                                        "the signer's RSA key has only %1 bits; RS256 letters need a key "
                                        "of at least %2 bits (RFC 7518 §3.3)"))
            .arg(EVP_PKEY_get_bits(key))
            .arg(kMinRsaBits);
    }
    Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    const bool good =
        ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    ERR_clear_error();
    if (!good)
        return Phrase(QT_TRANSLATE_NOOP("Reason",
                                        "the signature does not match the letter: it was changed after "
                                        "signing, or signed with another key"));
    return {};
}

} // namespace

namespace detail {

std::string base64urlEncode(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<size_t>(n));
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    std::replace(out.begin(), out.end(), '+', '-');
    std::replace(out.begin(), out.end(), '/', '_');
    return out;
}

std::optional<std::string> base64urlDecode(const std::string& text) {
    if (text.size() % 4 == 1)
        return std::nullopt;
    if (text.empty())
        return std::string();
    std::string b64;
    b64.reserve(text.size() + 2);
    for (char c : text) {
        if (c == '-')
            b64 += '+';
        else if (c == '_')
            b64 += '/';
        else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            b64 += c;
        else
            return std::nullopt;
    }
    while (b64.size() % 4 != 0)
        b64 += '=';
    return base64Decode(b64);
}

std::string thumbprintS256(const std::string& der) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(der.data(), der.size(), md, &len, EVP_sha256(), nullptr);
    return base64urlEncode(std::string(reinterpret_cast<const char*>(md), len));
}

} // namespace detail

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
    // Scanners add a trailing Enter; a letter has no whitespace of its own.
    const size_t first = jwsText.find_first_not_of(" \t\r\n");
    const size_t last = jwsText.find_last_not_of(" \t\r\n");
    const std::string text =
        first == std::string::npos ? std::string() : jwsText.substr(first, last - first + 1);
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        const size_t dot = text.find('.', start);
        parts.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    std::vector<Phrase> problems;
    std::optional<Header> header;
    std::optional<std::string> signature;
    std::string signingInput;
    if (text.empty()) {
        problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's text is empty")));
    } else if (parts.size() != 3) {
        problems.push_back(
            Phrase(QT_TRANSLATE_NOOP("Reason", "this is not a signed assistance letter (expected "
                                               "three parts separated by dots, found %1)"))
                .arg(parts.size()));
    } else {
        signingInput = parts[0] + "." + parts[1];
        const auto headerBytes = detail::base64urlDecode(parts[0]);
        const auto headerObj = headerBytes ? jsonObject(*headerBytes) : std::nullopt;
        if (!headerObj)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's header is not base64url-encoded JSON")));
        else
            header = readHeader(*headerObj, problems);
        const auto payloadBytes = detail::base64urlDecode(parts[1]);
        const auto payloadObj = payloadBytes ? jsonObject(*payloadBytes) : std::nullopt;
        if (!payloadObj)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's contents are not base64url-encoded JSON")));
        else
            result.letter = readPayload(*payloadObj, problems);
        signature = detail::base64urlDecode(parts[2]);
        if (!signature || signature->empty()) {
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's signature is missing or not base64url")));
            signature.reset();
        }
    }
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
            x5cCerts.push_back(certificateFromDer(der));
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
            if (detail::thumbprintS256(derOf(c.get())) == *header->x5t) {
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
        const Phrase why = verifySignature(header->alg, signer, signingInput, *signature);
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
    const QImage image(QString::fromStdString(path));
    if (image.isNull())
        return std::nullopt;
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                static_cast<int>(gray.bytesPerLine()));
    const auto hints =
        ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(true);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid())
        return std::nullopt;
    return result.text();
}

} // namespace countersign::papers
