#pragma once

#include <memory>
#include <string>

#include <openssl/evp.h>

#include "token/secret.h"

namespace countersign::token {

/// A private key on a PKCS#11 token used as an OpenSSL EVP_PKEY (through libp11), for a CA whose issuing key
/// must never leave its token: OpenSSL signs certificates and CRLs with it, the token computes the signature.
/// Stays logged in while it lives. Meant for an HSM that stays plugged in: libp11 0.4.12 waits for ever when
/// its session pool can't open a session, so a token pulled out under it would hang the signer.
class SigningKey {
public:
    /// Loads `modulePath`, finds the token by serial, logs in with `pin` and finds the private key by CKA_ID
    /// (hex). Throws TokenError.
    SigningKey(const std::string& modulePath, const std::string& serial, const std::string& keyIdHex,
               const Secret& pin);
    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;

    /// Owned by this object; valid while it lives.
    EVP_PKEY* key() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Whether the token says the private key with this id can't be extracted and is sensitive (logged in as
/// user).
bool privateKeyIsNonExtractable(const std::string& modulePath, const std::string& serial,
                                const std::string& keyIdHex, const Secret& pin);

} // namespace countersign::token
