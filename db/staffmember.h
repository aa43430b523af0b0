#pragma once

#include <string>

// A plain value without pqxx, so the kiosk's back office can list the staff (StaffStore::ofCentre reads it).
namespace countersign::db {

/// A staff account as the back office lists it: no password hash, no counts.
struct StaffMember {
    std::string username;
    std::string displayName;
    std::string role; ///< "operator", "supervisor", "admin" (auth::roleName)
    bool active = true;
    bool locked = false; ///< locked_until lies in the future (by the database clock)
};

/// A staff account as an admin manages it (countersign.staff_accounts, the staff_admin migration): no hash.
struct StaffAccount {
    std::string username;
    std::string displayName;
    std::string role;   ///< "operator", "supervisor", "admin"
    std::string centre; ///< the centre's code; empty: every centre (head office)
    bool active = true;
    std::string lockedUntil; ///< ISO 8601 in UTC while the account is locked, else empty
    int failedLogins = 0;    ///< wrong passwords since the last good one
    bool mustChangePassword = false;
    std::string lastLogin; ///< ISO 8601 in UTC of the last login session opened, empty: never
};

} // namespace countersign::db
