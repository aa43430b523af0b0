#pragma once

#include <memory>
#include <string>

#include "backend/auth/role.h"
#include "token/secret.h"

// What a staff login is checked against and what it gives: plain values, without the database, so the kiosk's
// screens can read them (backend/auth/authenticator.h checks the password).
namespace countersign::auth {

/// The staff session the database opened at a login (0010_staff_sessions.sql): the bearer token that names
/// the person to every database function that needs one. Shared between the holders, never copied as text,
/// wiped when the last one lets go.
using SessionToken = std::shared_ptr<const Secret>;

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
    SessionToken session;    ///< when status == Ok
    /// The password was reset by an admin (or never chosen): the session can do nothing but
    /// auth::changePassword until it is changed (the database refuses it everything else).
    bool mustChangePassword = false;
};

} // namespace countersign::auth
