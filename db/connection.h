#pragma once

#include <memory>
#include <string>

#include <pqxx/connection>

namespace countersign::db {

/// Opens a connection to the Countersign database. An empty DSN means libpq's defaults and environment
/// (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE …). The search path is set to the
/// application schema so statements name tables without a schema.
std::unique_ptr<pqxx::connection> openConnection(const std::string& dsn);

/// Describes a database error in one line for people: the SQLSTATE and the server's message.
std::string describeDatabaseError(const std::exception& e);

} // namespace countersign::db
