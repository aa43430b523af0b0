#include "backend/fees/textcheck.h"

#include <cstdint>
#include <cstdio>

namespace countersign::fees {

namespace {

/// Decodes the code point at `i`; returns -1 for an invalid sequence. Advances `i` past it.
long decodeOne(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    long cp = 0;
    long min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        extra = 1;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        extra = 2;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        extra = 3;
        cp = b0 & 0x07;
        min = 0x10000;
    } else {
        return -1;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size())
        return -1;
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

bool isControl(long cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string hexCodePoint(long cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04lX", cp);
    return buf;
}

} // namespace

std::optional<Phrase> textProblem(std::string_view value, const Phrase& field, std::size_t maxChars) {
    std::size_t i = 0;
    std::size_t chars = 0;
    while (i < value.size()) {
        const std::size_t at = i;
        const long cp = decodeOne(value, i);
        if (cp < 0)
            return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 is not valid UTF-8 text (at byte %2)"))
                .arg(field)
                .arg(at + 1);
        if (isControl(cp))
            return Phrase(QT_TRANSLATE_NOOP("Reason",
                                            "the %1 contains a control character (%2 at character %3)"))
                .arg(field)
                .arg(hexCodePoint(cp))
                .arg(chars + 1);
        ++chars;
    }
    if (chars > maxChars)
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 is too long: %2 characters, at most %3"))
            .arg(field)
            .arg(chars)
            .arg(maxChars);
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
        const long cp = decodeOne(value, i);
        if (cp < 0) {
            out += '?';
            i = at + 1;
        } else if (isControl(cp)) {
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
