#pragma once

#include <string>

#include <openssl/x509.h>

#include "token/tokeninfo.h"

namespace countersign::token {

/// Reads what the counter shows about a certificate: subject, the enterprise's USCC (organizationIdentifier
/// "NTRCN-<USCC>", DESIGN §4), serial, validity and issuer.
CertificateInfo describeCertificate(const X509* cert);

/// A name on one line, RFC 2253 order and escaping, with UTF-8 left as is so Chinese names stay readable.
std::string nameLine(const X509_NAME* name);

/// An ASN.1 time as ISO 8601 UTC ("2026-11-22T08:00:00Z"); empty when there is none.
std::string isoTime(const ASN1_TIME* time);

/// The USCC in a subject's organizationIdentifier ("NTRCN-91350100M000100Y43" → "91350100M000100Y43");
/// empty when the subject has none.
std::string usccFromSubject(const X509_NAME* subject);

} // namespace countersign::token
