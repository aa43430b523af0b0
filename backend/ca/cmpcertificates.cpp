#include "backend/ca/cmpcertificates.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <utility>

#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "backend/ca/cmpfailure.h"
#include "token/certinfo.h"

namespace countersign::ca::cmp {

namespace {

using token::nameLine;

std::string hexOf(const BIGNUM* bn) {
    Owned<char> hex(BN_bn2hex(bn));
    if (!hex)
        throw CaError(CaErrorCode::Internal, "cannot format a serial number: " + opensslErrors());
    return hex.get();
}

// Refuses a secret or key file anyone but its owner can read: it lets whoever reads it act as this counter.
void checkPrivateFile(const std::string& path, const std::string& what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw CaError(CaErrorCode::Internal, "the " + what + " " + path + " is missing");
    if (!S_ISREG(st.st_mode))
        throw CaError(CaErrorCode::Internal, "the " + what + " " + path + " is not a regular file");
    if ((st.st_mode & 0077) != 0)
        throw CaError(CaErrorCode::Internal,
                      "the " + what + " " + path + " must be readable by its owner only (chmod 600)");
}

// A name's attributes as (OID, UTF-8 value), sorted: the comparison ignores the order of the RDNs and the
// string types, because CAs re-order and re-encode them freely while the enterprise named stays the same.
std::vector<std::pair<std::string, std::string>> attributesOf(const X509_NAME* name) {
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        char oid[128];
        OBJ_obj2txt(oid, sizeof oid, X509_NAME_ENTRY_get_object(entry), 1);
        unsigned char* utf8 = nullptr;
        const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
        Owned<unsigned char> owned(utf8);
        out.emplace_back(oid, len > 0
                                  ? std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len))
                                  : std::string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len > 0 ? len : 0));
}

std::string pemOf(const X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        throw CaError(CaErrorCode::Internal, "cannot write a certificate as PEM: " + opensslErrors());
    return bioText(bio.get());
}

std::string serialOf(const X509* cert) {
    Owned<BIGNUM> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!bn)
        throw CaError(CaErrorCode::Internal, "cannot read a certificate's serial number: " + opensslErrors());
    return hexOf(bn.get());
}

std::optional<std::string> canonicalSerial(const std::string& serialHex) {
    if (serialHex.empty() || serialHex.size() > 64 ||
        !std::all_of(serialHex.begin(), serialHex.end(), [](unsigned char c) { return std::isxdigit(c); }))
        return std::nullopt;
    BIGNUM* raw = nullptr;
    const int digits = BN_hex2bn(&raw, serialHex.c_str());
    Owned<BIGNUM> bn(raw);
    if (!bn || digits != static_cast<int>(serialHex.size()))
        return std::nullopt;
    return hexOf(bn.get());
}

Owned<X509> certFromPem(const std::string& pem) {
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return Owned<X509>(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

Secret readSecretFile(const std::string& path) {
    checkPrivateFile(path, "CMP shared secret file");
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
        throw CaError(CaErrorCode::Internal, "cannot read the CMP shared secret file " + path);
    while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r'))
        bytes.pop_back();
    if (bytes.empty())
        throw CaError(CaErrorCode::Internal, "the CMP shared secret file " + path + " is empty");
    return Secret::take(bytes);
}

std::vector<Owned<X509>> readCertificates(const std::string& path) {
    Owned<BIO> bio(BIO_new_file(path.c_str(), "r"));
    if (!bio)
        throw CaError(CaErrorCode::Internal,
                      "cannot read the certificate file " + path + ": " + opensslErrors());
    std::vector<Owned<X509>> certs;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        certs.emplace_back(cert);
    // Reading stops with a "no start line" error at the end of the file; that one is no failure.
    ERR_clear_error();
    if (certs.empty())
        throw CaError(CaErrorCode::Internal, "the file " + path + " holds no PEM certificate");
    return certs;
}

Owned<EVP_PKEY> readPrivateKey(const std::string& path) {
    checkPrivateFile(path, "CMP client key");
    Owned<BIO> bio(BIO_new_file(path.c_str(), "r"));
    Owned<EVP_PKEY> key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key)
        throw CaError(CaErrorCode::Internal,
                      "cannot read the CMP client key " + path + ": " + opensslErrors());
    return key;
}

Owned<STACK_OF(X509)> stackOf(const std::vector<Owned<X509>>& certs) {
    Owned<STACK_OF(X509)> stack(sk_X509_new_null());
    if (!stack)
        throw CaError(CaErrorCode::Internal, "out of memory");
    for (const auto& c : certs) {
        if (X509_up_ref(c.get()) != 1 || sk_X509_push(stack.get(), c.get()) <= 0)
            throw CaError(CaErrorCode::Internal, "out of memory");
    }
    return stack;
}

Owned<X509_NAME> enterpriseSubject(const SubjectFields& subject) {
    if (subject.company.empty() || subject.uscc.empty())
        throw CaError(
            CaErrorCode::ProfileViolation,
            "the request carries no company name or USCC from the papers; the subject is made from them");
    Owned<X509_NAME> name(X509_NAME_new());
    const std::pair<const char*, std::string> fields[] = {
        {"C", "CN"},
        {"O", subject.company},
        {"CN", subject.company},
        {"organizationIdentifier", "NTRCN-" + subject.uscc},
    };
    for (const auto& [field, value] : fields) {
        if (!name || X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                                reinterpret_cast<const unsigned char*>(value.c_str()),
                                                static_cast<int>(value.size()), -1, 0) != 1)
            throw CaError(CaErrorCode::Internal,
                          std::string("cannot put ") + field + " into the subject: " + opensslErrors());
    }
    return name;
}

