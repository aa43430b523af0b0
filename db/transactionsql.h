#pragma once

#include <cstdio>
#include <string>

// The statements a NEW is recorded with, in one place: db::TransactionStore runs them for the workflow, and
// the load benchmark (tests/bench/bench_load.cpp) runs the very same ones for the database part of a NEW.

namespace countersign::db::sql {

/// The counter's advisory lock ('CSTN', counter id) that makes transaction numbers per counter and day
/// unique; a statement of its own, so the number query's snapshot is taken after the lock.
inline constexpr const char* kNumberLock = "SELECT pg_advisory_xact_lock(1129537614, $1::integer)";

/// Centre code, counter code, business day (YYYYMMDD, Asia/Shanghai) and the next sequence number of the
/// day for counter $1.
inline constexpr const char* kNextNumber =
    "SELECT (SELECT ce.code FROM centres ce WHERE ce.id = co.centre_id), co.code, "
    "to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD'), "
    "(SELECT count(*) FROM transactions t WHERE t.counter_id = co.id "
    "   AND t.business_date = (now() AT TIME ZONE 'Asia/Shanghai')::date) + 1 "
    "FROM counters co WHERE co.id = $1";

/// A transaction's number from kNextNumber's row: CENTRE-YYYYMMDD-COUNTER-NNNN.
inline std::string formatNumber(const std::string& centre, const std::string& day, const std::string& counter,
                                long long sequence) {
    char seq[24];
    std::snprintf(seq, sizeof seq, "%04lld", sequence);
    return centre + "-" + day + "-" + counter + "-" + seq;
}

/// The transaction row, state started: number, kind, operator, counter, centre, work (jsonb). Returns id.
inline constexpr const char* kInsertTransaction =
    "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, "
    "work) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id";

/// started → papers_checked with the parties the papers established, one row update: id, enterprise,
/// agent, letter, key, old key, replace reason ('' for none).
inline constexpr const char* kPapersChecked =
    "UPDATE transactions SET state = 'papers_checked', enterprise_id = $2, agent_id = $3, "
    "letter_id = $4, token_id = $5, old_token_id = $6, replace_reason = nullif($7, '') "
    "WHERE id = $1";

/// papers_checked → fee_recorded and the step rows of both moves, one statement: id, operator, the papers
/// step's detail (jsonb).
inline constexpr const char* kFeeRecorded =
    "WITH u AS (UPDATE transactions SET state = 'fee_recorded' WHERE id = $1 RETURNING id) "
    "INSERT INTO transaction_steps (transaction_id, step, state_before, state_after, staff_id, "
    "detail) SELECT u.id, v.step, v.before, v.after, $2, v.detail FROM u, (VALUES "
    "('papers', 'started', 'papers_checked', $3::jsonb), "
    "('fee', 'papers_checked', 'fee_recorded', '{}'::jsonb)) AS v(step, before, after, detail)";

/// The name kAdvance is prepared under on a connection.
inline constexpr const char* kAdvanceName = "countersign_advance";

/// One step recorded: the state $2 → $3 (with patch $4 merged into work; an empty patch keeps the stored
/// work as it is), failure reason $5 ('' keeps it), the key $13 (NULL keeps it), its step row ($6, staff $7,
/// detail $8) and its audit entry (counter $9, event $10, subject $11, detail $12) — one statement. Returns
/// how many transactions moved (0: it was no longer in state $2).
inline constexpr const char* kAdvance =
    "WITH u AS (UPDATE countersign.transactions SET state = $3, "
    "work = CASE WHEN $4::jsonb = '{}'::jsonb THEN work ELSE work || $4::jsonb END, "
    "failure_reason = CASE WHEN $5::text = '' THEN failure_reason ELSE $5::text END, "
    "token_id = coalesce($13::bigint, token_id) "
    "WHERE id = $1 AND state = $2 RETURNING id), "
    "st AS (INSERT INTO countersign.transaction_steps (transaction_id, step, state_before, state_after, "
    "staff_id, detail) SELECT id, $6, $2, $3, $7, $8::jsonb FROM u), "
    "au AS (INSERT INTO countersign.audit_log (counter_id, seq, actor_staff_id, event, subject, detail, "
    "prev_hash, hash) SELECT $9, 0, $7, $10, $11, $12::jsonb, '', '' FROM u) "
    "SELECT count(*) FROM u";

} // namespace countersign::db::sql
