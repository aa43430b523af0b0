#include "backend/ca/cmpca.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <iterator>
#include <utility>

#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cmp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/http.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

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

// --- OpenSSL plumbing -------------------------------------------------------------------------------------

namespace {

using token::isoTime;
using token::nameLine;

/// One entry of OpenSSL's error queue, kept with its library and reason so that failures can be classified.
struct OpensslError {
    int lib = 0;
    int reason = 0;
    std::string text;
};

std::vector<OpensslError> takeErrors() {
    std::vector<OpensslError> out;
    const char* data = nullptr;
    int flags = 0;
    while (const unsigned long e = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        OpensslError err{ERR_GET_LIB(e), ERR_GET_REASON(e), {}};
        if (const char* reason = ERR_reason_error_string(e)) {
            err.text = reason;
        } else {
            char buf[256];
            ERR_error_string_n(e, buf, sizeof buf);
            err.text = buf;
        }
        if (data && *data && (flags & ERR_TXT_STRING))
            err.text += std::string(": ") + data;
        out.push_back(std::move(err));
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        if (!p.empty() && out.find(p) == std::string::npos)
            out += (out.empty() ? "" : "; ") + p;
    return out.empty() ? "no further detail from OpenSSL" : out;
}

std::string opensslErrors() {
    std::vector<std::string> texts;
    for (auto& e : takeErrors())
        texts.push_back(std::move(e.text));
    return joined(texts);
}

// OpenSSL's CMP log callback has no user argument, so the transaction running on this thread says where its
// lines go. Only errors are kept: the CMP client moves the error queue into the log before each message it
// sends, and those entries would otherwise be lost from the failure's description.
thread_local std::vector<std::string>* t_cmpLog = nullptr;

int keepCmpErrors(const char*, const char*, int, OSSL_CMP_severity level, const char* msg) {
    if (t_cmpLog && msg && level <= OSSL_CMP_LOG_ERR)
        t_cmpLog->emplace_back(msg);
    return 1;
}

/// Collects what OpenSSL's CMP client logs while one transaction runs on this thread.
class CmpLog {
public:
    CmpLog() {
        // Leftovers from earlier calls on this thread would be mistaken for this transaction's errors.
        ERR_clear_error();
        t_cmpLog = &m_lines;
    }
    ~CmpLog() { t_cmpLog = nullptr; }
    CmpLog(const CmpLog&) = delete;
    CmpLog& operator=(const CmpLog&) = delete;
    const std::vector<std::string>& lines() const { return m_lines; }

private:
    std::vector<std::string> m_lines;
};

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

std::string hexOf(const BIGNUM* bn) {
    Owned<char> hex(BN_bn2hex(bn));
    if (!hex)
        throw CaError(CaErrorCode::Internal, "cannot format a serial number: " + opensslErrors());
    return hex.get();
}

std::string serialOf(const X509* cert) {
    Owned<BIGNUM> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!bn)
        throw CaError(CaErrorCode::Internal, "cannot read a certificate's serial number: " + opensslErrors());
    return hexOf(bn.get());
}

// The journal keys serials as BN_bn2hex writes them; callers may type lower case or leading zeros.
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

/// The subject the profile prescribes (DESIGN §4), built from the papers.
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

/// What issue() expects of the certificate the CA returns: the CSR's key and the papers' subject.
struct ExpectedCertificate {
    const EVP_PKEY* key = nullptr;
    const X509_NAME* subject = nullptr;
    std::string problem; ///< set by the certConf callback when the CA's certificate is refused

