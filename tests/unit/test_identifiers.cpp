#include "backend/identifiers/date.h"
#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

using namespace countersign;

namespace Catch {
template <> struct StringMaker<IdError> {
    static std::string convert(IdError error) {
        return "IdError(" + std::to_string(static_cast<int>(error)) + ")";
    }
};
template <> struct StringMaker<TaxpayerIdKind> {
    static std::string convert(TaxpayerIdKind kind) {
        return "TaxpayerIdKind(" + std::to_string(static_cast<int>(kind)) + ")";
    }
};
template <> struct StringMaker<Date> {
    static std::string convert(const Date& date) { return date.iso(); }
};
} // namespace Catch

namespace {

// A fixed "today" keeps the birth-date cases from changing with the calendar.
constexpr Date kToday{2025, 1, 15};

// DESIGN §3.4.
const std::string kUsccExample = "91350100M000100Y43";
const std::string kResidentExample = "11010519491231002X";

// Legacy taxpayer IDs built by hand (weights 3 7 9 10 5 8 4 2, c = 11 - sum mod 11):
// 10001234: 3+0+0+0+5+16+12+8 = 44, 44 mod 11 = 0, c = 11 -> '0'   (Tianjin Heping 120101)
// D2143569: D=13: 39+14+9+40+15+40+24+18 = 199, mod 11 = 1, c = 10 -> 'X'
// 12345678: 3+14+27+40+25+48+28+16 = 201, mod 11 = 3, c = 8 -> '8' (Ningbo Haishu 330203)
const std::string kLegacy15CheckZero = "120101100012340";
const std::string kLegacy15CheckX = "120101D2143569X";
const std::string kLegacy15CheckDigit = "330203123456788";
const std::string kLegacy20 = kResidentExample + "01";

struct Refusal {
    IdError error;
    int position;
};

char upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
std::string upper(std::string text) {
    for (char& c : text) {
        c = upper(c);
    }
    return text;
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlnum(char c) {
    return isDigit(c) || (c >= 'A' && c <= 'Z');
}

// Written apart from Date so the oracle does not share the code under test.
bool isRealDay(int year, int month, int day) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    const bool leap = year % 400 == 0 || (year % 4 == 0 && year % 100 != 0);
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

int digitsAt(const std::string& text, std::size_t from, std::size_t count) {
    return std::stoi(text.substr(from, count));
}

// The refusal the documented check order predicts for an 18-character USCC-shaped string that differs from a
// valid code. It never predicts "valid": that a changed code is caught is what the tests assert.
Refusal expectedUsccRefusal(const std::string& code) {
    const std::string folded = upper(code);
    static const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (!isAlnum(folded[i])) {
            return {IdError::Character, static_cast<int>(i) + 1};
        }
    }
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (alphabet.find(folded[i]) == std::string::npos) {
            return {IdError::Character, static_cast<int>(i) + 1};
        }
    }
    return {IdError::CheckCharacter, 18};
}

// As above for an 18-character resident-ID-shaped string.
Refusal expectedResidentRefusal(const std::string& id) {
    const std::string folded = upper(id);
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (!isAlnum(folded[i])) {
            return {IdError::Character, static_cast<int>(i) + 1};
        }
    }
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const bool allowed = i < 17    ? isDigit(folded[i])
                             : i == 17 ? isDigit(folded[i]) || folded[i] == 'X'
                                       : isDigit(folded[i]);
        if (!allowed) {
            return {IdError::Character, static_cast<int>(i) + 1};
        }
    }
    const int year = digitsAt(folded, 6, 4);
    const int month = digitsAt(folded, 10, 2);
    const int day = digitsAt(folded, 12, 2);
    if (!isRealDay(year, month, day)) {
        return {IdError::BirthDate, 7};
    }
    if (year < 1900) {
        return {IdError::BirthDateBefore1900, 7};
    }
    if (year * 10000 + month * 100 + day > kToday.year * 10000 + kToday.month * 100 + kToday.day) {
        return {IdError::BirthDateInFuture, 7};
    }
    return {IdError::CheckCharacter, 18};
}

