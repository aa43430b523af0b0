#include "backend/identifiers/residentid.h"

#include <cstddef>
#include <string>

namespace countersign {

namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";
constexpr std::size_t kLength = 18;
constexpr std::size_t kBirthDateStart = 6; // 0-based; characters 7–14
constexpr Date kEarliestBirthDate{1900, 1, 1};

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// 1-based position of the first character not allowed where it stands, or 0. Expects 18 upper-case
// characters.
int firstMisplacedCharacter(std::string_view id) {
    for (std::size_t i = 0; i + 1 < id.size(); ++i) {
        if (!isDigit(id[i])) {
            return static_cast<int>(i) + 1;
        }
    }
    return isDigit(id.back()) || id.back() == 'X' ? 0 : static_cast<int>(id.size());
}

// Expects at least 8 digits from kBirthDateStart.
Date birthDateDigits(std::string_view id) {
    auto number = [id](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            value = value * 10 + (id[i] - '0');
        }
        return value;
    };
    return Date{number(kBirthDateStart, 4), number(kBirthDateStart + 4, 2), number(kBirthDateStart + 6, 2)};
}

char checkCharacter(std::string_view id) {
    int sum = 0;
    for (std::size_t i = 0; i < kLength - 1; ++i) {
        sum += (id[i] - '0') * kWeights[i];
    }
    return kCheckCharacters[static_cast<std::size_t>(sum % 11)];
}

} // namespace

IdCheck checkResidentId(std::string_view id, Date today) {
    IdCheck result = detail::foldIdInput(id);
    if (!result.ok()) {
        return result;
    }
    const std::string_view text = result.normalised;
    if (text.size() != kLength) {
        result.error = IdError::Length;
        result.expected = "18";
        return result;
    }
    if (const int position = firstMisplacedCharacter(text)) {
        result.error = IdError::Character;
        result.position = position;
        return result;
    }

    const Date born = birthDateDigits(text);
    IdError dateError = IdError::None;
    if (!born.isValid()) {
        dateError = IdError::BirthDate;
    } else if (born < kEarliestBirthDate) {
        dateError = IdError::BirthDateBefore1900;
    } else if (born > today) {
        dateError = IdError::BirthDateInFuture;
    }
    if (dateError != IdError::None) {
        result.error = dateError;
        result.position = static_cast<int>(kBirthDateStart) + 1;
        return result;
    }

    const char expected = checkCharacter(text);
    if (text.back() != expected) {
        result.error = IdError::CheckCharacter;
        result.position = static_cast<int>(kLength);
        result.expected = std::string(1, expected);
    }
    return result;
}

std::optional<Date> residentIdBirthDate(std::string_view id) {
    const IdCheck folded = detail::foldIdInput(id);
    if (!folded.ok() || folded.normalised.size() != kLength ||
        firstMisplacedCharacter(folded.normalised) != 0) {
        return std::nullopt;
    }
    const Date born = birthDateDigits(folded.normalised);
    if (!born.isValid()) {
        return std::nullopt;
    }
    return born;
}

std::string maskedId(std::string_view id) {
    if (id.size() <= 10)
        return std::string(id.size(), '*');
    return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
           std::string(id.substr(id.size() - 4));
}

} // namespace countersign
