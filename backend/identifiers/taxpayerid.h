#pragma once

#include "backend/identifiers/date.h"
#include "backend/identifiers/idcheck.h"

#include <string_view>

namespace countersign {

// Checks the company ID on an authorization letter (纳税人识别号 / 统一社会信用代码, DESIGN §3.1). The length
// picks the rules, and IdCheck::taxpayerKind says which were applied:
//  - 18 characters: a USCC, exactly as checkUscc;
//  - 15 characters: a legacy taxpayer ID, a 6-digit administrative area code followed by a GB 11714-1997
//    organisation code (8 digits or upper-case letters, then a mod-11 check character, a digit or X);
//  - 20 characters: an individual business's legacy ID, a resident ID number as checkResidentId (birth date
//    judged against `today`) followed by 2 digits.
// The area code of a 15-character ID and the last two digits of a 20-character ID carry no check at all, so
// a mistyped digit there cannot be caught. GB 11714 also counts letters as 10–35 modulo 11, so a body
// character swapped for one a multiple of 11 apart (0/B/M/X, 1/C/N/Y …) passes too.
//
// Surrounding whitespace is dropped and lower case folded. The first failure is reported, in this order:
// Empty; Character (not a letter or digit); Length (expected "15, 18 or 20"); then the rules of the kind.
IdCheck checkTaxpayerId(std::string_view id, Date today);

} // namespace countersign
