#include "backend/identifiers/taxpayerid.h"

#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"

#include <cstddef>
#include <string>

namespace countersign {

namespace {

constexpr int kOrganisationWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::size_t kAreaCodeLength = 6;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}

// Digits count as themselves and letters A–Z as 10–35 (GB 11714-1997).
int organisationValue(char c) {
    return isDigit(c) ? c - '0' : c - 'A' + 10;
}

char organisationCheckCharacter(std::string_view body) {
    int sum = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        sum += organisationValue(body[i]) * kOrganisationWeights[i];
    }
    const int check = 11 - sum % 11;
    return check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
}

// `result` holds a folded 15-character ID.
void checkLegacy15(IdCheck& result) {
    const std::string_view text = result.normalised;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool allowed = i < kAreaCodeLength   ? isDigit(c)
                             : i + 1 < text.size() ? isDigit(c) || isUpper(c)
                                                   : isDigit(c) || c == 'X';
        if (!allowed) {
            result.error = IdError::Character;
            result.position = static_cast<int>(i) + 1;
            return;
        }
    }
    const char expected = organisationCheckCharacter(text.substr(kAreaCodeLength, 8));
    if (text.back() != expected) {
        result.error = IdError::CheckCharacter;
        result.position = static_cast<int>(text.size());
        result.expected = std::string(1, expected);
    }
}

// `result` holds a folded 20-character ID.
void checkLegacy20(IdCheck& result, Date today) {
    const std::string_view text = result.normalised;
    IdCheck person = checkResidentId(text.substr(0, 18), today);
    // A misplaced character in the resident ID part still comes before one in the suffix, so that the
    // reported position is always the first bad one.
    if (person.error != IdError::Character) {
        for (std::size_t i = 18; i < text.size(); ++i) {
            if (!isDigit(text[i])) {
                result.error = IdError::Character;
                result.position = static_cast<int>(i) + 1;
                return;
            }
        }
    }
    // Positions and the expected check character carry over unchanged: the resident ID is the prefix.
    result.error = person.error;
    result.position = person.position;
    result.expected = person.expected;
}

} // namespace

IdCheck checkTaxpayerId(std::string_view id, Date today) {
    IdCheck result = detail::foldIdInput(id);
    if (!result.ok()) {
        return result;
    }
    switch (result.normalised.size()) {
    case 18:
        result = checkUscc(result.normalised);
        result.taxpayerKind = TaxpayerIdKind::Uscc;
        break;
    case 15:
        result.taxpayerKind = TaxpayerIdKind::Legacy15;
        checkLegacy15(result);
        break;
    case 20:
        result.taxpayerKind = TaxpayerIdKind::Legacy20;
        checkLegacy20(result, today);
        break;
    default:
        result.error = IdError::Length;
        result.expected = "15, 18 or 20";
        break;
    }
    return result;
}

} // namespace countersign
