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

} // namespace countersign::db
