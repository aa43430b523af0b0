#pragma once

// The calls a NEW is recorded with, in one place: db::TransactionStore runs them for the workflow, and the
// load benchmark (tests/bench/bench_load.cpp) runs the very same ones for the database part of a NEW. Each is
// one call of the database's own API (db/migrations/0016_workflow_api.sql, 0021_papers_records.sql), which
// takes the person from the staff session ($1) and works only on the acting counter's transactions.

namespace countersign::db::sql {

/// Numbered and started: session, kind, work (jsonb). Returns id, number.
inline constexpr const char* kOpen = "SELECT tx_id, tx_number FROM countersign.tx_open($1, $2, $3::jsonb)";

/// The papers step in one call (db/migrations/0021_papers_records.sql): session, id, the enterprise (USCC, or
/// NULL for the one tx_parties_record recorded; name; rename; USCC override approval), the agent (ID number,
/// or '' for none; name; mobile), the letter (jsonb, null for none), its hand-entry approval, key, old key,
/// replace reason ('' for none), audit detail (jsonb), the letter's business list (text[], db::TextArray).
/// started → papers_checked, audited "transaction.started". Returns the enterprise, agent and letter ids.
inline constexpr const char* kPapersRecord =
    "SELECT enterprise_id, agent_id, letter_id FROM countersign.tx_papers_record($1, $2, $3, $4, $5, $6, "
    "nullif($7, ''), $8, $9, $10::jsonb, $11, $12, $13, $14, $15::jsonb, $16::text[])";

/// The fee step (db/migrations/0020_money_records.sql): the fee lines, payments and invoice request,
/// papers_checked → fee_recorded with the step rows of both moves, audited "fee.recorded": session, id,
/// schedule code, lines (jsonb), payments (jsonb), invoice (jsonb or NULL), the papers step's detail (jsonb).
inline constexpr const char* kFeeRecord =
    "SELECT countersign.tx_fee_record($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb)";

/// One step: session $1, transaction $2, the state $3 → $4 (with patch $5 merged into work; an empty patch
/// keeps the stored work as it is), failure reason $6 ('' keeps it), the key $7 (NULL keeps it), its step row
/// ($8, detail $9) and its audit entry (event $10, detail $11). Returns false when the transaction was no
/// longer in state $3 (nothing was written).
inline constexpr const char* kAdvance =
    "SELECT countersign.tx_advance($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10, $11::jsonb)";

} // namespace countersign::db::sql
