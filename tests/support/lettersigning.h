#pragma once

#include <functional>
#include <string>
#include <vector>

#include <QJsonObject>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "backend/papers/assistanceletter.h"
#include "token/owned.h"

// Letters the way a tax office signs them, for the papers tests: throwaway keys and certificates made with
// OpenSSL, the payload's JSON, the JWS signatures (ES256, RS256, and the ones a forger would try).
namespace countersign::test {

/// Every check of an assistance letter, in the order the verifier reports them: the ids the UI and the audit
/// log key on (backend/papers/assistanceletter.h).
const std::vector<std::string>& letterCheckIds();

/// Throws std::runtime_error "test tax authority: can't `what`" unless `ok`.
void need(bool ok, const std::string& what);
Owned<EVP_PKEY> rsaKey(unsigned bits);
Owned<EVP_PKEY> ecKey();

/// A certificate for `key`, valid `from`..`until` (ASN.1 GeneralizedTime text), issued by `issuer` with
/// `issuerKey`, or self-signed when `issuer` is null; `extendedUsage` ("serverAuth" …) for an end entity.
Owned<X509> makeCert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey,
                     const char* from, const char* until, bool ca, const char* extendedUsage = "");
std::string pemOf(X509* cert);
std::string derOf(X509* cert);

std::string compactJson(const QJsonObject& obj);
/// The payload of `l` as a tax office writes it.
std::string payloadJson(const papers::AssistanceLetter& l);

/// Makes the signature bytes over a JWS signing input.
using Signer = std::function<std::string(const std::string& signingInput)>;
/// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), or RSASSA-PSS when `pss` (what PS256 would be).
Signer rs256(EVP_PKEY* key, bool pss = false);
/// ECDSA P-256 with SHA-256 as JWS carries it: r||s, 32 octets each (RFC 7518 §3.4).
Signer es256(EVP_PKEY* key);
/// HMAC-SHA256 keyed with `secret`: the key-confusion attack uses the signer's public certificate as secret.
Signer hs256(const std::string& secret);

/// A letter as JWS compact text: the header names `alg` and the signer's thumbprint (and carries the signer
/// in "x5c" if asked) and holds the members of `extra`; `sign` makes the signature, whatever the header says.
std::string letterJws(const std::string& alg, X509* signerCert, bool withX5c, const Signer& sign,
                      const papers::AssistanceLetter& fields, const QJsonObject& extra = {});

} // namespace countersign::test
