#pragma once

#include <string>

#include <openssl/x509.h>

#include "token/tokeninfo.h"

namespace countersign::token {

/// Reads what the counter shows about a certificate: subject, the enterprise's USCC (organizationIdentifier
/// "NTRCN-<USCC>", DESIGN §4), serial, validity and issuer.
CertificateInfo describeCertificate(const X509* cert);

/// The USCC in a subject's organizationIdentifier ("NTRCN-91350100M000100Y43" → "91350100M000100Y43");
/// empty when the subject has none.
std::string usccFromSubject(const X509_NAME* subject);

} // namespace countersign::token
