#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace countersign {

// An amount of Chinese yuan held as a whole number of fen (分), so fees, waivers and day totals add up
// exactly. Arithmetic that would leave the int64 range throws std::overflow_error instead of wrapping.
class Money {
public:
    constexpr Money() = default;

    static constexpr Money fen(std::int64_t amount) { return Money(amount); }
    // A double would be truncated to fen without a word; money never passes through floating point.
    template <typename Float, typename = std::enable_if_t<std::is_floating_point_v<Float>>>
    static Money fen(Float) = delete;

    // Plain decimal yuan as a person types it: an optional '-', one or more digits, and optionally '.' with
    // one or two digits ("26", "26.0", "26.00", "-3.50"). Refused: '+', whitespace, exponents, thousands
    // separators, full-width digits, a third decimal (never rounded away silently), and amounts outside
    // int64.
    static std::optional<Money> parse(std::string_view text);

    // Yuan with exactly two decimals and no separators, e.g. "26.00", "-0.05"; parse() reads it back.
    std::string toString() const;

    constexpr std::int64_t fen() const { return m_fen; }
    constexpr bool isZero() const { return m_fen == 0; }
    constexpr bool isNegative() const { return m_fen < 0; }

    Money operator-() const;
    Money& operator+=(Money other);
    Money& operator-=(Money other);
    Money& operator*=(std::int64_t factor);

    friend Money operator+(Money a, Money b) { return a += b; }
    friend Money operator-(Money a, Money b) { return a -= b; }
    friend Money operator*(Money a, std::int64_t factor) { return a *= factor; }
    friend Money operator*(std::int64_t factor, Money a) { return a *= factor; }
    // Scaling by a fraction needs a rounding rule, which belongs to whoever computes the fee, not here.
    template <typename Float, typename = std::enable_if_t<std::is_floating_point_v<Float>>>
    Money& operator*=(Float) = delete;

    friend constexpr bool operator==(Money a, Money b) { return a.m_fen == b.m_fen; }
    friend constexpr bool operator!=(Money a, Money b) { return a.m_fen != b.m_fen; }
    friend constexpr bool operator<(Money a, Money b) { return a.m_fen < b.m_fen; }
    friend constexpr bool operator<=(Money a, Money b) { return a.m_fen <= b.m_fen; }
    friend constexpr bool operator>(Money a, Money b) { return a.m_fen > b.m_fen; }
    friend constexpr bool operator>=(Money a, Money b) { return a.m_fen >= b.m_fen; }

private:
    constexpr explicit Money(std::int64_t amount)
        : m_fen(amount) {}

    std::int64_t m_fen = 0;
};

template <typename Float, typename = std::enable_if_t<std::is_floating_point_v<Float>>>
Money operator*(Money, Float) = delete;
template <typename Float, typename = std::enable_if_t<std::is_floating_point_v<Float>>>
Money operator*(Float, Money) = delete;

/// An amount in fen as yuan with two decimals ("26.00", "-0.05"): Money::fen(fen).toString(), the one money
/// formatter of the receipts, the command line and the kiosk.
std::string yuan(std::int64_t fen);

} // namespace countersign
