#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "backend/phrase.h"

namespace countersign::fees {

/// Why a free-text value (a buyer name, a payment reference, a refund reason) can't be stored, or nullopt
/// when it can be stored verbatim: it must be valid UTF-8 (no overlong forms, no surrogates), contain no
/// control characters (C0, DEL, C1, line/paragraph separators, bidirectional overrides that make a printed
/// name read differently from what is stored) and have at most `maxChars` characters. `field` names the value
/// in the message after "the", e.g. Phrase(QT_TRANSLATE_NOOP("Reason", "buyer name")).
std::optional<Phrase> textProblem(std::string_view value, const Phrase& field, std::size_t maxChars);

/// `value` made safe to quote in a message: control characters and bytes that are not UTF-8 become '?', and
/// it is cut to `maxChars` characters with "…" after.
std::string printable(std::string_view value, std::size_t maxChars = 40);

/// Number of Unicode characters in valid UTF-8 text.
std::size_t utf8Length(std::string_view value);

/// True when `value` holds nothing but spaces (ASCII or ideographic) and tabs, or nothing at all.
bool isBlank(std::string_view value);

} // namespace countersign::fees
