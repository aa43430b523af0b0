#pragma once

#include <string>

#include "backend/auth/role.h"

// What a staff login is checked against and what it gives: plain values, without the database, so the kiosk's
// screens can read them (backend/auth/authenticator.h checks the password).
namespace countersign::auth {

/// DESIGN §1: how many wrong passwords lock an account, and for how long.
struct LoginPolicy {
    int maxFailures = 5;
    int lockMinutes = 15;
};

/// Who is logged in.
struct StaffIdentity {
    long long id = 0;
    std::string username;
    std::string displayName;
    Role role = Role::Operator;
};

enum class LoginStatus {
    Ok,
    WrongCredentials, ///< unknown user or wrong password — deliberately not told apart
    Locked,           ///< too many failures; lockedUntil says until when
    Disabled,         ///< the account was switched off by an admin
};

struct LoginResult {
    LoginStatus status = LoginStatus::WrongCredentials;
    StaffIdentity staff;     ///< filled when status == Ok
    std::string lockedUntil; ///< ISO 8601, when status == Locked
    bool lockedNow = false;  ///< this attempt was the one that locked the account
};

} // namespace countersign::auth
