#pragma once

#include <string>
#include <vector>

#include <pqxx/strconv>

namespace countersign::db {

/// A list of texts passed to a statement as one text[] parameter (`$n::text[]`). libpqxx 6.4 has no array
/// parameters; this is the conversion libpqxx 7 does for a container: PostgreSQL's array literal, every
/// element double-quoted with its quotes and backslashes escaped, so no element can end the array or add one.
struct TextArray {
    std::vector<std::string> items;
};

/// `items` as PostgreSQL's text[] literal: {"a","b \"c\""}.
std::string arrayLiteral(const std::vector<std::string>& items);

} // namespace countersign::db

namespace pqxx {
template <> struct string_traits<countersign::db::TextArray> {
    static constexpr const char* name() noexcept { return "countersign::db::TextArray"; }
    static constexpr bool has_null() noexcept { return false; }
    static bool is_null(const countersign::db::TextArray&) { return false; }
    [[noreturn]] static countersign::db::TextArray null() { internal::throw_null_conversion(name()); }
    static void from_string(const char[], countersign::db::TextArray&) {
        internal::throw_null_conversion(name()); // parameters only: results are read with as_array
    }
    static std::string to_string(const countersign::db::TextArray& a) {
        return countersign::db::arrayLiteral(a.items);
    }
};
} // namespace pqxx
