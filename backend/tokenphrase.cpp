#include "backend/tokenphrase.h"

namespace countersign {

Phrase phraseOf(const token::TokenError& error) {
    using token::TokenErrorCode;
    switch (error.code) {
    case TokenErrorCode::PinIncorrect:
        if (error.flags.finalTry)
            return Phrase(
                QT_TRANSLATE_NOOP("Reason", "Wrong PIN. One try is left: one more wrong PIN locks the key."));
        return Phrase(QT_TRANSLATE_NOOP("Reason", "Wrong PIN. Please enter it again."));
    case TokenErrorCode::PinLocked:
        return Phrase(QT_TRANSLATE_NOOP(
            "Reason",
            "The PIN is locked. The key can be unlocked at the counter with an authorization letter."));
    case TokenErrorCode::FinalTryNeedsConfirmation:
        return Phrase(QT_TRANSLATE_NOOP(
            "Reason", "Only one try is left and a wrong PIN locks the key. The holder must confirm first."));
    case TokenErrorCode::SoPinLocked:
        return Phrase(QT_TRANSLATE_NOOP(
            "Reason", "The key's SO PIN is locked, so it can't be unlocked. Replace the key instead."));
    case TokenErrorCode::SoPinIncorrect:
        return Phrase(QT_TRANSLATE_NOOP(
            "Reason", "The key refused the SO PIN: it may not have been issued by this system."));
    case TokenErrorCode::KeyRemoved:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key was removed. Insert it again to continue."));
    case TokenErrorCode::NoKey:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "No key found in the writer. Please insert the key."));
    case TokenErrorCode::SeveralKeys:
        return Phrase(
            QT_TRANSLATE_NOOP("Reason", "More than one key is inserted. Leave only the key being served."));
    case TokenErrorCode::TokenNotRecognised:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key is not recognised."));
    case TokenErrorCode::WriteProtected:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key is write-protected."));
    case TokenErrorCode::NoSpace:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key has no space left."));
    case TokenErrorCode::ModuleLoadFailed:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The writer's driver (PKCS#11 module) can't be loaded."));
    case TokenErrorCode::NotInitialised:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key has not been initialised."));
    case TokenErrorCode::UserPinNotSet:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key has no PIN yet."));
    case TokenErrorCode::PinPolicy:
        if (!error.detail.empty())
            return Phrase(QT_TRANSLATE_NOOP("Reason", "The new PIN does not meet the PIN rules: %1."))
                .arg(error.detail);
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The new PIN does not meet the PIN rules."));
    case TokenErrorCode::NoSuchObject:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key pair or certificate was not found on the key."));
    case TokenErrorCode::Unsupported:
        if (!error.detail.empty())
            return Phrase(QT_TRANSLATE_NOOP("Reason",
                                            "The key does not support this algorithm or operation: %1."))
                .arg(error.detail);
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key does not support this algorithm or operation."));
    case TokenErrorCode::VerificationFailed:
        return Phrase(QT_TRANSLATE_NOOP(
            "Reason",
            "The key's self-test failed: its signature does not verify with the written certificate."));
    case TokenErrorCode::InvalidInput:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The data given can't be used."));
    case TokenErrorCode::MasterSecret:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The SO PIN master secret is unavailable or unsafe."));
    case TokenErrorCode::SoPinFinalTryNeedsConfirmation:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The key's SO PIN has one try left and a failure locks the "
                                                  "key for good. A supervisor must confirm first."));
    case TokenErrorCode::FactorySoPinIncorrect:
        return Phrase(QT_TRANSLATE_NOOP("Reason",
                                        "The key refused the factory SO PIN recorded for its model (one "
                                        "try spent). Check the model's factory SO PIN setting."));
    case TokenErrorCode::FactorySoPinNeeded:
        return Phrase(QT_TRANSLATE_NOOP("Reason",
                                        "The key still has its factory SO PIN and its model has none "
                                        "recorded. An administrator must record the model's factory SO "
                                        "PIN first."));
    case TokenErrorCode::Other:
        break;
    }
    return Phrase(QT_TRANSLATE_NOOP("Reason", "The key operation failed (%1)."))
        .arg(token::ckrName(error.ckr));
}

Phrase phraseOf(token::PinProblem problem, std::size_t minLength, std::size_t maxLength) {
    using token::PinProblem;
    switch (problem) {
    case PinProblem::None:
        return {};
    case PinProblem::TooShort:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN needs at least %1 digits.")).arg(minLength);
    case PinProblem::TooLong:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN may have at most %1 digits.")).arg(maxLength);
    case PinProblem::NotDigits:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN may contain digits only."));
    case PinProblem::AllSame:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN can't be one digit repeated."));
    case PinProblem::Ascending:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN can't be ascending digits."));
    case PinProblem::Descending:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN can't be descending digits."));
    case PinProblem::BirthDate:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The PIN can't be the agent's birth date."));
    case PinProblem::Mismatch:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "The two PINs differ."));
    }
    return {};
}

} // namespace countersign
