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

    // An admin's work on accounts (the staff_admin migration): each call takes the admin's session, the
    // database checks it, refuses leaving no active admin and audits the admin and the account. Refusals
    // throw pqxx errors (db::databaseRefusal gives their words).

    /// Every account, by username. `adminSession` null: the owner's login.
    std::vector<StaffAccount> accounts(const char* adminSession);
    /// The account can't log in; its open sessions end.
    void disable(const Secret& adminSession, const std::string& username);
    void enable(const Secret& adminSession, const std::string& username);
    /// `role` nullopt: kept. `centreCode` nullopt: kept; empty: every centre (head office).
    void setRole(const Secret& adminSession, const std::string& username,
                 const std::optional<std::string>& role, const std::optional<std::string>& centreCode);
    /// A temporary password, to be changed at the account's next login; clears a lock.
    void resetPassword(const Secret& adminSession, const std::string& username, const Secret& password);
    /// Clears the lock and the failure count.
    void unlock(const Secret& adminSession, const std::string& username);
    /// The person of `session` changes their own password (also when it must be changed).
    void changeOwnPassword(const Secret& session, const Secret& oldPassword, const Secret& newPassword);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
