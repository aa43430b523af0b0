#pragma once

#include <stdexcept>
#include <string>

#include "token/tokeninfo.h"

namespace countersign::token {

/// What went wrong with a key, in terms a counter can act on.
enum class TokenErrorCode {
    PinIncorrect,              ///< wrong user PIN; `pinFlags` says how many tries are left
    PinLocked,                 ///< the user PIN is locked: unlock the key
    FinalTryNeedsConfirmation, ///< one try left: the holder must confirm before the PIN is sent
    SoPinLocked,               ///< the SO PIN is locked: the key can't be unlocked, replace it
    SoPinIncorrect,     ///< the derived SO PIN was refused (key initialised elsewhere, or wrong master)
    KeyRemoved,         ///< the key was pulled out during the operation
    NoKey,              ///< no key (or not the expected one) in the writer
    SeveralKeys,        ///< more than one key fits the request
    TokenNotRecognised, ///< the module doesn't understand the key
    WriteProtected,
    NoSpace,            ///< the key is full
    ModuleLoadFailed,   ///< the PKCS#11 module can't be loaded
    NotInitialised,     ///< the key is blank and must be initialised first
    UserPinNotSet,      ///< initialised but without a user PIN
    PinPolicy,          ///< the new PIN breaks the PIN policy (see PinProblem)
    NoSuchObject,       ///< no key pair or certificate with that CKA_ID
    Unsupported,        ///< mechanism or algorithm not offered by the key
    VerificationFailed, ///< the self-test signature did not verify with the written certificate
    InvalidInput,       ///< a subject, certificate or label that can't be used
    MasterSecret,       ///< the SO PIN master secret is missing or unsafe
    /// The SO PIN has one try left: a supervisor must confirm before the counter spends it.
    SoPinFinalTryNeedsConfirmation,
    /// A vendor key refused the factory SO PIN its model records (one try spent): the model setting is wrong.
    FactorySoPinIncorrect,
    /// A vendor key still on its factory SO PIN (CKF_SO_PIN_TO_BE_CHANGED), and no factory SO PIN was given
    /// (its model has none recorded): nothing was sent to it.
    FactorySoPinNeeded,
    Other, ///< any other CKR_*; `ckr` names it
};

/// Names the code as in the API ("PinIncorrect" …), for logs and JSON.
const char* errorCodeName(TokenErrorCode code);

/// A failed key operation: which step, the CKR_* the module gave (0 when none) and the key's PIN flags at the
/// time, so the UI can say "last try before the key locks". Messages exist in Chinese and English.
class TokenError : public std::runtime_error {
public:
    TokenError(TokenErrorCode code, std::string step, unsigned long ckr = 0, PinFlags flags = {},
               std::string detail = {});

    TokenErrorCode code;
    std::string step;
    unsigned long ckr;
    PinFlags flags;
    std::string detail;

    /// One sentence for the counter: `chinese` true for zh_CN, else English.
    std::string message(bool chinese) const;
};

/// Name of a CKR_* code, e.g. "CKR_PIN_INCORRECT"; unknown ones as "CKR_0x…".
std::string ckrName(unsigned long ckr);

/// Drains OpenSSL's error queue and returns the last CKR_* libp11 left there (0 when none).
unsigned long takeLibp11Ckr();

/// Maps a CKR_* from `step` to a typed error.
TokenError errorFromCkr(const std::string& step, unsigned long ckr, PinFlags flags = {});

} // namespace countersign::token
