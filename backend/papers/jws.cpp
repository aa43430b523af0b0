#include "backend/papers/jws.h"

#include <algorithm>

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "backend/papers/assistanceletter.h"

namespace countersign::papers {

namespace {

// The smallest RSA signer key an RS256 letter is accepted from.
constexpr int kMinRsaBits = 2048;

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

std::optional<QJsonObject> jsonObject(const std::string& bytes) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(bytes), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

// JWS ES256 carries r||s, 32 octets each (RFC 7518 §3.4); OpenSSL verifies the DER form.
std::optional<std::string> es256ToDer(const std::string& raw) {
    if (raw.size() != 64)
        return std::nullopt;
    Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
    Owned<BIGNUM> r(BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr));
    Owned<BIGNUM> s(BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr));
    if (!sig || !r || !s || !ECDSA_SIG_set0(sig.get(), r.get(), s.get()))
        return std::nullopt;
    // The signature owns them now.
    r.release();
    s.release();
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    const Owned<unsigned char> owned(der);
    if (len <= 0)
        return std::nullopt;
    return std::string(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
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

namespace jws {

namespace {

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
    if (obj.contains("crit")) {
        const QJsonValue v = obj.value("crit");
        std::vector<std::string> names;
        const auto text = [](const QJsonValue& item) {
            return item.isString()
                       ? item.toString().toStdString()
                       : QJsonDocument(QJsonArray{item}).toJson(QJsonDocument::Compact).toStdString();
        };
        for (const QJsonValue& item : v.isArray() ? v.toArray() : QJsonArray{v})
            names.push_back(text(item));
        h.crit = std::move(names);
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

} // namespace

Compact read(const std::string& jwsText, std::vector<Phrase>& problems,
             const std::function<void(const QJsonObject&)>& readPayload) {
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
    Compact jws;
    if (text.empty()) {
        problems.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's text is empty")));
    } else if (parts.size() != 3) {
        problems.push_back(
            Phrase(QT_TRANSLATE_NOOP("Reason", "this is not a signed assistance letter (expected "
                                               "three parts separated by dots, found %1)"))
                .arg(parts.size()));
    } else {
        jws.signingInput = parts[0] + "." + parts[1];
        const auto headerBytes = detail::base64urlDecode(parts[0]);
        const auto headerObj = headerBytes ? jsonObject(*headerBytes) : std::nullopt;
        if (!headerObj)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's header is not base64url-encoded JSON")));
        else
            jws.header = readHeader(*headerObj, problems);
        const auto payloadBytes = detail::base64urlDecode(parts[1]);
        const auto payloadObj = payloadBytes ? jsonObject(*payloadBytes) : std::nullopt;
        if (!payloadObj)
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's contents are not base64url-encoded JSON")));
        else
            readPayload(*payloadObj);
        jws.signature = detail::base64urlDecode(parts[2]);
        if (!jws.signature || jws.signature->empty()) {
            problems.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter's signature is missing or not base64url")));
            jws.signature.reset();
        }
    }
    return jws;
}

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
        // RFC 7518 §3.3: RS256 keys of 2048 bits or more; shorter RSA keys can be factored, so a
        // signature by one proves nothing about the tax office, however well its certificate chains.
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

std::string derOf(X509* cert) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    const Owned<unsigned char> owned(der);
    if (len <= 0)
        return {};
    return std::string(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
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

std::vector<Owned<X509>> certificatesFromPem(const std::string& pem) {
    const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    std::vector<Owned<X509>> certs;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        certs.emplace_back(cert);
    ERR_clear_error(); // the end of the text reads as an error
    return certs;
}

} // namespace jws

} // namespace countersign::papers
