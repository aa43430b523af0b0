#include "backend/ca/cmpca.h"

#include <algorithm>
#include <ctime>
#include <utility>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cmp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/http.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "backend/ca/cmpcertificates.h"
#include "backend/ca/cmpfailure.h"
#include "backend/ca/crlfreshness.h"
#include "token/certinfo.h"
#include "token/owned.h"

namespace countersign::ca {

// --- the journal kept in memory ---------------------------------------------------------------------------

std::optional<IssuedCertificate> InMemoryJournal::find(const std::string& requestId) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_byRequest.find(requestId);
    if (it == m_byRequest.end())
        return std::nullopt;
    return it->second;
}

void InMemoryJournal::record(const std::string& requestId, const IssuedCertificate& certificate) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_byRequest[requestId] = certificate;
    m_bySerial[certificate.serialHex] = certificate.certificatePem;
}

std::optional<std::string> InMemoryJournal::certificateBySerial(const std::string& serialHex) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_bySerial.find(serialHex);
    if (it == m_bySerial.end())
        return std::nullopt;
    return it->second;
}

IssueJournal::Attempt InMemoryJournal::begin(const std::string& requestId, const std::string&) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const int number = ++m_attempts[requestId];
    return {number, cmpTransactionId(requestId, number)};
}

void InMemoryJournal::confirmed(const std::string&, int) {}

namespace {

std::string sha256(const std::string& data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
        throw CaError(CaErrorCode::Internal, "cannot compute a SHA-256 digest");
    return std::string(reinterpret_cast<char*>(md), len);
}

} // namespace

std::string cmpTransactionId(const std::string& requestId, int attempt) {
    return sha256("countersign-cmp:" + requestId + ":" + std::to_string(attempt)).substr(0, 16);
}

using cmp::bioText;
using cmp::canonicalSerial;
using cmp::certFromPem;
using cmp::chainFor;
using cmp::cmpFailure;
using cmp::CmpLog;
using cmp::confirmCertificate;
using cmp::enterpriseSubject;
using cmp::ExpectedCertificate;
using cmp::keepCmpErrors;
using cmp::opensslErrors;
using cmp::pemOf;
using cmp::readCertificates;
using cmp::readPrivateKey;
using cmp::readSecretFile;
using cmp::serialOf;
using cmp::stackOf;
using token::isoTime;
using token::nameLine;

// --- CmpCa ------------------------------------------------------------------------------------------------

struct CmpCa::Impl {
    explicit Impl(IssueJournal& j)
        : journal(j) {}

    IssueJournal& journal;
    std::string host;
    int port = 80;
    std::string path;
    std::string where; ///< host:port/path, for messages
    std::string reference;
    Secret secret;
    Owned<X509> clientCert;
    Owned<EVP_PKEY> clientKey;
    std::vector<Owned<X509>> clientChain;
    std::vector<Owned<X509>> trusted;
    std::vector<Owned<X509>> configuredChain;
    std::string crlUrl;
    int messageTimeout = 30;
    int totalTimeout = 120;
    bool acceptUnprotectedErrors = false;

    std::mutex issueMutex;
    std::mutex chainMutex;
    std::vector<std::string> lastChain;