// Calls `visit(mutated, position)` for every single-character substitution of `example` by a printable ASCII
// character (0x21-0x7E) that changes the string. Returns the substitutions that only change letter case,
// which normalise to the same ID and so are not mistakes.
std::vector<std::string> forEachSubstitution(const std::string& example,
                                             const std::function<void(const std::string&, int)>& visit) {
    std::vector<std::string> sameId;
    for (std::size_t i = 0; i < example.size(); ++i) {
        for (char c = 0x21; c <= 0x7E; ++c) {
            if (c == example[i]) {
                continue;
            }
            std::string mutated = example;
            mutated[i] = c;
            if (upper(mutated) == upper(example)) {
                sameId.push_back(mutated);
                continue;
            }
            visit(mutated, static_cast<int>(i) + 1);
        }
    }
    return sameId;
}

// Calls `visit(mutated, position)` for every swap of the characters at `position` and `position + 1` that
// changes the string.
void forEachAdjacentTransposition(const std::string& example,
                                  const std::function<void(const std::string&, int)>& visit) {
    for (std::size_t i = 0; i + 1 < example.size(); ++i) {
        if (example[i] == example[i + 1]) {
            continue;
        }
        std::string mutated = example;
        std::swap(mutated[i], mutated[i + 1]);
        visit(mutated, static_cast<int>(i) + 1);
    }
}

void requireRefusal(const IdCheck& check, Refusal expected) {
    CHECK_FALSE(check.ok());
    CHECK(check.error == expected.error);
    CHECK(check.position == expected.position);
}

int organisationValue(char c) {
    return isDigit(c) ? c - '0' : c - 'A' + 10;
}

// The character at a 1-based position, as the checks report positions.
char at(const std::string& text, int position) {
    return text[static_cast<std::size_t>(position - 1)];
}

} // namespace

// ---------------------------------------------------------------- USCC

TEST_CASE("USCC: the DESIGN example 91350100M000100Y43 is valid", "[validators]") {
    const IdCheck check = checkUscc(kUsccExample);
    CHECK(check.ok());
    CHECK(check.error == IdError::None);
    CHECK(check.normalised == kUsccExample);
    CHECK(check.position == -1);
    CHECK_FALSE(check.taxpayerKind.has_value());
}

TEST_CASE("USCC: lower case is accepted and normalised to upper case", "[validators]") {
    const IdCheck check = checkUscc("91350100m000100y43");
    CHECK(check.ok());
    CHECK(check.normalised == kUsccExample);
}

TEST_CASE("USCC: surrounding whitespace from a scanner or a paste is dropped", "[validators]") {
    const IdCheck check = checkUscc(" \t91350100M000100Y43\r\n");
    CHECK(check.ok());
    CHECK(check.normalised == kUsccExample);
}

TEST_CASE("USCC: whitespace inside the code is a Character error at its position", "[validators]") {
    requireRefusal(checkUscc("9135 0100M000100Y43"), {IdError::Character, 5});
    requireRefusal(checkUscc("91350100M000100Y\t43"), {IdError::Character, 17});
}

TEST_CASE("USCC: empty or blank input is an Empty error", "[validators]") {
    CHECK(checkUscc("").error == IdError::Empty);
    CHECK(checkUscc("   \r\n").error == IdError::Empty);
    CHECK(IdCheck{}.error == IdError::Empty);
    CHECK_FALSE(IdCheck{}.ok());
}

TEST_CASE("USCC: 17 or 19 characters is a Length error expecting 18", "[validators]") {
    for (const std::string code : {"91350100M000100Y4", "91350100M000100Y433"}) {
        const IdCheck check = checkUscc(code);
        CHECK(check.error == IdError::Length);
        CHECK(check.expected == "18");
        CHECK(check.position == -1);
    }
}

TEST_CASE("USCC: the letters I O S V Z are Character errors", "[validators]") {
    for (const char letter : {'I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z'}) {
        std::string code = kUsccExample;
        code[8] = letter;
        INFO(code);
        requireRefusal(checkUscc(code), {IdError::Character, 9});
    }
}

TEST_CASE("USCC: a wrong check character says which one was expected", "[validators]") {
    const IdCheck check = checkUscc("91350100M000100Y44");
    requireRefusal(check, {IdError::CheckCharacter, 18});
    CHECK(check.expected == "3");
}

