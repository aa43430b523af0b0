#include "backend/workflow/internal.h"

// The parties and the opening of a transaction: the enterprise, the agent, the authorization letter, the
// transaction's number, its opening with the fee in one database transaction, and the checks of the fee, the
// new PIN, a confirmed USCC and the evidence.
namespace countersign::workflow {

long long Workflow::Impl::upsertEnterprise(pqxx::transaction_base& tx, const std::string& uscc,
                                           const std::string& name, bool authoritative,
                                           std::optional<long long> usccOverride) {
    return db::execPrepared1(
               tx,
               "INSERT INTO enterprises (uscc, name, uscc_override_approval_id) VALUES ($1, $2, $4) "
               "ON CONFLICT (uscc) DO UPDATE SET name = CASE WHEN $3 THEN excluded.name ELSE "
               "enterprises.name END, uscc_override_approval_id = coalesce("
               "enterprises.uscc_override_approval_id, excluded.uscc_override_approval_id) RETURNING id",
               uscc, name, authoritative, usccOverride)[0]
        .as<long long>();
}

long long Workflow::Impl::upsertAgent(pqxx::transaction_base& tx, const std::string& idNumber,
                                      const std::string& name, const std::string& mobile) {
    return db::execPrepared1(tx,
                             "INSERT INTO agents (name, id_number, mobile) VALUES ($1, $2, nullif($3, '')) "
                             "ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, "
                             "mobile = coalesce(excluded.mobile, agents.mobile) RETURNING id",
                             name, idNumber, mobile)[0]
        .as<long long>();
}

long long Workflow::Impl::insertAuthorizationLetter(pqxx::transaction_base& tx,
                                                    const papers::AuthorizationLetter& l,
                                                    const std::string& company, const std::string& agentId,
                                                    long long operatorId, long long enterprise,
                                                    long long agent) {
    std::string biz = "{";
    if (l.replaceTicked)
        biz += "REPLACE";
    if (l.unlockTicked)
        biz += std::string(l.replaceTicked ? "," : "") + "UNLOCK";
    biz += "}";
    return db::execPrepared1(
               tx,
               "INSERT INTO letters (kind, org_name, uscc, agent_name, agent_id_number, agent_mobile, "
               "biz, valid_from, valid_to, letter_date, seal_confirmed, seal_confirmed_by, "
               "enterprise_id, agent_id, registered_by) VALUES ('authorization', $1, $2, $3, $4, "
               "nullif($5, ''), $6::text[], $7::date, $8::date, $9::date, $10, $11, $12, $13, $11) "
               "RETURNING id",
               l.companyName, company, l.agentName, agentId, l.agentMobile, biz, l.validFrom.iso(),
               l.validTo.iso(),
               l.letterDate.isValid() ? std::optional<std::string>(l.letterDate.iso()) : std::nullopt,
               l.sealConfirmed, operatorId, enterprise, agent)[0]
        .as<long long>();
}

Workflow::Impl::Named Workflow::Impl::recordNamed(pqxx::work& tx, const Common& common, long long txId,
                                                  bool usccOverridden, const std::string& uscc,
                                                  const std::string& company, bool authoritative,
                                                  const std::string& agentId, const std::string& agentName,
                                                  const std::string& agentMobile) {
    std::optional<long long> usccApproval;
    if (usccOverridden)
        usccApproval = recordUsccOverride(tx, common, txId, uscc);
    Named named;
    named.enterprise = upsertEnterprise(tx, uscc, company, authoritative, usccApproval);
    named.agent = upsertAgent(tx, agentId, agentName, agentMobile);
    return named;
}

std::string Workflow::Impl::newNumber(pqxx::transaction_base& tx) {
    db::execPrepared(tx, sql::kNumberLock, s.counterId);
    const auto r = db::execPrepared1(tx, sql::kNextNumber, s.counterId);
    return sql::formatNumber(r[0].c_str(), r[2].c_str(), r[1].c_str(), r[3].as<long long>());
}

void Workflow::Impl::refuseIfDayClosed(const std::string& kind, const Common& common,
                                       std::vector<Check> checks) {
    std::string day;
    try {
        pqxx::nontransaction tx{s.conn};
        const auto r = db::execPrepared1(
            tx,
            "SELECT countersign.day_is_closed($1, (now() AT TIME ZONE 'Asia/Shanghai')::date), "
            "((now() AT TIME ZONE 'Asia/Shanghai')::date)::text",
            s.centreId);
        if (!r[0].as<bool>())
            return;
        day = r[1].c_str();
    } catch (const std::exception&) {
        return; // the first error is the one to report
    }
    add(checks, "day_open", false,
        Phrase(QT_TRANSLATE_NOOP("Reason", "business day %1 is closed at this centre: a supervisor "
                                           "closed it, and nothing more can be recorded on it"))
            .arg(day));
    refuse(common.operatorId, kind, "business day " + day + " is closed at this centre", checks, kind);
}

TxRow Workflow::Impl::open(const std::string& kind, const Common& common, const QJsonObject& work,
                           const std::vector<Check>& checks,
                           const std::function<Parties(pqxx::work&, long long)>& fill,
                           const std::function<void(pqxx::work&, TxRow&)>& fee) {
    try {
        return openTransaction(kind, common, work, checks, fill, fee);
    } catch (const pqxx::sql_error&) {
        refuseIfDayClosed(kind, common, checks);
        throw;
    }
}

TxRow Workflow::Impl::openTransaction(const std::string& kind, const Common& common, const QJsonObject& work,
                                      const std::vector<Check>& checks,
                                      const std::function<Parties(pqxx::work&, long long)>& fill,
                                      const std::function<void(pqxx::work&, TxRow&)>& fee) {
    // started > papers_checked > fee_recorded in one database transaction: nothing outside the database
    // happens between them, and the next step (the key or the CA) starts from a committed fee.
    pqxx::work tx{s.conn};
    const std::string number = newNumber(tx);
    checkMove(tx, kind, "", "started", number);
    checkMove(tx, kind, "started", "papers_checked", number);
    checkMove(tx, kind, "papers_checked", "fee_recorded", number);
    const long long id = db::execPrepared1(tx, sql::kInsertTransaction, number, kind, common.operatorId,
                                           s.counterId, s.centreId, json(work))[0]
                             .as<long long>();
    const Parties p = fill(tx, id);
    // The parties and the move to papers_checked are one row update.
    db::execPrepared(tx, sql::kPapersChecked, id, p.enterpriseId, p.agentId, p.letterId, p.tokenId,
                     p.oldTokenId, p.replaceReason);
    for (const auto& e : common.evidence)
        db::execPrepared(tx,
                         "INSERT INTO evidence (transaction_id, letter_id, kind, mime_type, bytes, "
                         "captured_by) VALUES ($1, $2, $3, $4, $5, $6)",
                         id, p.letterId, e.kind, e.mimeType, pqxx::binarystring(e.bytes), common.operatorId);
    audit(tx, common.operatorId, "transaction.started", number,
          {{QStringLiteral("kind"), q(kind)}, {QStringLiteral("checks"), checksJson(checks)}});
    TxRow t;
    t.id = id;
    t.number = number;
    t.kind = kind;
    t.state = "papers_checked";
    t.operatorId = common.operatorId;
    t.enterpriseId = p.enterpriseId;
    t.tokenId = p.tokenId;
    t.oldTokenId = p.oldTokenId;
    t.replaceReason = p.replaceReason;
    t.letterId = p.letterId;
    t.work = work;
    // A crash here loses the uncommitted transaction whole: nothing of it exists afterwards.
    hook("at:papers_checked");
    fee(tx, t);
    // The move to fee_recorded and the two step rows: one statement.
    db::execPrepared(tx, sql::kFeeRecorded, id, common.operatorId,
                     json({{QStringLiteral("checks"), checksJson(checks)}}));
    tx.commit();
    t.state = "fee_recorded";
    hook("at:fee_recorded");
    return t;
}

void Workflow::Impl::recordFee(pqxx::work& tx, const TxRow& t, const fees::FeeConditions& conditions,
                               const Common& common,
                               const std::optional<approvals::ApprovalRequest>& waiverApproval,
                               std::optional<long long> waiverApprover) {
    fees::FeeConditions c = conditions;
    if (waiverApproval && waiverApprover) {
        auto request = *waiverApproval;
        request.transactionId = t.id;
        c.waiverApprovalId = approvals::recordApproval(tx, request, *waiverApprover);
    }
    // Without a waiver the quote is the one checkFee made for these conditions today: not read again.
    const Date today = Date::today();
    const bool reuse = m_checkedQuote && !c.damageWaiver && m_checkedQuote->kind == t.kind &&
                       m_checkedQuote->firstCertificate == c.firstCertificate &&
                       m_checkedQuote->day.iso() == today.iso();
    const auto quote =
        reuse ? m_checkedQuote->quote
              : fees::quote(tx, s.centreId, s.config.feeSchedule.toStdString(), t.kind, c, today);
    m_checkedQuote.reset();
    fees::recordFee(tx, t.id, s.centreId, s.counterId, common.operatorId, quote, common.payments,
                    common.invoice);
}

fees::FeeQuote Workflow::Impl::checkFee(const std::string& kind, const fees::FeeConditions& conditions,
                                        const Common& common, std::vector<Check>& checks) {
    pqxx::nontransaction tx{s.conn};
    fees::FeeQuote quote;
    try {
        // The waiver's approval is recorded with the fee, so the quote here is the charge plus the
        // schedule's damage_waiver line.
        fees::FeeConditions c = conditions;
        c.damageWaiver = false;
        const Date today = Date::today();
        quote = fees::quote(tx, s.centreId, s.config.feeSchedule.toStdString(), kind, c, today);
        m_checkedQuote.reset();
        if (!conditions.damageWaiver)
            m_checkedQuote = CheckedQuote{kind, conditions.firstCertificate, today, quote};
        if (conditions.damageWaiver) {
            const auto rule =
                db::execPrepared(tx,
                                 "SELECT id, amount_fen, description FROM fee_rules WHERE "
                                 "schedule_id = $1 AND operation = $2 AND condition = 'damage_waiver'",
                                 quote.scheduleId, kind);
            if (rule.empty()) {
                add(checks, "waiver", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "the fee schedule %1 has no damage waiver"))
                        .arg(quote.scheduleCode));
                return quote;
            }
            fees::FeeLine line;
            line.ruleId = rule[0][0].as<long long>();
            line.amountFen = rule[0][1].as<long long>();
            line.description = rule[0][2].c_str();
            line.waiverReason = line.description;
            quote.lines.push_back(line);
        }
    } catch (const fees::FeeError& e) {
        add(checks, "fee", false, e.why());
        return quote;
    }
    if (common.preview)
        return quote;
    const auto payments = fees::checkPayments(quote, common.payments);
    add(checks, "payment", payments.empty(), Phrase::joined(payments));
    if (common.invoice) {
        Phrase problems = Phrase::joined(fees::checkInvoice(*common.invoice, Date::today()));
        if (problems.empty() && quote.totalFen() <= 0)
            problems = Phrase(QT_TRANSLATE_NOOP("Reason", "nothing is due, so there is nothing to invoice"));
        add(checks, "invoice", problems.empty(), problems);
    }
    return quote;
}

