#pragma once

#include <string>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "backend/ca/ca.h"
#include "token/owned.h"

namespace countersign::ca {

/// What the enterprise tax certificate profile takes from configuration.
struct ProfileSettings {
    int validityDays = 365;
    std::string crlUrl;
    std::string caIssuersUrl;
};

/// A signed certificate and the name of its key's algorithm ("EC-P256", "RSA-2048" …).
struct SignedCertificate {
    Owned<X509> certificate;
    std::string keyAlgorithm;
};

/// A certificate request whose signature and key were checked.
struct CheckedRequest {
    Owned<X509_REQ> request;
    std::string keyAlgorithm;
};

/// The "enterprise tax certificate" profile of DESIGN §4: checks the CSR (signature, key type) and makes the
/// certificate for the subject from the checked papers — never the CSR's — signed by the issuing CA.
class EnterpriseProfile {
public:
    EnterpriseProfile(X509* issuing, EVP_PKEY* issuingKey, ProfileSettings settings);

    /// Parses and checks the CSR, then makes the certificate; throws CaError CsrInvalid / ProfileViolation.
    SignedCertificate sign(const std::string& csrPem, const SubjectFields& subject) const;
    /// The two halves of sign(): checking the request (signature, key type) ...
    static CheckedRequest check(const std::string& csrPem);
    /// ... and making and signing the certificate for the papers' subject.
    SignedCertificate make(const CheckedRequest& request, const SubjectFields& subject) const;
    /// Gives an already made certificate a new random serial and signs it again (after a serial clash).
    void resign(X509* certificate) const;

private:
    X509* m_issuing;
    EVP_PKEY* m_key;
    ProfileSettings m_settings;
};

} // namespace countersign::ca