TEST_CASE("USCC: a remainder of 0 gives check character 0, not 31", "[validators]") {
    // All zeros sum to 0; 31 - 0 = 31, which wraps to 0.
    CHECK(usccCheckCharacter("00000000000000000") == '0');
    CHECK(checkUscc("000000000000000000").ok());
}

TEST_CASE("USCC: usccCheckCharacter computes the 18th character and refuses malformed input",
          "[validators]") {
    CHECK(usccCheckCharacter("91350100M000100Y4") == '3');
    CHECK(usccCheckCharacter("91350100m000100y4") == '3');
    CHECK_FALSE(usccCheckCharacter("91350100M000100Y").has_value());
    CHECK_FALSE(usccCheckCharacter("91350100M000100Y43").has_value());
    CHECK_FALSE(usccCheckCharacter("91350100I000100Y4").has_value());
    CHECK_FALSE(usccCheckCharacter("").has_value());
}

TEST_CASE("USCC: every single-character substitution of the DESIGN example is refused with the right error",
          "[validators]") {
    int refused = 0;
    const auto sameId = forEachSubstitution(kUsccExample, [&](const std::string& mutated, int) {
        INFO(mutated);
        requireRefusal(checkUscc(mutated), expectedUsccRefusal(mutated));
        ++refused;
    });
    CHECK(refused == 18 * 93 - 2);
    // Only the case of the two letters M and Y can change without changing the code.
    CHECK(sameId == std::vector<std::string>{"91350100m000100Y43", "91350100M000100y43"});
    for (const std::string& code : sameId) {
        const IdCheck check = checkUscc(code);
        CHECK(check.ok());
        CHECK(check.normalised == kUsccExample);
    }
}

TEST_CASE("USCC: every adjacent transposition of the DESIGN example is refused with the right error",
          "[validators]") {
    int refused = 0;
    forEachAdjacentTransposition(kUsccExample, [&](const std::string& mutated, int) {
        INFO(mutated);
        requireRefusal(checkUscc(mutated), expectedUsccRefusal(mutated));
        ++refused;
    });
    CHECK(refused > 0);
}

// ---------------------------------------------------------------- resident ID

TEST_CASE("resident ID: the DESIGN example 11010519491231002X is valid", "[validators]") {
    const IdCheck check = checkResidentId(kResidentExample, kToday);
    CHECK(check.ok());
    CHECK(check.normalised == kResidentExample);
}

TEST_CASE("resident ID: a lower-case x check character is read as X", "[validators]") {
    const IdCheck check = checkResidentId("11010519491231002x", kToday);
    CHECK(check.ok());
    CHECK(check.normalised == kResidentExample);
}

TEST_CASE("resident ID: an ID with a digit check character is valid", "[validators]") {
    CHECK(checkResidentId("440306198808081230", kToday).ok());
}

TEST_CASE("resident ID: 15-character first-generation numbers and 19 characters are Length errors",
          "[validators]") {
    for (const std::string id : {"110105491231002", "11010519491231002X0"}) {
        const IdCheck check = checkResidentId(id, kToday);
        CHECK(check.error == IdError::Length);
        CHECK(check.expected == "18");
    }
}

TEST_CASE("resident ID: X anywhere but the last position is a Character error", "[validators]") {
    requireRefusal(checkResidentId("1101051949123100X2", kToday), {IdError::Character, 17});
    requireRefusal(checkResidentId("11010519491231002Y", kToday), {IdError::Character, 18});
}

TEST_CASE("resident ID: 29 February 1949 is not a real day", "[validators]") {
    // Check character computed for this body, so only the date is wrong.
    requireRefusal(checkResidentId("110105194902290010", kToday), {IdError::BirthDate, 7});
}

TEST_CASE("resident ID: 29 February 2000 is a real day (divisible by 400)", "[validators]") {
    CHECK(checkResidentId("110105200002290013", kToday).ok());
}

TEST_CASE("resident ID: 29 February 1900 is not a real day (divisible by 100)", "[validators]") {
    requireRefusal(checkResidentId("110105190002290017", kToday), {IdError::BirthDate, 7});
}

