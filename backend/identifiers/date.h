#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace countersign {

// A calendar day without time or zone, for birth dates and letter validity periods.
struct Date {
    int year = 0;
    int month = 0;
    int day = 0;

    static constexpr bool isLeapYear(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    // 0 for a month outside 1..12, so a bad month makes every day invalid.
    static constexpr int daysInMonth(int year, int month) {
        constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (month < 1 || month > 12) {
            return 0;
        }
        return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
    }

    // Years are limited to four digits because that is all an ISO string or an ID number can carry.
    constexpr bool isValid() const {
        return year >= 1 && year <= 9999 && day >= 1 && day <= daysInMonth(year, month);
    }

    // Strict "YYYY-MM-DD": exactly ten characters and a real calendar day, nothing else.
    static std::optional<Date> parse(std::string_view iso);

    // "YYYY-MM-DD", zero-padded; parse() reads it back when the date is valid.
    std::string iso() const;

    // The counter's own calendar day: a birth date "in the future" is judged where the person stands.
    static Date today();
};

constexpr bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
}
constexpr bool operator!=(const Date& a, const Date& b) {
    return !(a == b);
}
constexpr bool operator<(const Date& a, const Date& b) {
    return std::tie(a.year, a.month, a.day) < std::tie(b.year, b.month, b.day);
}
constexpr bool operator>(const Date& a, const Date& b) {
    return b < a;
}
constexpr bool operator<=(const Date& a, const Date& b) {
    return !(b < a);
}
constexpr bool operator>=(const Date& a, const Date& b) {
    return !(a < b);
}

} // namespace countersign
