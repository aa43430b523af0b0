#pragma once

#include <string>

#include <pqxx/connection>

#include "backend/auth/login.h"
#include "token/secret.h"

namespace countersign::auth {

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