TEST_CASE("resident ID: a birth date after today is BirthDateInFuture, today itself is fine",
          "[validators]") {
    requireRefusal(checkResidentId("11010520250116001X", kToday), {IdError::BirthDateInFuture, 7});
    CHECK(checkResidentId("110105202501150014", kToday).ok());
}

TEST_CASE("resident ID: a birth date before 1900-01-01 is BirthDateBefore1900, 1900-01-01 is fine",
          "[validators]") {
    requireRefusal(checkResidentId("110105189912310015", kToday), {IdError::BirthDateBefore1900, 7});
    CHECK(checkResidentId("11010519000101001X", kToday).ok());
}

TEST_CASE("resident ID: residentIdBirthDate reads the date of a well-formed ID", "[validators]") {
    CHECK(residentIdBirthDate(kResidentExample) == Date{1949, 12, 31});
    CHECK(residentIdBirthDate("11010519491231002x") == Date{1949, 12, 31});
    CHECK_FALSE(residentIdBirthDate("110105194902290010").has_value());
    CHECK_FALSE(residentIdBirthDate("110105491231002").has_value());
    CHECK_FALSE(residentIdBirthDate("1101051949123100X2").has_value());
    CHECK_FALSE(residentIdBirthDate("").has_value());
}

TEST_CASE("resident ID: every single-character substitution of the DESIGN example is refused with the right "
          "error",
          "[validators]") {
    int refused = 0;
    const auto sameId = forEachSubstitution(kResidentExample, [&](const std::string& mutated, int) {
        INFO(mutated);
        requireRefusal(checkResidentId(mutated, kToday), expectedResidentRefusal(mutated));
        ++refused;
    });
    CHECK(refused == 18 * 93 - 1);
    // x for X at the last position is the same ID (the brief's one exception).
    CHECK(sameId == std::vector<std::string>{"11010519491231002x"});
}

TEST_CASE("resident ID: substitutions in the birth date report the date before the check character",
          "[validators]") {
    // 1949-12-31 -> 1949-22-31, 1949-12-41, 2949-12-31, 1849-12-31
    requireRefusal(checkResidentId("11010519492231002X", kToday), {IdError::BirthDate, 7});
    requireRefusal(checkResidentId("11010519491241002X", kToday), {IdError::BirthDate, 7});
    requireRefusal(checkResidentId("11010529491231002X", kToday), {IdError::BirthDateInFuture, 7});
    requireRefusal(checkResidentId("11010518491231002X", kToday), {IdError::BirthDateBefore1900, 7});
}

TEST_CASE("resident ID: every adjacent transposition of the DESIGN example is refused with the right error",
          "[validators]") {
    int refused = 0;
    forEachAdjacentTransposition(kResidentExample, [&](const std::string& mutated, int) {
        INFO(mutated);
        requireRefusal(checkResidentId(mutated, kToday), expectedResidentRefusal(mutated));
        ++refused;
    });
    CHECK(refused > 0);
}

// ---------------------------------------------------------------- taxpayer ID

TEST_CASE("taxpayer ID: a valid USCC is accepted as kind Uscc", "[validators]") {
    const IdCheck check = checkTaxpayerId("91350100m000100y43", kToday);
    CHECK(check.ok());
    CHECK(check.taxpayerKind == TaxpayerIdKind::Uscc);
    CHECK(check.normalised == kUsccExample);
}

TEST_CASE("taxpayer ID: an 18-character ID failing the USCC check is refused as kind Uscc", "[validators]") {
    const IdCheck check = checkTaxpayerId("91350100M000100Y44", kToday);
    requireRefusal(check, {IdError::CheckCharacter, 18});
    CHECK(check.expected == "3");
    CHECK(check.taxpayerKind == TaxpayerIdKind::Uscc);
}

TEST_CASE("taxpayer ID: hand-computed legacy 15-character IDs are accepted as kind Legacy15",
          "[validators]") {
    for (const std::string& id : {kLegacy15CheckZero, kLegacy15CheckX, kLegacy15CheckDigit}) {
        INFO(id);
        const IdCheck check = checkTaxpayerId(id, kToday);
        CHECK(check.ok());
        CHECK(check.taxpayerKind == TaxpayerIdKind::Legacy15);
        CHECK(check.normalised == id);
    }
    CHECK(checkTaxpayerId("120101d2143569x", kToday).normalised == kLegacy15CheckX);
    CHECK(checkTaxpayerId("120101d2143569x", kToday).ok());
}

