#include "backend/money.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

using countersign::Money;

namespace Catch {
template <> struct StringMaker<Money> {
    static std::string convert(Money money) {
        return money.toString() + " (" + std::to_string(money.fen()) + " fen)";
    }
};
} // namespace Catch

namespace {
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

template <typename Factor, typename = void> struct CanMultiply : std::false_type {};
template <typename Factor>
struct CanMultiply<Factor, std::void_t<decltype(std::declval<Money>() * std::declval<Factor>())>>
    : std::true_type {};
template <typename Amount, typename = void> struct CanMakeFen : std::false_type {};
template <typename Amount>
struct CanMakeFen<Amount, std::void_t<decltype(Money::fen(std::declval<Amount>()))>> : std::true_type {};
} // namespace

TEST_CASE("Money: parse reads whole yuan, one and two decimals, and negatives", "[money]") {
    CHECK(Money::parse("26") == Money::fen(2600));
    CHECK(Money::parse("26.0") == Money::fen(2600));
    CHECK(Money::parse("26.00") == Money::fen(2600));
    CHECK(Money::parse("26.5") == Money::fen(2650));
    CHECK(Money::parse("0.01") == Money::fen(1));
    CHECK(Money::parse("-3.50") == Money::fen(-350));
    CHECK(Money::parse("-0.05") == Money::fen(-5));
    CHECK(Money::parse("180.00") == Money::fen(18000));
    CHECK(Money::parse("0") == Money::fen(0));
    CHECK(Money::parse("007.10") == Money::fen(710));
}

TEST_CASE("Money: minus zero parses as zero, which is not negative", "[money]") {
    const auto zero = Money::parse("-0.00");
    REQUIRE(zero.has_value());
    CHECK(zero->isZero());
    CHECK_FALSE(zero->isNegative());
    CHECK(zero->toString() == "0.00");
}

TEST_CASE("Money: parse refuses a third decimal instead of rounding it away", "[money]") {
    CHECK_FALSE(Money::parse("26.000").has_value());
    CHECK_FALSE(Money::parse("26.005").has_value());
    CHECK_FALSE(Money::parse("0.001").has_value());
}

TEST_CASE("Money: parse refuses exponents, separators, signs, spaces and half-written numbers", "[money]") {
    for (const std::string text :
         {"",       "-",     ".",     "-.5",      ".5",    "26.",  "+26",
          "--26",   "1e3",   "2.6e1", "1,000.00", "1 000", "26 ",  " 26",
          "26.0.0", "26.-1", "0x1A",  "inf",      "nan",   "26元", "\xEF\xBC\x92\xEF\xBC\x96",
          "26,5"}) {
        INFO(text);
        CHECK_FALSE(Money::parse(text).has_value());
    }
}

TEST_CASE("Money: parse accepts the int64 extremes and refuses one fen beyond them", "[money]") {
    CHECK(Money::parse("92233720368547758.07") == Money::fen(kMax));
    CHECK(Money::parse("-92233720368547758.08") == Money::fen(kMin));
    CHECK_FALSE(Money::parse("92233720368547758.08").has_value());
    CHECK_FALSE(Money::parse("-92233720368547758.09").has_value());
    CHECK_FALSE(Money::parse("92233720368547759").has_value());
    CHECK_FALSE(Money::parse("99999999999999999999999").has_value());
}

TEST_CASE("Money: toString always shows two decimals and reads back through parse", "[money]") {
    CHECK(Money::fen(2600).toString() == "26.00");
    CHECK(Money::fen(2650).toString() == "26.50");
    CHECK(Money::fen(5).toString() == "0.05");
    CHECK(Money::fen(-5).toString() == "-0.05");
    CHECK(Money::fen(-350).toString() == "-3.50");
    CHECK(Money().toString() == "0.00");
    CHECK(Money::fen(kMax).toString() == "92233720368547758.07");
    CHECK(Money::fen(kMin).toString() == "-92233720368547758.08");
    for (const std::int64_t fen : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{99},
                                   std::int64_t{-100}, std::int64_t{123456789}, kMax, kMin}) {
        CHECK(Money::parse(Money::fen(fen).toString()) == Money::fen(fen));
    }
}

