#pragma once

#include <memory>
#include <optional>
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
/// For people: "RSA-2048", "RSA-3072", "EC P-256".
const char* algorithmLabel(KeyAlgorithm algorithm);

/// Empty when `key` offers what `algorithm` needs (key pair generation of that size and the signing mechanism
/// the counter uses, from its mechanism list); otherwise what it lacks, in words naming the mechanism ("no EC
/// key pair generation (CKM_EC_KEY_PAIR_GEN)", "RSA key pairs only of 512..1024 bits").
std::string algorithmShortfall(const TokenInfo& key, KeyAlgorithm algorithm);
/// The algorithms `key` offers, in the order of KeyAlgorithm.
std::vector<KeyAlgorithm> algorithmsOffered(const TokenInfo& key);
/// The algorithm of a certificate's key pair (DER), when it is one the counter issues.
std::optional<KeyAlgorithm> algorithmOfCertificate(const std::string& der);

/// A key pair generated on a key; `keyId` (CKA_ID, hex) links private key, public key and certificate.
struct KeyPairRef {
    std::string keyId;
    KeyAlgorithm algorithm = KeyAlgorithm::Rsa2048;
};

/// How an operation may use a key's SO PIN.
struct SoPinUse {
    /// The SO PIN version the key is on (tokens.so_pin_version); 0: the deriver's current version.
    int version = 0;
    /// A supervisor confirmed spending the SO PIN's final try (CKF_SO_PIN_FINAL_TRY). Without it such a key
    /// gives TokenErrorCode::SoPinFinalTryNeedsConfirmation and no SO PIN is sent.
    bool finalTryConfirmed = false;
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

    /// Initialises a blank key with the derived SO PIN (of the current version); returns it as it is now
    /// (with its serial). An initialised key is re-initialised with its SO PIN of `use.version`; only a key
    /// already labelled `label` (an initialisation of ours cut short) is also tried with the "no serial yet"
    /// SO PIN, so a stranger's key never loses two SO PIN tries here.
    ///
    /// A vendor key still on its factory SO PIN (its model records it) is initialised with `factorySoPin`:
    /// C_InitToken with it (or, where the module has no C_InitToken, an SO login and its objects cleared),
    /// then C_SetPIN in an SO session to the derived SO PIN of the current version. The factory PIN gets
    /// exactly one try: a refusal is TokenErrorCode::FactorySoPinIncorrect. Only a key already labelled
    /// `label` (an initialisation of ours cut short after the SO PIN moved) is first tried with the derived
    /// SO PIN. Derived SO PINs are cut to the key's ulMaxPinLen.
    TokenInfo initialise(const std::string& serial, const std::string& label, const SoPinUse& use = {},
                         const Secret* factorySoPin = nullptr);
    /// Sets the first user PIN of an initialised key (SO session, C_InitPIN).
    void setUserPin(const std::string& serial, const Secret& newPin, const SoPinUse& use = {});
    /// Logs in with the PIN once and logs out. Refuses to send the PIN when the key is at its final try
    /// unless `finalTryConfirmed`; the error carries the key's PIN flags.
    PinFlags verifyUserPin(const std::string& serial, const Secret& pin, bool finalTryConfirmed = false);
    void changeUserPin(const std::string& serial, const Secret& oldPin, const Secret& newPin,
                       bool finalTryConfirmed = false);
    /// Unlocks a locked user PIN: SO login with the SO PIN derived for `use.version`, C_InitPIN with the new
    /// PIN, and in the same SO session a key on an older version moves to the current one (C_SetPIN). Returns
    /// the version the key's SO PIN is on afterwards (the old one when the move was refused), for the caller
    /// to record. A locked SO PIN gives TokenErrorCode::SoPinLocked (the key must be replaced).
    int unlock(const std::string& serial, const Secret& newPin, const SoPinUse& use = {});
    /// Moves a key's SO PIN from `fromVersion` to the current version (SO login, C_SetPIN); returns the
    /// version it is on afterwards. A key whose SO PIN has been mistyped since its last success (count low,
    /// final try, locked) is left where it is: a move never spends a try that may be one of the last.
    int moveSoPin(const std::string& serial, int fromVersion);
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
    /// Re-initialises a key to blank with the derived SO PIN (of `use.version`; afterwards the key is on the
    /// current version): every object and the user PIN are gone.
    TokenInfo retire(const std::string& serial, const std::string& label = "Countersign blank",
                     const SoPinUse& use = {});

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::token
