#pragma once

#include <string>

#include <pqxx/connection>

#include "backend/auth/login.h"
#include "token/secret.h"

namespace countersign::auth {

/// What a staff login is for: opening the counter ("login.*" audit entries), the idle screen lock opened by
/// the person logged in ("unlock.*"), a supervisor's approval at someone else's counter ("approval.*"), or
/// the signature of a day close ("day_close.*"). Whatever the purpose, a wrong password counts towards the
/// lockout.
enum class LoginPurpose { Login, Unlock, Approval, DayClose };

/// Staff login at a counter, checked inside the database (CALL countersign.staff_login,
/// 0010_staff_sessions.sql): the password is compared there, failures are counted and the account locked
/// there, every attempt is audited there, committed before the outcome is known. This side never sees a
/// password hash. `conn` must not be in a transaction. A successful login carries the session the database
/// opened.
LoginResult logIn(pqxx::connection& conn, LoginPurpose purpose, const std::string& username,
                  const Secret& password);

/// The person of `session` changes their own password inside the database (countersign.staff_change_password,
/// the staff_admin migration): the old password is checked there, the new one has at least 8 characters and
/// differs from it. What a login whose result says mustChangePassword must do first: the database refuses
/// that session everything else. Refusals throw pqxx errors (db::databaseRefusal gives their words).
void changePassword(pqxx::connection& conn, const SessionToken& session, const Secret& oldPassword,
                    const Secret& newPassword);

/// Ends a session: logout, or the idle lock ("idle_lock"). Audited as "session.ended".
void logOut(pqxx::connection& conn, const SessionToken& session, const std::string& reason = "logout");

} // namespace countersign::auth
