#include "token/keyobjects.h"

#include <cstring>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include "token/certinfo.h"
#include "token/tokenerror.h"

namespace countersign::token {

const std::vector<unsigned char> kP256Oid = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

namespace {

CK_ULONG ulongAttribute(const std::vector<unsigned char>& bytes) {
    CK_ULONG value = 0;
    if (bytes.size() == sizeof value)
        std::memcpy(&value, bytes.data(), sizeof value);
    return value;
}

} // namespace

std::string hex(const unsigned char* data, std::size_t n) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 15]);
    }
    return out;
}

std::vector<unsigned char> unhex(const std::string& s, const char* step) {
    if (s.empty() || s.size() % 2 != 0)
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                         "a key id is an even number of hex digits");
    std::vector<unsigned char> out;
    for (std::size_t i = 0; i < s.size(); i += 2) {
        unsigned value = 0;
        for (int j = 0; j < 2; ++j) {
            const char c = s[i + j];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= c - '0';
            else if (c >= 'a' && c <= 'f')
                value |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                value |= c - 'A' + 10;
            else
                throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a key id is hex digits");
        }
        out.push_back(static_cast<unsigned char>(value));
    }
    return out;
}

Owned<X509_NAME> parseSubject(const std::string& subject, const char* step) {
    if (subject.empty() || subject[0] != '/')
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a subject looks like /C=CN/O=…/CN=…");
    Owned<X509_NAME> name(X509_NAME_new());
    std::size_t i = 1;
    while (i < subject.size()) {
        std::string field, value;
        bool inValue = false;
        for (; i < subject.size(); ++i) {
            const char c = subject[i];
            if (c == '\\' && i + 1 < subject.size()) {
                (inValue ? value : field).push_back(subject[++i]);
                continue;
            }
            if (c == '/')
                break;
            if (c == '=' && !inValue) {
                inValue = true;
                continue;
            }
            (inValue ? value : field).push_back(c);
        }
        ++i;
        if (!inValue || field.empty() || value.empty())
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "subject part without a value: " + field);
        if (!X509_NAME_add_entry_by_txt(name.get(), field.c_str(), MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0)) {
            ERR_clear_error();
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "unknown or invalid subject field " + field);
        }
    }
    return name;
}

std::vector<Owned<X509>> parsePemCertificates(const std::string& pem, const char* step) {
    std::vector<Owned<X509>> out;
    if (pem.empty())
        return out;
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        out.emplace_back(cert);
    const unsigned long err = ERR_peek_last_error();
    if (ERR_GET_REASON(err) == PEM_R_NO_START_LINE)
        ERR_clear_error();
    else if (err) {
        ERR_clear_error();
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "not a PEM certificate");
    }
    if (out.empty())
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "no PEM certificate found");
    return out;
}

Owned<EVP_PKEY> publicKeyOf(Pkcs11Session& session, CK_OBJECT_HANDLE object, const std::string& step) {
    // Required: CKK_RSA is 0, so a key type the key won't show must not read as RSA.
    const CK_ULONG type = ulongAttribute(session.required(object, CKA_KEY_TYPE, "CKA_KEY_TYPE"));
    Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    Owned<BIGNUM> n, e;
    std::vector<unsigned char> point;
    const char* algorithm = nullptr;
    if (type == CKK_RSA) {
        const auto modulus = session.required(object, CKA_MODULUS, "CKA_MODULUS");
        const auto exponent = session.required(object, CKA_PUBLIC_EXPONENT, "CKA_PUBLIC_EXPONENT");
        n.reset(BN_bin2bn(modulus.data(), static_cast<int>(modulus.size()), nullptr));
        e.reset(BN_bin2bn(exponent.data(), static_cast<int>(exponent.size()), nullptr));
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get());
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get());
        algorithm = "RSA";
    } else if (type == CKK_EC) {
        if (session.attribute(object, CKA_EC_PARAMS) != kP256Oid)
            throw TokenError(TokenErrorCode::Unsupported, step, 0, {}, "only EC keys on P-256 are supported");
        // CKA_EC_POINT is the point wrapped in a DER OCTET STRING.
        const auto wrapped = session.required(object, CKA_EC_POINT, "CKA_EC_POINT");
        const unsigned char* p = wrapped.data();
        Owned<ASN1_OCTET_STRING> octets(
            d2i_ASN1_OCTET_STRING(nullptr, &p, static_cast<long>(wrapped.size())));
        if (octets)
            point.assign(ASN1_STRING_get0_data(octets.get()),
                         ASN1_STRING_get0_data(octets.get()) + ASN1_STRING_length(octets.get()));
        else
            point = wrapped; // some modules leave the point unwrapped
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
        algorithm = "EC";
    } else {
        throw TokenError(TokenErrorCode::Unsupported, step, 0, {}, "only RSA and EC keys are supported");
    }
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder.get());
    Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    EVP_PKEY* key = nullptr;
    const bool ok = ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
                    EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
    OSSL_PARAM_free(params);
    if (!ok) {
        ERR_clear_error();
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "the key's public key can't be read");
    }
    return Owned<EVP_PKEY>(key);
}

