#pragma once

#include <string>
#include <vector>

#include "token/secret.h"

namespace countersign::test {

/// A token seen through its PKCS#11 module directly, with no libp11 and no KeyDevice: for tests that look
/// behind the product's back (a token's flags, whether an SO PIN logs in) or make a token as a vendor ships
/// it. Each call initialises the module, does its one thing and finalises it again only when it was the one
/// that initialised it, so it may be used between a KeyDevice's calls in the same process.
class RawToken {
public:
    RawToken(std::string modulePath, std::string serial);
    /// The serial of the token labelled `label`; throws when there is none.
    static std::string serialOf(const std::string& modulePath, const std::string& label);

    /// The token's CKF_* flags (C_GetTokenInfo).
    unsigned long flags() const;
    /// Opens a read-write session, logs in as SO with `soPin` and logs out; the CKR_* of C_Login (0: it
    /// logged in). A wrong PIN spends a try, as it does for anyone.
    unsigned long soLogin(const Secret& soPin) const;
    /// Logs in as the user and reads the attributes `types` (CKA_*) of every private key in one
    /// C_GetAttributeValue each; the first CKR_* other than CKR_OK, or CKR_OK (0) when every one answered.
    unsigned long privateKeyAttributesRv(const Secret& userPin,
                                         const std::vector<unsigned long>& types) const;
    /// C_InitToken with `soPin` and `label`; its CKR_*.
    unsigned long initToken(const Secret& soPin, const std::string& label) const;

private:
    std::string m_module;
    std::string m_serial;
};

} // namespace countersign::test
