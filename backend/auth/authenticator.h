#pragma once

#include <string>

#include <pqxx/connection>

#include "backend/auth/role.h"
#include "token/secret.h"

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

/// Staff login at a counter: checks the password, counts failures, locks after too many, and audits every
/// attempt — all in one database transaction, so the count and the audit entry can't disagree.
class Authenticator {
public:
    /// `event`: what the audit entries are named after — "login" ("login.succeeded", "login.failed" …), or
    /// "unlock" for the idle screen lock opened with the password of the person logged in. Either way a wrong
    /// password counts towards the lockout.
    Authenticator(LoginPolicy policy, long long counterId, std::string event = "login")
        : m_policy(policy)
        , m_counterId(counterId)
        , m_event(std::move(event)) {}

    LoginResult login(pqxx::connection& conn, const std::string& username, const Secret& password) const;

private:
    LoginPolicy m_policy;
    long long m_counterId;
    std::string m_event;
};

} // namespace countersign::auth
