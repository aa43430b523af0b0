#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <QJsonObject>

#include <openssl/x509.h>

#include "backend/phrase.h"
#include "token/owned.h"

// A letter's JWS (RFC 7515 compact serialization): its three parts, its header, the signer certificate it
// names and the check of its signature. Only backend/papers/ includes it; the base64url coding the demo
// issuer and the tests share is detail:: in assistanceletter.h, defined in jws.cpp.
namespace countersign::papers::jws {

/// The protected header, as far as a letter uses it.
struct Header {
    std::string alg;
    std::string typ;
    std::optional<std::string> x5t;
    std::optional<std::vector<std::string>> x5c; // DER certificates, signer first
    /// "crit" (RFC 7515 §4.1.11): the extensions the signer says a verifier must understand, as given (an
    /// item that is not text, or a "crit" that is not a list, as its JSON). This verifier implements none.
    std::optional<std::vector<std::string>> crit;
};

/// The JWS text taken apart; what could not be read is empty.
struct Compact {
    std::optional<Header> header;
    std::optional<std::string> signature; ///< the raw signature bytes, never empty
    std::string signingInput;             ///< "<header>.<payload>" as signed
};

/// Takes apart `text` (surrounding whitespace ignored: scanners add a trailing Enter), adding to `problems`
/// what is wrong with its form, in the order of the parts. `readPayload` gets the payload when it is a JSON
/// object, at the payload's place in that order, so that it can add its own problems there.
Compact read(const std::string& text, std::vector<Phrase>& problems,
             const std::function<void(const QJsonObject&)>& readPayload);

/// Empty when `signature` over `input` verifies with `signer`'s key under `alg` (ES256, or RS256 with an RSA
/// key of at least 2048 bits, RFC 7518 §3.3), otherwise why not.
Phrase verifySignature(const std::string& alg, X509* signer, const std::string& input,
                       const std::string& signature);

/// The certificate's DER; empty when it can't be encoded.
std::string derOf(X509* cert);
/// The certificate in `der` (all of it, nothing after), or null.
Owned<X509> certificateFromDer(const std::string& der);
/// Every certificate of a PEM text, in order, up to the first that can't be read; none for a text without
/// one.
std::vector<Owned<X509>> certificatesFromPem(const std::string& pem);

} // namespace countersign::papers::jws
