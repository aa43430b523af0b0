#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "backend/phrase.h"

namespace countersign {

// Why an identifier was refused. The UI translates by this code and the audit log records its number, so the
// values are fixed: never renumber or reuse one; new reasons are appended at the end.
enum class IdError {
    // Passes every check.
    None = 0,
    // Nothing but whitespace was entered.
    Empty = 1,
    // Wrong number of characters; IdCheck::expected lists the right ones.
    Length = 2,
    // The character at IdCheck::position is not allowed there (or anywhere).
    Character = 3,
    // The last character disagrees with the rest; IdCheck::expected holds the right one.
    CheckCharacter = 4,
    // The birth date (8 digits from IdCheck::position) is not a real calendar day.
    BirthDate = 5,
    // The birth date lies after the day the check was made.
    BirthDateInFuture = 6,
    // The birth date lies before 1900-01-01.
    BirthDateBefore1900 = 7,
};

// Which rules a company ID on an authorization letter was checked against, chosen by its length.
enum class TaxpayerIdKind {
    Uscc = 0,     // 18 characters, GB 32100-2015
    Legacy15 = 1, // 6-digit area code + 9-character organisation code (GB 11714-1997)
    Legacy20 = 2, // resident ID (GB 11643-1999) + 2 digits, for individual businesses
};

// The outcome of checking one identifier, with enough detail to point at the mistake.
// A default-constructed result reads as "empty input", so a result nobody filled in never passes.
struct IdCheck {
    IdError error = IdError::Empty;
    // The input as it should be stored: surrounding whitespace removed and ASCII lower case made upper case
    // (counter staff often type "x" or lower-case USCC letters). Filled in even when the check fails.
    std::string normalised;
    // 1-based index into `normalised` of the offending character (Character, CheckCharacter) or of the
    // first birth-date digit (BirthDate*); -1 otherwise.
    int position = -1;
    // CheckCharacter: the character that would make the code valid. Length: the allowed lengths ("18",
    // "15, 18 or 20"). Empty otherwise.
    std::string expected;
    // Set by checkTaxpayerId once the length has picked a rule set, even if a later check fails.
    std::optional<TaxpayerIdKind> taxpayerKind;

    bool ok() const { return error == IdError::None; }
};

namespace detail {

// Shared first step of every identifier check: trim, fold case, and refuse anything that is not an ASCII
// letter or digit. Length and position rules differ per identifier and are left to the caller, which goes on
// only if the returned error is None.
IdCheck foldIdInput(std::string_view input);

} // namespace detail

// One sentence saying why `check` failed (or that it passed), for the UI to translate. `what` names the
// identifier as the person knows it, e.g. Phrase(QT_TRANSLATE_NOOP("Reason", "USCC")); it is used after
// "the".
Phrase describe(const IdCheck& check, const Phrase& what);
// The same in plain English, `what` as it is (countersignctl).
std::string describe(const IdCheck& check, std::string_view what);

} // namespace countersign