std::string ExpectedCertificate::check(const X509* cert) const {
    const EVP_PKEY* got = X509_get0_pubkey(cert);
    if (!got || EVP_PKEY_eq(got, key) != 1)
        return "the CA returned a certificate for another key than the CSR's";
    if (attributesOf(X509_get_subject_name(cert)) != attributesOf(subject))
        return "the CA returned a certificate for another subject: asked for " + nameLine(subject) +
               ", got " + nameLine(X509_get_subject_name(cert));
    return {};
}

// Runs before OpenSSL confirms the new certificate to the CA: refusing it here sends a negative certConf, so
// the CA learns the certificate was not accepted (and should revoke it) instead of us silently dropping it.
int confirmCertificate(OSSL_CMP_CTX* ctx, X509* cert, int failInfo, const char** text) {
    auto* expected = static_cast<ExpectedCertificate*>(OSSL_CMP_CTX_get_certConf_cb_arg(ctx));
    if (!expected || !cert)
        return failInfo;
    expected->problem = expected->check(cert);
    if (!expected->problem.empty()) {
        *text = expected->problem.c_str();
        return failInfo | OSSL_CMP_CTX_FAILINFO_badCertTemplate;
    }
    if (failInfo == 0 && expected->record) {
        expected->recordFailure = expected->record(ctx, cert);
        if (!expected->recordFailure.empty()) {
            *text = "the counter could not record the certificate";
            return failInfo | OSSL_CMP_CTX_FAILINFO_systemFailure;
        }
    }
    return failInfo;
}

// Issuing CA first, root last, from whatever certificates the CA sent along (caPubs, extraCerts, which may
// hold unrelated ones, e.g. the CMP server's own) and the configured chain. Each link's signature is checked
// so that a re-keyed CA with the same name cannot slip in.
std::vector<std::string> chainFor(const X509* cert, const std::vector<X509*>& pool) {
    std::vector<std::string> out;
    const X509* current = cert;
    for (std::size_t depth = 0; depth <= pool.size(); ++depth) {
        if (X509_check_issued(const_cast<X509*>(current), const_cast<X509*>(current)) == X509_V_OK &&
            current != cert)
            break; // the root
        const auto issuer = std::find_if(pool.begin(), pool.end(), [&](X509* candidate) {
            return X509_cmp(candidate, current) != 0 &&
                   X509_check_issued(candidate, const_cast<X509*>(current)) == X509_V_OK &&
                   X509_verify(const_cast<X509*>(current), X509_get0_pubkey(candidate)) == 1;
        });
        if (issuer == pool.end())
            break;
        out.push_back(pemOf(*issuer));
        current = *issuer;
    }
    ERR_clear_error(); // failed candidate checks leave entries that mean nothing
    return out;
}

} // namespace countersign::ca::cmp