TEST_CASE("taxpayer ID: a legacy 15 with a wrong check character says which one was expected",
          "[validators]") {
    const IdCheck check = checkTaxpayerId("120101D21435690", kToday);
    requireRefusal(check, {IdError::CheckCharacter, 15});
    CHECK(check.expected == "X");
    CHECK(check.taxpayerKind == TaxpayerIdKind::Legacy15);
}

TEST_CASE("taxpayer ID: a letter in the legacy 15 area code or a non-X letter as check is a Character error",
          "[validators]") {
    requireRefusal(checkTaxpayerId("1201A1100012340", kToday), {IdError::Character, 5});
    requireRefusal(checkTaxpayerId("120101D2143569Y", kToday), {IdError::Character, 15});
}

TEST_CASE("taxpayer ID: a legacy 20 (resident ID + 2 digits) is accepted as kind Legacy20", "[validators]") {
    const IdCheck check = checkTaxpayerId("11010519491231002x01", kToday);
    CHECK(check.ok());
    CHECK(check.taxpayerKind == TaxpayerIdKind::Legacy20);
    CHECK(check.normalised == kLegacy20);
}

TEST_CASE("taxpayer ID: a legacy 20 carries the resident ID's birth-date and check errors", "[validators]") {
    requireRefusal(checkTaxpayerId("11010519490229001001", kToday), {IdError::BirthDate, 7});
    requireRefusal(checkTaxpayerId("11010520250116001X01", kToday), {IdError::BirthDateInFuture, 7});
    const IdCheck check = checkTaxpayerId("11010519491231002901", kToday);
    requireRefusal(check, {IdError::CheckCharacter, 18});
    CHECK(check.expected == "X");
    requireRefusal(checkTaxpayerId("11010519491231002X0A", kToday), {IdError::Character, 20});
    // With bad characters in both parts, the first one is reported.
    requireRefusal(checkTaxpayerId("1101051949123100X20A", kToday), {IdError::Character, 17});
}

TEST_CASE("taxpayer ID: lengths other than 15, 18 and 20 are Length errors", "[validators]") {
    for (const std::string id : {"12010110001234", "1201011000123401", "11010519491231002X0", "1"}) {
        const IdCheck check = checkTaxpayerId(id, kToday);
        CHECK(check.error == IdError::Length);
        CHECK(check.expected == "15, 18 or 20");
        CHECK_FALSE(check.taxpayerKind.has_value());
    }
    CHECK(checkTaxpayerId("  ", kToday).error == IdError::Empty);
}

TEST_CASE(
    "taxpayer ID: every single-character substitution of the USCC example is refused with the right error",
    "[validators]") {
    forEachSubstitution(kUsccExample, [&](const std::string& mutated, int) {
        INFO(mutated);
        const IdCheck check = checkTaxpayerId(mutated, kToday);
        requireRefusal(check, expectedUsccRefusal(mutated));
    });
}

TEST_CASE("taxpayer ID: legacy 15 substitutions are refused except digits in the area code and organisation "
          "characters congruent mod 11 (limits of the format)",
          "[validators]") {
    for (const std::string& example : {kLegacy15CheckZero, kLegacy15CheckX, kLegacy15CheckDigit}) {
        int accepted = 0;
        forEachSubstitution(example, [&](const std::string& mutated, int position) {
            INFO(mutated);
            const IdCheck check = checkTaxpayerId(mutated, kToday);
            const char now = upper(at(mutated, position));
            const char was = at(example, position);
            if (!isAlnum(now)) {
                requireRefusal(check, {IdError::Character, position});
            } else if (position <= 6) {
                if (isDigit(now)) {
                    CHECK(check.ok()); // no check covers the area code
                    ++accepted;
                } else {
                    requireRefusal(check, {IdError::Character, position});
                }
            } else if (position <= 14) {
                if (organisationValue(now) % 11 == organisationValue(was) % 11) {
                    CHECK(check.ok()); // GB 11714 weighs values 0-35 modulo 11
                    ++accepted;
                } else {
                    requireRefusal(check, {IdError::CheckCharacter, 15});
                }
            } else if (isDigit(now) || now == 'X') {
                requireRefusal(check, {IdError::CheckCharacter, 15});
            } else {
                requireRefusal(check, {IdError::Character, 15});
            }
        });
        CHECK(accepted > 6 * 9);
    }
}

