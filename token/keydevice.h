#pragma once

#include <memory>
#include <string>
#include <vector>

#include "token/pkcs11uri.h"
#include "token/secret.h"
#include "token/sopin.h"
#include "token/tokenerror.h"
#include "token/tokeninfo.h"

namespace countersign::token {

/// The default module: p11-kit's proxy, which loads every module the system registers (OpenSC, vendors'
/// modules, SoftHSM2).
std::string defaultModulePath();

enum class KeyAlgorithm { Rsa2048, Rsa3072, EcP256 };
const char* algorithmName(KeyAlgorithm algorithm); ///< "rsa2048", "rsa3072", "ec-p256"
bool parseAlgorithm(const std::string& text, KeyAlgorithm& out);

/// A key pair generated on a key; `keyId` (CKA_ID, hex) links private key, public key and certificate.
struct KeyPairRef {
    std::string keyId;
    KeyAlgorithm algorithm = KeyAlgorithm::Rsa2048;
};

/// Every operation the counter needs on the keys in the writer, over one PKCS#11 module (libp11, raw
/// PKCS#11 where libp11 0.4.12 lacks a call). Keys are named by serial, never by slot id; an empty serial
/// names the one uninitialised key in the writer (a blank SoftHSM2 token has no serial yet).
///
/// Not thread-safe: one owner, in the kiosk the token worker thread. Every call starts from a fresh slot
/// enumeration (libp11 caches token flags and slot lists), never retries a PIN, and reports failures as
/// TokenError. A key pulled out during a call gives TokenErrorCode::KeyRemoved; the call can be made again
/// once it is back.
class KeyDevice {
public:
    /// Loads the module (empty: p11-kit's proxy). `deriver` is needed only by operations that use the SO PIN.
    explicit KeyDevice(std::string modulePath = {}, Pkcs11Uri writer = {},
                       std::shared_ptr<const SoPinDeriver> deriver = nullptr);
    ~KeyDevice();
    KeyDevice(const KeyDevice&) = delete;
    KeyDevice& operator=(const KeyDevice&) = delete;

    const std::string& modulePath() const;
    void setDeriver(std::shared_ptr<const SoPinDeriver> deriver);

    /// The keys in the writer now, with the certificates they carry (those are readable without a PIN).
    std::vector<TokenInfo> keys(bool withCertificates = true);
    TokenInfo key(const std::string& serial);

    /// Initialises a blank key with the derived SO PIN; returns it as it is now (with its serial).
    TokenInfo initialise(const std::string& serial, const std::string& label);
    /// Sets the first user PIN of an initialised key (SO session, C_InitPIN).
    void setUserPin(const std::string& serial, const Secret& newPin);
    /// Logs in with the PIN once and logs out. Refuses to send the PIN when the key is at its final try
    /// unless `finalTryConfirmed`; the error carries the key's PIN flags.
    PinFlags verifyUserPin(const std::string& serial, const Secret& pin, bool finalTryConfirmed = false);
    void changeUserPin(const std::string& serial, const Secret& oldPin, const Secret& newPin,
                       bool finalTryConfirmed = false);
    /// Unlocks a locked user PIN: SO login with the derived SO PIN, then C_InitPIN with the new PIN.
    /// A locked SO PIN gives TokenErrorCode::SoPinLocked (the key must be replaced).
    void unlock(const std::string& serial, const Secret& newPin);
    /// Generates a key pair on the key; the private key never leaves it.
    KeyPairRef generateKeyPair(const std::string& serial, const Secret& pin, KeyAlgorithm algorithm,
                               bool finalTryConfirmed = false);
    /// A PKCS#10 request for `subject` ("/C=CN/O=…/CN=…/organizationIdentifier=NTRCN-…", UTF-8) signed on
    /// the key with the pair `keyId`; returns PEM.
    std::string makeCsr(const std::string& serial, const Secret& pin, const std::string& keyId,
                        const std::string& subject, bool finalTryConfirmed = false);
    /// Writes the certificate (PEM) next to its key pair, and the CA chain (PEM, any number) unless already
    /// there. Refuses a certificate whose public key is not the pair's. An empty `keyId` means the pair
    /// whose public key the certificate certifies.
    void writeCertificate(const std::string& serial, const Secret& pin, const std::string& keyId,
                          const std::string& certificatePem, const std::string& chainPem = {},
                          bool finalTryConfirmed = false);
    /// Proves the key works: signs a random challenge on the key and verifies it with the written
    /// certificate, or with `certificateDer` when given (a certificate the key brings, checked elsewhere:
    /// proof that the key holds its private key). Throws TokenErrorCode::VerificationFailed when it does not
    /// verify.
    void selfTest(const std::string& serial, const Secret& pin, const std::string& keyId,
                  bool finalTryConfirmed = false, const std::string& certificateDer = {});
    /// Removes a key pair and its certificate (renewal, after the new one is written).
    void removeKeyPair(const std::string& serial, const Secret& pin, const std::string& keyId,
                       bool finalTryConfirmed = false);
    /// Re-initialises a key to blank with the derived SO PIN: every object and the user PIN are gone.
    TokenInfo retire(const std::string& serial, const std::string& label = "Countersign blank");

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::token
