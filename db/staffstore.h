#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "db/staffmember.h"
#include "token/secret.h"

namespace countersign::db {

/// Staff accounts. Logins are the database's own (backend/auth/authenticator.h); a counter cannot read a
/// password hash or write this table.
class StaffStore {
public:
    explicit StaffStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// Inserts an account with a hash made elsewhere: the owner's work only (test fixtures, importing
    /// accounts). Everyone else goes through create().
    long long add(const std::string& username, const std::string& displayName, const std::string& role,
                  const std::string& passwordHash, std::optional<long long> centreId);
    /// Creates an account through the database's own function (countersign.staff_create), which hashes the
    /// password and checks who asks: an admin's session (`adminSession`), or, with none, the owner's login —
    /// then `auditCounter` is the chain its "staff.created" entry goes into. pqxx::insufficient_privilege
    /// when neither holds, pqxx::unique_violation when the name is taken.
    long long create(const char* adminSession, const std::string& username, const std::string& displayName,
                     const std::string& role, const Secret& password, std::optional<long long> centreId,
                     std::optional<long long> auditCounter);
    /// The accounts of a centre and those of every centre (no centre of their own), by role and username.
    std::vector<StaffMember> ofCentre(long long centreId);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
