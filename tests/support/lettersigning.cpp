#include "tests/support/lettersigning.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace countersign::test {

using Key = Owned<EVP_PKEY>;
using Cert = Owned<X509>;
using papers::AssistanceLetter;
namespace detail = papers::detail;

namespace {
void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
    need(ext && X509_add_ext(cert, ext.get(), -1) == 1, std::string("add extension ") + value);
}

std::string bytes(const unsigned char* p, size_t n) {
    return std::string(reinterpret_cast<const char*>(p), n);
}

} // namespace

const std::vector<std::string>& letterCheckIds() {
    static const std::vector<std::string> ids = {"format",
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
    return ids;
}

void need(bool ok, const std::string& what) {
    if (!ok)
        throw std::runtime_error("test tax authority: can't " + what);
}

Key rsaKey(unsigned bits) {
    Key k(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
    need(k != nullptr, "make an RSA key");
    return k;
}

Key ecKey() {
    Key k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    need(k != nullptr, "make an EC key");
    return k;
}

Cert makeCert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey, const char* from,
              const char* until, bool ca, const char* extendedUsage) {
    static long serial = 1000;
    Cert c(X509_new());
    need(c && X509_set_version(c.get(), X509_VERSION_3) == 1 &&
             ASN1_INTEGER_set(X509_get_serialNumber(c.get()), ++serial) == 1,
         "start a certificate");
    X509_NAME* name = X509_get_subject_name(c.get());
    need(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>("测试税务机关 TEST"), -1, -1,
                                    0) == 1 &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) == 1,
         "name " + cn);
    need(X509_set_issuer_name(c.get(), issuer ? X509_get_subject_name(issuer) : name) == 1 &&
             ASN1_TIME_set_string_X509(X509_getm_notBefore(c.get()), from) == 1 &&
             ASN1_TIME_set_string_X509(X509_getm_notAfter(c.get()), until) == 1 &&
             X509_set_pubkey(c.get(), key) == 1,
         "fill in " + cn);
    X509* const signedBy = issuer ? issuer : c.get();
    addExtension(c.get(), signedBy, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    addExtension(c.get(), signedBy, NID_key_usage,
                 ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
    addExtension(c.get(), signedBy, NID_subject_key_identifier, "hash");
    addExtension(c.get(), signedBy, NID_authority_key_identifier, "keyid:always");
    if (*extendedUsage)
        addExtension(c.get(), signedBy, NID_ext_key_usage, extendedUsage);
    need(X509_sign(c.get(), issuerKey, EVP_sha256()) > 0, "sign " + cn);
    return c;
}

std::string pemOf(X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    need(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "write a PEM certificate");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

std::string derOf(X509* cert) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    need(len > 0, "encode a certificate");
    std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    return out;
}

std::string compactJson(const QJsonObject& obj) {
    return QJsonDocument(obj).toJson(QJsonDocument::Compact).toStdString();
}

std::string payloadJson(const AssistanceLetter& l) {
    QJsonArray biz;
    for (const auto& b : l.biz)
        biz.append(QString::fromStdString(b));
    return compactJson(QJsonObject{
        {"ver", l.ver},
        {"no", QString::fromStdString(l.no)},
        {"office", QString::fromStdString(l.office)},
        {"officeName", QString::fromStdString(l.officeName)},
        {"uscc", QString::fromStdString(l.uscc)},
        {"org", QString::fromStdString(l.org)},
        {"agent", QJsonObject{{"name", QString::fromStdString(l.agentName)},
                              {"idNo", QString::fromStdString(l.agentIdNo)}}},
        {"issued", QString::fromStdString(l.issued.iso())},
        {"expires", QString::fromStdString(l.expires.iso())},
        {"biz", biz},
    });
}

Signer rs256(EVP_PKEY* key, bool pss) {
    return [key, pss](const std::string& input) {
        Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
        EVP_PKEY_CTX* pctx = nullptr;
        size_t len = 0;
        need(ctx && EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) == 1 &&
                 EVP_PKEY_CTX_set_rsa_padding(pctx, pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) == 1 &&
                 EVP_DigestSign(ctx.get(), nullptr, &len,
                                reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "start an RSA signature");
        std::string sig(len, '\0');
        need(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                            reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "sign with RSA");
        sig.resize(len);
        return sig;
    };
}

Signer es256(EVP_PKEY* key) {
    return [key](const std::string& input) {
        Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
        size_t len = 0;
        need(ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
                 EVP_DigestSign(ctx.get(), nullptr, &len,
                                reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "start an ECDSA signature");
        std::string der(len, '\0');
        need(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len,
                            reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "sign with ECDSA");
        const auto* p = reinterpret_cast<const unsigned char*>(der.data());
        Owned<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
        need(sig != nullptr, "read the ECDSA signature");
        unsigned char raw[64];
        need(BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw, 32) == 32 &&
                 BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw + 32, 32) == 32,
             "write r||s");
        return bytes(raw, sizeof raw);
    };
}

Signer hs256(const std::string& secret) {
    return [secret](const std::string& input) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        need(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
                  reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len) != nullptr,
             "compute an HMAC");
        return bytes(mac, len);
    };
}

std::string letterJws(const std::string& alg, X509* signerCert, bool withX5c, const Signer& sign,
                      const AssistanceLetter& fields, const QJsonObject& extra) {
    const std::string der = derOf(signerCert);
    QJsonObject header{{"alg", QString::fromStdString(alg)},
                       {"typ", "CSAL"},
                       {"x5t#S256", QString::fromStdString(detail::thumbprintS256(der))}};
    if (withX5c) // standard base64, not base64url (RFC 7515 §4.1.6)
        header.insert("x5c", QJsonArray{QString::fromLatin1(QByteArray::fromStdString(der).toBase64())});
    for (auto it = extra.begin(); it != extra.end(); ++it)
        header.insert(it.key(), it.value());
    const std::string input =
        detail::base64urlEncode(compactJson(header)) + "." + detail::base64urlEncode(payloadJson(fields));
    return input + "." + detail::base64urlEncode(sign ? sign(input) : std::string());
}

} // namespace countersign::test
