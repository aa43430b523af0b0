#include "tests/support/legacyca.h"

#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "backend/identifiers/uscc.h"
#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::test {

namespace {

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    const Owned<X509_EXTENSION> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
    if (!ext)
        throw std::runtime_error("legacy CA: bad extension");
    X509_add_ext(cert, ext.get(), -1);
}

void addName(X509_NAME* name, const char* field, const std::string& value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
}

void randomSerial(X509* cert) {
    const Owned<BIGNUM> bn(BN_new());
    BN_rand(bn.get(), 120, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert));
}

std::string pemOf(X509* cert) {
    const Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

} // namespace

struct LegacyCa::Impl {
    Owned<EVP_PKEY> key{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
    Owned<X509> cert{X509_new()};
};

LegacyCa::LegacyCa(const std::string& name)
    : d(std::make_unique<Impl>()) {
    X509* c = d->cert.get();
    X509_set_version(c, X509_VERSION_3);
    randomSerial(c);
    X509_NAME* subject = X509_get_subject_name(c);
    addName(subject, "C", "CN");
    addName(subject, "O", "旧系统");
    addName(subject, "CN", name);
    X509_set_issuer_name(c, subject);
    X509_time_adj_ex(X509_getm_notBefore(c), -7300, 0, nullptr);
    X509_time_adj_ex(X509_getm_notAfter(c), 3650, 0, nullptr);
    X509_set_pubkey(c, d->key.get());
    addExtension(c, c, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(c, c, NID_subject_key_identifier, "hash");
    X509_sign(c, d->key.get(), EVP_sha256());
}

LegacyCa::~LegacyCa() = default;

std::string LegacyCa::issue(const std::string& uscc, const std::string& company, int fromDays,
                            int toDays) const {
    const Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    const Owned<X509> cert(X509_new());
    X509* c = cert.get();
    X509_set_version(c, X509_VERSION_3);
    randomSerial(c);
    X509_NAME* subject = X509_get_subject_name(c);
    addName(subject, "C", "CN");
    addName(subject, "O", company);
    addName(subject, "CN", company);
    addName(subject, "organizationIdentifier", "NTRCN-" + uscc);
    X509_set_issuer_name(c, X509_get_subject_name(d->cert.get()));
    X509_time_adj_ex(X509_getm_notBefore(c), fromDays, 0, nullptr);
    X509_time_adj_ex(X509_getm_notAfter(c), toDays, 0, nullptr);
    X509_set_pubkey(c, key.get());
    addExtension(c, d->cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(c, d->cert.get(), NID_key_usage, "critical,digitalSignature,nonRepudiation");
    addExtension(c, d->cert.get(), NID_authority_key_identifier, "keyid:always");
    X509_sign(c, d->key.get(), EVP_sha256());
    return pemOf(c);
}

std::string LegacyCa::certificatePem() const {
    return pemOf(d->cert.get());
}

std::string serialOfPem(const std::string& pem) {
    const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    const Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    return cert ? token::describeCertificate(cert.get()).serial : std::string();
}

std::string usccFor(long long n) {
    std::string digits = std::to_string((n < 0 ? -n : n) % 1000000000LL);
    const std::string head = "91110000" + std::string(9 - digits.size(), '0') + digits;
    return head + *usccCheckCharacter(head);
}

std::string csvQuoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

} // namespace countersign::test
