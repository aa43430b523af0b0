#pragma once

#include <cstddef>
#include <string_view>

// Text a person typed, a scanner read or a letter carried, checked before it is stored or printed: valid
// UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF), no control characters (C0, DEL, C1, line
// and paragraph separators, and the bidirectional overrides and isolates that make a printed name read
// differently from what is stored), and not too long. One checker for the whole backend; each caller words
// the fault in its own messages (fees/textcheck.h names the field, the workflow's reasons follow a field's
// name).
namespace countersign {

/// What is wrong with a text, if anything: the first fault, as the text is read from its start.
struct TextFault {
    enum class Kind { None, NotUtf8, Control, TooLong };
    Kind kind = Kind::None;
    std::size_t byte = 0;      ///< NotUtf8: where the invalid sequence starts (from 0)
    long codePoint = 0;        ///< Control: the character
    std::size_t character = 0; ///< Control: its position (from 0)
    std::size_t length = 0;    ///< TooLong: the text's length in characters
    explicit operator bool() const { return kind != Kind::None; }
};

/// The first fault of `text` with at most `maxChars` characters allowed.
TextFault findTextFault(std::string_view text, std::size_t maxChars);

/// Decodes the code point at `i` and advances `i` past it; -1 (and `i` unchanged) for an invalid sequence.
long decodeUtf8(std::string_view text, std::size_t& i);

/// A control character in the sense above.
bool isControlCharacter(long codePoint);

} // namespace countersign