void Workflow::Impl::checkNewPin(const Secret& pin, const std::string& agentId,
                                 std::vector<Check>& checks) const {
    const auto policy = makePinPolicy(s.config);
    const auto problem = policy.check(pin, agentId.size() == 18 ? agentId.substr(6, 8) : std::string());
    add(checks, "new_pin", problem == token::PinProblem::None,
        phraseOf(problem, policy.minLength, policy.maxLength));
}

bool Workflow::Impl::overrideUscc(const Common& common, std::vector<Check>& checks, const char* id) {
    if (!common.usccOverrideApprovedBy)
        return false;
    bool overridden = false;
    for (auto& c : checks)
        if (c.id == id && !c.passed) {
            c = makeCheck(
                c.id, true,
                Phrase(QT_TRANSLATE_NOOP(
                    "Reason", "the code fails its check (GB 32100-2015); a supervisor confirmed it")));
            overridden = true;
        }
    return overridden;
}

long long Workflow::Impl::recordUsccOverride(pqxx::work& tx, const Common& common, long long txId,
                                             const std::string& code) {
    return approvals::recordApproval(tx,
                                     {approvals::ApprovalKind::UsccOverride, common.operatorId, s.counterId,
                                      txId, code,
                                      "the USCC fails its check; confirmed on the business licence", "{}"},
                                     *common.usccOverrideApprovedBy);
}

void Workflow::Impl::checkEvidence(const Common& common, std::vector<Check>& checks) {
    for (const auto& e : common.evidence) {
        static const std::vector<std::string> kinds = {"letter_scan", "id_card_scan", "licence_scan",
                                                       "damaged_key_photo", "other"};
        if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end() || e.bytes.empty() ||
            e.bytes.size() > 20 * 1024 * 1024) {
            add(checks, "evidence", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "a scan must be a non-empty file of at most 20 MB")));
            return;
        }
    }
}

} // namespace countersign::workflow