    /// A fresh context per transaction: it holds the transaction's ID, nonces and results, none reusable.
    Owned<OSSL_CMP_CTX> context(const std::string& step) const {
        Owned<OSSL_CMP_CTX> ctx(OSSL_CMP_CTX_new(nullptr, nullptr));
        if (!ctx)
            throw CaError(CaErrorCode::Internal, step + ": cannot create a CMP context: " + opensslErrors());
        OSSL_CMP_CTX* c = ctx.get();
        bool ok =
            OSSL_CMP_CTX_set_log_cb(c, keepCmpErrors) == 1 &&
            OSSL_CMP_CTX_set_log_verbosity(c, OSSL_CMP_LOG_ERR) == 1 &&
            OSSL_CMP_CTX_set1_server(c, host.c_str()) == 1 && OSSL_CMP_CTX_set_serverPort(c, port) == 1 &&
            OSSL_CMP_CTX_set1_serverPath(c, path.c_str()) == 1 &&
            OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_MSG_TIMEOUT, messageTimeout) == 1 &&
            OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_TOTAL_TIMEOUT, totalTimeout) == 1 &&
            OSSL_CMP_CTX_set_option(c, OSSL_CMP_OPT_UNPROTECTED_ERRORS, acceptUnprotectedErrors ? 1 : 0) == 1;
        if (ok && !trusted.empty()) {
            Owned<X509_STORE> store(X509_STORE_new());
            ok = store != nullptr;
            for (const auto& cert : trusted)
                ok = ok && X509_STORE_add_cert(store.get(), cert.get()) == 1;
            ok = ok && OSSL_CMP_CTX_set0_trustedStore(c, store.get()) == 1;
            if (ok)
                store.release(); // the context owns it now
        }
        if (ok && !secret.empty()) {
            ok = OSSL_CMP_CTX_set1_referenceValue(c, reinterpret_cast<const unsigned char*>(reference.data()),
                                                  static_cast<int>(reference.size())) == 1 &&
                 OSSL_CMP_CTX_set1_secretValue(c, reinterpret_cast<const unsigned char*>(secret.c_str()),
                                               static_cast<int>(secret.size())) == 1;
        } else if (ok) {
            Owned<STACK_OF(X509)> untrusted = stackOf(clientChain);
            ok = OSSL_CMP_CTX_set1_cert(c, clientCert.get()) == 1 &&
                 OSSL_CMP_CTX_set1_pkey(c, clientKey.get()) == 1 &&
                 OSSL_CMP_CTX_set1_untrusted(c, untrusted.get()) == 1;
        }
        if (!ok)
            throw CaError(CaErrorCode::Internal,
                          step + ": cannot set up the CMP context: " + opensslErrors());
        return ctx;
    }

    /// The certificate the CA answered with, its validity and chain (from caPubs, extraCerts and the
    /// configured chain).
    IssuedCertificate describe(OSSL_CMP_CTX* ctx, X509* cert) const {
        IssuedCertificate issued;
        issued.certificatePem = pemOf(cert);
        issued.serialHex = serialOf(cert);
        issued.notBefore = isoTime(X509_get0_notBefore(cert));
        issued.notAfter = isoTime(X509_get0_notAfter(cert));
        const Owned<STACK_OF(X509)> caPubs(OSSL_CMP_CTX_get1_caPubs(ctx));
        const Owned<STACK_OF(X509)> extraCerts(OSSL_CMP_CTX_get1_extraCertsIn(ctx));
        std::vector<X509*> pool;
        for (const STACK_OF(X509) * stack : {caPubs.get(), extraCerts.get()})
            for (int i = 0; stack && i < sk_X509_num(stack); ++i)
                pool.push_back(sk_X509_value(stack, i));
        for (const auto& c : configuredChain)
            pool.push_back(c.get());
        issued.chainPem = chainFor(cert, pool);
        return issued;
    }

    const X509* issuingCa() const {
        return configuredChain.empty() ? nullptr : configuredChain.front().get();
    }

    /// The CRL at crlUrl, its signature checked when the issuing CA is known.
    Owned<X509_CRL> fetchCrl() {
        if (crlUrl.empty())
            throw CaError(
                CaErrorCode::NotSupported,
                "no CRL URL is configured, and OpenSSL 3.0's CMP client cannot ask the CA for its CRL");
        ERR_clear_error();
        // HTTP/1.0 without keep-alive: the body is whatever arrives until the server closes, DER or PEM
        // alike, so it is read as a stream rather than by OpenSSL's ASN.1-only reader.
        Owned<BIO> response(OSSL_HTTP_get(crlUrl.c_str(), nullptr, nullptr, nullptr, nullptr, nullptr,
                                          nullptr, 0, nullptr, nullptr, 0, OSSL_HTTP_DEFAULT_MAX_CRL_LEN,
                                          messageTimeout));
        if (!response)
            throw CaError(CaErrorCode::Unreachable,
                          "fetching the CRL from " + crlUrl + ": " + opensslErrors());
        const time_t deadline = messageTimeout > 0 ? std::time(nullptr) + messageTimeout : 0;
        std::string body;
        char buf[16384];
        for (;;) {
            const int n = BIO_read(response.get(), buf, sizeof buf);
            if (n > 0) {
                body.append(buf, static_cast<std::size_t>(n));
                if (body.size() > OSSL_HTTP_DEFAULT_MAX_CRL_LEN)
                    throw CaError(CaErrorCode::Internal, "the CRL at " + crlUrl + " is larger than 32 MiB");
                continue;
            }
            if (!BIO_should_retry(response.get()))
                break;
            const int ready = BIO_wait(response.get(), deadline, 100);
            if (ready <= 0)
                throw CaError(CaErrorCode::Unreachable,
                              "fetching the CRL from " + crlUrl + ": " +
                                  (ready == 0 ? std::string("timed out") : opensslErrors()));
        }
        Owned<X509_CRL> crl = crlFromBytes(body);
        if (!crl)
            throw CaError(CaErrorCode::Internal,
                          "what " + crlUrl + " returned is not a CRL (neither DER nor PEM)");
        Owned<X509> issuer;
        if (const X509* configured = issuingCa()) {
            issuer.reset(X509_dup(configured));
        } else {
            std::lock_guard<std::mutex> lock(chainMutex);
            if (!lastChain.empty())
                issuer = certFromPem(lastChain.front());
        }
        if (issuer && X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer.get())) != 1) {
            ERR_clear_error();
            throw CaError(CaErrorCode::Internal, "the CRL at " + crlUrl +
                                                     " is not signed by the issuing CA " +
                                                     nameLine(X509_get_subject_name(issuer.get())));
        }
        return crl;
    }
};

