#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "db/staffmember.h"
#include "token/secret.h"

namespace countersign::db {

/// A staff account as stored. The password hash never leaves the backend's authenticator.
struct StaffRecord {
    long long id = 0;
    std::string username;
    std::string displayName;
    std::string role;
    std::string passwordHash;
    int failedLogins = 0;
    bool locked = false;     ///< locked_until lies in the future (by the database clock)
    std::string lockedUntil; ///< ISO 8601 when locked
    bool active = true;
};

/// Staff accounts: lookup and the bookkeeping of login attempts.
class StaffStore {
public:
    explicit StaffStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    long long add(const std::string& username, const std::string& displayName, const std::string& role,
                  const std::string& passwordHash, std::optional<long long> centreId);
    /// Creates an account through the database's own function (countersign.staff_create), which hashes the
    /// password and checks who asks: an admin's session (`adminSession`), or, with none, the owner's login —
    /// then `auditCounter` is the chain its "staff.created" entry goes into. pqxx::insufficient_privilege
    /// when neither holds, pqxx::unique_violation when the name is taken.
    long long create(const char* adminSession, const std::string& username, const std::string& displayName,
                     const std::string& role, const Secret& password, std::optional<long long> centreId,
                     std::optional<long long> auditCounter);
    /// Reads an account and locks its row until the transaction ends, so concurrent logins count correctly.
    std::optional<StaffRecord> findForLogin(const std::string& username);
    void recordSuccess(long long staffId);
    /// Counts a failure; when the count reaches maxFailures, locks the account for lockMinutes and resets the
    /// count. Returns true when this failure locked the account.
    bool recordFailure(long long staffId, int maxFailures, int lockMinutes);
    /// The accounts of a centre and those of every centre (no centre of their own), by role and username.
    std::vector<StaffMember> ofCentre(long long centreId);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
