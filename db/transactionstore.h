#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "db/partystore.h"
#include "token/secret.h"

namespace countersign::db {

/// A transaction row as the workflow reads it back.
struct TransactionRecord {
    long long id = 0;
    std::string number;
    std::string kind;
    std::string state;
    long long operatorId = 0;
    long long counterId = 0;
    std::optional<long long> enterpriseId;
    std::optional<long long> tokenId;
    std::optional<long long> oldTokenId;
    std::string replaceReason; ///< lost, damaged, or empty
    std::optional<long long> letterId;
    std::string workJson; ///< the work object (jsonb) as text
};

/// An unfinished transaction of a counter.
struct PendingTransaction {
    std::string number;
    std::string kind;
    std::string state;
    std::string startedAt; ///< YYYY-MM-DD HH24:MI:SS
};

/// The moves the database allows a transaction (transaction_state_transitions). A key's moves are the
/// database's alone: only its functions move a key (0019_key_records.sql).
struct StateTransitions {
    struct TransactionMove {
        std::string from; ///< empty: the state a transaction starts in
        std::string to;
        std::string kind;
    };
    std::vector<TransactionMove> transaction;
};

/// A transaction just opened, in state started.
struct OpenedTransaction {
    long long id = 0;
    std::string number; ///< CENTRE-YYYYMMDD-COUNTER-NNNN
};

/// Who and what a transaction is about as its papers established them, set with the move to papers_checked.
struct CheckedParties {
    std::optional<long long> enterpriseId;
    std::optional<long long> agentId;
    std::optional<long long> letterId;
    std::optional<long long> tokenId;
    std::optional<long long> oldTokenId;
    std::string replaceReason; ///< lost, damaged, or empty for none
};

/// Whom a transaction's papers name: the enterprise (its USCC and name as the papers give them) and the
/// agent.
struct NamedParties {
    std::string uscc;
    std::string name;
    /// The papers' name replaces the one on record (a NEW's assistance letter, a RENEW's certificate).
    bool rename = false;
    /// The supervisor's approval of a USCC that fails its check, bound to the USCC and name.
    std::optional<long long> usccOverrideApproval;
    std::string agentIdNumber; ///< empty: the papers name no agent
    std::string agentName;
    std::string agentMobile; ///< empty when none
};

/// What the papers step records with the move to papers_checked (countersign.tx_papers_record): the parties
/// (unless recordParties recorded them before), the letter, the keys.
struct PapersRecord {
    std::optional<NamedParties> named; ///< none: those recordParties recorded
    std::optional<AssistanceLetterRecord> assistanceLetter;
    std::optional<AuthorizationLetterRecord> authorizationLetter;
    std::optional<long long> tokenId;
    std::optional<long long> oldTokenId;
    std::string replaceReason; ///< lost, damaged, or empty for none
};

/// The transaction that holds a letter, and the counter it is at.
struct LetterHolder {
    std::string number;
    std::string counterCode;
    std::string state;
};

/// A scan kept with a transaction as evidence (captured by the session's person).
struct EvidenceRecord {
    std::string kind; ///< letter_scan, id_card_scan, licence_scan, damaged_key_photo, other
    std::string mimeType;
    std::string bytes;
};

/// One step of a transaction: its move from → to, what it adds to the work, its step row and audit entry (the
/// person is the session's, the audit subject the transaction's number).
struct StepRecord {
    long long transactionId = 0;
    std::string from;
    std::string to;
    std::string workPatchJson = "{}";  ///< merged into work; "{}" keeps the stored work as it is
    std::string failureReason;         ///< empty keeps the stored one
    std::optional<long long> tokenId;  ///< the key, when the step assigned it; none keeps the stored one
    std::string step;                  ///< the step row's name
    std::string stepDetailJson = "{}"; ///< the step row's detail
    std::string event;                 ///< the audit entry's event
    std::string auditDetailJson = "{}";
};

/// A step that could not be done: recorded, the state unchanged.
struct StepFailureRecord {
    long long transactionId = 0;
    std::string step;
    bool interrupted = false; ///< the key was pulled (else it failed)
    std::string detailJson = "{}";
};

/// A fee line of a transaction as recorded.
struct FeeLineRecord {
    std::string description;
    long long amountFen = 0;
    std::string waiverReason; ///< empty when none
};

/// A fee schedule's rule.
struct FeeRuleRecord {
    long long id = 0;
    long long amountFen = 0;
    std::string description;
};

/// `s` as a JSON string literal, byte for byte: quotes, backslashes and control characters escaped, nothing
/// else touched (Qt's JSON would drop a leading byte order mark, and what a paper or an invoice field says is
/// stored as given). For the JSON arguments of the database's functions.
std::string jsonString(const std::string& s);

/// What the fee step writes, as the JSON countersign.tx_fee_record takes (0020_money_records.sql).
struct FeeRecord {
    std::string scheduleCode;
    std::string linesJson =
        "[]"; ///< [{rule_id, description, amount_fen, waiver_reason, attested_by, approval_id}]
    std::string paymentsJson = "[]";        ///< [{method, amount_fen, reference}]
    std::optional<std::string> invoiceJson; ///< {buyer_kind, buyer_name, buyer_taxpayer_id, …} or none
};

/// The business day today at a centre (China Standard Time, by the database's clock).
struct BusinessDay {
    std::string date; ///< YYYY-MM-DD
    bool closed = false;
};

/// The counter's transactions (DESIGN §7): opening, the moves of their state with the step rows and audit
/// entries, reading them back. Every write is one call of the database's own API
/// (db/migrations/0016_workflow_api.sql) with the acting person's staff session (`session`): the database
/// takes the person from it and numbers, checks and audits on its own. Runs in the caller's transaction, so a
/// step and what goes with it commit together; the statements are prepared once per connection.
class TransactionStore {
public:
    explicit TransactionStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// Numbers (per counter and business day) and inserts the transaction in state started.
    OpenedTransaction open(const Secret& session, const std::string& kind, const std::string& workJson);
    /// The enterprise and agent the papers name, recorded on the transaction (still started) before its
    /// papers step, for the key rows that need the enterprise first; returns their ids.
    CheckedParties recordParties(const Secret& session, long long id, const NamedParties& named);
    /// The papers step, one call: the parties (or those recordParties recorded), the letter (registered by
    /// the session's person; an assistance letter on record is taken as it is) and started → papers_checked,
    /// audited "transaction.started" with `auditDetailJson`. The database refuses a letter another
    /// transaction holds (unique_violation), a hand-entered letter or failing USCC without the approval of
    /// exactly these papers.
    CheckedParties recordPapers(const Secret& session, long long id, const PapersRecord& papers,
                                const std::string& auditDetailJson);
    void addEvidence(const Secret& session, long long id, std::optional<long long> letterId,
                     const EvidenceRecord& e);
    /// The fee step in one call: the fee lines, the payments (received by the session's person) and the
    /// invoice request, papers_checked → fee_recorded with the step rows of both moves (the papers step's
    /// detail given), audited "fee.recorded". The database checks that the payments add up to the lines
    /// (fees::recordFee checks the rest first and builds the JSON: see there).
    void recordFee(const Secret& session, long long id, const FeeRecord& fee,
                   const std::string& papersDetailJson);
    /// Records a step: the move, its step row and audit entry in one call. False when the transaction was
    /// no longer in `step.from` (nothing was written).
    bool advance(const Secret& session, const StepRecord& step);
    /// The same with the key and certificate records that belong to the step (`recordsJson`: a JSON array,
    /// see countersign.tx_advance_keys), still one call; `step.tokenId` is not used (a key_take record sets
    /// it). `tokenId` gets the transaction's key afterwards, when it has one.
    bool advanceWithRecords(const Secret& session, const StepRecord& step, const std::string& recordsJson,
                            std::optional<long long>& tokenId);
    /// A step that could not be done: its step row and audit entry, the state unchanged.
    void recordStepFailure(const Secret& session, const StepFailureRecord& failure);
    /// REPLACE: the old key's certificates are revoked (work.old_revoked).
    void setOldRevoked(const Secret& session, long long id);
    /// Locks the transaction until the caller's transaction ends; returns its state.
    std::string lock(long long id);

    std::optional<TransactionRecord> find(const std::string& number);
    /// The counter's transactions neither completed nor compensated, oldest first.
    std::vector<PendingTransaction> pending(long long counterId);
    StateTransitions transitions();
    BusinessDay today(long long centreId);
    bool hasPayments(long long id);
    std::vector<FeeLineRecord> feeLines(long long id);
    /// The damage_waiver rule of a fee schedule for an operation.
    std::optional<FeeRuleRecord> damageWaiverRule(long long scheduleId, const std::string& operation);

    /// The transaction that consumed the assistance letter office/no.
    std::optional<std::string> assistanceLetterConsumedBy(const std::string& office, const std::string& no);
    /// The transaction that holds the assistance letter office/no: the one not failed or compensated (0012:
    /// there is one at most), completed when it used the letter up.
    std::optional<LetterHolder> assistanceLetterHolder(const std::string& office, const std::string& no);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
