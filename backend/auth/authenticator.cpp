#include "backend/auth/authenticator.h"

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "db/staffstore.h"

namespace countersign::auth {

namespace {

const char* purposeCode(LoginPurpose purpose) {
    switch (purpose) {
    case LoginPurpose::Login:
        return "login";
    case LoginPurpose::Unlock:
        return "unlock";
    case LoginPurpose::Approval:
        return "approval";
    case LoginPurpose::DayClose:
        return "day_close";
    }
    return "login";
}

std::string textOrEmpty(const pqxx::field& f) {
    return f.is_null() ? std::string() : f.as<std::string>();
}

} // namespace

LoginResult logIn(pqxx::connection& conn, LoginPurpose purpose, const std::string& username,
                  const Secret& password) {
    // CALL commits the attempt before the outcome is known, so it runs outside a transaction block.
    pqxx::nontransaction tx{conn, "login"};
    // An account still on a client-made scrypt hash proves the password with the key derived from it.
    Secret proof;
    const auto parameters = tx.exec_params1("SELECT countersign.staff_login_params($1)", username)[0];
    if (!parameters.is_null())
        proof = legacyProof(password, parameters.as<std::string>());
    const auto row = tx.exec_params1(
        "CALL countersign.staff_login($1, $2, $3, $4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        username, password.c_str(), proof.empty() ? nullptr : proof.c_str(), purposeCode(purpose));
    LoginResult result;
    const std::string outcome = row["outcome"].as<std::string>();
    result.lockedNow = !row["locked_now"].is_null() && row["locked_now"].as<bool>();
    result.lockedUntil = textOrEmpty(row["locked_until"]);
    if (outcome == "ok") {
        result.status = LoginStatus::Ok;
        result.staff = {row["staff_id"].as<long long>(), row["username"].as<std::string>(),
                        row["display_name"].as<std::string>(),
                        parseRole(row["role"].as<std::string>()).value_or(Role::Operator)};
        std::string token = row["session_token"].as<std::string>();
        result.session = std::make_shared<const Secret>(Secret::take(token));
        result.mustChangePassword = row["must_change_password"].as<bool>();
    } else if (outcome == "locked") {
        result.status = LoginStatus::Locked;
    } else if (outcome == "disabled") {
        result.status = LoginStatus::Disabled;
    } else {
        result.status = LoginStatus::WrongCredentials;
    }
    return result;
}

void changePassword(pqxx::connection& conn, const SessionToken& session, const Secret& oldPassword,
                    const Secret& newPassword) {
    static const Secret none;
    pqxx::work tx{conn, "change password"};
    db::StaffStore{tx}.changeOwnPassword(session ? *session : none, oldPassword, newPassword);
    tx.commit();
}

void logOut(pqxx::connection& conn, const SessionToken& session, const std::string& reason) {
    if (!session || session->empty())
        return;
    pqxx::work tx{conn, "logout"};
    tx.exec_params("SELECT countersign.staff_logout($1, $2)", session->c_str(), reason);
    tx.commit();
}

} // namespace countersign::auth
