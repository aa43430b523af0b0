#include "backend/identifiers/uscc.h"

#include <cstddef>
#include <string>

namespace countersign {

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr std::size_t kLength = 18;

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

} // namespace

std::optional<char> usccCheckCharacter(std::string_view first17) {
    if (first17.size() != kLength - 1) {
        return std::nullopt;
    }
    int sum = 0;
    for (std::size_t i = 0; i < first17.size(); ++i) {
        const auto value = kAlphabet.find(upper(first17[i]));
        if (value == std::string_view::npos) {
            return std::nullopt;
        }
        sum += static_cast<int>(value) * kWeights[i];
    }
    const int check = 31 - sum % 31;
    return kAlphabet[static_cast<std::size_t>(check == 31 ? 0 : check)];
}

IdCheck checkUscc(std::string_view code) {
    IdCheck result = detail::foldIdInput(code);
    if (!result.ok()) {
        return result;
    }
    const std::string& text = result.normalised;
    if (text.size() != kLength) {
        result.error = IdError::Length;
        result.expected = "18";
        return result;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (kAlphabet.find(text[i]) == std::string_view::npos) {
            result.error = IdError::Character;
            result.position = static_cast<int>(i) + 1;
            return result;
        }
    }
    const char expected = *usccCheckCharacter(std::string_view(text).substr(0, kLength - 1));
    if (text.back() != expected) {
        result.error = IdError::CheckCharacter;
        result.position = static_cast<int>(kLength);
        result.expected = std::string(1, expected);
        return result;
    }
    return result;
}

} // namespace countersign