CmpCa::CmpCa(CmpConfig config, IssueJournal& journal)
    : d(std::make_unique<Impl>(journal)) {
    std::string url = config.server;
    if (url.empty())
        throw CaError(CaErrorCode::Internal, "no CMP server is configured");
    if (url.find("://") == std::string::npos)
        url = "http://" + url;
    int useTls = 0;
    int portNumber = 0;
    char* rawHost = nullptr;
    char* rawPath = nullptr;
    const int parsed = OSSL_HTTP_parse_url(url.c_str(), &useTls, nullptr, &rawHost, nullptr, &portNumber,
                                           &rawPath, nullptr, nullptr);
    Owned<char> host(rawHost), urlPath(rawPath);
    if (parsed != 1)
        throw CaError(CaErrorCode::Internal,
                      "the CMP server " + config.server + " is not a URL: " + opensslErrors());
    if (useTls)
        // CMP messages carry their own MAC or signature; TLS would need libssl, which this connector avoids.
        throw CaError(CaErrorCode::NotSupported,
                      "CMP over https is not supported; use http:// (" + config.server + ")");
    d->host = host.get();
    d->port = portNumber;
    d->path = !config.path.empty() ? config.path : std::string(urlPath ? urlPath.get() : "/");
    d->where = d->host + ":" + std::to_string(d->port) +
               (!d->path.empty() && d->path.front() == '/' ? "" : "/") + d->path;

    const bool sharedSecret = !config.secret.empty() || !config.secretFile.empty();
    const bool clientCertificate = !config.clientCertFile.empty() || !config.clientKeyFile.empty();
    if (sharedSecret == clientCertificate)
        throw CaError(CaErrorCode::Internal,
                      "configure either a CMP shared secret (reference and secret) or a "
                      "client certificate and key, exactly one of them");
    if (sharedSecret) {
        if (config.reference.empty())
            throw CaError(CaErrorCode::Internal,
                          "the CMP shared secret needs the reference the CA knows it by (senderKID)");
        d->reference = config.reference;
        d->secret = !config.secret.empty() ? std::move(config.secret) : readSecretFile(config.secretFile);
    } else {
        if (config.clientCertFile.empty() || config.clientKeyFile.empty())
            throw CaError(CaErrorCode::Internal,
                          "a CMP client certificate needs both the certificate and the key");
        auto certs = readCertificates(config.clientCertFile);
        d->clientCert = std::move(certs.front());
        certs.erase(certs.begin());
        d->clientChain = std::move(certs);
        d->clientKey = readPrivateKey(config.clientKeyFile);
        if (X509_check_private_key(d->clientCert.get(), d->clientKey.get()) != 1)
            throw CaError(CaErrorCode::Internal, "the CMP client key " + config.clientKeyFile +
                                                     " does not belong to the certificate in " +
                                                     config.clientCertFile + ": " + opensslErrors());
    }
    for (const auto& file : config.trustedCertFiles)
        for (auto& cert : readCertificates(file))
            d->trusted.push_back(std::move(cert));
    for (const auto& file : config.caChainFiles)
        for (auto& cert : readCertificates(file))
            d->configuredChain.push_back(std::move(cert));
    if (!config.crlUrl.empty() && config.crlUrl.rfind("http://", 0) != 0)
        throw CaError(CaErrorCode::NotSupported, "the CRL URL must be http:// (" + config.crlUrl + ")");
    d->crlUrl = config.crlUrl;
    d->messageTimeout = std::max(0, config.messageTimeoutSeconds);
    d->totalTimeout = std::max(0, config.totalTimeoutSeconds);
    d->acceptUnprotectedErrors = config.acceptUnprotectedErrors;
}

