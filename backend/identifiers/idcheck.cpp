#include "backend/identifiers/idcheck.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace countersign {

namespace {

// The character starting at byte `index`, quoted for a person: non-printing characters are named by code
// point, because a tab or a full-width digit from a Chinese input method looks like nothing or like a digit.
Phrase quoteCharacterAt(const std::string& text, std::size_t index) {
    if (index >= text.size()) {
        return Phrase(QT_TRANSLATE_NOOP("Reason", "(none)"));
    }
    const auto lead = static_cast<unsigned char>(text[index]);
    char buffer[32];
    if (lead == ' ') {
        return Phrase(QT_TRANSLATE_NOOP("Reason", "(a space)"));
    }
    if (lead < 0x80) {
        if (lead < 0x20 || lead == 0x7F) {
            std::snprintf(buffer, sizeof buffer, "(U+%04X)", lead);
            return Phrase::verbatim(buffer);
        }
        return Phrase::verbatim(std::string("'") + static_cast<char>(lead) + "'");
    }
    std::size_t length = 0;
    std::uint32_t codePoint = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        codePoint = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        codePoint = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        codePoint = lead & 0x07;
    }
    bool wellFormed = length != 0 && index + length <= text.size();
    for (std::size_t i = 1; wellFormed && i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[index + i]);
        wellFormed = (next & 0xC0) == 0x80;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    if (!wellFormed) {
        std::snprintf(buffer, sizeof buffer, "0x%02X", lead);
        return Phrase(QT_TRANSLATE_NOOP("Reason", "(byte %1)")).arg(buffer);
    }
    const std::string quoted = "'" + text.substr(index, length) + "'";
    if (codePoint >= 0xFF01 && codePoint <= 0xFF5E) {
        return Phrase(QT_TRANSLATE_NOOP("Reason", "%1 (full-width)")).arg(quoted);
    } else if (codePoint == 0x3000) {
        return Phrase(QT_TRANSLATE_NOOP("Reason", "(a full-width space)"));
    }
    return Phrase::verbatim(quoted);
}

// The allowed lengths as IdCheck::expected gives them ("18", "15, 18 or 20"), with the words translatable.
Phrase lengths(const std::string& expected) {
    if (expected.empty())
        return Phrase(QT_TRANSLATE_NOOP("Reason", "a different number"));
    const auto comma = expected.find(", ");
    const auto orWord = expected.find(" or ");
    if (comma != std::string::npos && orWord != std::string::npos && comma < orWord)
        return Phrase(QT_TRANSLATE_NOOP("Reason", "%1, %2 or %3"))
            .arg(expected.substr(0, comma))
            .arg(expected.substr(comma + 2, orWord - comma - 2))
            .arg(expected.substr(orWord + 4));
    if (orWord != std::string::npos)
        return Phrase(QT_TRANSLATE_NOOP("Reason", "%1 or %2"))
            .arg(expected.substr(0, orWord))
            .arg(expected.substr(orWord + 4));
    return Phrase::verbatim(expected);
}

} // namespace

namespace detail {

// Stopping at the first character that is not an ASCII letter or digit means every character before it is one
// byte, so `position` is both a byte and a character index even for UTF-8 input.
IdCheck foldIdInput(std::string_view input) {
    auto isSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!input.empty() && isSpace(input.front())) {
        input.remove_prefix(1);
    }
    while (!input.empty() && isSpace(input.back())) {
        input.remove_suffix(1);
    }

    IdCheck result;
    result.normalised.reserve(input.size());
    for (char c : input) {
        result.normalised.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    }
    if (result.normalised.empty()) {
        result.error = IdError::Empty;
        return result;
    }
    for (std::size_t i = 0; i < result.normalised.size(); ++i) {
        const char c = result.normalised[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
            result.error = IdError::Character;
            result.position = static_cast<int>(i) + 1;
            return result;
        }
    }
    result.error = IdError::None;
    return result;
}

} // namespace detail

Phrase describe(const IdCheck& check, const Phrase& what) {
    switch (check.error) {
    case IdError::None:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 is valid")).arg(what);
    case IdError::Empty:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 is empty")).arg(what);
    case IdError::Length:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 has %2 characters, expected %3"))
            .arg(what)
            .arg(check.normalised.size())
            .arg(lengths(check.expected));
    case IdError::Character:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "character %1 %2 is not allowed in the %3"))
            .arg(check.position)
            .arg(quoteCharacterAt(check.normalised, static_cast<std::size_t>(check.position - 1)))
            .arg(what);
    case IdError::CheckCharacter:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 check character is %2, expected '%3'"))
            .arg(what)
            .arg(quoteCharacterAt(check.normalised, static_cast<std::size_t>(check.position - 1)))
            .arg(check.expected);
    case IdError::BirthDate:
    case IdError::BirthDateInFuture:
    case IdError::BirthDateBefore1900: {
        // Shown as digits split like a date, since it may not be one.
        const auto start = static_cast<std::size_t>(check.position > 0 ? check.position - 1 : 0);
        const std::string digits = check.normalised.substr(std::min(start, check.normalised.size()), 8);
        const std::string shown =
            digits.size() == 8 ? digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2)
                               : digits;
        const char* reason =
            check.error == IdError::BirthDate
                ? QT_TRANSLATE_NOOP("Reason", "the birth date %1 in the %2 is not a real date")
            : check.error == IdError::BirthDateInFuture
                ? QT_TRANSLATE_NOOP("Reason", "the birth date %1 in the %2 is in the future")
                : QT_TRANSLATE_NOOP("Reason", "the birth date %1 in the %2 is before 1900");
        return Phrase(reason).arg(shown).arg(what);
    }
    }
    return Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 was refused")).arg(what);
}

std::string describe(const IdCheck& check, std::string_view what) {
    return describe(check, Phrase::verbatim(std::string(what))).english();
}

} // namespace countersign
