#pragma once

#include "backend/identifiers/date.h"
#include "backend/identifiers/idcheck.h"

#include <optional>
#include <string>
#include <string_view>

namespace countersign {

// Checks a PRC resident identity card number (公民身份号码, GB 11643-1999): 17 digits and a mod-11 check
// character (a digit or X), with the birth date in characters 7–14 a real day between 1900-01-01 and `today`
// inclusive. The area code (characters 1–6) is not checked against a list: residence permits for Hong Kong,
// Macao and Taiwan residents (81…, 82…, 83…) and the foreigners' permanent residence card of 2023 (9…) carry
// the same check but not a county code.
//
// Surrounding whitespace is dropped and lower case folded, so a typed "x" is read as "X".
// The first failure is reported, in this order: Empty; Character (not a letter or digit); Length; Character
// (a letter anywhere but position 18, or a letter other than X there); BirthDate, BirthDateBefore1900,
// BirthDateInFuture (position 7); CheckCharacter (position 18). The birth date comes before the check
// character because a date that cannot exist points the person at the mistyped digit.
IdCheck checkResidentId(std::string_view id, Date today);

// The birth date written in a well-formed ID number (18 characters: 17 digits, then a digit or X/x), or
// nullopt when there is none or it is not a real calendar day. The check character and the date's range are
// not checked: use checkResidentId to accept an ID, this to read one already accepted (e.g. to refuse a PIN
// that is the holder's birthday).
std::optional<Date> residentIdBirthDate(std::string_view id);

// An ID number as the counter shows it to anyone but a supervisor (DESIGN §11): its first 6 and last 4
// characters, the rest as '*' ("110105********002X"); 10 characters or fewer all '*'. The same masking as the
// receipt's and the search's (countersign.mask_personal in the search migration). Whitespace is kept as
// given.
std::string maskedId(std::string_view id);

} // namespace countersign
