#include "backend/fees/textcheck.h"

#include <cstdint>
#include <cstdio>

#include "backend/plaintext.h"

namespace countersign::fees {

namespace {

std::string hexCodePoint(long cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04lX", cp);
    return buf;
}

} // namespace

std::optional<Phrase> textProblem(std::string_view value, const Phrase& field, std::size_t maxChars) {
    const TextFault fault = findTextFault(value, maxChars);
    switch (fault.kind) {
    case TextFault::Kind::None:
        return std::nullopt;
    case TextFault::Kind::NotUtf8:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 is not valid UTF-8 text (at byte %2)"))
            .arg(field)
            .arg(fault.byte + 1);
    case TextFault::Kind::Control:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 contains a control character (%2 at character %3)"))
            .arg(field)
            .arg(hexCodePoint(fault.codePoint))
            .arg(fault.character + 1);
    case TextFault::Kind::TooLong:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 is too long: %2 characters, at most %3"))
            .arg(field)
            .arg(fault.length)
            .arg(maxChars);
    }
    return std::nullopt;
}

std::string printable(std::string_view value, std::size_t maxChars) {
    std::string out;
    std::size_t i = 0;
    std::size_t chars = 0;
    while (i < value.size()) {
        if (chars == maxChars) {
            out += "\xE2\x80\xA6";
            break;
        }
        const std::size_t at = i;
        const long cp = decodeUtf8(value, i);
        if (cp < 0) {
            out += '?';
            i = at + 1;
        } else if (isControlCharacter(cp)) {
            out += '?';
        } else {
            out.append(value.substr(at, i - at));
        }
        ++chars;
    }
    return out;
}

std::size_t utf8Length(std::string_view value) {
    std::size_t n = 0;
    for (const char c : value)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

bool isBlank(std::string_view value) {
    static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
    std::size_t i = 0;
    while (i < value.size()) {
        if (value[i] == ' ' || value[i] == '\t')
            ++i;
        else if (value.substr(i, kIdeographicSpace.size()) == kIdeographicSpace)
            i += kIdeographicSpace.size();
        else
            return false;
    }
    return true;
}

} // namespace countersign::fees
