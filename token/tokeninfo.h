#pragma once

#include <string>
#include <vector>

namespace countersign::token {

/// The PIN state a key reports (CKF_*_PIN_* token flags).
struct PinFlags {
    bool countLow = false; ///< a wrong PIN was entered since the last correct one
    bool finalTry = false; ///< one more wrong PIN locks it
    bool locked = false;
    bool toBeChanged = false;
};

/// A certificate found on a key, parsed.
struct CertificateInfo {
    std::string keyId; ///< CKA_ID, hex (links it to its key pair)
    std::string label;
    std::string subject; ///< one line, RFC 2253, UTF-8
    std::string issuer;
    std::string serial;    ///< hex, upper case
    std::string notBefore; ///< ISO 8601 UTC
    std::string notAfter;
    std::string uscc;         ///< from organizationIdentifier NTRCN-<USCC>; empty when absent
    std::string organisation; ///< O
    bool isCa = false;        ///< a CA certificate of the chain, not the key's own
    std::string der;          ///< the certificate itself (DER), as read from the key
};

/// A mechanism a key offers (C_GetMechanismList, C_GetMechanismInfo): key sizes in bits, CKF_* flags.
struct MechanismInfo {
    unsigned long type = 0; ///< CKM_*
    unsigned long minKeySize = 0;
    unsigned long maxKeySize = 0;
    unsigned long flags = 0;
};

/// What a key in the writer says about itself and what it carries.
struct TokenInfo {
    std::string serial; ///< empty on a blank SoftHSM2 token (real keys have one from the factory)
    std::string label;
    std::string manufacturer;
    std::string model;
    std::string slotDescription;
    bool initialized = false;
    bool userPinSet = false;
    bool removable = false;
    PinFlags userPin;
    PinFlags soPin;
    std::size_t minPinLength = 0; ///< ulMinPinLen: the shortest PIN (user and SO) the key takes
    std::size_t maxPinLength = 0; ///< ulMaxPinLen (openCryptoki's soft token: 4..8)
    /// The mechanisms the counter may use (key pair generation and signing, RSA and EC), as the key offers
    /// them.
    std::vector<MechanismInfo> mechanisms;
    std::vector<CertificateInfo> certificates; ///< public objects: readable without the PIN

    /// Blank: never initialised, or initialised without a user PIN and without objects (a retired key).
    bool blank() const { return !initialized || (!userPinSet && certificates.empty()); }
};

} // namespace countersign::token
