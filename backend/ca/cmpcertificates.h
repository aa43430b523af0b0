#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <openssl/cmp.h>
#include <openssl/x509.h>

#include "backend/ca/ca.h"
#include "token/owned.h"
#include "token/secret.h"

// The certificates, keys and secret the CMP connector reads, the subject it asks for and its checks of what
// the CA returns; only backend/ca/cmp*.cpp include it. Failures throw CaError.
namespace countersign::ca::cmp {

/// What a memory BIO holds, as text.
std::string bioText(BIO* bio);
std::string pemOf(const X509* cert);
/// The serial as the journal keys it: BN_bn2hex's upper-case hex.
std::string serialOf(const X509* cert);
/// `serialHex` as serialOf writes it (callers may type lower case or leading zeros); nullopt when it is no
/// serial number.
std::optional<std::string> canonicalSerial(const std::string& serialHex);
/// The first certificate in `pem`, or null.
Owned<X509> certFromPem(const std::string& pem);

/// The shared secret in the file (mode 0600), without a trailing line end.
Secret readSecretFile(const std::string& path);
/// Every PEM certificate in the file, at least one.
std::vector<Owned<X509>> readCertificates(const std::string& path);
/// The unencrypted PEM key in the file (mode 0600).
Owned<EVP_PKEY> readPrivateKey(const std::string& path);
/// A stack holding references of its own to `certs`.
Owned<STACK_OF(X509)> stackOf(const std::vector<Owned<X509>>& certs);

/// The subject the profile prescribes (DESIGN §4), built from the papers.
Owned<X509_NAME> enterpriseSubject(const SubjectFields& subject);

/// What issue() expects of the certificate the CA returns: the CSR's key and the papers' subject.
struct ExpectedCertificate {
    const EVP_PKEY* key = nullptr;
    const X509_NAME* subject = nullptr;
    std::string problem; ///< set by the certConf callback when the CA's certificate is refused
    /// Called by the certConf callback with a certificate that passed the checks, before it is confirmed:
    /// records it, or returns why it could not (then it is not confirmed, and the CA must not count it).
    std::function<std::string(OSSL_CMP_CTX*, X509*)> record;
    std::string recordFailure; ///< what `record` returned

    /// Why `cert` is not what was asked for; empty when it is.
    std::string check(const X509* cert) const;
};

/// OpenSSL's certConf callback; its argument is the transaction's ExpectedCertificate.
int confirmCertificate(OSSL_CMP_CTX* ctx, X509* cert, int failInfo, const char** text);

/// The PEM chain of `cert` found in `pool`: issuing CA first, root last.
std::vector<std::string> chainFor(const X509* cert, const std::vector<X509*>& pool);

} // namespace countersign::ca::cmp
