#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backend/ca/ca.h"
#include "token/secret.h"

namespace countersign::ca {

/// Remembers what an external CA issued, by request id and by serial, so that CmpCa can make issue()
/// idempotent and find the certificate a revocation request must name.
class IssueJournal {
public:
    /// One attempt at a request, recorded before it is sent.
    struct Attempt {
        int number = 0;
        std::string transactionId; ///< the CMP transactionID, 16 bytes, derived from the request id
    };
    virtual ~IssueJournal() = default;
    /// Records that attempt `number` of `requestId` (CSR DER's SHA-256 `csrSha256`) is about to be sent;
    /// earlier attempts whose answer was never recorded confirmed nothing and are void.
    virtual Attempt begin(const std::string& requestId, const std::string& csrSha256) = 0;
    /// The CA acknowledged the confirmation of the attempt's certificate (recorded by record() before).
    virtual void confirmed(const std::string& requestId, int attempt) = 0;
    virtual std::optional<IssuedCertificate> find(const std::string& requestId) = 0;
    virtual void record(const std::string& requestId, const IssuedCertificate& certificate) = 0;
    /// The certificate PEM with that serial (upper-case hex, no leading zero octets), if this counter issued
    /// it.
    virtual std::optional<std::string> certificateBySerial(const std::string& serialHex) = 0;
};

/// An IssueJournal that lives as long as the process: for tests and the demo, never for a real counter.
class InMemoryJournal : public IssueJournal {
public:
    Attempt begin(const std::string& requestId, const std::string& csrSha256) override;
    void confirmed(const std::string& requestId, int attempt) override;
    std::optional<IssuedCertificate> find(const std::string& requestId) override;
    void record(const std::string& requestId, const IssuedCertificate& certificate) override;
    std::optional<std::string> certificateBySerial(const std::string& serialHex) override;

private:
    std::mutex m_mutex;
    std::map<std::string, IssuedCertificate> m_byRequest;
    std::map<std::string, std::string> m_bySerial;
    std::map<std::string, int> m_attempts;
};

/// The CMP transactionID of attempt `attempt` at `requestId`: the first 16 bytes of SHA-256 over
/// "countersign-cmp:<request id>:<attempt>" (the database derives the same, 0024).
std::string cmpTransactionId(const std::string& requestId, int attempt);

/// How to reach and authenticate to an external CA over CMP (RFC 4210 / RFC 9480) over plain HTTP; the CMP
/// messages carry their own protection (MAC or signature), so no TLS is involved.
struct CmpConfig {
    std::string server; ///< "host:port" or "http://host:port[/path]"
    std::string path;   ///< HTTP path (EJBCA: "ejbca/publicweb/cmp/<alias>"); empty: the one in `server`
    std::vector<std::string> trustedCertFiles; ///< PEM: trust anchors for signature-protected responses
    std::vector<std::string> caChainFiles;     ///< PEM: the CA chain, issuing CA first, root last (optional)
    std::string crlUrl;                        ///< http:// URL of the CA's CRL; empty: crl() is not supported

    // Client authentication: either a shared secret (PBM MAC) …
    std::string reference;  ///< senderKID the CA knows the secret by
    std::string secretFile; ///< file holding the secret (mode 0600); read when `secret` is empty
    Secret secret;
    // … or a client certificate and its key.
    std::string clientCertFile; ///< PEM: the counter's certificate, then any intermediate CA certificates
    std::string clientKeyFile;  ///< PEM, unencrypted, mode 0600

    /// Connect, send and receive of one message; 0: none. OpenSSL has no separate connect timeout and keeps
    /// retrying a refused connection until this runs out, so a CA that is down is reported after this long.
    int messageTimeoutSeconds = 30;
    int totalTimeoutSeconds = 120; ///< a whole transaction, polling included; 0: none

    /// Accept a negative answer (error message, rejection) whose protection we cannot check (openssl cmp's
    /// -unprotected_errors). Off: an unauthenticated refusal is reported as such, never in the words of
    /// whoever sent it — a forged "rejected" could end a transaction (and have its fee refunded) that the CA
    /// would have served. Only for diagnosing a CA that can't authenticate us.
    bool acceptUnprotectedErrors = false;
};

/// The connector to an external CA (EJBCA and the like) speaking CMP, through OpenSSL's own CMP client.
class CmpCa : public CertificateAuthority {
public:
    /// Reads the secret or client key and the certificate files now, so that bad configuration shows at
    /// start-up (CaError Internal, or NotSupported for an https:// URL). `journal` must outlive this object.
    CmpCa(CmpConfig config, IssueJournal& journal);
    ~CmpCa() override;
    CmpCa(const CmpCa&) = delete;
    CmpCa& operator=(const CmpCa&) = delete;

    IssuedCertificate issue(const IssueRequest& request) override;
    std::optional<IssuedCertificate> findIssued(const std::string& requestId) override;
    /// `when` cannot be carried by OpenSSL 3.0's revocation request: the CA records its own time.
    void revoke(const std::string& serialHex, RevocationReason reason,
                std::chrono::system_clock::time_point when) override;
    std::string crl() override;
    std::vector<std::string> chain() override;
    StatusInfo status(const std::string& serialHex) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::ca
