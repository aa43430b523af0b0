#include "db/transactionstore.h"

#include <cstdio>
#include <utility>

#include <pqxx/binarystring>

#include "db/prepared.h"
#include "db/textarray.h"
#include "db/transactionsql.h"

namespace countersign::db {

namespace {
std::optional<long long> optId(const pqxx::field& f) {
    if (f.is_null())
        return std::nullopt;
    return f.as<long long>();
}

std::optional<std::string> firstText(const pqxx::result& r) {
    if (r.empty())
        return std::nullopt;
    return std::string(r[0][0].c_str());
}

/// A JSON object of the members given (each value already JSON).
std::string jsonObject(const std::vector<std::pair<const char*, std::string>>& members) {
    std::string out = "{";
    for (const auto& [name, value] : members)
        out += (out.size() > 1 ? "," : "") + jsonString(name) + ":" + value;
    return out + "}";
}

/// The letter as countersign.tx_papers_record takes it (a JSON object; "null" for none), but for its business
/// list (a text[] parameter of its own: letterBiz).
std::string letterJson(const PapersRecord& p) {
    if (const auto& l = p.assistanceLetter) {
        std::vector<std::pair<const char*, std::string>> o = {
            {"kind", jsonString("assistance")},
            {"office_code", jsonString(l->officeCode)},
            {"office_name", jsonString(l->officeName)},
            {"letter_no", jsonString(l->letterNo)},
            {"org_name", jsonString(l->orgName)},
            {"uscc", jsonString(l->uscc)},
            {"agent_name", jsonString(l->agentName)},
            {"agent_id_number", jsonString(l->agentIdNumber)},
            {"valid_from", jsonString(l->validFrom)},
            {"valid_to", jsonString(l->validTo)},
            {"entry_mode", jsonString(l->entryMode)},
            {"jws", jsonString(l->jws)},
            {"payload", l->payloadJson.empty() ? std::string("{}") : l->payloadJson}};
        return jsonObject(o);
    }
    if (const auto& a = p.authorizationLetter) {
        std::vector<std::pair<const char*, std::string>> o = {
            {"kind", jsonString("authorization")},
            {"org_name", jsonString(a->orgName)},
            {"uscc", jsonString(a->uscc)},
            {"agent_name", jsonString(a->agentName)},
            {"agent_id_number", jsonString(a->agentIdNumber)},
            {"agent_mobile", jsonString(a->agentMobile)},
            {"valid_from", jsonString(a->validFrom)},
            {"valid_to", jsonString(a->validTo)},
            {"seal_confirmed", a->sealConfirmed ? "true" : "false"}};
        if (a->letterDate)
            o.emplace_back("letter_date", jsonString(*a->letterDate));
        return jsonObject(o);
    }
    return "null";
}

/// The letter's business list (operation codes); empty for no letter.
TextArray letterBiz(const PapersRecord& p) {
    if (p.assistanceLetter)
        return TextArray{p.assistanceLetter->biz};
    if (p.authorizationLetter)
        return TextArray{p.authorizationLetter->biz};
    return {};
}
} // namespace

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

CheckedParties TransactionStore::recordParties(const Secret& session, long long id, const NamedParties& n) {
    const auto r =
        execPrepared1(m_tx,
                      "SELECT enterprise_id, agent_id FROM countersign.tx_parties_record($1, $2, $3, "
                      "$4, $5, $6, nullif($7, ''), $8, $9)",
                      session.c_str(), id, n.uscc, n.name, n.rename, n.usccOverrideApproval, n.agentIdNumber,
                      n.agentName, n.agentMobile);
    CheckedParties p;
    p.enterpriseId = optId(r[0]);
    p.agentId = optId(r[1]);
    return p;
}

CheckedParties TransactionStore::recordPapers(const Secret& session, long long id, const PapersRecord& papers,
                                              const std::string& auditDetailJson) {
    const NamedParties none;
    const NamedParties& n = papers.named ? *papers.named : none;
    const auto approval =
        papers.assistanceLetter ? papers.assistanceLetter->entryApprovalId : std::optional<long long>();
    const auto r = execPrepared1(m_tx, sql::kPapersRecord, session.c_str(), id,
                                 papers.named ? std::optional<std::string>(n.uscc) : std::nullopt, n.name,
                                 n.rename, n.usccOverrideApproval, n.agentIdNumber, n.agentName,
                                 n.agentMobile, letterJson(papers), approval, papers.tokenId,
                                 papers.oldTokenId, papers.replaceReason, auditDetailJson, letterBiz(papers));
    CheckedParties p;
    p.enterpriseId = optId(r[0]);
    p.agentId = optId(r[1]);
    p.letterId = optId(r[2]);
    p.tokenId = papers.tokenId;
    p.oldTokenId = papers.oldTokenId;
    p.replaceReason = papers.replaceReason;
    return p;
}

OpenedTransaction TransactionStore::open(const Secret& session, const std::string& kind,
                                         const std::string& workJson) {
    const auto r = execPrepared1(m_tx, sql::kOpen, session.c_str(), kind, workJson);
    return OpenedTransaction{r[0].as<long long>(), r[1].c_str()};
}

void TransactionStore::addEvidence(const Secret& session, long long id, std::optional<long long> letterId,
                                   const EvidenceRecord& e) {
    execPrepared(m_tx, "SELECT countersign.tx_add_evidence($1, $2, $3, $4, $5, $6)", session.c_str(), id,
                 letterId, e.kind, e.mimeType, pqxx::binarystring(e.bytes));
}

void TransactionStore::recordFee(const Secret& session, long long id, const FeeRecord& fee,
                                 const std::string& papersDetailJson) {
    execPrepared(m_tx, sql::kFeeRecord, session.c_str(), id, fee.scheduleCode, fee.linesJson,
                 fee.paymentsJson, fee.invoiceJson, papersDetailJson);
}

bool TransactionStore::advance(const Secret& session, const StepRecord& s) {
    const auto r =
        execPrepared1(m_tx, sql::kAdvance, session.c_str(), s.transactionId, s.from, s.to, s.workPatchJson,
                      s.failureReason, s.tokenId, s.step, s.stepDetailJson, s.event, s.auditDetailJson);
    return r[0].as<bool>();
}

bool TransactionStore::advanceWithRecords(const Secret& session, const StepRecord& s,
                                          const std::string& recordsJson, std::optional<long long>& tokenId) {
    const auto r =
        execPrepared1(m_tx,
                      "SELECT advanced, token_id FROM countersign.tx_advance_keys($1, $2, $3, $4, "
                      "$5::jsonb, $6, $7, $8::jsonb, $9, $10::jsonb, $11::jsonb)",
                      session.c_str(), s.transactionId, s.from, s.to, s.workPatchJson, s.failureReason,
                      s.step, s.stepDetailJson, s.event, s.auditDetailJson, recordsJson);
    if (!r[1].is_null())
        tokenId = r[1].as<long long>();
    return r[0].as<bool>();
}

void TransactionStore::recordStepFailure(const Secret& session, const StepFailureRecord& f) {
    execPrepared(m_tx, "SELECT countersign.tx_step_failed($1, $2, $3, $4, $5::jsonb)", session.c_str(),
                 f.transactionId, f.step, f.interrupted, f.detailJson);
}

void TransactionStore::setOldRevoked(const Secret& session, long long id) {
    execPrepared(m_tx, "SELECT countersign.tx_old_revoked($1, $2)", session.c_str(), id);
}

std::string TransactionStore::lock(long long id) {
    return execPrepared1(m_tx, "SELECT countersign.tx_lock($1)", id)[0].c_str();
}

std::optional<TransactionRecord> TransactionStore::find(const std::string& number) {
    const auto r = execPrepared(
        m_tx,
        "SELECT id, number, kind, state, operator_staff_id, enterprise_id, token_id, old_token_id, "
        "coalesce(replace_reason, ''), letter_id, work::text, counter_id FROM transactions WHERE number = $1",
        number);
    if (r.empty())
        return std::nullopt;
    TransactionRecord t;
    t.id = r[0][0].as<long long>();
    t.number = r[0][1].c_str();
    t.kind = r[0][2].c_str();
    t.state = r[0][3].c_str();
    t.operatorId = r[0][4].as<long long>();
    t.enterpriseId = optId(r[0][5]);
    t.tokenId = optId(r[0][6]);
    t.oldTokenId = optId(r[0][7]);
    t.replaceReason = r[0][8].c_str();
    t.letterId = optId(r[0][9]);
    t.workJson = r[0][10].c_str();
    t.counterId = r[0][11].as<long long>();
    return t;
}

std::vector<PendingTransaction> TransactionStore::pending(long long counterId) {
    std::vector<PendingTransaction> out;
    for (const auto& r :
         execPrepared(m_tx,
                      "SELECT number, kind, state, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') "
                      "FROM transactions WHERE counter_id = $1 AND state NOT IN ('completed', "
                      "'compensated') ORDER BY started_at, id",
                      counterId))
        out.push_back(PendingTransaction{r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str()});
    return out;
}

StateTransitions TransactionStore::transitions() {
    StateTransitions out;
    // Read once per process (the workflow keeps them): not worth preparing.
    for (const auto& r : m_tx.exec("SELECT coalesce(from_state, ''), to_state, k FROM "
                                   "transaction_state_transitions CROSS JOIN unnest(kinds) AS k"))
        out.transaction.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str()});
    return out;
}

