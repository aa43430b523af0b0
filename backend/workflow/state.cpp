#include "backend/workflow/internal.h"

#include "db/prepared.h"

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
        const auto transitions = db::TransactionStore{tx}.transitions();
        for (const auto& t : transitions.transaction)
            m->transaction.emplace(t.from, t.to, t.kind);
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

void Workflow::Impl::hook(const std::string& point) const {
    if (s.hook)
        s.hook(point);
}

const Secret& Workflow::Impl::session() const {
    if (!actingSession || actingSession->empty())
        throw std::runtime_error("no staff session: the operator logs in before working on a transaction");
    return *actingSession;
}

TxRow Workflow::Impl::read(pqxx::transaction_base& tx, const std::string& number) {
    const auto r = db::TransactionStore{tx}.find(number);
    if (!r)
        throw std::runtime_error("no transaction " + number);
    if (r->counterId != s.counterId)
        throw std::runtime_error("transaction " + number + " belongs to another counter");
    TxRow t;
    static_cast<db::TransactionRecord&>(t) = *r;
    t.work = QJsonDocument::fromJson(QByteArray::fromStdString(t.workJson)).object();
    t.workJson.clear();
    return t;
}

TxRow Workflow::Impl::load(const std::string& number) {
    pqxx::nontransaction tx{s.conn};
    return read(tx, number);
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

void Workflow::Impl::audit(pqxx::transaction_base& tx, std::optional<long long> transactionId,
                           const std::string& event, const std::string& subject, const QJsonObject& detail) {
    db::execPrepared(tx, "SELECT countersign.tx_audit($1, $2, $3, $4, $5::jsonb)", session().c_str(),
                     transactionId, event, auditSubject(subject), auditDetail(detail));
}

void Workflow::Impl::refuse(const std::string& kind, const std::string& summary,
                            const std::vector<Check>& checks, const std::string& subject) {
    // If the entry can't be written the database error goes up instead: no refusal without its record.
    pqxx::nontransaction tx{s.conn};
    audit(tx, std::nullopt, "operation.refused", subject,
          {{QStringLiteral("operation"), QString::fromStdString(kind)},
           {QStringLiteral("summary"), QString::fromStdString(summary)},
           {QStringLiteral("checks"), checksJson(checks)}});
    throw Refusal(summary, checks);
}

Outcome Workflow::Impl::checked(const Checked& c) {
    Outcome o;
    o.kind = c.kind;
    o.state = "checked";
    o.checks = c.checks;
    o.keySerial = c.keySerial;
    o.feeLines = c.quote.lines;
    o.totalFen = c.quote.totalFen();
    o.company = c.company;
    o.uscc = c.uscc;
    o.agentName = c.agentName;
    o.agentIdNo = c.agentIdNo;
    if (c.algorithm)
        o.algorithm = token::algorithmLabel(*c.algorithm);
    o.papers = c.papers;
    o.agentIdMasked = maskedId(c.agentIdNo);
    return o;
}

void Workflow::Impl::advance(TxRow& t, const std::string& to, const std::string& step,
                             const QJsonObject& patch, const std::string& event, QJsonObject detail,
                             const std::function<void(pqxx::work&)>& extra, const std::string& failureReason,
                             const std::function<void(pqxx::work&)>& after, const QJsonArray& records) {
    // The state, its step row and its audit entry are one call of the database's API (prepared once per
    // connection): without `extra` it commits on its own, in one round trip. An empty patch leaves work as it
    // is (its stored, compressed value is kept instead of written again); the key `extra` assigned
    // (t.tokenId) is set in the same row update, and the key and certificate records ride in the same call.
    // The person is the acting session's.
    db::StepRecord record;
    record.transactionId = t.id;
    record.to = to;
    record.workPatchJson = json(patch);
    record.failureReason = failureReason;
    record.step = step;
    record.stepDetailJson = json(detail);
    record.event = event;
    detail.insert(QStringLiteral("state"), QString::fromStdString(to));
    detail.insert(QStringLiteral("kind"), QString::fromStdString(t.kind));
    record.auditDetailJson = auditDetail(detail);
    const auto run = [&](pqxx::transaction_base& tx) {
        checkMove(tx, t.kind, t.state, to, t.number);
        record.from = t.state;
        record.tokenId = t.tokenId;
        db::TransactionStore store{tx};
        const bool moved =
            records.isEmpty()
                ? store.advance(session(), record)
                : store.advanceWithRecords(
                      session(), record, QJsonDocument(records).toJson(QJsonDocument::Compact).toStdString(),
                      t.tokenId);
        if (!moved)
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
                                       bool removed) {
    try {
        pqxx::nontransaction tx{s.conn};
        const QJsonObject detail{{QStringLiteral("step"), QString::fromStdString(step)},
                                 {QStringLiteral("error"), QString::fromStdString(message)}};
        db::TransactionStore{tx}.recordStepFailure(session(), {t.id, step, removed, auditDetail(detail)});
    } catch (const std::exception&) {
        // The database is what failed: the step stays undone either way, and the caller reports it.
    }
}

Outcome Workflow::Impl::outcome(const std::string& number) {
    pqxx::nontransaction tx{s.conn};
    const TxRow t = read(tx, number);
    Outcome o;
    o.transactionNumber = t.number;
    o.kind = t.kind;
    o.state = t.state;
    o.keySerial = str(t.work, "key_serial");
    o.certificateSerial = str(t.work, "cert_serial");
    if (!o.certificateSerial.empty()) {
        if (const auto validity = db::PartyStore{tx}.certificateValidity(o.certificateSerial)) {
            o.notBefore = validity->notBefore;
            o.notAfter = validity->notAfter;
        }
    }
    for (const auto& r : db::TransactionStore{tx}.feeLines(t.id)) {
        fees::FeeLine line;
        line.description = r.description;
        line.amountFen = r.amountFen;
        line.waiverReason = r.waiverReason;
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
