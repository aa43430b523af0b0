#include "backend/plaintext.h"

namespace countersign {

long decodeUtf8(std::string_view s, std::size_t& i) {
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

bool isControlCharacter(long cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

TextFault findTextFault(std::string_view text, std::size_t maxChars) {
    TextFault fault;
    std::size_t i = 0;
    std::size_t chars = 0;
    while (i < text.size()) {
        const std::size_t at = i;
        const long cp = decodeUtf8(text, i);
        if (cp < 0) {
            fault.kind = TextFault::Kind::NotUtf8;
            fault.byte = at;
            return fault;
        }
        if (isControlCharacter(cp)) {
            fault.kind = TextFault::Kind::Control;
            fault.codePoint = cp;
            fault.character = chars;
            return fault;
        }
        ++chars;
    }
    if (chars > maxChars) {
        fault.kind = TextFault::Kind::TooLong;
        fault.length = chars;
    }
    return fault;
}

} // namespace countersign
