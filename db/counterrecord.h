#pragma once

#include <string>

// A plain value without pqxx, so the kiosk's screens can show the counter they run on (workstationstore.h
// reads it).
namespace countersign::db {

/// A counter as the database knows it, with its centre.
struct CounterRecord {
    long long centreId = 0;
    std::string centreCode;
    std::string centreName;
    long long counterId = 0;
    std::string counterCode;
    std::string counterName;
};

} // namespace countersign::db
