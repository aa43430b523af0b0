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

std::optional<StaffRecord> StaffStore::findForLogin(const std::string& username) {
    const auto r =
        m_tx.exec_params("SELECT id, username, display_name, role, password_hash, failed_logins, "
                         "coalesce(locked_until > now(), false), "
                         "coalesce(to_char(locked_until, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), ''), active "
                         "FROM staff WHERE username = $1 FOR UPDATE",
                         username);
    if (r.empty())
        return std::nullopt;
    const auto row = r[0];
    StaffRecord s;
    s.id = row[0].as<long long>();
    s.username = row[1].as<std::string>();
    s.displayName = row[2].as<std::string>();
    s.role = row[3].as<std::string>();
    s.passwordHash = row[4].as<std::string>();
    s.failedLogins = row[5].as<int>();
    s.locked = row[6].as<bool>();
    s.lockedUntil = row[7].as<std::string>();
    s.active = row[8].as<bool>();
    return s;
}

void StaffStore::recordSuccess(long long staffId) {
    m_tx.exec_params0("UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1", staffId);
}

bool StaffStore::recordFailure(long long staffId, int maxFailures, int lockMinutes) {
    const auto row = m_tx.exec_params1(
        "UPDATE staff SET "
        "  failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END, "
        "  locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) "
        "                      ELSE locked_until END "
        "WHERE id = $1 RETURNING failed_logins = 0",
        staffId, maxFailures, lockMinutes);
    return row[0].as<bool>();
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

} // namespace countersign::db
