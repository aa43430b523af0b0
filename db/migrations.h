#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/connection>

namespace countersign::db {

/// One numbered schema change from db/migrations/NNNN_name.sql.
struct Migration {
    int version = 0;
    std::string name;
    std::string sql;
};

/// Where a database stands relative to the migrations this program carries.
struct SchemaStatus {
    int current = 0; ///< highest applied version, 0 for an empty database
    int latest = 0;  ///< highest version this program knows
    std::vector<Migration> pending;
    bool newerThanProgram() const { return current > latest; }
    bool upToDate() const { return current == latest; }
};

/// Thrown when the database was migrated by a newer Countersign: running against it could corrupt data.
class DatabaseTooNew : public std::runtime_error {
public:
    DatabaseTooNew(int current, int latest);
    int current;
    int latest;
};

/// Applies the compiled-in migrations in order, each in its own transaction, recording each in
/// countersign.schema_migrations. Concurrent migrators are serialised with an advisory lock.
class Migrator {
public:
    /// The migrations compiled into this program, ordered by version.
    Migrator();
    explicit Migrator(std::vector<Migration> migrations);

    const std::vector<Migration>& migrations() const { return m_migrations; }
    int latestVersion() const;

    SchemaStatus status(pqxx::connection& conn) const;
    /// Applies what is pending and returns what it applied (empty when up to date).
    /// Throws DatabaseTooNew when the database is ahead of this program.
    std::vector<Migration> migrate(pqxx::connection& conn) const;

private:
    std::vector<Migration> m_migrations;
};

/// Reads the migrations compiled into the binary (Qt resources under :/countersign/migrations).
std::vector<Migration> bundledMigrations();

} // namespace countersign::db
