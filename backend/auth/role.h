#pragma once

#include <optional>
#include <string>

namespace countersign::auth {

/// What a person may do at the counter (DESIGN §1). A supervisor may do all an operator does.
enum class Role { Operator, Supervisor, Admin };

std::optional<Role> parseRole(const std::string& text);
const char* roleName(Role role); ///< "operator", "supervisor", "admin" — as stored in the database

/// Does a supervisor's work (reviews the refunds recovery made, closes the day): a supervisor or an admin.
bool supervises(Role role);
/// Does an admin's work (receives keys into stock): an admin only.
bool administers(Role role);

} // namespace countersign::auth