CmpCa::~CmpCa() = default;

std::optional<IssuedCertificate> CmpCa::findIssued(const std::string& requestId) {
    return d->journal.find(requestId);
}

IssuedCertificate CmpCa::issue(const IssueRequest& request) {
    if (request.requestId.empty())
        throw CaError(CaErrorCode::Internal,
                      "an issue request needs a request id: it is what makes asking again safe");
    // CMP itself is not idempotent; one issue at a time keeps two calls with the same id from both missing
    // the journal and reaching the CA. (Across processes the journal's own uniqueness has to do it.)
    std::lock_guard<std::mutex> issueLock(d->issueMutex);
    if (auto known = d->journal.find(request.requestId)) {
        std::lock_guard<std::mutex> lock(d->chainMutex);
        d->lastChain = known->chainPem;
        return *known;
    }

    Owned<X509_REQ> csr;
    {
        Owned<BIO> bio(BIO_new_mem_buf(request.csrPem.data(), static_cast<int>(request.csrPem.size())));
        csr.reset(bio ? PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    }
    if (!csr)
        throw CaError(CaErrorCode::CsrInvalid,
                      "the CSR is not a PEM certificate request: " + opensslErrors());
    EVP_PKEY* csrKey = X509_REQ_get0_pubkey(csr.get());
    if (!csrKey || X509_REQ_verify(csr.get(), csrKey) != 1)
        throw CaError(CaErrorCode::CsrInvalid, "the CSR's signature does not verify: " + opensslErrors());
    const Owned<X509_NAME> subject = enterpriseSubject(request.subject);
    ExpectedCertificate expected{csrKey, subject.get(), {}, {}, {}};
    std::string csrDer;
    {
        unsigned char* der = nullptr;
        const int len = i2d_X509_REQ(csr.get(), &der);
        const Owned<unsigned char> owned(der);
        if (len <= 0)
            throw CaError(CaErrorCode::CsrInvalid, "the CSR cannot be encoded: " + opensslErrors());
        csrDer.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    }

    const std::string step = "requesting a certificate for request " + request.requestId;
    // The intent is on record before anything is sent: the attempt, the CSR's digest and the transactionID.
    const IssueJournal::Attempt attempt = d->journal.begin(request.requestId, sha256(csrDer));
    CmpLog log;
    const auto ctx = d->context(step);
    const Owned<ASN1_OCTET_STRING> transactionId(ASN1_OCTET_STRING_new());
    // A p10cr carries the CSR exactly as the token signed it: OpenSSL 3.0 puts the subject set here only into
    // the message header (as sender, under MAC protection), so the CA sees the CSR's subject. It is set as
    // the profile asks all the same; what counts is the check of the certificate that comes back.
    // Implicit confirmation is never asked for: the counter confirms (certConf) only a certificate it has
    // recorded, so the CA never counts one the counter does not know.
    bool ok = transactionId &&
              ASN1_OCTET_STRING_set(transactionId.get(),
                                    reinterpret_cast<const unsigned char*>(attempt.transactionId.data()),
                                    static_cast<int>(attempt.transactionId.size())) == 1 &&
              OSSL_CMP_CTX_set1_transactionID(ctx.get(), transactionId.get()) == 1 &&
              OSSL_CMP_CTX_set_option(ctx.get(), OSSL_CMP_OPT_IMPLICIT_CONFIRM, 0) == 1 &&
              OSSL_CMP_CTX_set_option(ctx.get(), OSSL_CMP_OPT_DISABLE_CONFIRM, 0) == 1 &&
              OSSL_CMP_CTX_set1_p10CSR(ctx.get(), csr.get()) == 1 &&
              OSSL_CMP_CTX_set1_subjectName(ctx.get(), subject.get()) == 1 &&
              OSSL_CMP_CTX_set_certConf_cb(ctx.get(), confirmCertificate) == 1 &&
              OSSL_CMP_CTX_set_certConf_cb_arg(ctx.get(), &expected) == 1;
    if (ok && d->issuingCa())
        // The header's recipient names the CA we expect to answer.
        ok = OSSL_CMP_CTX_set1_recipient(ctx.get(), X509_get_subject_name(d->issuingCa())) == 1;
    if (!ok)
        throw CaError(CaErrorCode::Internal, step + ": cannot set up the request: " + opensslErrors());

    // The certificate is recorded from the certConf callback, after its checks and before the confirmation
    // goes out: a crash before the record leaves it unconfirmed (void at the CA), one after finds it on
    // record.
    std::optional<IssuedCertificate> recorded;
    expected.record = [&](OSSL_CMP_CTX* c, X509* cert) -> std::string {
        try {
            IssuedCertificate issued = d->describe(c, cert);
            d->journal.record(request.requestId, issued);
            recorded = std::move(issued);
            return {};
        } catch (const std::exception& e) {
            return e.what();
        }
    };

    X509* cert = OSSL_CMP_exec_P10CR_ses(ctx.get()); // owned by ctx
    if (!expected.recordFailure.empty()) {
        ERR_clear_error();
        throw CaError(CaErrorCode::Internal, step +
                                                 ": the certificate could not be recorded, so it was not "
                                                 "confirmed to the CA: " +
                                                 expected.recordFailure);
    }
    if (!cert) {
        if (!expected.problem.empty()) {
            ERR_clear_error();
            throw CaError(CaErrorCode::ProfileViolation, expected.problem);
        }
        throw cmpFailure(ctx.get(), step, d->where, log);
    }
    // A CA that granted implicit confirmation anyway (we never ask for it) skips the confirmation and may
    // skip the callback: such a certificate is checked and recorded here, and the CA is not one to use.
    if (const std::string problem = expected.check(cert); !problem.empty())
        throw CaError(CaErrorCode::ProfileViolation, problem);
    if (!recorded) {
        recorded = d->describe(ctx.get(), cert);
        d->journal.record(request.requestId, *recorded);
    }
    d->journal.confirmed(request.requestId, attempt.number);
    std::lock_guard<std::mutex> lock(d->chainMutex);
    d->lastChain = recorded->chainPem;
    return *recorded;
}

void CmpCa::revoke(const std::string& serialHex, RevocationReason reason,
                   std::chrono::system_clock::time_point when) {
    // OpenSSL 3.0's rr has no field for the revocation time (nor invalidityDate): the CA uses its own clock.
    (void)when;
    const auto serial = canonicalSerial(serialHex);
    const auto pem = serial ? d->journal.certificateBySerial(*serial) : std::nullopt;
    if (!pem)
        throw CaError(CaErrorCode::NotFound,
                      "no certificate with serial " + serialHex + " was issued through this CA");
    const Owned<X509> oldCert = certFromPem(*pem);
    if (!oldCert)
        throw CaError(CaErrorCode::Internal, "the journal's certificate for serial " + serialHex +
                                                 " does not parse: " + opensslErrors());

    const std::string step = "revoking serial " + *serial;
    CmpLog log;
    const auto ctx = d->context(step);
    if (OSSL_CMP_CTX_set1_oldCert(ctx.get(), oldCert.get()) != 1 ||
        OSSL_CMP_CTX_set_option(ctx.get(), OSSL_CMP_OPT_REVOCATION_REASON, static_cast<int>(reason)) != 1)
        throw CaError(CaErrorCode::Internal, step + ": cannot set up the request: " + opensslErrors());
    if (OSSL_CMP_exec_RR_ses(ctx.get()) != 1)
        throw cmpFailure(ctx.get(), step, d->where, log);
}

std::string CmpCa::crl() {
    const Owned<X509_CRL> crl = d->fetchCrl();
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509_CRL(bio.get(), crl.get()) != 1)
        throw CaError(CaErrorCode::Internal, "cannot write the CRL as PEM: " + opensslErrors());
    return bioText(bio.get());
}

