#include "db/migrations.h"

#include <algorithm>
#include <regex>

#include <QDir>
#include <QFile>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

namespace countersign::db {

namespace {

// Any constant works; it only has to be the same for every Countersign migrator.
constexpr long long kMigrationLockKey = 0x436f756e74657273; // "Counters"

int appliedVersion(pqxx::transaction_base& tx) {
    const auto exists = tx.exec1("SELECT to_regclass('countersign.schema_migrations') IS NOT NULL");
    if (!exists[0].as<bool>())
        return 0;
    return tx.exec1("SELECT coalesce(max(version), 0) FROM countersign.schema_migrations")[0].as<int>();
}

} // namespace

DatabaseTooNew::DatabaseTooNew(int current_, int latest_)
    : std::runtime_error("the database schema is version " + std::to_string(current_) +
                         " but this program only knows up to version " + std::to_string(latest_) +
                         "; install the newer Countersign that migrated it")
    , current(current_)
    , latest(latest_) {}

std::vector<Migration> bundledMigrations() {
    static const std::regex fileName{R"(^(\d{4})_([a-z0-9_]+)\.sql$)"};
    std::vector<Migration> result;
    const QDir dir(QStringLiteral(":/countersign/migrations"));
    const auto entries = dir.entryList(QDir::Files, QDir::Name);
    for (const auto& entry : entries) {
        std::smatch m;
        const std::string name = entry.toStdString();
        if (!std::regex_match(name, m, fileName))
            throw std::logic_error("migration file name must be NNNN_name.sql: " + name);
        QFile file(dir.filePath(entry));
        if (!file.open(QIODevice::ReadOnly))
            throw std::runtime_error("cannot read bundled migration " + name);
        result.push_back({std::stoi(m[1]), m[2], file.readAll().toStdString()});
    }
    return result;
}

Migrator::Migrator()
    : Migrator(bundledMigrations()) {}

Migrator::Migrator(std::vector<Migration> migrations)
    : m_migrations(std::move(migrations)) {
    std::sort(m_migrations.begin(), m_migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < m_migrations.size(); ++i) {
        if (m_migrations[i].version != static_cast<int>(i) + 1)
            throw std::logic_error("migrations must be numbered 1, 2, 3 … without gaps; found " +
                                   std::to_string(m_migrations[i].version) + " at position " +
                                   std::to_string(i + 1));
    }
}

int Migrator::latestVersion() const {
    return m_migrations.empty() ? 0 : m_migrations.back().version;
}

SchemaStatus Migrator::status(pqxx::connection& conn) const {
    pqxx::read_transaction tx{conn};
    SchemaStatus s;
    s.current = appliedVersion(tx);
    s.latest = latestVersion();
    for (const auto& m : m_migrations) {
        if (m.version > s.current)
            s.pending.push_back(m);
    }
    return s;
}

std::vector<Migration> Migrator::migrate(pqxx::connection& conn) const {
    std::vector<Migration> applied;
    for (;;) {
        pqxx::work tx{conn, "migrate"};
        // Serialise migrators (two counters starting at once); the lock ends with the transaction.
        tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
        const int current = appliedVersion(tx);
        if (current > latestVersion())
            throw DatabaseTooNew(current, latestVersion());
        if (current == latestVersion())
            return applied;
        const Migration& next = m_migrations[static_cast<std::size_t>(current)];
        tx.exec0(next.sql);
        tx.exec_params0("INSERT INTO countersign.schema_migrations (version, name) VALUES ($1, $2)",
                        next.version, next.name);
        tx.commit();
        applied.push_back(next);
    }
}

} // namespace countersign::db