BusinessDay TransactionStore::today(long long centreId) {
    const auto r =
        execPrepared1(m_tx,
                      "SELECT countersign.day_is_closed($1, (now() AT TIME ZONE 'Asia/Shanghai')::date), "
                      "((now() AT TIME ZONE 'Asia/Shanghai')::date)::text",
                      centreId);
    return BusinessDay{r[1].c_str(), r[0].as<bool>()};
}

bool TransactionStore::hasPayments(long long id) {
    return !execPrepared(m_tx, "SELECT 1 FROM payments WHERE transaction_id = $1", id).empty();
}

std::vector<FeeLineRecord> TransactionStore::feeLines(long long id) {
    std::vector<FeeLineRecord> out;
    for (const auto& r : execPrepared(m_tx,
                                      "SELECT description, amount_fen, coalesce(waiver_reason, '') FROM "
                                      "fee_lines WHERE transaction_id = $1 ORDER BY id",
                                      id))
        out.push_back(FeeLineRecord{r[0].c_str(), r[1].as<long long>(), r[2].c_str()});
    return out;
}

std::optional<FeeRuleRecord> TransactionStore::damageWaiverRule(long long scheduleId,
                                                                const std::string& operation) {
    const auto r = execPrepared(m_tx,
                                "SELECT id, amount_fen, description FROM fee_rules WHERE "
                                "schedule_id = $1 AND operation = $2 AND condition = 'damage_waiver'",
                                scheduleId, operation);
    if (r.empty())
        return std::nullopt;
    return FeeRuleRecord{r[0][0].as<long long>(), r[0][1].as<long long>(), r[0][2].c_str()};
}

std::optional<std::string> TransactionStore::assistanceLetterConsumedBy(const std::string& office,
                                                                        const std::string& no) {
    return firstText(execPrepared(
        m_tx,
        "SELECT t.number FROM letters l JOIN transactions t ON t.id = l.consumed_by_transaction_id "
        "WHERE l.kind = 'assistance' AND l.office_code = $1 AND l.letter_no = $2",
        office, no));
}

std::optional<LetterHolder> TransactionStore::assistanceLetterHolder(const std::string& office,
                                                                     const std::string& no) {
    const auto r = execPrepared(m_tx,
                                "SELECT t.number, c.code, t.state FROM letters l "
                                "JOIN transactions t ON t.letter_id = l.id "
                                "AND t.state NOT IN ('failed', 'compensated') "
                                "JOIN counters c ON c.id = t.counter_id "
                                "WHERE l.kind = 'assistance' AND l.office_code = $1 AND l.letter_no = $2",
                                office, no);
    if (r.empty())
        return std::nullopt;
    return LetterHolder{r[0][0].c_str(), r[0][1].c_str(), r[0][2].c_str()};
}

} // namespace countersign::db