std::vector<std::string> CmpCa::chain() {
    {
        std::lock_guard<std::mutex> lock(d->chainMutex);
        if (!d->lastChain.empty())
            return d->lastChain;
    }
    if (d->configuredChain.empty())
        throw CaError(CaErrorCode::NotSupported,
                      "the CA chain is not known yet: none is configured and nothing has been issued");
    std::vector<std::string> out;
    for (const auto& c : d->configuredChain)
        out.push_back(pemOf(c.get()));
    return out;
}

StatusInfo CmpCa::status(const std::string& serialHex) {
    const auto serial = canonicalSerial(serialHex);
    if (!serial)
        throw CaError(CaErrorCode::NotFound, serialHex + " is not a certificate serial number");
    StatusInfo info;
    // Without a CRL nothing tells a revoked certificate from a good one; OpenSSL 3.0's CMP has no status
    // query.
    if (d->crlUrl.empty())
        return info;
    const Owned<X509_CRL> crl = d->fetchCrl();
    BIGNUM* raw = nullptr;
    BN_hex2bn(&raw, serial->c_str());
    const Owned<BIGNUM> bn(raw);
    const Owned<ASN1_INTEGER> asn1Serial(bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr);
    if (!asn1Serial)
        throw CaError(CaErrorCode::Internal, "cannot encode serial " + *serial + ": " + opensslErrors());
    X509_REVOKED* revoked = nullptr;
    // 1: listed; 2: listed as removeFromCRL (a released hold), which means good again.
    if (X509_CRL_get0_by_serial(crl.get(), &revoked, asn1Serial.get()) == 1 && revoked) {
        info.status = CertificateStatus::Revoked;
        info.revokedAt = isoTime(X509_REVOKED_get0_revocationDate(revoked));
        info.reason = RevocationReason::Unspecified; // RFC 5280 5.3.1: no reasonCode means unspecified
        const Owned<ASN1_ENUMERATED> code(static_cast<ASN1_ENUMERATED*>(
            X509_REVOKED_get_ext_d2i(revoked, NID_crl_reason, nullptr, nullptr)));
        if (code) {
            const long value = ASN1_ENUMERATED_get(code.get());
            for (auto r : {RevocationReason::KeyCompromise, RevocationReason::CaCompromise,
                           RevocationReason::AffiliationChanged, RevocationReason::Superseded,
                           RevocationReason::CessationOfOperation, RevocationReason::CertificateHold,
                           RevocationReason::PrivilegeWithdrawn, RevocationReason::AaCompromise})
                if (static_cast<long>(r) == value)
                    info.reason = r;
        }
        return info;
    }
    ERR_clear_error();
    info.status =
        d->journal.certificateBySerial(*serial) ? CertificateStatus::Good : CertificateStatus::Unknown;
    return info;
}

} // namespace countersign::ca
