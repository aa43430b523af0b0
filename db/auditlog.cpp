#include "db/auditlog.h"

namespace countersign::db {

long long AuditLog::append(const AuditEntry& entry) {
    // seq, prev_hash and hash are set by the audit_log trigger; the placeholders satisfy NOT NULL.
    // Prepared once per connection (pqxx keeps it): every operation appends a dozen entries.
    m_tx.conn().prepare("countersign_audit_append",
                        "INSERT INTO countersign.audit_log (counter_id, seq, actor_staff_id, event, subject, "
                        "detail, prev_hash, hash) VALUES ($1, 0, $2, $3, $4, $5::jsonb, '', '') RETURNING seq");
    return m_tx
        .exec_prepared1("countersign_audit_append", entry.counterId, entry.actorStaffId, entry.event,
                        entry.subject.empty() ? nullptr : entry.subject.c_str(), entry.detailJson)[0]
        .as<long long>();
}

std::optional<long long> AuditLog::firstBrokenEntry(long long counterId) {
    const auto row = m_tx.exec_params1("SELECT audit_verify($1)", counterId);
    if (row[0].is_null())
        return std::nullopt;
    return row[0].as<long long>();
}

} // namespace countersign::db
