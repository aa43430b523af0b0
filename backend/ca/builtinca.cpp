#include "backend/ca/builtinca.h"

#include "backend/ca/crlpublish.h"
#include "backend/ca/enterpriseprofile.h"
#include "backend/ca/x509build.h"
#include "token/certinfo.h"
#include "token/keydevice.h"
#include "token/owned.h"
#include "token/secretfile.h"
#include "token/signingkey.h"

#include <QtGlobal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <regex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/subtransaction>
#include <pqxx/transaction>

namespace countersign::ca {

namespace {

using token::isoTime;
using token::nameLine;

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string pemOf(X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), cert);
    return bioText(bio.get());
}

std::string derString(X509* cert) {
    unsigned char* raw = nullptr;
    const int len = i2d_X509(cert, &raw);
    const Owned<unsigned char> der(raw);
    return std::string(reinterpret_cast<char*>(der.get()), static_cast<std::size_t>(len > 0 ? len : 0));
}

Owned<X509> fromDer(const pqxx::field& field) {
    const pqxx::binarystring bytes(field);
    const unsigned char* p = bytes.data();
    return Owned<X509>(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
}

Owned<EVP_PKEY> newKey(CaKeyAlgorithm algorithm) {
    EVP_PKEY* key =
        algorithm == CaKeyAlgorithm::EcP256
            ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
            : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA",
                                static_cast<size_t>(algorithm == CaKeyAlgorithm::Rsa3072 ? 3072 : 2048));
    if (!key)
        throw CaError(CaErrorCode::Internal, "CA key generation failed: " + opensslErrors());
    return Owned<EVP_PKEY>(key);
}

Owned<X509> caCertificate(const std::string& commonName, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey,
                          int years, bool root) {
    Owned<X509> cert(X509_new());
    X509_set_version(cert.get(), X509_VERSION_3);
    BN_to_ASN1_INTEGER(randomSerial().get(), X509_get_serialNumber(cert.get()));
    X509_NAME* name = X509_get_subject_name(cert.get());
    addName(name, "C", "CN");
    addName(name, "O", "Countersign");
    addName(name, "CN", commonName);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), years * 365, 0, nullptr);
    X509_set_pubkey(cert.get(), key);
    X509* signer = issuer ? issuer : cert.get();
    addExtension(cert.get(), signer, NID_basic_constraints,
                 root ? "critical,CA:TRUE" : "critical,CA:TRUE,pathlen:0");
    addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) <= 0)
        throw CaError(CaErrorCode::Internal, "signing the CA certificate failed: " + opensslErrors());
    return cert;
}

// Writes a private key that only its owner may read; never overwrites one.
void writePrivateKey(const std::string& path, EVP_PKEY* key) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw CaError(CaErrorCode::Internal,
                      "cannot create " + path + " (it must not exist yet): " + std::strerror(errno));
    Owned<BIO> bio(BIO_new_fd(fd, BIO_CLOSE));
    if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        throw CaError(CaErrorCode::Internal, "cannot write " + path);
}

Owned<EVP_PKEY> readPrivateKey(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw CaError(CaErrorCode::Internal, "the issuing CA key " + path + " is missing");
    if ((st.st_mode & 0077) != 0)
        throw CaError(CaErrorCode::Internal,
                      "the issuing CA key " + path + " must be readable by its owner only (chmod 600)");
    Owned<BIO> bio(BIO_new_file(path.c_str(), "r"));
    EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    if (!key)
        throw CaError(CaErrorCode::Internal,
                      "cannot read the issuing CA key " + path + ": " + opensslErrors());
    return Owned<EVP_PKEY>(key);
}

Secret readPinFile(const std::string& path) {
    auto pin = token::readOwnerOnlyLine(path);
    if (!pin)
        throw CaError(CaErrorCode::Internal,
                      path + " must exist and be readable by its owner only (chmod 600)");
    return std::move(*pin);
}

} // namespace

