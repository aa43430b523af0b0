#pragma once

#include <string>

#include <openssl/bn.h>
#include <openssl/x509.h>

#include "token/owned.h"

namespace countersign::ca {

/// OpenSSL's error queue as one line (and emptied), for error messages.
std::string opensslErrors();

/// 159 random bits: positive, at most 20 octets, unguessable (CA/B BR 7.1).
Owned<BIGNUM> randomSerial();

/// Adds a UTF-8 name entry; CaError ProfileViolation when it can't be encoded.
void addName(X509_NAME* name, const char* field, const std::string& value);

/// Adds an extension written in OpenSSL's configuration syntax, with `issuer` for the key identifiers.
void addExtension(X509* cert, X509* issuer, int nid, const std::string& value);

} // namespace countersign::ca
