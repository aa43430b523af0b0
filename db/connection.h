#pragma once

#include <memory>
#include <optional>
#include <string>

#include <pqxx/connection>
#include <pqxx/except>

namespace countersign::db {

/// Opens a connection to the Countersign database. An empty DSN means libpq's defaults and environment
/// (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE …). The search path is set to the
/// application schema so statements name tables without a schema.
std::unique_ptr<pqxx::connection> openConnection(const std::string& dsn);

/// Describes a database error in one line for people: the SQLSTATE and the server's message.
std::string describeDatabaseError(const std::exception& e);

/// What a rule of the database refused, in its own words (the first line of the message, without "ERROR:"):
/// bad input (SQLSTATE class 22), a constraint (23), no such session (28), no right to it (42501), a state
/// that forbids it (55), nothing found (P0002). nullopt for any other error, which is not a refusal.
std::optional<std::string> databaseRefusal(const pqxx::sql_error& e);

} // namespace countersign::db
