#pragma once

#include <string>
#include <string_view>

#include "token/secret.h"

namespace countersign::token {

/// Why a new user PIN is refused.
enum class PinProblem {
    None,
    TooShort,
    TooLong,
    NotDigits,  ///< only digits are allowed
    AllSame,    ///< 111111
    Ascending,  ///< 123456, 345678
    Descending, ///< 654321
    BirthDate,  ///< the birth date in the agent's ID number (19491231, 491231, 1231 …)
    Mismatch,   ///< the two entries differ
};

const char* pinProblemName(PinProblem problem);
/// One sentence for the PIN pad: `chinese` true for zh_CN, else English.
std::string pinProblemMessage(PinProblem problem, bool chinese, std::size_t minLength, std::size_t maxLength);

/// The PIN rules of DESIGN §2: at least 6 digits, not trivial, entered twice. A centre may instead hand out
/// keys with a default PIN that must be changed (Ningbo: 1111).
struct PinPolicy {
    std::size_t minLength = 6;
    std::size_t maxLength = 16;
    bool digitsOnly = true;
    std::string defaultPin; ///< non-empty: "default PIN, must change" mode
    bool defaultPinMode() const { return !defaultPin.empty(); }
    /// This policy narrowed to the PIN lengths a key (or its model) takes; 0 means "no limit given".
    PinPolicy within(std::size_t keyMin, std::size_t keyMax) const;
    /// False when the narrowed lengths leave no PIN possible (min > max).
    bool feasible() const { return minLength <= maxLength; }

    /// Checks a new PIN as the agent types it. `birthDate` is YYYYMMDD from the agent's ID number, or empty.
    PinProblem check(const Secret& pin, std::string_view birthDate = {}) const;
    /// Checks both entries of a new PIN.
    PinProblem check(const Secret& pin, const Secret& repeat, std::string_view birthDate = {}) const;
};

} // namespace countersign::token
