#pragma once

#include <string>

// A trust anchor or letter signer as a plain value, without the database (backend/papers/lettertrust.h lists
// them), for the kiosk's trusted signers page.
namespace countersign::papers {

/// A trust anchor or signer as listed.
struct TrustEntry {
    long long id = 0;
    std::string kind;        ///< "trust_anchor" or "signer"
    std::string subject;     ///< RFC 2253, UTF-8
    std::string office;      ///< the tax office a signer signs for; empty for an anchor
    std::string fingerprint; ///< SHA-256 of the certificate (x5t#S256), hex, lower case
    std::string notBefore;   ///< YYYY-MM-DD (UTC)
    std::string notAfter;
    bool active = true;
};

} // namespace countersign::papers
