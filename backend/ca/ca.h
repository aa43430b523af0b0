#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace countersign::ca {

/// Why a CA refused or failed a request.
enum class CaErrorCode {
    Unreachable,      ///< the CA could not be reached or did not answer: retry later
    Rejected,         ///< the CA refused the request; `reason` is the CA's own words
    CsrInvalid,       ///< the request's signature, encoding or key is not acceptable
    ProfileViolation, ///< the subject or key doesn't fit the profile
    NotFound,         ///< no certificate with that serial (revoke, status)
    NotSupported,     ///< this CA connector can't do that (e.g. a CRL from a CA that publishes none)
    Internal,         ///< anything else; `reason` says what
};

const char* caErrorName(CaErrorCode code);

/// A failed CA call. `retryable()` tells the workflow whether asking again later may succeed.
class CaError : public std::runtime_error {
public:
    CaError(CaErrorCode code, std::string reason);
    CaErrorCode code;
    std::string reason;
    bool retryable() const { return code == CaErrorCode::Unreachable; }
};

/// RFC 5280 CRLReason codes (the numbers are the ASN.1 ENUMERATED values).
enum class RevocationReason {
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
};
const char* reasonName(RevocationReason reason); ///< "keyCompromise" … as RFC 5280 spells them
std::optional<RevocationReason> parseReason(const std::string& name);

/// The enterprise a certificate is for, from the checked papers — never from the CSR (DESIGN §4).
struct SubjectFields {
    std::string company; ///< O and CN
    std::string uscc;    ///< organizationIdentifier NTRCN-<USCC>
};

struct IssueRequest {
    std::string csrPem;
    std::string profile = "enterprise-tax";
    std::string requestId; ///< asking again with the same id returns the same certificate, never a second one
    SubjectFields subject;
};

struct IssuedCertificate {
    std::string certificatePem;
    std::vector<std::string> chainPem; ///< issuing CA first, root last
    std::string serialHex;             ///< upper-case hex
    std::string notBefore;             ///< ISO 8601 UTC
    std::string notAfter;
};

enum class CertificateStatus { Good, Revoked, Unknown };

struct StatusInfo {
    CertificateStatus status = CertificateStatus::Unknown;
    std::optional<RevocationReason> reason;
    std::string revokedAt; ///< ISO 8601 UTC when revoked
};

/// A CA behind the counter (DESIGN §4): the built-in OpenSSL CA, or an external one reached over CMP.
/// Which one is configuration.
class CertificateAuthority {
public:
    virtual ~CertificateAuthority() = default;
    /// Idempotent by requestId: the workflows rely on it to resume after a crash.
    virtual IssuedCertificate issue(const IssueRequest& request) = 0;
    /// The certificate issued earlier for `requestId`, or nullopt when that id was never answered. Recovery
    /// asks before it gives a transaction up, so it can revoke what the CA issued without issuing anything.
    virtual std::optional<IssuedCertificate> findIssued(const std::string& requestId) = 0;
    virtual void revoke(const std::string& serialHex, RevocationReason reason,
                        std::chrono::system_clock::time_point when) = 0;
    /// The current CRL, PEM.
    virtual std::string crl() = 0;
    /// The CA chain, PEM: issuing CA first, root last.
    virtual std::vector<std::string> chain() = 0;
    virtual StatusInfo status(const std::string& serialHex) = 0;
};

} // namespace countersign::ca
