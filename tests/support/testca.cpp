#include "tests/support/testca.h"

#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace countersign::test {

namespace {

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        throw std::runtime_error("test CA: bad extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

void randomSerial(X509* cert) {
    BIGNUM* bn = BN_new();
    BN_rand(bn, 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
    BN_free(bn);
}

std::string toPem(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return out;
}

} // namespace

struct TestCa::Impl {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    ~Impl() {
        X509_free(cert);
        EVP_PKEY_free(key);
    }
};

TestCa::TestCa()
    : d(std::make_unique<Impl>()) {
    d->key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    d->cert = X509_new();
    X509_set_version(d->cert, X509_VERSION_3);
    randomSerial(d->cert);
    X509_NAME* name = X509_get_subject_name(d->cert);
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("CN"), -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Countersign 测试根CA"), -1, -1, 0);
    X509_set_issuer_name(d->cert, name);
    X509_gmtime_adj(X509_getm_notBefore(d->cert), -60);
    X509_time_adj_ex(X509_getm_notAfter(d->cert), 3650, 0, nullptr);
    X509_set_pubkey(d->cert, d->key);
    addExtension(d->cert, d->cert, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(d->cert, d->cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(d->cert, d->cert, NID_subject_key_identifier, "hash");
    addExtension(d->cert, d->cert, NID_authority_key_identifier, "keyid:always");
    X509_sign(d->cert, d->key, EVP_sha256());
}

TestCa::~TestCa() = default;

std::string TestCa::certificatePem() const {
    return toPem(d->cert);
}

std::string TestCa::sign(const std::string& csrPem, int days) const {
    BIO* bio = BIO_new_mem_buf(csrPem.data(), static_cast<int>(csrPem.size()));
    X509_REQ* req = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!req || X509_REQ_verify(req, X509_REQ_get0_pubkey(req)) != 1)
        throw std::runtime_error("test CA: the CSR does not verify");
    X509* cert = X509_new();
    X509_set_version(cert, X509_VERSION_3);
    randomSerial(cert);
    X509_set_subject_name(cert, X509_REQ_get_subject_name(req));
    X509_set_issuer_name(cert, X509_get_subject_name(d->cert));
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_time_adj_ex(X509_getm_notAfter(cert), days, 0, nullptr);
    X509_set_pubkey(cert, X509_REQ_get0_pubkey(req));
    addExtension(cert, d->cert, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert, d->cert, NID_key_usage, "critical,digitalSignature,nonRepudiation");
    addExtension(cert, d->cert, NID_ext_key_usage, "clientAuth");
    addExtension(cert, d->cert, NID_subject_key_identifier, "hash");
    addExtension(cert, d->cert, NID_authority_key_identifier, "keyid:always");
    X509_sign(cert, d->key, EVP_sha256());
    std::string pem = toPem(cert);
    X509_free(cert);
    X509_REQ_free(req);
    return pem;
}

} // namespace countersign::test
