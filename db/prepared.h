#pragma once

#include <functional>
#include <string>
#include <utility>

#include <pqxx/connection_base>
#include <pqxx/result>
#include <pqxx/transaction_base>

namespace countersign::db {

/// The name a statement is prepared under on a connection: derived from its text, so the same text is
/// prepared once per connection and different texts never share a name.
inline std::string preparedName(const std::string& sql) {
    return "cs_" + std::to_string(std::hash<std::string>{}(sql)) + "_" + std::to_string(sql.size());
}

/// exec_params, but prepared once per connection: PostgreSQL parses and plans a statement the first time it
/// runs on a connection instead of every time (for the counter's short statements, planning costs about as
/// much as running them). Parameters are passed exactly as with exec_params.
template <typename... Args>
pqxx::result execPrepared(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
    const std::string name = preparedName(sql);
    tx.conn().prepare(name, sql);
    return tx.exec_prepared(name, std::forward<Args>(args)...);
}

/// The same, for a statement that returns exactly one row.
template <typename... Args>
pqxx::row execPrepared1(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
    const std::string name = preparedName(sql);
    tx.conn().prepare(name, sql);
    return tx.exec_prepared1(name, std::forward<Args>(args)...);
}

/// The same, for a statement that returns no rows.
template <typename... Args>
pqxx::result execPrepared0(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
    const std::string name = preparedName(sql);
    tx.conn().prepare(name, sql);
    return tx.exec_prepared0(name, std::forward<Args>(args)...);
}

} // namespace countersign::db
