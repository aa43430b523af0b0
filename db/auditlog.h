#pragma once

#include <optional>
#include <string>

#include <pqxx/transaction_base>

namespace countersign::db {

/// One entry to append. The database assigns the sequence number, time and hash chain (per counter).
struct AuditEntry {
    long long counterId = 0;
    std::optional<long long> actorStaffId;
    std::string event;   ///< dotted name, e.g. "login.failed"
    std::string subject; ///< what it is about: a username, a key serial, a transaction number
    std::string detailJson = "{}";
};

/// Appends to the hash-chained audit log in the caller's transaction, so the entry and the change it
/// records commit together or not at all.
class AuditLog {
public:
    explicit AuditLog(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// Returns the entry's sequence number in its counter's chain.
    long long append(const AuditEntry& entry);
    /// The first sequence number of the counter's chain that does not verify, or nullopt when intact.
    std::optional<long long> firstBrokenEntry(long long counterId);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
