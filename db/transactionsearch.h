#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "token/secret.h"

namespace countersign::db {

/// What to look for among past transactions (the search migration's transaction_search): every key given must
/// match; an empty one is left out. Agent ID: the whole number (the rows show it masked).
struct SearchFilter {
    std::string number;     ///< transaction number, exact
    std::string receipt;    ///< receipt number as printed, "TJ01-2026-000123"
    std::string company;    ///< a part of the company's name
    std::string uscc;       ///< the company's USCC, exact
    std::string keySerial;  ///< the key worked on (or a REPLACE's old key)
    std::string certSerial; ///< a certificate issued or revoked by the transaction, hex
    std::string agentId;    ///< the agent's resident ID number, exact
    std::string from;       ///< business day, YYYY-MM-DD, inclusive
    std::string to;         ///< business day, YYYY-MM-DD, inclusive
    std::string state;      ///< completed, failed, …
    std::string operation;  ///< NEW, RENEW, UPGRADE, REPLACE, UNLOCK
    /// The filter as the database takes it: a JSON object of the keys given.
    std::string json() const;
};

/// One transaction found, as a list shows it.
struct SearchRow {
    long long id = 0;
    std::string number;
    std::string operation;
    std::string state;
    std::string businessDate; ///< YYYY-MM-DD
    std::string startedAt;    ///< "YYYY-MM-DD HH:MM" China Standard Time
    std::string counterCode;
    std::string operatorName;
    std::string companyName; ///< empty when none recorded
    std::string uscc;
    std::string agentName;
    std::string agentIdMasked; ///< first 6 and last 4, the rest starred
    std::string keySerial;
    std::string receiptNumber; ///< the valid receipt's, else the latest's; empty when none
    bool receiptVoided = false;
    long long totalFen = 0;
    long long refundedFen = 0;
};

/// One refund a void made.
struct VoidRefund {
    long long refundId = 0;
    long long paymentId = 0;
    std::string method;
    long long amountFen = 0;
};

/// The counter's past, as the session's person may see it: an operator the acting counter's transactions, a
/// supervisor or admin the centre's — decided by the database (the search migration). Every call throws
/// pqxx::sql_error when the database refuses (db::databaseRefusal words it).
class TransactionSearch {
public:
    explicit TransactionSearch(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// Newest first, `limit` (1–500) from `offset`.
    std::vector<SearchRow> search(const Secret& session, const SearchFilter& filter, int limit = 50,
                                  int offset = 0);
    /// The transaction's detail as JSON (transaction_detail): steps, fee lines, payments, refunds, approvals,
    /// certificates, keys, receipts, evidence (kind, size, digest) and the agent masked.
    std::string detailJson(const Secret& session, const std::string& number);

    /// A scan's bytes: a supervisor's act, audited "evidence.opened" (evidence_open).
    struct Evidence {
        std::string kind;
        std::string mimeType;
        std::string bytes;
    };
    Evidence openEvidence(const Secret& session, long long evidenceId);
    /// The agent's whole ID number and mobile: a supervisor's act, audited "evidence.opened" (agent_reveal).
    struct Agent {
        std::string name;
        std::string idNumber;
        std::string mobile;
    };
    Agent revealAgent(const Secret& session, const std::string& number);

    /// Voids receipt `receiptId` with the void approval `approvalId` (bound to the receipt and `reason`) and
    /// pays back what is unrefunded of its transaction by each payment's method (receipt_void_refund).
    std::vector<VoidRefund> voidAndRefund(const Secret& session, long long receiptId,
                                          const std::string& reason, long long approvalId);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