    std::string check(const X509* cert) const {
        const EVP_PKEY* got = X509_get0_pubkey(cert);
        if (!got || EVP_PKEY_eq(got, key) != 1)
            return "the CA returned a certificate for another key than the CSR's";
        if (attributesOf(X509_get_subject_name(cert)) != attributesOf(subject))
            return "the CA returned a certificate for another subject: asked for " + nameLine(subject) +
                   ", got " + nameLine(X509_get_subject_name(cert));
        return {};
    }
};

// Runs before OpenSSL confirms the new certificate to the CA: refusing it here sends a negative certConf, so
// the CA learns the certificate was not accepted (and should revoke it) instead of us silently dropping it.
int confirmCertificate(OSSL_CMP_CTX* ctx, X509* cert, int failInfo, const char** text) {
    auto* expected = static_cast<ExpectedCertificate*>(OSSL_CMP_CTX_get_certConf_cb_arg(ctx));
    if (!expected || !cert)
        return failInfo;
    expected->problem = expected->check(cert);
    if (expected->problem.empty())
        return failInfo;
    *text = expected->problem.c_str();
    return failInfo | OSSL_CMP_CTX_FAILINFO_badCertTemplate;
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

bool hasError(const std::vector<OpensslError>& errors, int lib, int reason = -1) {
    return std::any_of(errors.begin(), errors.end(), [&](const OpensslError& e) {
        return e.lib == lib && (reason < 0 || e.reason == reason);
    });
}

constexpr int kProtectionFailures[] = {CMP_R_ERROR_VALIDATING_PROTECTION,   CMP_R_WRONG_PBM_VALUE,
                                       CMP_R_NO_SUITABLE_SENDER_CERT,       CMP_R_MISSING_PROTECTION,
                                       CMP_R_SRVCERT_DOES_NOT_VALIDATE_MSG, CMP_R_MISSING_TRUST_STORE};

/// Turns a failed CMP transaction into the CaError the workflow can act on.
CaError cmpFailure(OSSL_CMP_CTX* ctx, const std::string& step, const std::string& where, const CmpLog& log) {
    const auto errors = takeErrors();
    std::vector<std::string> texts = log.lines();
    for (const auto& e : errors)
        texts.push_back(e.text);
    const std::string detail = joined(texts);

    // The CA answered and said no: its own words are what the operator needs.
    if (OSSL_CMP_CTX_get_status(ctx) == OSSL_CMP_PKISTATUS_rejection ||
        hasError(errors, ERR_LIB_CMP, CMP_R_RECEIVED_ERROR) ||
        hasError(errors, ERR_LIB_CMP, CMP_R_REQUEST_REJECTED_BY_SERVER)) {
        char buf[OSSL_CMP_PKISI_BUFLEN];
        const char* words = OSSL_CMP_CTX_snprint_PKIStatus(ctx, buf, sizeof buf);
        return CaError(CaErrorCode::Rejected, words && *words ? std::string(words) : detail);
    }
    // No answer, a timeout, or an HTTP-level failure: asking again later may work.
    if (hasError(errors, ERR_LIB_HTTP) || hasError(errors, ERR_LIB_BIO) || hasError(errors, ERR_LIB_SYS) ||
        hasError(errors, ERR_LIB_CMP, CMP_R_TRANSFER_ERROR) ||
        hasError(errors, ERR_LIB_CMP, CMP_R_TOTAL_TIMEOUT))
        return CaError(CaErrorCode::Unreachable,
                       step + ": no answer from the CA at " + where + ": " + detail);
    // An answer we cannot authenticate: a configuration fault here or at the CA, not something to retry.
    const bool unauthenticated =
        std::any_of(std::begin(kProtectionFailures), std::end(kProtectionFailures),
                    [&](int reason) { return hasError(errors, ERR_LIB_CMP, reason); });
    if (unauthenticated) {
        const std::string hint = "the CA's answer could not be authenticated (check the trusted certificates "
                                 "and the shared secret)";
        return CaError(CaErrorCode::Internal, step + ": " + hint + ": " + detail);
    }
    return CaError(CaErrorCode::Internal, step + ": " + detail);
}

} // namespace

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
    bool acceptUnprotectedErrors = true;

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
        Owned<X509_CRL> crl;
        {
            const auto* p = reinterpret_cast<const unsigned char*>(body.data());
            crl.reset(d2i_X509_CRL(nullptr, &p, static_cast<long>(body.size())));
        }
        if (!crl) {
            Owned<BIO> pem(BIO_new_mem_buf(body.data(), static_cast<int>(body.size())));
            crl.reset(pem ? PEM_read_bio_X509_CRL(pem.get(), nullptr, nullptr, nullptr) : nullptr);
        }
        ERR_clear_error(); // the DER attempt fails for a PEM CRL
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
    ExpectedCertificate expected{csrKey, subject.get(), {}};

    const std::string step = "requesting a certificate for request " + request.requestId;
    CmpLog log;
    const auto ctx = d->context(step);
    // A p10cr carries the CSR exactly as the token signed it: OpenSSL 3.0 puts the subject set here only into
    // the message header (as sender, under MAC protection), so the CA sees the CSR's subject. It is set as
    // the profile asks all the same; what counts is the check of the certificate that comes back.
    bool ok = OSSL_CMP_CTX_set1_p10CSR(ctx.get(), csr.get()) == 1 &&
              OSSL_CMP_CTX_set1_subjectName(ctx.get(), subject.get()) == 1 &&
              OSSL_CMP_CTX_set_certConf_cb(ctx.get(), confirmCertificate) == 1 &&
              OSSL_CMP_CTX_set_certConf_cb_arg(ctx.get(), &expected) == 1;
    if (ok && d->issuingCa())
        // The header's recipient names the CA we expect to answer.
        ok = OSSL_CMP_CTX_set1_recipient(ctx.get(), X509_get_subject_name(d->issuingCa())) == 1;
    if (!ok)
        throw CaError(CaErrorCode::Internal, step + ": cannot set up the request: " + opensslErrors());

    X509* cert = OSSL_CMP_exec_P10CR_ses(ctx.get()); // owned by ctx
    if (!cert) {
        if (!expected.problem.empty()) {
            ERR_clear_error();
            throw CaError(CaErrorCode::ProfileViolation, expected.problem);
        }
        throw cmpFailure(ctx.get(), step, d->where, log);
    }
    // The callback runs on every confirmation OpenSSL makes; this is for a CA that granted implicit
    // confirmation in a way that skipped it.
    if (const std::string problem = expected.check(cert); !problem.empty())
        throw CaError(CaErrorCode::ProfileViolation, problem);

    IssuedCertificate issued;
    issued.certificatePem = pemOf(cert);
    issued.serialHex = serialOf(cert);
    issued.notBefore = isoTime(X509_get0_notBefore(cert));
    issued.notAfter = isoTime(X509_get0_notAfter(cert));
    const Owned<STACK_OF(X509)> caPubs(OSSL_CMP_CTX_get1_caPubs(ctx.get()));
    const Owned<STACK_OF(X509)> extraCerts(OSSL_CMP_CTX_get1_extraCertsIn(ctx.get()));
    std::vector<X509*> pool;
    for (const STACK_OF(X509) * stack : {caPubs.get(), extraCerts.get()})
        for (int i = 0; stack && i < sk_X509_num(stack); ++i)
            pool.push_back(sk_X509_value(stack, i));
    for (const auto& c : d->configuredChain)
        pool.push_back(c.get());
    issued.chainPem = chainFor(cert, pool);

    d->journal.record(request.requestId, issued);
    std::lock_guard<std::mutex> lock(d->chainMutex);
    d->lastChain = issued.chainPem;
    return issued;
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
