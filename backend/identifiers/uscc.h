#pragma once

#include "backend/identifiers/idcheck.h"

#include <optional>
#include <string_view>

namespace countersign {

// Checks a Unified Social Credit Code (统一社会信用代码, GB 32100-2015) as DESIGN §3.4 describes it: 18
// characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" and a mod-31 check character. Nothing else about the
// code's structure is checked, because some real codes are reported to break those finer rules.
//
// Surrounding whitespace is dropped and lower case folded to upper case (see IdCheck::normalised).
// The first failure is reported, in this order: Empty; Character (not a letter or digit); Length; Character
// (a letter outside the alphabet: I, O, S, V, Z); CheckCharacter (position 18).
IdCheck checkUscc(std::string_view code);

// The check character for the first 17 characters of a USCC (lower case accepted), or nullopt when `first17`
// is not exactly 17 characters of the USCC alphabet.
std::optional<char> usccCheckCharacter(std::string_view first17);

} // namespace countersign