std::vector<unsigned char> signSha256(Pkcs11Session& session, CK_OBJECT_HANDLE privateKey, bool ec,
                                      const unsigned char* data, std::size_t length,
                                      const std::string& step) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(data, length, digest);
    if (!ec) {
        // CKM_RSA_PKCS over a DigestInfo: every RSA token has it, unlike CKM_SHA256_RSA_PKCS.
        static const unsigned char prefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
        std::vector<unsigned char> info(prefix, prefix + sizeof prefix);
        info.insert(info.end(), digest, digest + sizeof digest);
        return session.sign(privateKey, CKM_RSA_PKCS, info.data(), info.size());
    }
    const auto raw = session.sign(privateKey, CKM_ECDSA, digest, sizeof digest);
    if (raw.size() % 2 != 0 || raw.empty())
        throw TokenError(TokenErrorCode::VerificationFailed, step, 0, {},
                         "the key gave a malformed signature");
    const std::size_t half = raw.size() / 2;
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(raw.data(), static_cast<int>(half), nullptr),
                   BN_bin2bn(raw.data() + half, static_cast<int>(half), nullptr));
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    std::vector<unsigned char> out(der, der + (len > 0 ? len : 0));
    OPENSSL_free(der);
    return out;
}

KeyPairObjects pairOf(Pkcs11Session& s, const std::vector<unsigned char>& id, const std::string& step,
                      bool needPrivate) {
    KeyPairObjects pair;
    // Each class searched for with the id: no object's CKA_CLASS is read (a private key may not show it).
    const auto first = [&](CK_OBJECT_CLASS cls) {
        const auto found = s.find(cls, &id);
        return found.empty() ? CK_INVALID_HANDLE : found.front();
    };
    pair.publicKey = first(CKO_PUBLIC_KEY);
    pair.privateKey = needPrivate ? first(CKO_PRIVATE_KEY) : CK_INVALID_HANDLE;
    pair.certificate = first(CKO_CERTIFICATE);
    if (pair.publicKey == CK_INVALID_HANDLE)
        throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {}, "no public key with this id");
    if (needPrivate && pair.privateKey == CK_INVALID_HANDLE)
        throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {}, "no private key with this id");
    return pair;
}

std::vector<unsigned char> idOfPublicKey(Pkcs11Session& s, EVP_PKEY* wanted, const std::string& step) {
    for (const CK_OBJECT_HANDLE h : s.find(CKO_PUBLIC_KEY)) {
        try {
            if (EVP_PKEY_eq(publicKeyOf(s, h, step).get(), wanted) == 1)
                return s.attribute(h, CKA_ID);
        } catch (const TokenError& e) {
            if (e.code != TokenErrorCode::Unsupported)
                throw;
        }
    }
    throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {},
                     "no key pair on the key fits this certificate");
}

std::vector<CertificateInfo> certificatesOn(Pkcs11Session& s) {
    std::vector<CertificateInfo> out;
    for (const CK_OBJECT_HANDLE h : s.find(CKO_CERTIFICATE)) {
        const auto der = s.attribute(h, CKA_VALUE);
        const unsigned char* p = der.data();
        Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
        if (!cert)
            continue;
        CertificateInfo ci = describeCertificate(cert.get());
        ci.der.assign(der.begin(), der.end());
        const auto id = s.attribute(h, CKA_ID);
        ci.keyId = hex(id.data(), id.size());
        const auto label = s.attribute(h, CKA_LABEL);
        ci.label = std::string(label.begin(), label.end());
        out.push_back(std::move(ci));
    }
    return out;
}

void storeCertificate(Pkcs11Session& s, X509* cert, const std::vector<unsigned char>& id, std::string label) {
    auto value = derOf(i2d_X509, cert);
    auto subject = derOf(i2d_X509_NAME, X509_get_subject_name(cert));
    auto issuer = derOf(i2d_X509_NAME, X509_get_issuer_name(cert));
    auto serialDer = derOf(i2d_ASN1_INTEGER, const_cast<ASN1_INTEGER*>(X509_get0_serialNumber(cert)));
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE type = CKC_X_509;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    std::vector<CK_ATTRIBUTE> tmpl{{CKA_CLASS, &cls, sizeof cls},
                                   {CKA_CERTIFICATE_TYPE, &type, sizeof type},
                                   {CKA_TOKEN, &yes, sizeof yes},
                                   {CKA_PRIVATE, &no, sizeof no},
                                   {CKA_LABEL, label.data(), label.size()},
                                   {CKA_ID, const_cast<unsigned char*>(id.data()), id.size()},
                                   {CKA_SUBJECT, subject.data(), subject.size()},
                                   {CKA_ISSUER, issuer.data(), issuer.size()},
                                   {CKA_SERIAL_NUMBER, serialDer.data(), serialDer.size()},
                                   {CKA_VALUE, value.data(), value.size()}};
    s.create(tmpl);
}

} // namespace countersign::token
