#include "backend/workflow/internal.h"

#include "backend/papers/scan.h"
#include "backend/scans.h"

// The parties and the opening of a transaction: the enterprise and the agent the papers name, an
// authorization letter with the key's certificates, the opening with the fee in one database transaction, and
// the checks of the fee, the new PIN, a confirmed USCC and the evidence.
namespace countersign::workflow {

db::NamedParties Workflow::Impl::named(pqxx::work& tx, const Common& common, long long txId,
                                       const Checked& c) {
    db::NamedParties n;
    n.uscc = c.uscc;
    n.name = c.company;
    n.rename = c.authoritative;
    if (c.usccOverridden)
        n.usccOverrideApproval = recordUsccOverride(tx, common, txId, c);
    n.agentIdNumber = c.agentIdNo;
    n.agentName = c.agentName;
    n.agentMobile = c.agentMobile;
    return n;
}

Workflow::Impl::Parties Workflow::Impl::recordNamed(pqxx::work& tx, const Common& common, long long txId,
                                                    const Checked& c) {
    return db::TransactionStore{tx}.recordParties(session(), txId, named(tx, common, txId, c));
}

db::AuthorizationLetterRecord
Workflow::Impl::recordLetterParties(pqxx::work& tx, const papers::AuthorizationLetter& l, const Checked& c,
                                    const token::TokenInfo* key, long long tokenId, const Parties& p) {
    if (key)
        for (const auto& cert : ownCertificates(*key))
            recordCertificate(tx, cert.der, cert, tokenId, *p.enterpriseId, std::nullopt, {}, "active");
    db::AuthorizationLetterRecord letter;
    letter.orgName = l.companyName;
    letter.uscc = c.uscc;
    letter.agentName = l.agentName;
    letter.agentIdNumber = c.agentIdNo;
    letter.agentMobile = l.agentMobile;
    if (l.replaceTicked)
        letter.biz.push_back(operationCode(Operation::Replace));
    if (l.unlockTicked)
        letter.biz.push_back(operationCode(Operation::Unlock));
    letter.validFrom = l.validFrom.iso();
    letter.validTo = l.validTo.iso();
    if (l.letterDate.isValid())
        letter.letterDate = l.letterDate.iso();
    letter.sealConfirmed = l.sealConfirmed;
    return letter;
}

void Workflow::Impl::refuseIfDayClosed(const std::string& kind, std::vector<Check> checks) {
    std::string day;
    try {
        pqxx::nontransaction tx{s.conn};
        const auto today = db::TransactionStore{tx}.today(s.centreId);
        if (!today.closed)
            return;
        day = today.date;
    } catch (const std::exception&) {
        return; // the first error is the one to report
    }
    add(checks, "day_open", false,
        Phrase(QT_TRANSLATE_NOOP("Reason", "business day %1 is closed at this centre: a supervisor "
                                           "closed it, and nothing more can be recorded on it"))
            .arg(day));
    refuse(kind, "business day " + day + " is closed at this centre", checks, kind);
}

TxRow Workflow::Impl::open(const Checked& c, const Common& common, const QJsonObject& work, const Fill& fill,
                           const std::optional<approvals::ApprovalRequest>& waiverApproval,
                           std::optional<approvals::Approver> waiverApprover) {
    try {
        return openTransaction(c, common, work, fill, waiverApproval, waiverApprover);
    } catch (const pqxx::sql_error&) {
        refuseIfDayClosed(c.kind, c.checks);
        throw;
    }
}

TxRow Workflow::Impl::openTransaction(const Checked& c, const Common& common, const QJsonObject& work,
                                      const Fill& fill,
                                      const std::optional<approvals::ApprovalRequest>& waiverApproval,
                                      std::optional<approvals::Approver> waiverApprover) {
    // started > papers_checked > fee_recorded in one database transaction: nothing outside the database
    // happens between them, and the next step (the key or the CA) starts from a committed fee.
    pqxx::work tx{s.conn};
    db::TransactionStore store{tx};
    const std::string& kind = c.kind;
    const std::string opening = "(a new " + kind + ")";
    checkMove(tx, kind, "", "started", opening);
    checkMove(tx, kind, "started", "papers_checked", opening);
    checkMove(tx, kind, "papers_checked", "fee_recorded", opening);
    // Numbered and started by the database, the person taken from the session.
    const auto opened = store.open(session(), kind, json(work));
    const long long id = opened.id;
    const std::string& number = opened.number;
    // The parties, the letter and the move to papers_checked are one call, audited "transaction.started".
    QJsonObject started{{QStringLiteral("kind"), QString::fromStdString(kind)},
                        {QStringLiteral("checks"), checksJson(c.checks)}};
    // NEW, REPLACE, UNLOCK: the operator compared the agent's ID card with the letter (idcard.cpp).
    for (const auto& k : c.checks)
        if (k.id == "id_card")
            started.insert(QStringLiteral("id_card_checked"), k.passed);
    const Parties p = store.recordPapers(session(), id, fill(tx, id), auditDetail(started));
    for (const auto& e : common.evidence)
        store.addEvidence(session(), id, p.letterId, {e.kind, e.mimeType, e.bytes});
    TxRow t;
    t.id = id;
    t.number = number;
    t.kind = kind;
    t.state = "papers_checked";
    t.operatorId = common.operatorId;
    t.counterId = s.counterId;
    t.enterpriseId = p.enterpriseId;
    t.tokenId = p.tokenId;
    t.oldTokenId = p.oldTokenId;
    t.replaceReason = p.replaceReason;
    t.letterId = p.letterId;
    t.work = work;
    // A crash here loses the uncommitted transaction whole: nothing of it exists afterwards.
    hook("at:papers_checked");
    // The fee, the move to fee_recorded and the two step rows: one call.
    recordFee(tx, t, c.conditions, common, waiverApproval, waiverApprover,
              json({{QStringLiteral("checks"), checksJson(c.checks)}}));
    tx.commit();
    t.state = "fee_recorded";
    hook("at:fee_recorded");
    return t;
}

void Workflow::Impl::recordFee(pqxx::work& tx, const TxRow& t, const fees::FeeConditions& conditions,
                               const Common& common,
                               const std::optional<approvals::ApprovalRequest>& waiverApproval,
                               std::optional<approvals::Approver> waiverApprover,
                               const std::string& papersDetail) {
    fees::FeeConditions c = conditions;
    if (waiverApproval && waiverApprover) {
        auto request = *waiverApproval;
        request.transactionId = t.id;
        request.approves = fees::waiverApprovalText(tx, s.centreId, s.config.feeSchedule.toStdString(),
                                                    t.kind, c, Date::today());
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
    fees::recordFee(tx, session(), t.id, quote, common.payments, common.invoice, papersDetail);
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
            const auto rule = db::TransactionStore{tx}.damageWaiverRule(quote.scheduleId, kind);
            if (!rule) {
                add(checks, "waiver", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "the fee schedule %1 has no damage waiver"))
                        .arg(quote.scheduleCode));
                return quote;
            }
            fees::FeeLine line;
            line.ruleId = rule->id;
            line.amountFen = rule->amountFen;
            line.description = rule->description;
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

void Workflow::Impl::checkNewPin(const Secret& pin, const std::string& agentId, std::vector<Check>& checks,
                                 const FittedKey* key) const {
    const auto policy = pinPolicyFor(key);
    const auto problem = policy.check(pin, agentId.size() == 18 ? agentId.substr(6, 8) : std::string());
    add(checks, "new_pin", problem == token::PinProblem::None,
        phraseOf(problem, policy.minLength, policy.maxLength));
}

void Workflow::Impl::checkNamedByLetter(const std::string& kind, const Common& common,
                                        const papers::AuthorizationLetter& l, const Secret& newPin,
                                        Checked& c, const FittedKey* key) {
    c.company = l.companyName;
    c.uscc = normalisedCompany(l.companyId);
    c.agentName = l.agentName;
    c.agentIdNo = normalisedId(l.agentIdNo);
    c.agentMobile = l.agentMobile;
    c.authoritative = false;
    c.papers.letterValidUntil = l.validTo.isValid() ? l.validTo.iso() : std::string();
    c.papers.letterBusiness.clear();
    if (l.replaceTicked)
        c.papers.letterBusiness.push_back(operationCode(Operation::Replace));
    if (l.unlockTicked)
        c.papers.letterBusiness.push_back(operationCode(Operation::Unlock));
    checkIdCard(common, c.agentName, c.agentIdNo, c.checks);
    if (!common.preview)
        checkNewPin(newPin, c.agentIdNo, c.checks, key);
    c.usccOverridden = overrideUscc(common, c.checks, "company_id");
    checkEvidence(kind, common, c.checks);
}

namespace {

Phrase scanPhrase(const ScanKind& k) {
    if (std::string(k.name) == "letter")
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the letter"));
    if (std::string(k.name) == "id_front")
        return Phrase(QT_TRANSLATE_NOOP("Reason", "the ID card's front"));
    return Phrase(QT_TRANSLATE_NOOP("Reason", "the ID card's back"));
}

} // namespace

void Workflow::Impl::checkRequiredScans(const std::string& kind, const Common& common,
                                        std::vector<Check>& checks) const {
    const auto required = s.config.requiredScans.find(kind);
    if (required == s.config.requiredScans.end() || required->second.empty())
        return;
    std::vector<Phrase> missing, attached;
    for (const auto& name : required->second) {
        const ScanKind* k = findScanKind(name);
        if (!k)
            continue;
        const bool present =
            std::any_of(common.evidence.begin(), common.evidence.end(),
                        [k](const Evidence& e) { return e.kind == k->evidenceKind && !e.bytes.empty(); });
        (present ? attached : missing).push_back(scanPhrase(*k));
    }
    if (missing.empty())
        add(checks, "scans", true,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the required scans are attached: %1"))
                .arg(Phrase::joined(attached)));
    else
        add(checks, "scans", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "a required scan is missing: %1"))
                .arg(Phrase::joined(missing)));
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
                                             const Checked& c) {
    approvals::ApprovalRequest request{approvals::ApprovalKind::UsccOverride,
                                       common.operatorId,
                                       s.counterId,
                                       txId,
                                       c.uscc,
                                       "the USCC fails its check; confirmed on the business licence",
                                       "{}"};
    request.approves = approvals::subjectText(approvals::ApprovalKind::UsccOverride, {c.uscc, c.company});
    return approvals::recordApproval(tx, request, *common.usccOverrideApprovedBy);
}

void Workflow::Impl::checkEvidence(const std::string& kind, const Common& common,
                                   std::vector<Check>& checks) {
    checkRequiredScans(kind, common, checks);
    for (const auto& e : common.evidence) {
        static const std::vector<std::string> kinds = {
            "letter_scan", "id_card_scan", "id_card_back_scan", "licence_scan", "damaged_key_photo", "other"};
        if (std::find(kinds.begin(), kinds.end(), e.kind) == kinds.end() || e.bytes.empty() ||
            static_cast<long long>(e.bytes.size()) > papers::kMaxScanBytes) {
            add(checks, "evidence", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "a scan must be a non-empty file of at most 20 MB")));
            return;
        }
        // An image's pixels from its header, before anything decodes or stores it (a decompression bomb).
        if (papers::checkScan(e.bytes).problem == papers::Scan::Problem::TooManyPixels) {
            add(checks, "evidence", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "a scanned image may have at most 40 megapixels")));
            return;
        }
    }
}

} // namespace countersign::workflow
