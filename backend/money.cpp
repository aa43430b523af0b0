#include "backend/money.h"

#include <limits>
#include <stdexcept>

namespace countersign {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<Money> Money::parse(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) {
        text.remove_prefix(1);
    }
    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view decimals =
        point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    if (whole.empty() || (point != std::string_view::npos && (decimals.empty() || decimals.size() > 2))) {
        return std::nullopt;
    }

    // The magnitude is gathered as unsigned so that the most negative amount, one fen beyond the most
    // positive, still parses.
    const std::uint64_t limit =
        negative ? static_cast<std::uint64_t>(kMax) + 1 : static_cast<std::uint64_t>(kMax);
    std::uint64_t magnitude = 0;
    auto append = [&](char c) {
        if (!isDigit(c)) {
            return false;
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (magnitude > (limit - digit) / 10) {
            return false;
        }
        magnitude = magnitude * 10 + digit;
        return true;
    };
    for (char c : whole) {
        if (!append(c)) {
            return std::nullopt;
        }
    }
    // Pad to exactly two decimals so "26.5" is 2650 fen.
    for (std::size_t i = 0; i < 2; ++i) {
        if (!append(i < decimals.size() ? decimals[i] : '0')) {
            return std::nullopt;
        }
    }

    if (!negative) {
        return Money(static_cast<std::int64_t>(magnitude));
    }
    if (magnitude == static_cast<std::uint64_t>(kMax) + 1) {
        return Money(kMin);
    }
    return Money(-static_cast<std::int64_t>(magnitude));
}

std::string Money::toString() const {
    // Unsigned, because the magnitude of the most negative amount does not fit in int64.
    const std::uint64_t magnitude =
        m_fen < 0 ? static_cast<std::uint64_t>(-(m_fen + 1)) + 1 : static_cast<std::uint64_t>(m_fen);
    const std::uint64_t cents = magnitude % 100;
    std::string text = m_fen < 0 ? "-" : "";
    text += std::to_string(magnitude / 100);
    text += '.';
    text += static_cast<char>('0' + cents / 10);
    text += static_cast<char>('0' + cents % 10);
    return text;
}

Money Money::operator-() const {
    if (m_fen == kMin) {
        throw std::overflow_error("Money: cannot negate " + toString());
    }
    return Money(-m_fen);
}

Money& Money::operator+=(Money other) {
    if ((other.m_fen > 0 && m_fen > kMax - other.m_fen) || (other.m_fen < 0 && m_fen < kMin - other.m_fen)) {
        throw std::overflow_error("Money: " + toString() + " + " + other.toString() + " overflows");
    }
    m_fen += other.m_fen;
    return *this;
}

Money& Money::operator-=(Money other) {
    if ((other.m_fen < 0 && m_fen > kMax + other.m_fen) || (other.m_fen > 0 && m_fen < kMin + other.m_fen)) {
        throw std::overflow_error("Money: " + toString() + " - " + other.toString() + " overflows");
    }
    m_fen -= other.m_fen;
    return *this;
}

Money& Money::operator*=(std::int64_t factor) {
    // Division-based bounds (CERT INT32-C): the product itself must never be formed if it would overflow.
    const std::int64_t a = m_fen;
    const std::int64_t b = factor;
    bool overflows = false;
    if (a > 0) {
        overflows = b > 0 ? a > kMax / b : b < kMin / a;
    } else if (a < 0) {
        overflows = b > 0 ? a < kMin / b : b != 0 && a < kMax / b;
    }
    if (overflows) {
        throw std::overflow_error("Money: " + toString() + " * " + std::to_string(factor) + " overflows");
    }
    m_fen = a * b;
    return *this;
}

std::string yuan(std::int64_t fen) {
    return Money::fen(fen).toString();
}

} // namespace countersign
