#pragma once

#include <optional>
#include <string>

namespace countersign::auth {

/// What a person may do at the counter (DESIGN §1). A supervisor may do all an operator does.
enum class Role { Operator, Supervisor, Admin };

std::optional<Role> parseRole(const std::string& text);
const char* roleName(Role role); ///< "operator", "supervisor", "admin" — as stored in the database

} // namespace countersign::auth