TEST_CASE(
    "taxpayer ID: legacy 15 transpositions are refused except inside the area code or between characters "
    "congruent mod 11",
    "[validators]") {
    for (const std::string& example : {kLegacy15CheckZero, kLegacy15CheckX, kLegacy15CheckDigit}) {
        forEachAdjacentTransposition(example, [&](const std::string& mutated, int position) {
            INFO(mutated);
            const IdCheck check = checkTaxpayerId(mutated, kToday);
            const char left = at(mutated, position);
            const char right = at(mutated, position + 1);
            if (position + 1 <= 6) {
                CHECK(check.ok());
            } else if (position == 6 && !isDigit(left)) {
                requireRefusal(check, {IdError::Character, 6});
            } else if (position == 14 && !(isDigit(right) || right == 'X')) {
                requireRefusal(check, {IdError::Character, 15});
            } else if (position >= 7 && position + 1 <= 14 &&
                       organisationValue(left) % 11 == organisationValue(right) % 11) {
                CHECK(check.ok());
            } else {
                requireRefusal(check, {IdError::CheckCharacter, 15});
            }
        });
    }
    // The one such case among the examples: D (13) and 2 are 11 apart.
    CHECK(checkTaxpayerId("1201012D143569X", kToday).ok());
}

TEST_CASE("taxpayer ID: legacy 20 substitutions are refused except digits in the unchecked 2-digit suffix",
          "[validators]") {
    int accepted = 0;
    const auto sameId = forEachSubstitution(kLegacy20, [&](const std::string& mutated, int position) {
        INFO(mutated);
        const IdCheck check = checkTaxpayerId(mutated, kToday);
        const char now = upper(at(mutated, position));
        if (position <= 18) {
            requireRefusal(check, expectedResidentRefusal(mutated.substr(0, 18)));
        } else if (isDigit(now)) {
            CHECK(check.ok());
            ++accepted;
        } else {
            requireRefusal(check, {IdError::Character, position});
        }
    });
    CHECK(accepted == 2 * 9);
    CHECK(sameId == std::vector<std::string>{"11010519491231002x01"});
}

TEST_CASE("taxpayer ID: legacy 20 transpositions are refused except inside the 2-digit suffix",
          "[validators]") {
    forEachAdjacentTransposition(kLegacy20, [&](const std::string& mutated, int position) {
        INFO(mutated);
        const IdCheck check = checkTaxpayerId(mutated, kToday);
        if (position == 19) {
            CHECK(check.ok());
        } else if (position == 18) {
            requireRefusal(check, {IdError::Character, 19}); // X moved into the suffix
        } else {
            requireRefusal(check, expectedResidentRefusal(mutated.substr(0, 18)));
        }
    });
}

// ---------------------------------------------------------------- describe

TEST_CASE("describe: each error reads as one line naming the character or value at fault", "[validators]") {
    CHECK(describe(checkUscc(kUsccExample), "USCC") == "the USCC is valid");
    CHECK(describe(checkUscc(""), "USCC") == "the USCC is empty");
    CHECK(describe(checkUscc("91350100M000100Y4"), "USCC") == "the USCC has 17 characters, expected 18");
    CHECK(describe(checkUscc("91350100I000100Y43"), "USCC") == "character 9 'I' is not allowed in the USCC");
    CHECK(describe(checkUscc("9135 0100M000100Y43"), "USCC") ==
          "character 5 (a space) is not allowed in the USCC");
    CHECK(describe(checkUscc("9135\t0100M000100Y43"), "USCC") ==
          "character 5 (U+0009) is not allowed in the USCC");
    CHECK(describe(checkUscc("\xEF\xBC\x99"
                             "1350100M000100Y43"),
                   "USCC") == "character 1 '\xEF\xBC\x99' (full-width) is not allowed in the USCC");
    CHECK(describe(checkUscc("91350100M000100Y44"), "USCC") ==
          "the USCC check character is '4', expected '3'");
    CHECK(describe(checkResidentId("110105194902290010", kToday), "agent ID number") ==
          "the birth date 1949-02-29 in the agent ID number is not a real date");
    CHECK(describe(checkResidentId("11010520250116001X", kToday), "agent ID number") ==
          "the birth date 2025-01-16 in the agent ID number is in the future");
    CHECK(describe(checkResidentId("110105189912310015", kToday), "agent ID number") ==
          "the birth date 1899-12-31 in the agent ID number is before 1900");
    CHECK(describe(checkTaxpayerId("1201011000123", kToday), "company ID") ==
          "the company ID has 13 characters, expected 15, 18 or 20");
}

