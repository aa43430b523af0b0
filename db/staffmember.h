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

} // namespace countersign::db
