#include "backend/workflow/internal.h"

// The transaction's state: the allowed moves, reading a transaction back, advancing it with its step row and
// audit entry in one statement, recording a step that failed, refusing an operation.
namespace countersign::workflow {

void Workflow::Impl::loadTransitions(pqxx::transaction_base& tx) {
    if (moves)
        return;
    static std::mutex lock;
    static std::unique_ptr<const Moves> loaded;
    const std::lock_guard<std::mutex> guard(lock);
    if (!loaded) {
        auto m = std::make_unique<Moves>();
        for (const auto& r : tx.exec("SELECT coalesce(from_state, ''), to_state, k FROM "
                                     "transaction_state_transitions CROSS JOIN unnest(kinds) AS k"))
            m->transaction.emplace(r[0].c_str(), r[1].c_str(), r[2].c_str());
        for (const auto& r :
             tx.exec("SELECT coalesce(from_state, ''), to_state FROM token_state_transitions"))
            m->token.emplace(r[0].c_str(), r[1].c_str());
        loaded = std::move(m);
    }
    moves = loaded.get();
}

void Workflow::Impl::checkMove(pqxx::transaction_base& tx, const std::string& kind, const std::string& from,
                               const std::string& to, const std::string& number) {
    loadTransitions(tx);
    if (!moves->transaction.count({from, to, kind}))
        throw std::logic_error("transaction " + number + ": " + from + " -> " + to + " is not allowed for " +
                               kind);
}

void Workflow::Impl::setTokenState(pqxx::transaction_base& tx, long long tokenId, const std::string& to,
                                   std::optional<long long> enterpriseId, std::optional<long long> centreId) {
    loadTransitions(tx);
    const auto r =
        db::execPrepared1(tx, "SELECT state, serial FROM tokens WHERE id = $1 FOR UPDATE", tokenId);
    const std::string from = r[0].c_str();
    if (from == to && !enterpriseId && !centreId)
        return;
    if (from != to && !moves->token.count({from, to}))
        throw std::logic_error("key " + std::string(r[1].c_str()) + ": " + from + " -> " + to +
                               " is not allowed");
    db::execPrepared(tx,
                     "UPDATE tokens SET state = $2, enterprise_id = coalesce($3, enterprise_id), "
                     "centre_id = coalesce($4, centre_id) WHERE id = $1",
                     tokenId, to, enterpriseId, centreId);
}

void Workflow::Impl::hook(const std::string& point) const {
    if (s.hook)
        s.hook(point);
}

TxRow Workflow::Impl::read(pqxx::transaction_base& tx, const std::string& number, bool lock) {
    const auto r = db::execPrepared(
        tx,
        std::string(
            "SELECT id, number, kind, state, operator_staff_id, enterprise_id, token_id, old_token_id, "
            "coalesce(replace_reason, ''), letter_id, work::text, counter_id FROM transactions "
            "WHERE number = $1") +
            (lock ? " FOR UPDATE" : ""),
        number);
    if (r.empty())
        throw std::runtime_error("no transaction " + number);
    if (r[0][11].as<long long>() != s.counterId)
        throw std::runtime_error("transaction " + number + " belongs to another counter");
    TxRow t;
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
    t.work = QJsonDocument::fromJson(QByteArray(r[0][10].c_str())).object();
    return t;
}

TxRow Workflow::Impl::load(const std::string& number) {
    pqxx::nontransaction tx{s.conn};
    return read(tx, number, false);
}

std::string Workflow::Impl::auditDetail(const QJsonObject& detail) {
    std::string text = json(detail);
    for (std::size_t at = text.find("\\u0000"); at != std::string::npos; at = text.find("\\u0000", at))
        text.replace(at, 6, "\\ufffd");
    return text;
}

std::string Workflow::Impl::auditSubject(const std::string& subject) {
    return textProblem(subject, 200).empty() ? subject : "(not plain text)";
}

void Workflow::Impl::audit(pqxx::transaction_base& tx, std::optional<long long> actor,
                           const std::string& event, const std::string& subject, const QJsonObject& detail) {
    db::AuditLog{tx}.append({s.counterId, actor, event, auditSubject(subject), auditDetail(detail)});
}

void Workflow::Impl::refuse(long long operatorId, const std::string& kind, const std::string& summary,
                            const std::vector<Check>& checks, const std::string& subject) {
    // If the entry can't be written the database error goes up instead: no refusal without its record.
    pqxx::work tx{s.conn};
    audit(tx, operatorId, "operation.refused", subject,
          {{QStringLiteral("operation"), q(kind)},
           {QStringLiteral("summary"), q(summary)},
           {QStringLiteral("checks"), checksJson(checks)}});
    tx.commit();
    throw Refusal(summary, checks);
}

Outcome Workflow::Impl::checked(const std::string& kind, const std::vector<Check>& checks,
                                const fees::FeeQuote& quote, const std::string& keySerial,
                                const std::string& company, const std::string& uscc,
                                const std::string& agentName, const std::string& agentIdNo) {
    Outcome o;
    o.kind = kind;
    o.state = "checked";
    o.checks = checks;
    o.keySerial = keySerial;
    o.feeLines = quote.lines;
    o.totalFen = quote.totalFen();
    o.company = company;
    o.uscc = uscc;
    o.agentName = agentName;
    o.agentIdNo = agentIdNo;
    return o;
}

void Workflow::Impl::advance(TxRow& t, const std::string& to, const std::string& step,
                             const QJsonObject& patch, const std::string& event, QJsonObject detail,
                             long long staffId, const std::function<void(pqxx::work&)>& extra,
                             const std::string& failureReason,
                             const std::function<void(pqxx::work&)>& after) {
    // The state, its step row and its audit entry are one statement (prepared once per connection):
    // without `extra` it commits on its own, in one round trip. An empty patch leaves work as it is (its
    // stored, compressed value is kept instead of written again); the key `extra` assigned
    // (t.tokenId) is set in the same row update.
    if (!m_advancePrepared) {
        s.conn.prepare(sql::kAdvanceName, sql::kAdvance);
        m_advancePrepared = true;
    }
    const std::string stepDetail = json(detail);
    detail.insert(QStringLiteral("state"), q(to));
    detail.insert(QStringLiteral("kind"), q(t.kind));
    const auto run = [&](pqxx::transaction_base& tx) {
        checkMove(tx, t.kind, t.state, to, t.number);
        const auto r = tx.exec_prepared1(sql::kAdvanceName, t.id, t.state, to, json(patch), failureReason,
                                         step, staffId, stepDetail, s.counterId, event,
                                         auditSubject(t.number), auditDetail(detail), t.tokenId);
        if (r[0].as<long long>() != 1)
            throw std::runtime_error("transaction " + t.number + " was changed elsewhere (it is no longer " +
                                     t.state + ")");
    };
    if (extra || after) {
        pqxx::work tx{s.conn};
        if (extra)
            extra(tx);
        run(tx);
        if (after)
            after(tx);
        tx.commit();
    } else {
        pqxx::nontransaction tx{s.conn};
        run(tx);
    }
    t.state = to;
    for (auto it = patch.begin(); it != patch.end(); ++it)
        t.work.insert(it.key(), it.value());
    hook("at:" + to);
}

void Workflow::Impl::recordStepFailure(const TxRow& t, const std::string& step, const std::string& message,
                                       bool removed, long long staffId) {
    try {
        pqxx::work tx{s.conn};
        const QJsonObject detail{{QStringLiteral("step"), q(step)}, {QStringLiteral("error"), q(message)}};
        db::execPrepared(tx,
                         "INSERT INTO transaction_steps (transaction_id, step, state_before, state_after, "
                         "outcome, staff_id, detail) VALUES ($1, $2, $3, $3, $4, $5, $6::jsonb)",
                         t.id, step, t.state, removed ? "interrupted" : "failed", staffId, json(detail));
        audit(tx, staffId, removed ? "step.interrupted" : "step.failed", t.number, detail);
        tx.commit();
    } catch (const std::exception&) {
        // The database is what failed: the step stays undone either way, and the caller reports it.
    }
}

Outcome Workflow::Impl::outcome(const std::string& number) {
    pqxx::nontransaction tx{s.conn};
    const TxRow t = read(tx, number, false);
    Outcome o;
    o.transactionNumber = t.number;
    o.kind = t.kind;
    o.state = t.state;
    o.keySerial = str(t.work, "key_serial");
    o.certificateSerial = str(t.work, "cert_serial");
    if (!o.certificateSerial.empty()) {
        const auto c = db::execPrepared(
            tx,
            "SELECT to_char(not_before AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
            "to_char(not_after AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM certificates "
            "WHERE serial = $1",
            o.certificateSerial);
        if (!c.empty()) {
            o.notBefore = c[0][0].c_str();
            o.notAfter = c[0][1].c_str();
        }
    }
    for (const auto& r : db::execPrepared(tx,
                                          "SELECT description, amount_fen, coalesce(waiver_reason, '') FROM "
                                          "fee_lines WHERE transaction_id = $1 ORDER BY id",
                                          t.id)) {
        fees::FeeLine line;
        line.description = r[0].c_str();
        line.amountFen = r[1].as<long long>();
        line.waiverReason = r[2].c_str();
        o.totalFen += line.amountFen;
        o.feeLines.push_back(line);
    }
    if (const auto receipt = receipts::findByTransaction(tx, t.id); receipt && !receipt->voided) {
        o.receiptNumber = receipt->numberText;
        o.receiptQr = receipt->qrPayload;
    }
    return o;
}

} // namespace countersign::workflow