struct BuiltinCa::Impl {
    pqxx::connection& conn;
    BuiltinCaConfig config;
    Owned<X509> root;
    Owned<X509> issuing;
    Owned<EVP_PKEY> fileKey;                     // the issuing key from its file, or
    std::unique_ptr<token::SigningKey> tokenKey; // the issuing key on its token
    EVP_PKEY* key = nullptr;                     // whichever of the two signs
    std::string issuerLine;
    std::unique_ptr<EnterpriseProfile> profile;

    IssuedCertificate issued(X509* cert) const {
        Owned<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
        Owned<char> hex(BN_bn2hex(serial.get()));
        return {pemOf(cert),
                {pemOf(issuing.get()), pemOf(root.get())},
                hex.get(),
                isoTime(X509_get0_notBefore(cert)),
                isoTime(X509_get0_notAfter(cert))};
    }
};

namespace {

void refuseSecondCa(pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    if (tx.exec1("SELECT count(*) FROM ca_authority")[0].as<int>() != 0)
        throw CaError(CaErrorCode::Rejected, "this database already has a built-in CA");
}

std::string rootKeyPath(const BuiltinCaConfig& config) {
    if (!config.rootKeyFile.empty())
        return config.rootKeyFile;
    if (config.keyFile.empty())
        throw CaError(CaErrorCode::Internal, "no file configured for the root CA key ([ca] root_key_file)");
    return config.keyFile + ".root";
}

void recordCa(pqxx::connection& conn, X509* root, X509* issuing, const char* store, const std::string& ref) {
    pqxx::work tx{conn};
    tx.exec_params0(
        "INSERT INTO ca_authority (root_der, issuing_der, key_store, key_ref) VALUES ($1, $2, $3, $4)",
        pqxx::binarystring(derString(root)), pqxx::binarystring(derString(issuing)), std::string(store), ref);
    tx.commit();
}

} // namespace

void BuiltinCa::initialise(pqxx::connection& conn, const BuiltinCaConfig& config, CaKeyAlgorithm algorithm,
                           const std::string& name) {
    refuseSecondCa(conn);
    if (config.keyFile.empty())
        throw CaError(CaErrorCode::Internal, "no key file configured for the issuing CA ([ca] key_file)");
    auto rootKey = newKey(algorithm);
    auto issuingKey = newKey(algorithm);
    auto root = caCertificate(name + " Root CA", rootKey.get(), nullptr, nullptr, 20, true);
    auto issuing =
        caCertificate(name + " Issuing CA", issuingKey.get(), root.get(), rootKey.get(), 10, false);
    // The root key signs only issuing CAs: it goes to its own file, to be kept offline.
    writePrivateKey(rootKeyPath(config), rootKey.get());
    writePrivateKey(config.keyFile, issuingKey.get());
    recordCa(conn, root.get(), issuing.get(), "file", config.keyFile);
}

