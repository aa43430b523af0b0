#pragma once

#include <optional>
#include <string>

namespace countersign::db {

/// What a job on the database thread produced: a value, or an error a person can read. A header of its own,
/// without pqxx, so the counter's door (backend/counter/database.h) hands it to the kiosk's screens.
template <typename R> struct DbOutcome {
    std::optional<R> value;
    std::string error;           ///< empty on success
    bool connectionLost = false; ///< the database could not be reached; retry once it is back
    bool ok() const { return value.has_value(); }
};

} // namespace countersign::db
