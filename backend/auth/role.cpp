#include "backend/auth/role.h"

namespace countersign::auth {

std::optional<Role> parseRole(const std::string& text) {
    if (text == "operator")
        return Role::Operator;
    if (text == "supervisor")
        return Role::Supervisor;
    if (text == "admin")
        return Role::Admin;
    return std::nullopt;
}

const char* roleName(Role role) {
    switch (role) {
    case Role::Operator:
        return "operator";
    case Role::Supervisor:
        return "supervisor";
    case Role::Admin:
        return "admin";
    }
    return "operator";
}

bool supervises(Role role) {
    return role != Role::Operator;
}

bool administers(Role role) {
    return role == Role::Admin;
}

} // namespace countersign::auth