TEST_CASE("Money: addition, subtraction and negation are exact", "[money]") {
    const Money fee = Money::fen(2600);
    const Money waiver = -fee;
    CHECK(waiver == Money::fen(-2600));
    CHECK((fee + waiver).isZero());
    CHECK(fee - Money::fen(100) == Money::fen(2500));
    CHECK(Money::fen(10) + Money::fen(20) == Money::fen(30));
    Money total;
    total += fee;
    total += Money::fen(18000);
    total -= Money::fen(600);
    CHECK(total == Money::fen(20000));
    CHECK(waiver.isNegative());
    CHECK_FALSE(fee.isNegative());
}

TEST_CASE("Money: multiplying by a count is exact", "[money]") {
    CHECK(Money::fen(15000) * 3 == Money::fen(45000));
    CHECK(3 * Money::fen(15000) == Money::fen(45000));
    CHECK(Money::fen(15000) * 0 == Money());
    CHECK(Money::fen(-350) * -2 == Money::fen(700));
    CHECK(Money::fen(kMax) * 1 == Money::fen(kMax));
    CHECK(Money::fen(kMin) * 1 == Money::fen(kMin));
    CHECK(Money::fen(kMax) * -1 == Money::fen(-kMax));
}

TEST_CASE("Money: arithmetic leaving the int64 range throws overflow_error", "[money]") {
    CHECK_THROWS_AS(Money::fen(kMax) + Money::fen(1), std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMin) + Money::fen(-1), std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMin) - Money::fen(1), std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMax) - Money::fen(-1), std::overflow_error);
    CHECK_THROWS_AS(Money::fen(0) - Money::fen(kMin), std::overflow_error);
    CHECK_THROWS_AS(-Money::fen(kMin), std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMax) * 2, std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMin) * -1, std::overflow_error);
    CHECK_THROWS_AS(Money::fen(-1) * kMin, std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMax / 2 + 1) * 2, std::overflow_error);
    CHECK_THROWS_AS(Money::fen(kMin / 2 - 1) * 2, std::overflow_error);
    CHECK_THROWS_AS(Money::fen(2) * (kMin / 2 - 1), std::overflow_error);
    CHECK_THROWS_AS(Money::fen(-3) * (kMin / 3 - 1), std::overflow_error);
    CHECK_NOTHROW(Money::fen(kMin / 2) * 2);
    CHECK_NOTHROW(Money::fen(kMax) + Money::fen(kMin));
    CHECK_NOTHROW(Money::fen(-1) - Money::fen(kMax));
}

TEST_CASE("Money: a failed operation leaves the amount unchanged", "[money]") {
    Money total = Money::fen(kMax);
    CHECK_THROWS_AS(total += Money::fen(1), std::overflow_error);
    CHECK(total == Money::fen(kMax));
    CHECK_THROWS_AS(total *= 3, std::overflow_error);
    CHECK(total == Money::fen(kMax));
}

TEST_CASE("Money: comparisons order by amount", "[money]") {
    CHECK(Money::fen(-1) < Money::fen(0));
    CHECK(Money::fen(100) > Money::fen(99));
    CHECK(Money::fen(100) <= Money::fen(100));
    CHECK(Money::fen(100) >= Money::fen(100));
    CHECK(Money::fen(100) != Money::fen(101));
    CHECK(Money::fen(0).isZero());
    CHECK(Money().isZero());
}

TEST_CASE("Money: fen() gives back the integer amount", "[money]") {
    CHECK(Money::fen(2600).fen() == 2600);
    CHECK(Money::parse("-3.50")->fen() == -350);
}

TEST_CASE("Money: floating-point factors and amounts do not compile", "[money]") {
    // A double would otherwise be truncated to whole fen without a word.
    CHECK(CanMultiply<int>::value);
    CHECK(CanMultiply<std::int64_t>::value);
    CHECK_FALSE(CanMultiply<double>::value);
    CHECK_FALSE(CanMultiply<float>::value);
    CHECK(CanMakeFen<int>::value);
    CHECK_FALSE(CanMakeFen<double>::value);
}