void BuiltinCa::initialiseOnToken(pqxx::connection& conn, const BuiltinCaConfig& config,
                                  CaKeyAlgorithm algorithm, const std::string& name,
                                  const std::string& tokenSerial, const Secret& pin) {
    refuseSecondCa(conn);
    // The key pair is made on the token by the key layer; its public key reaches us in a CSR signed there.
    std::string keyId, csrPem;
    try {
        token::KeyDevice device(config.pkcs11Module);
        const auto alg = algorithm == CaKeyAlgorithm::EcP256    ? token::KeyAlgorithm::EcP256
                         : algorithm == CaKeyAlgorithm::Rsa3072 ? token::KeyAlgorithm::Rsa3072
                                                                : token::KeyAlgorithm::Rsa2048;
        keyId = device.generateKeyPair(tokenSerial, pin, alg).keyId;
        csrPem = device.makeCsr(tokenSerial, pin, keyId, "/CN=" + name + " Issuing CA");
    } catch (const token::TokenError& e) {
        throw CaError(CaErrorCode::Internal, std::string("the issuing key's token: ") + e.what());
    }
    Owned<BIO> bio(BIO_new_mem_buf(csrPem.data(), static_cast<int>(csrPem.size())));
    Owned<X509_REQ> csr(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
    if (!csr)
        throw CaError(CaErrorCode::Internal, "the token's CSR is unreadable");
    auto rootKey = newKey(algorithm);
    auto root = caCertificate(name + " Root CA", rootKey.get(), nullptr, nullptr, 20, true);
    auto issuing = caCertificate(name + " Issuing CA", X509_REQ_get0_pubkey(csr.get()), root.get(),
                                 rootKey.get(), 10, false);
    writePrivateKey(rootKeyPath(config), rootKey.get());
    recordCa(conn, root.get(), issuing.get(), "pkcs11", "pkcs11:serial=" + tokenSerial + ";id=" + keyId);
}

BuiltinCa::BuiltinCa(pqxx::connection& conn, BuiltinCaConfig config)
    : d(new Impl{conn, std::move(config), {}, {}, {}, {}, nullptr, {}, {}}) {
    pqxx::read_transaction tx{conn};
    const auto rows = tx.exec("SELECT root_der, issuing_der, key_store, key_ref FROM ca_authority");
    if (rows.empty())
        throw CaError(CaErrorCode::Internal, "no built-in CA in this database: run countersignctl ca init");
    d->root = fromDer(rows[0][0]);
    d->issuing = fromDer(rows[0][1]);
    const std::string keyRef = rows[0][3].as<std::string>();
    if (rows[0][2].as<std::string>() == "pkcs11") {
        // key_ref: pkcs11:serial=<token serial>;id=<CKA_ID hex>
        static const std::regex ref("^pkcs11:serial=([^;]+);id=([0-9A-F]+)$");
        std::smatch m;
        if (!std::regex_match(keyRef, m, ref))
            throw CaError(CaErrorCode::Internal, "unreadable issuing key reference " + keyRef);
        if (d->config.pkcs11Module.empty() || d->config.pinFile.empty())
            throw CaError(CaErrorCode::Internal,
                          "the issuing key is on a PKCS#11 token: set [ca] pkcs11_module and pin_file");
        try {
            d->tokenKey = std::make_unique<token::SigningKey>(d->config.pkcs11Module, m[1], m[2],
                                                              readPinFile(d->config.pinFile));
        } catch (const token::TokenError& e) {
            throw CaError(CaErrorCode::Internal, std::string("the issuing key's token: ") + e.what());
        }
        d->key = d->tokenKey->key();
    } else {
        if (d->config.keyFile.empty())
            d->config.keyFile = keyRef;
        d->fileKey = readPrivateKey(d->config.keyFile);
        d->key = d->fileKey.get();
    }
    if (X509_check_private_key(d->issuing.get(), d->key) != 1) {
        ERR_clear_error();
        throw CaError(CaErrorCode::Internal, "the configured key is not the issuing CA's key");
    }
    d->issuerLine = nameLine(X509_get_subject_name(d->issuing.get()));
    d->profile = std::make_unique<EnterpriseProfile>(
        d->issuing.get(), d->key,
        ProfileSettings{d->config.validityDays, d->config.crlUrl, d->config.caIssuersUrl});
}

BuiltinCa::~BuiltinCa() = default;

IssuedCertificate BuiltinCa::issue(const IssueRequest& request) {
    if (request.requestId.empty())
        throw CaError(CaErrorCode::Rejected, "a request needs a request id");
    if (request.profile != "enterprise-tax")
        throw CaError(CaErrorCode::ProfileViolation, "unknown profile " + request.profile);

    pqxx::work tx{d->conn, "issue"};
    // Two counters resuming the same request at once: one issues, the other then finds it.
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", request.requestId);
    const auto earlier =
        tx.exec_params("SELECT c.der FROM ca_requests r JOIN certificates c ON c.id = r.certificate_id "
                       "WHERE r.request_id = $1",
                       request.requestId);
    if (!earlier.empty()) {
        auto cert = fromDer(earlier[0][0]);
        tx.commit();
        return d->issued(cert.get());
    }

    const SignedCertificate made = d->profile->sign(request.csrPem, request.subject);
    X509* cert = made.certificate.get();
    X509_NAME* subject = X509_get_subject_name(cert);
    const std::string& algorithm = made.keyAlgorithm;

    // A serial clash (the database's unique constraint) is answered with a new serial. The certificate, its
    // enterprise and the request are recorded by the database, for a request it knows this counter waits for.
    for (int attempt = 0;; ++attempt) {
        if (attempt > 0)
            d->profile->resign(cert);
        Owned<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
        Owned<char> hex(BN_bn2hex(serial.get()));
        try {
            pqxx::subtransaction attemptTx{tx, "serial"};
            attemptTx.exec_params1(
                "SELECT countersign.ca_issue_record($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, "
                "$10::timestamptz, $11, NULL)",
                request.requestId, std::string(hex.get()), d->issuerLine, request.profile, nameLine(subject),
                request.subject.uscc, request.subject.company, algorithm, isoTime(X509_get0_notBefore(cert)),
                isoTime(X509_get0_notAfter(cert)), pqxx::binarystring(derString(cert)));
            attemptTx.commit();
            break;
        } catch (const pqxx::unique_violation&) {
            if (attempt >= 4)
                throw;
        }
    }
    tx.commit();
    return d->issued(cert);
}

std::optional<IssuedCertificate> BuiltinCa::findIssued(const std::string& requestId) {
    pqxx::read_transaction tx{d->conn, "find issued"};
    const auto row =
        tx.exec_params("SELECT c.der FROM ca_requests r JOIN certificates c ON c.id = r.certificate_id "
                       "WHERE r.request_id = $1",
                       requestId);
    if (row.empty())
        return std::nullopt;
    auto cert = fromDer(row[0][0]);
    return d->issued(cert.get());
}

void BuiltinCa::revoke(const std::string& serialHex, RevocationReason reason,
                       std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char at[32];
    std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    // Recorded by the database for a certificate this counter is revoking (a transaction's, an admin's); a
    // certificate revoked before keeps its first reason and time.
    pqxx::work tx{d->conn, "revoke"};
    const bool known = tx.exec_params1("SELECT countersign.ca_revoke_record($1, $2, $3, $4::timestamptz)",
                                       serialHex, d->issuerLine, reasonName(reason), std::string(at))[0]
                           .as<bool>();
    if (!known)
        throw CaError(CaErrorCode::NotFound, "no certificate with serial " + serialHex + " from this CA");
    tx.commit();
    // Published at once ([ca] crl_publish_dir): relying parties learn of it now, not at the next timer run. A
    // failure never undoes the revocation; it is logged and audited (ca.crl_publish_failed), and doctor names
    // the revocation the CRL there lacks.
    if (!d->config.crlPublishDir.empty()) {
        try {
            publishCrl(*this, d->config.crlPublishDir, d->config.crlUrl);
        } catch (const std::exception& e) {
            qWarning("certificate %s revoked, but the CRL was not published: %s", serialHex.c_str(),
                     e.what());
            try {
                pqxx::work note{d->conn, "crl_publish_failed"};
                note.exec_params("SELECT countersign.ca_crl_publish_failed($1, $2)", serialHex,
                                 std::string(e.what()));
                note.commit();
            } catch (const std::exception& auditFailure) {
                qWarning("... and the failure could not be audited: %s", auditFailure.what());
            }
        }
    }
}

std::string BuiltinCa::crl() {
    pqxx::work tx{d->conn, "crl"};
    // The next number, the CA's row locked until the CRL is recorded with it (ca_crl_record).
    const long long number = tx.exec1("SELECT countersign.ca_crl_next()")[0].as<long long>();
    const auto revoked =
        tx.exec_params("SELECT serial, to_char(revoked_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS'), "
                       "revocation_reason FROM certificates WHERE issuer = $1 AND revoked_at IS NOT NULL",
                       d->issuerLine);
    Owned<X509_CRL> crl(X509_CRL_new());
    X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(d->issuing.get()));
    const Owned<ASN1_TIME> now(ASN1_TIME_adj(nullptr, std::time(nullptr), 0, 0));
    const Owned<ASN1_TIME> next(ASN1_TIME_adj(nullptr, std::time(nullptr), d->config.crlValidityDays, 0));
    X509_CRL_set1_lastUpdate(crl.get(), now.get());
    X509_CRL_set1_nextUpdate(crl.get(), next.get());
    for (const auto& r : revoked) {
        X509_REVOKED* entry = X509_REVOKED_new();
        BIGNUM* rawSerial = nullptr;
        BN_hex2bn(&rawSerial, r[0].c_str());
        const Owned<BIGNUM> bn(rawSerial);
        const Owned<ASN1_INTEGER> serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
        X509_REVOKED_set_serialNumber(entry, serial.get());
        const Owned<ASN1_TIME> when(ASN1_TIME_new());
        ASN1_TIME_set_string(when.get(), (r[1].as<std::string>() + "Z").c_str());
        X509_REVOKED_set_revocationDate(entry, when.get());
        const Owned<ASN1_ENUMERATED> code(ASN1_ENUMERATED_new());
        ASN1_ENUMERATED_set(
            code.get(),
            static_cast<long>(parseReason(r[2].as<std::string>()).value_or(RevocationReason::Unspecified)));
        X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, code.get(), 0, 0);
        X509_CRL_add0_revoked(crl.get(), entry);
    }
    const Owned<ASN1_INTEGER> crlNumber(ASN1_INTEGER_new());
    ASN1_INTEGER_set_int64(crlNumber.get(), number);
    X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crlNumber.get(), 0, 0);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, d->issuing.get(), nullptr, nullptr, crl.get(), 0);
    if (const Owned<X509_EXTENSION> aki{
            X509V3_EXT_nconf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always")})
        X509_CRL_add_ext(crl.get(), aki.get(), -1);
    X509_CRL_sort(crl.get());
    if (X509_CRL_sign(crl.get(), d->key, EVP_sha256()) <= 0)
        throw CaError(CaErrorCode::Internal, "signing the CRL failed: " + opensslErrors());
    unsigned char* rawDer = nullptr;
    const int len = i2d_X509_CRL(crl.get(), &rawDer);
    const Owned<unsigned char> der(rawDer);
    tx.exec_params1(
        "SELECT countersign.ca_crl_record($1, $2, $3)", number, d->config.crlValidityDays,
        pqxx::binarystring(std::string(reinterpret_cast<char*>(der.get()), static_cast<std::size_t>(len))));
    tx.commit();
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_CRL(bio.get(), crl.get());
    return bioText(bio.get());
}

std::vector<std::string> BuiltinCa::chain() {
    return {pemOf(d->issuing.get()), pemOf(d->root.get())};
}

StatusInfo BuiltinCa::status(const std::string& serialHex) {
    pqxx::read_transaction tx{d->conn};
    const auto row = tx.exec_params(
        "SELECT revocation_reason, coalesce(to_char(revoked_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM certificates WHERE serial = $1 AND issuer = $2",
        serialHex, d->issuerLine);
    StatusInfo info;
    if (row.empty())
        return info;
    if (row[0][0].is_null()) {
        info.status = CertificateStatus::Good;
        return info;
    }
    info.status = CertificateStatus::Revoked;
    info.reason = parseReason(row[0][0].as<std::string>());
    info.revokedAt = row[0][1].as<std::string>();
    return info;
}

} // namespace countersign::ca
