#include "db/staffstore.h"

#include <pqxx/result>

namespace countersign::db {

long long StaffStore::add(const std::string& username, const std::string& displayName,
                          const std::string& role, const std::string& passwordHash,
                          std::optional<long long> centreId) {
    return m_tx
        .exec_params1("INSERT INTO staff (username, display_name, role, password_hash, centre_id, "
                      "password_changed_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id",
                      username, displayName, role, passwordHash, centreId)[0]
        .as<long long>();
}

long long StaffStore::create(const char* adminSession, const std::string& username,
                             const std::string& displayName, const std::string& role, const Secret& password,
                             std::optional<long long> centreId, std::optional<long long> auditCounter) {
    return m_tx
        .exec_params1("SELECT countersign.staff_create($1, $2, $3, $4, $5, $6, $7)", adminSession, username,
                      displayName, role, password.c_str(), centreId, auditCounter)[0]
        .as<long long>();
}

std::vector<StaffMember> StaffStore::ofCentre(long long centreId) {
    std::vector<StaffMember> list;
    for (const auto& r :
         m_tx.exec_params("SELECT username, display_name, role, active, coalesce(locked_until > "
                          "now(), false) FROM staff WHERE centre_id = $1 OR centre_id IS NULL "
                          "ORDER BY role, username",
                          centreId))
        list.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                        r[3].as<bool>(), r[4].as<bool>()});
    return list;
}

namespace {

std::string textOf(const pqxx::field& f) {
    return f.is_null() ? std::string() : f.as<std::string>();
}

} // namespace

std::vector<StaffAccount> StaffStore::accounts(const char* adminSession) {
    std::vector<StaffAccount> list;
    for (const auto& r : m_tx.exec_params(
             "SELECT username, display_name, role, coalesce(centre_code, ''), active, "
             "to_char(locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), failed_logins, "
             "must_change_password, to_char(last_login AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
             "FROM countersign.staff_accounts($1)",
             adminSession))
        list.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                        r[3].as<std::string>(), r[4].as<bool>(), textOf(r[5]), r[6].as<int>(),
                        r[7].as<bool>(), textOf(r[8])});
    return list;
}

void StaffStore::disable(const Secret& adminSession, const std::string& username) {
    m_tx.exec_params("SELECT countersign.staff_disable($1, $2)", adminSession.c_str(), username);
}

void StaffStore::enable(const Secret& adminSession, const std::string& username) {
    m_tx.exec_params("SELECT countersign.staff_enable($1, $2)", adminSession.c_str(), username);
}

void StaffStore::setRole(const Secret& adminSession, const std::string& username,
                         const std::optional<std::string>& role,
                         const std::optional<std::string>& centreCode) {
    m_tx.exec_params("SELECT countersign.staff_set_role($1, $2, $3, $4)", adminSession.c_str(), username,
                     role, centreCode);
}

void StaffStore::resetPassword(const Secret& adminSession, const std::string& username,
                               const Secret& password) {
    m_tx.exec_params("SELECT countersign.staff_reset_password($1, $2, $3)", adminSession.c_str(), username,
                     password.c_str());
}

void StaffStore::unlock(const Secret& adminSession, const std::string& username) {
    m_tx.exec_params("SELECT countersign.staff_unlock($1, $2)", adminSession.c_str(), username);
}

void StaffStore::changeOwnPassword(const Secret& session, const Secret& oldPassword,
                                   const Secret& newPassword) {
    m_tx.exec_params("SELECT countersign.staff_change_password($1, $2, $3)", session.c_str(),
                     oldPassword.c_str(), newPassword.c_str());
}

} // namespace countersign::db