TEST_CASE("IdError values are fixed because the UI and the audit log store them", "[validators]") {
    CHECK(static_cast<int>(IdError::None) == 0);
    CHECK(static_cast<int>(IdError::Empty) == 1);
    CHECK(static_cast<int>(IdError::Length) == 2);
    CHECK(static_cast<int>(IdError::Character) == 3);
    CHECK(static_cast<int>(IdError::CheckCharacter) == 4);
    CHECK(static_cast<int>(IdError::BirthDate) == 5);
    CHECK(static_cast<int>(IdError::BirthDateInFuture) == 6);
    CHECK(static_cast<int>(IdError::BirthDateBefore1900) == 7);
}

// ---------------------------------------------------------------- Date

TEST_CASE("Date: parse accepts only strict YYYY-MM-DD real days", "[validators]") {
    CHECK(Date::parse("2024-02-29") == Date{2024, 2, 29});
    CHECK(Date::parse("0001-01-01") == Date{1, 1, 1});
    CHECK_FALSE(Date::parse("2023-02-29").has_value());
    CHECK_FALSE(Date::parse("2024-13-01").has_value());
    CHECK_FALSE(Date::parse("2024-04-31").has_value());
    CHECK_FALSE(Date::parse("2024-4-30").has_value());
    CHECK_FALSE(Date::parse("2024/04/30").has_value());
    CHECK_FALSE(Date::parse("20240430").has_value());
    CHECK_FALSE(Date::parse(" 2024-04-30").has_value());
    CHECK_FALSE(Date::parse("0000-01-01").has_value());
    CHECK_FALSE(Date::parse("").has_value());
}

TEST_CASE("Date: iso() pads to YYYY-MM-DD and round-trips through parse", "[validators]") {
    CHECK(Date{1949, 12, 31}.iso() == "1949-12-31");
    CHECK(Date{987, 1, 2}.iso() == "0987-01-02");
    CHECK(Date::parse(Date{2000, 2, 29}.iso()) == Date{2000, 2, 29});
}

TEST_CASE("Date: comparisons order by year, then month, then day", "[validators]") {
    CHECK(Date{1999, 12, 31} < Date{2000, 1, 1});
    CHECK(Date{2000, 1, 31} < Date{2000, 2, 1});
    CHECK(Date{2000, 2, 1} > Date{2000, 1, 31});
    CHECK(Date{2000, 2, 1} <= Date{2000, 2, 1});
    CHECK(Date{2000, 2, 1} >= Date{2000, 2, 1});
    CHECK(Date{2000, 2, 1} != Date{2000, 2, 2});
    CHECK_FALSE(Date{2000, 2, 2} < Date{2000, 2, 1});
}

TEST_CASE("Date: leap years follow the Gregorian rule", "[validators]") {
    CHECK(Date::isLeapYear(2000));
    CHECK(Date::isLeapYear(2024));
    CHECK_FALSE(Date::isLeapYear(1900));
    CHECK_FALSE(Date::isLeapYear(2023));
    CHECK(Date{2024, 2, 29}.isValid());
    CHECK_FALSE(Date{2100, 2, 29}.isValid());
    CHECK_FALSE(Date{2024, 0, 1}.isValid());
    CHECK_FALSE(Date{2024, 1, 0}.isValid());
}

TEST_CASE("Date: today() is a real day after the DESIGN was written", "[validators]") {
    const Date today = Date::today();
    CHECK(today.isValid());
    CHECK(today >= Date{2025, 1, 1});
}
