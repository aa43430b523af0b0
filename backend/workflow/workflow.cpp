#include "backend/workflow/workflow.h"
#include "backend/workflow/recording.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include <unistd.h>

#include "backend/approvals/approvals.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"
#include "backend/plaintext.h"
#include "backend/receipts/receipts.h"
#include "backend/stock/stock.h"
#include "backend/tokenphrase.h"
#include "backend/tokensetup.h"
#include "db/auditlog.h"
#include "db/prepared.h"
#include "token/certinfo.h"
#include "token/tokenerror.h"

namespace countersign::workflow {

Refusal::Refusal(std::string summary, std::vector<Check> c)
    : std::runtime_error(std::move(summary))
    , checks(std::move(c)) {}

std::vector<Check> Refusal::failed() const {
    std::vector<Check> out;
    for (const auto& c : checks)
        if (!c.passed)
            out.push_back(c);
    return out;
}

StepFailed::StepFailed(std::string number, std::string s, std::string message, bool removed)
    : std::runtime_error(std::move(message))
    , transactionNumber(std::move(number))
    , step(std::move(s))
    , keyRemoved(removed) {}

namespace {

/// textProblem() for the UI: "is not valid UTF-8 text" …, said of a field named before it.
Phrase textPhrase(const std::string& text, std::size_t maxChars) {
    switch (findTextFault(text, maxChars).kind) {
    case TextFault::Kind::None:
        return {};
    case TextFault::Kind::NotUtf8:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "is not valid UTF-8 text"));
    case TextFault::Kind::Control:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "contains a control character"));
    case TextFault::Kind::TooLong:
        return Phrase(QT_TRANSLATE_NOOP("Reason", "is longer than %1 characters")).arg(maxChars);
    }
    return {};
}

} // namespace

std::string textProblem(const std::string& text, std::size_t maxChars) {
    return textPhrase(text, maxChars).english();
}

namespace {

using token::TokenError;
using token::TokenErrorCode;

std::string json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string str(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toString().toStdString();
}

QJsonArray checksJson(const std::vector<Check>& checks) {
    QJsonArray out;
    for (const auto& c : checks) {
        QJsonObject check{{QStringLiteral("id"), q(c.id)},
                          {QStringLiteral("passed"), c.passed},
                          {QStringLiteral("reason"), q(c.reason)}};
        if (!c.why.empty())
            check.insert(QStringLiteral("phrase"), c.why.toJson());
        out.append(check);
    }
    return out;
}

Check makeCheck(const std::string& id, bool passed, const Phrase& why) {
    return Check{id, passed, why.english(), why};
}

void add(std::vector<Check>& checks, const std::string& id, bool passed, const Phrase& why) {
    checks.push_back(passed ? Check{id, true, {}, {}} : makeCheck(id, false, why));
}

bool allPassed(const std::vector<Check>& checks) {
    return std::all_of(checks.begin(), checks.end(), [](const Check& c) { return c.passed; });
}

std::string firstFailure(const std::vector<Check>& checks) {
    for (const auto& c : checks)
        if (!c.passed)
            return c.id + ": " + c.reason;
    return {};
}

/// A certificate PEM parsed into what the certificates table keeps.
struct ParsedCertificate {
    token::CertificateInfo info;
    std::string der;
};

ParsedCertificate parsePem(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                  &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                     &X509_free);
    if (!cert)
        throw ca::CaError(ca::CaErrorCode::Internal, "the CA answered with a certificate that can't be read");
    ParsedCertificate out;
    out.info = token::describeCertificate(cert.get());
    unsigned char* buf = nullptr;
    const int len = i2d_X509(cert.get(), &buf);
    out.der.assign(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
    OPENSSL_free(buf);
    return out;
}

std::string algorithmLabel(const std::string& tokenAlgorithm) {
    if (tokenAlgorithm == "ec-p256")
        return "EC-P256";
    if (tokenAlgorithm == "rsa3072")
        return "RSA-3072";
    return "RSA-2048";
}

/// A transaction as the workflow reads it back.
struct TxRow {
    long long id = 0;
    std::string number;
    std::string kind;
    std::string state;
    long long operatorId = 0;
    std::optional<long long> enterpriseId;
    std::optional<long long> tokenId;
    std::optional<long long> oldTokenId;
    std::string replaceReason;
    std::optional<long long> letterId;
    QJsonObject work;
    /// The CA issued this row's certificate in this very run (not read back from a stopped one): nothing can
    /// have written it onto the key yet, so the write needn't look for it there first.
    bool issuedHere = false;
};

std::optional<long long> optId(const pqxx::field& f) {
    if (f.is_null())
        return std::nullopt;
    return f.as<long long>();
}

/// A payment method as payments.method stores it, translatable; the English is the stored code.
Phrase paymentMethodPhrase(const std::string& code) {
    return Phrase::word(code, {QT_TRANSLATE_NOOP("Reason", "cash"), QT_TRANSLATE_NOOP("Reason", "bank_card"),
                               QT_TRANSLATE_NOOP("Reason", "wechat_pay"), QT_TRANSLATE_NOOP("Reason", "alipay")});
}

bool finalState(const std::string& state) {
    return state == "completed" || state == "compensated";
}

} // namespace

struct Workflow::Impl {
    Services s;

    explicit Impl(Services services)
        : s(std::move(services)) {}

    // --- the allowed state transitions -------------------------------------------------------------------
    // The rows of transaction_state_transitions and token_state_transitions: the code refuses what the
    // database would refuse, before asking it (DESIGN §7: one table, enforced in both). The tables are made by
    // the migrations this program ships (db status refuses a schema of another version), so they are read
    // once per process, not once per operation.
    struct Moves {
        std::set<std::tuple<std::string, std::string, std::string>> transaction; // from, to, kind
        std::set<std::pair<std::string, std::string>> token;                     // from, to
    };
    const Moves* moves = nullptr;

    void loadTransitions(pqxx::transaction_base& tx) {
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

    void checkMove(pqxx::transaction_base& tx, const std::string& kind, const std::string& from,
                   const std::string& to, const std::string& number) {
        loadTransitions(tx);
        if (!moves->transaction.count({from, to, kind}))
            throw std::logic_error("transaction " + number + ": " + from + " -> " + to +
                                   " is not allowed for " + kind);
    }

    /// Moves a key to `to` when it is not there already, as token_state_transitions allows; `enterpriseId`
    /// and `centreId`, when given, are set in the same row update.
    void setTokenState(pqxx::transaction_base& tx, long long tokenId, const std::string& to,
                       std::optional<long long> enterpriseId = std::nullopt,
                       std::optional<long long> centreId = std::nullopt) {
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

    void hook(const std::string& point) const {
        if (s.hook)
            s.hook(point);
    }

    // --- reading -----------------------------------------------------------------------------------------

    TxRow read(pqxx::transaction_base& tx, const std::string& number, bool lock) {
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

    TxRow load(const std::string& number) {
        pqxx::nontransaction tx{s.conn};
        return read(tx, number, false);
    }

    /// Audit entries quote what was typed or scanned, hostile or not: the subject is kept only when it is
    /// plain text (else a note says so, the detail still has it), and NUL, which jsonb can't hold, is
    /// replaced.
    static std::string auditDetail(const QJsonObject& detail) {
        std::string text = json(detail);
        for (std::size_t at = text.find("\\u0000"); at != std::string::npos; at = text.find("\\u0000", at))
            text.replace(at, 6, "\\ufffd");
        return text;
    }
    static std::string auditSubject(const std::string& subject) {
        return textProblem(subject, 200).empty() ? subject : "(not plain text)";
    }
    void audit(pqxx::transaction_base& tx, std::optional<long long> actor, const std::string& event,
               const std::string& subject, const QJsonObject& detail) {
        db::AuditLog{tx}.append({s.counterId, actor, event, auditSubject(subject), auditDetail(detail)});
    }

    /// An operation refused before anything was written: its audit entry is the only trace.
    [[noreturn]] void refuse(long long operatorId, const std::string& kind, const std::string& summary,
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

    /// What a preview (Common::preview) hands back: every check passed, the fee it will cost, whom the
    /// papers name. Nothing was written.
    static Outcome checked(const std::string& kind, const std::vector<Check>& checks,
                           const fees::FeeQuote& quote, const std::string& keySerial, const std::string& company,
                           const std::string& uscc, const std::string& agentName, const std::string& agentIdNo) {
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

    // --- state -------------------------------------------------------------------------------------------

    /// Commits `to` (with `patch` merged into work), its step row and audit entry in one database
    /// transaction; `extra` runs in the same transaction first, `after` last (before the commit).
    void advance(TxRow& t, const std::string& to, const std::string& step, const QJsonObject& patch,
                 const std::string& event, QJsonObject detail, long long staffId,
                 const std::function<void(pqxx::work&)>& extra = {}, const std::string& failureReason = {},
                 const std::function<void(pqxx::work&)>& after = {}) {
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
            const auto r = tx.exec_prepared1(sql::kAdvanceName, t.id, t.state, to, json(patch),
                                             failureReason, step, staffId, stepDetail, s.counterId, event,
                                             auditSubject(t.number), auditDetail(detail), t.tokenId);
            if (r[0].as<long long>() != 1)
                throw std::runtime_error("transaction " + t.number +
                                         " was changed elsewhere (it is no longer " + t.state + ")");
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
    bool m_advancePrepared = false;

    /// A step that did not get done: recorded (outcome failed / interrupted) and audited, the state
    /// unchanged.
    void recordStepFailure(const TxRow& t, const std::string& step, const std::string& message, bool removed,
                           long long staffId) {
        try {
            pqxx::work tx{s.conn};
            const QJsonObject detail{{QStringLiteral("step"), q(step)},
                                     {QStringLiteral("error"), q(message)}};
            db::execPrepared(
                tx,
                "INSERT INTO transaction_steps (transaction_id, step, state_before, state_after, "
                "outcome, staff_id, detail) VALUES ($1, $2, $3, $3, $4, $5, $6::jsonb)",
                t.id, step, t.state, removed ? "interrupted" : "failed", staffId, json(detail));
            audit(tx, staffId, removed ? "step.interrupted" : "step.failed", t.number, detail);
            tx.commit();
        } catch (const std::exception&) {
            // The database is what failed: the step stays undone either way, and the caller reports it.
        }
    }

    /// Runs an outside step (key or CA); its failure leaves the transaction where it was, resumable.
    template <typename F>
    auto outside(const TxRow& t, const std::string& step, long long staffId, F&& f) -> decltype(f()) {
        try {
            return f();
        } catch (const TokenError& e) {
            const bool removed = e.code == TokenErrorCode::KeyRemoved || e.code == TokenErrorCode::NoKey;
            const std::string message = e.message(false);
            recordStepFailure(t, step, message, removed, staffId);
            throw StepFailed(t.number, step, message, removed);
        } catch (const ca::CaError& e) {
            const std::string message = std::string("the CA: ") + e.what();
            recordStepFailure(t, step, message, false, staffId);
            throw StepFailed(t.number, step, message, false);
        }
    }

    // --- papers and parties ------------------------------------------------------------------------------

    /// The enterprise by its USCC. `authoritative`: the name comes from the tax office (an assistance letter)
    /// or a certificate and replaces the one on record; a name the enterprise wrote on its own letter does
    /// not.
    /// `usccOverride`: the supervisor's approval of a USCC that fails its check (the database refuses such a
    /// code without one).
    long long upsertEnterprise(pqxx::transaction_base& tx, const std::string& uscc, const std::string& name,
                               bool authoritative = true, std::optional<long long> usccOverride = std::nullopt) {
        return db::execPrepared1(
                   tx,
                   "INSERT INTO enterprises (uscc, name, uscc_override_approval_id) VALUES ($1, $2, $4) "
                   "ON CONFLICT (uscc) DO UPDATE SET name = CASE WHEN $3 THEN excluded.name ELSE "
                   "enterprises.name END, uscc_override_approval_id = coalesce("
                   "enterprises.uscc_override_approval_id, excluded.uscc_override_approval_id) RETURNING id",
                   uscc, name, authoritative, usccOverride)[0]
            .as<long long>();
    }

    long long upsertAgent(pqxx::transaction_base& tx, const std::string& idNumber, const std::string& name,
                          const std::string& mobile) {
        return db::execPrepared1(
                   tx,
                   "INSERT INTO agents (name, id_number, mobile) VALUES ($1, $2, nullif($3, '')) "
                   "ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, "
                   "mobile = coalesce(excluded.mobile, agents.mobile) RETURNING id",
                   name, idNumber, mobile)[0]
            .as<long long>();
    }

    /// The enterprise's authorization letter as checked at the counter (DESIGN §3.1).
    long long insertAuthorizationLetter(pqxx::transaction_base& tx, const papers::AuthorizationLetter& l,
                                        const std::string& company, const std::string& agentId,
                                        long long operatorId, long long enterprise, long long agent) {
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

    std::string newNumber(pqxx::transaction_base& tx) {
        db::execPrepared(tx, sql::kNumberLock, s.counterId);
        const auto r = db::execPrepared1(tx, sql::kNextNumber, s.counterId);
        return sql::formatNumber(r[0].c_str(), r[2].c_str(), r[1].c_str(), r[3].as<long long>());
    }

    /// Who and what a transaction being opened is about, as its papers established them (the kind's fill
    /// writes the rows and returns their ids).
    struct Parties {
        std::optional<long long> enterpriseId, agentId, letterId, tokenId, oldTokenId;
        std::string replaceReason;
    };

    /// Opens the transaction (started), writes what the papers established and moves to papers_checked —
    /// one database transaction. `fill` writes the kind's rows and returns the parties.
    /// The database refuses new records on a closed business day (0008): asked only when opening failed,
    /// so the usual path pays nothing for it; then the operation is refused naming the closed day.
    void refuseIfDayClosed(const std::string& kind, const Common& common, std::vector<Check> checks) {
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

    TxRow open(const std::string& kind, const Common& common, const QJsonObject& work,
               const std::vector<Check>& checks, const std::function<Parties(pqxx::work&, long long)>& fill,
               const std::function<void(pqxx::work&, TxRow&)>& fee) {
        try {
            return openTransaction(kind, common, work, checks, fill, fee);
        } catch (const pqxx::sql_error&) {
            refuseIfDayClosed(kind, common, checks);
            throw;
        }
    }

    TxRow openTransaction(const std::string& kind, const Common& common, const QJsonObject& work,
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
        const long long id =
            db::execPrepared1(tx, sql::kInsertTransaction, number, kind, common.operatorId, s.counterId,
                              s.centreId, json(work))[0]
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

    /// The fee lines, payments, the invoice request (and a waiver's approval) of a transaction being opened.
    void recordFee(pqxx::work& tx, const TxRow& t, const fees::FeeConditions& conditions,
                   const Common& common, const std::optional<approvals::ApprovalRequest>& waiverApproval,
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
        const auto quote = reuse ? m_checkedQuote->quote
                                 : fees::quote(tx, s.centreId, s.config.feeSchedule.toStdString(), t.kind, c,
                                               today);
        m_checkedQuote.reset();
        fees::recordFee(tx, t.id, s.centreId, s.counterId, common.operatorId, quote, common.payments,
                        common.invoice);
    }

    /// The quote checkFee made without a waiver, for recordFee of the same operation.
    struct CheckedQuote {
        std::string kind;
        bool firstCertificate = false;
        Date day;
        fees::FeeQuote quote;
    };
    std::optional<CheckedQuote> m_checkedQuote;

    /// The quote an operation will cost, checked against the payments and invoice before anything is written.
    fees::FeeQuote checkFee(const std::string& kind, const fees::FeeConditions& conditions,
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
                problems =
                    Phrase(QT_TRANSLATE_NOOP("Reason", "nothing is due, so there is nothing to invoice"));
            add(checks, "invoice", problems.empty(), problems);
        }
        return quote;
    }

    /// The PIN policy ([pin]) for the agent's new PIN, which must not be their birth date.
    void checkNewPin(const Secret& pin, const std::string& agentId, std::vector<Check>& checks) const {
        const auto policy = makePinPolicy(s.config);
        const auto problem = policy.check(pin, agentId.size() == 18 ? agentId.substr(6, 8) : std::string());
        add(checks, "new_pin", problem == token::PinProblem::None,
            phraseOf(problem, policy.minLength, policy.maxLength));
    }

    /// DESIGN §3.4: a failed USCC check (`id`) passes when a supervisor confirmed the code; says so in its
    /// reason. Returns whether it did.
    static bool overrideUscc(const Common& common, std::vector<Check>& checks, const char* id) {
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

    /// The supervisor's confirmation of a failing USCC, with the transaction it lets through.
    long long recordUsccOverride(pqxx::work& tx, const Common& common, long long txId, const std::string& code) {
        return approvals::recordApproval(tx,
                                  {approvals::ApprovalKind::UsccOverride, common.operatorId, s.counterId, txId,
                                   code, "the USCC fails its check; confirmed on the business licence", "{}"},
                                  *common.usccOverrideApprovedBy);
    }

    void checkEvidence(const Common& common, std::vector<Check>& checks) {
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

    // --- keys ---------------------------------------------------------------------------------------------

    /// The key with this serial as it is now (only that key is read), or nullopt when it is not in the
    /// writer.
    std::optional<token::TokenInfo> keyInWriter(const std::string& serial) {
        if (serial.empty())
            return std::nullopt;
        try {
            return s.keys.key(serial);
        } catch (const TokenError& e) {
            if (e.code == TokenErrorCode::NoKey)
                return std::nullopt;
            throw;
        }
    }

    /// The enterprise certificates on a key (not the CA certificates of its chain).
    static std::vector<token::CertificateInfo> ownCertificates(const token::TokenInfo& key) {
        std::vector<token::CertificateInfo> out;
        for (const auto& c : key.certificates)
            if (!c.isCa)
                out.push_back(c);
        return out;
    }

    /// A key Countersign has not seen before gets its tokens row; returns its id.
    /// `stateNow`, when given, gets the row's state.
    long long ensureToken(pqxx::transaction_base& tx, const token::TokenInfo& key, const std::string& state,
                          std::optional<long long> enterpriseId, std::string* stateNow = nullptr) {
        const auto r = db::execPrepared(tx, "SELECT id, state FROM tokens WHERE serial = $1", key.serial);
        if (stateNow)
            *stateNow = r.empty() ? state : r[0][1].c_str();
        if (!r.empty())
            return r[0][0].as<long long>();
        return db::execPrepared1(
                   tx,
                   "INSERT INTO tokens (serial, model, manufacturer, state, centre_id, enterprise_id) "
                   "VALUES ($1, $2, nullif($3, ''), $4, $5, $6) RETURNING id",
                   key.serial, key.model.empty() ? std::string("unknown") : key.model, key.manufacturer,
                   state, s.centreId, enterpriseId)[0]
            .as<long long>();
    }

    /// Records a certificate the CA issued (or one read from a key) in the certificates table, linking it to
    /// the key and transaction; a row the built-in CA already wrote is completed, never duplicated.
    long long recordCertificate(pqxx::transaction_base& tx, const std::string& der,
                                const token::CertificateInfo& info, std::optional<long long> tokenId,
                                long long enterpriseId, std::optional<long long> transactionId,
                                const std::string& keyAlgorithm, const std::string& status) {
        return db::execPrepared1(
                   tx,
                   "INSERT INTO certificates (serial, issuer, profile, token_id, enterprise_id, "
                   "transaction_id, "
                   "subject, uscc, key_algorithm, not_before, not_after, status, der) VALUES ($1, $2, "
                   "'enterprise-tax', $3, $4, $5, $6, nullif($7, ''), nullif($8, ''), $9::timestamptz, "
                   "$10::timestamptz, $11, $12) ON CONFLICT (serial) DO UPDATE SET "
                   "token_id = coalesce(excluded.token_id, certificates.token_id), "
                   "transaction_id = coalesce(certificates.transaction_id, excluded.transaction_id) "
                   "RETURNING "
                   "id",
                   info.serial, info.issuer, tokenId, enterpriseId, transactionId, info.subject, info.uscc,
                   keyAlgorithm, info.notBefore, info.notAfter, status, pqxx::binarystring(der))[0]
            .as<long long>();
    }

    /// Marks a certificate revoked (the CA has done it): reason and time, and the transaction that did it.
    void markRevoked(pqxx::transaction_base& tx, const std::string& serial, ca::RevocationReason reason,
                     long long transactionId) {
        db::execPrepared(
            tx,
            "UPDATE certificates SET status = CASE WHEN $2 = 'superseded' THEN 'superseded' ELSE "
            "'revoked' END, revocation_reason = coalesce(revocation_reason, $2), "
            "revoked_at = coalesce(revoked_at, now()), "
            "revoked_by_transaction_id = coalesce(revoked_by_transaction_id, $3) WHERE serial = $1",
            serial, ca::reasonName(reason), transactionId);
    }

    /// Revokes at the CA; a certificate already revoked is fine (idempotent on resume).
    void revokeAtCa(const std::string& serial, ca::RevocationReason reason) {
        s.ca.revoke(serial, reason, std::chrono::system_clock::now());
    }

    std::string subjectOf(const TxRow& t, std::string* uscc = nullptr, std::string* company = nullptr) {
        pqxx::nontransaction tx{s.conn};
        const auto r =
            db::execPrepared1(tx, "SELECT uscc, name FROM enterprises WHERE id = $1", *t.enterpriseId);
        if (uscc)
            *uscc = r[0].c_str();
        if (company)
            *company = r[1].c_str();
        // The CA takes the subject from the checked papers, never from the CSR; the CSR names only the USCC
        // (letters and digits), so no company name can break its syntax.
        return std::string("/C=CN/CN=") + r[0].c_str() + "/organizationIdentifier=NTRCN-" + r[0].c_str();
    }

    token::KeyAlgorithm algorithmOf(const TxRow& t) {
        token::KeyAlgorithm a = token::KeyAlgorithm::Rsa2048;
        token::parseAlgorithm(str(t.work, "algorithm"), a);
        return a;
    }

    static void needPin(const TxRow& t, const Secret& pin, const std::string& step) {
        if (pin.empty())
            throw StepFailed(t.number, step, "the key's PIN is needed to continue transaction " + t.number,
                             false);
    }

    // --- the steps ----------------------------------------------------------------------------------------

    /// NEW/REPLACE, fee_recorded → key_initialised: the blank key is initialised (label = the transaction
    /// number, so an initialisation cut short is found again) and gets the agent's PIN.
    void initialiseKey(TxRow& t, const Secret& pin) {
        needPin(t, pin, "initialise");
        const std::string wanted = str(t.work, "key_serial");
        const std::string label = t.number;
        const auto info = outside(t, "initialise", t.operatorId, [&] {
            // A key this transaction initialised before an interruption carries its number as label.
            std::optional<token::TokenInfo> ours;
            for (auto& k : s.keys.keys(false))
                if (k.initialized && k.label == label)
                    ours = k;
            std::string serial = ours ? ours->serial : wanted;
            if (ours && ours->userPinSet)
                s.keys.retire(serial, label);
            auto initialised = s.keys.initialise(serial, label);
            s.keys.setUserPin(initialised.serial, pin);
            return s.keys.key(initialised.serial);
        });
        hook("done:key_initialised");
        advance(t, "key_initialised", "initialise", {{QStringLiteral("key_serial"), q(info.serial)}},
                "key.initialised", {{QStringLiteral("serial"), q(info.serial)}}, t.operatorId,
                [&](pqxx::work& tx) {
                    const stock::StockActor actor{s.centreId, s.counterId, t.operatorId};
                    const long long tokenId = stock::issueToTransaction(
                        tx, actor, info.serial, info.model.empty() ? "unknown" : info.model,
                        info.manufacturer, t.id, /*autoReceive=*/true, t.number);
                    db::execPrepared(tx, "UPDATE tokens SET so_pin_version = $2 WHERE id = $1", tokenId,
                                     s.config.soPinVersion);
                    t.tokenId = tokenId; // the advance sets transactions.token_id
                });
    }

    /// key pair on the key and its CSR → key_generated.
    void generate(TxRow& t, const Secret& pin) {
        needPin(t, pin, "keygen");
        const std::string serial = str(t.work, "key_serial");
        const auto algorithm = algorithmOf(t);
        const std::string subject = subjectOf(t);
        const bool confirmed = t.work.value(QStringLiteral("final_try_confirmed")).toBool();
        const auto [pair, csr] = outside(t, "keygen", t.operatorId, [&] {
            const auto p = s.keys.generateKeyPair(serial, pin, algorithm, confirmed);
            return std::make_pair(p, s.keys.makeCsr(serial, pin, p.keyId, subject, confirmed));
        });
        hook("done:key_generated");
        advance(t, "key_generated", "keygen",
                {{QStringLiteral("key_id"), q(pair.keyId)}, {QStringLiteral("csr"), q(csr)}}, "key.generated",
                {{QStringLiteral("serial"), q(serial)},
                 {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(algorithm))}},
                t.operatorId);
    }

    /// The CA issues (idempotent by the transaction number) → cert_issued.
    void issue(TxRow& t) {
        std::string uscc, company;
        subjectOf(t, &uscc, &company);
        ca::IssueRequest request;
        request.csrPem = str(t.work, "csr");
        request.requestId = t.number;
        request.subject = ca::SubjectFields{company, uscc};
        const auto issued = outside(t, "issue", t.operatorId, [&] { return s.ca.issue(request); });
        hook("done:cert_issued");
        const auto parsed = parsePem(issued.certificatePem);
        QJsonArray chain;
        for (const auto& c : issued.chainPem)
            chain.append(q(c));
        advance(t, "cert_issued", "issue",
                {{QStringLiteral("cert_serial"), q(issued.serialHex)},
                 {QStringLiteral("cert_pem"), q(issued.certificatePem)},
                 {QStringLiteral("chain"), chain}},
                "certificate.issued",
                {{QStringLiteral("serial"), q(issued.serialHex)},
                 {QStringLiteral("not_after"), q(issued.notAfter)}},
                t.operatorId, [&](pqxx::work& tx) {
                    recordCertificate(tx, parsed.der, parsed.info, t.tokenId, *t.enterpriseId, t.id,
                                      algorithmLabel(str(t.work, "algorithm")), "issued");
                });
        t.issuedHere = true;
    }

    /// Certificate and chain onto the key → cert_written.
    void write(TxRow& t, const Secret& pin) {
        needPin(t, pin, "write");
        const std::string serial = str(t.work, "key_serial");
        std::string chain;
        for (const auto& c : t.work.value(QStringLiteral("chain")).toArray())
            chain += c.toString().toStdString();
        const bool confirmed = t.work.value(QStringLiteral("final_try_confirmed")).toBool();
        const bool fresh = t.issuedHere;
        t.issuedHere = false; // a write that fails part-way is looked for when it is tried again
        outside(t, "write", t.operatorId, [&] {
            // Written before an interruption already? Then it is there, with this serial. (Reading the key's
            // certificates costs as much as a tenth of the write, so only a resumed write looks.)
            if (const auto key = fresh ? std::nullopt : keyInWriter(serial))
                for (const auto& c : key->certificates)
                    if (c.serial == str(t.work, "cert_serial"))
                        return 0;
            s.keys.writeCertificate(serial, pin, str(t.work, "key_id"), str(t.work, "cert_pem"), chain,
                                    confirmed);
            return 0;
        });
        hook("done:cert_written");
        advance(
            t, "cert_written", "write", {}, "certificate.written",
            {{QStringLiteral("serial"), q(str(t.work, "cert_serial"))}, {QStringLiteral("key"), q(serial)}},
            t.operatorId);
    }

    /// The key signs with the new pair and the certificate verifies it → verified.
    void verify(TxRow& t, const Secret& pin) {
        needPin(t, pin, "verify");
        const std::string serial = str(t.work, "key_serial");
        const bool confirmed = t.work.value(QStringLiteral("final_try_confirmed")).toBool();
        outside(t, "verify", t.operatorId, [&] {
            s.keys.selfTest(serial, pin, str(t.work, "key_id"), confirmed);
            return 0;
        });
        hook("done:verified");
        advance(t, "verified", "verify", {}, "key.verified", {{QStringLiteral("serial"), q(serial)}},
                t.operatorId);
    }

    /// REPLACE, before the new key: everything the lost or damaged key carried is revoked (keyCompromise /
    /// superseded) and the old key is recorded lost or returned damaged.
    void revokeOld(TxRow& t) {
        const auto reason = t.replaceReason == "lost" ? ca::RevocationReason::KeyCompromise
                                                      : ca::RevocationReason::Superseded;
        std::vector<std::string> serials;
        for (const auto& v : t.work.value(QStringLiteral("revoke")).toArray())
            serials.push_back(v.toString().toStdString());
        outside(t, "revoke", t.operatorId, [&] {
            for (const auto& serial : serials)
                revokeAtCa(serial, reason);
            return 0;
        });
        hook("done:old_revoked");
        QJsonArray list;
        for (const auto& serial : serials)
            list.append(q(serial));
        pqxx::work tx{s.conn};
        for (const auto& serial : serials) {
            markRevoked(tx, serial, reason, t.id);
            audit(tx, t.operatorId, "certificate.revoked", serial,
                  {{QStringLiteral("reason"), QString::fromLatin1(ca::reasonName(reason))},
                   {QStringLiteral("transaction"), q(t.number)}});
        }
        const stock::StockActor actor{s.centreId, s.counterId, t.operatorId};
        if (t.oldTokenId) {
            const auto state =
                db::execPrepared1(tx, "SELECT state FROM tokens WHERE id = $1", *t.oldTokenId)[0]
                    .as<std::string>();
            if (t.replaceReason == "lost" && state != "lost")
                setTokenState(tx, *t.oldTokenId, "lost");
            else if (t.replaceReason == "damaged" && state != "damaged")
                stock::returnDamaged(tx, actor, *t.oldTokenId, t.id, "handed in at the counter (REPLACE)");
        }
        db::execPrepared(
            tx, "UPDATE transactions SET work = work || '{\"old_revoked\": true}'::jsonb WHERE id = $1",
            t.id);
        audit(tx, t.operatorId, "key.replaced", t.number,
              {{QStringLiteral("reason"), q(t.replaceReason)}, {QStringLiteral("revoked"), list}});
        tx.commit();
        t.work.insert(QStringLiteral("old_revoked"), true);
    }

    /// UNLOCK, fee_recorded → key_initialised: SO login with the derived SO PIN, the agent's new PIN.
    void unlockKey(TxRow& t, const Secret& pin) {
        needPin(t, pin, "unlock");
        const std::string serial = str(t.work, "key_serial");
        outside(t, "unlock", t.operatorId, [&] {
            s.keys.unlock(serial, pin);
            return 0;
        });
        hook("done:key_initialised");
        advance(t, "key_initialised", "unlock", {}, "key.unlocked", {{QStringLiteral("serial"), q(serial)}},
                t.operatorId);
    }

    /// UNLOCK, key_initialised → verified: the new PIN logs in. Without the PIN (recovery), the key's own
    /// flags must say the user PIN is set and not locked.
    void verifyUnlock(TxRow& t, const Secret& pin) {
        const std::string serial = str(t.work, "key_serial");
        outside(t, "verify", t.operatorId, [&] {
            if (!pin.empty()) {
                s.keys.verifyUserPin(serial, pin);
                return 0;
            }
            const auto key = s.keys.key(serial);
            if (!key.userPinSet || key.userPin.locked)
                throw TokenError(TokenErrorCode::PinLocked, "checking the unlocked key");
            return 0;
        });
        hook("done:verified");
        advance(t, "verified", "verify", {}, "key.verified",
                {{QStringLiteral("serial"), q(serial)}, {QStringLiteral("by_pin"), !pin.empty()}},
                t.operatorId);
    }

    /// verified → completed: certificates and key take their final states, the receipt is numbered, the
    /// letter is consumed (by the database, when the state becomes completed).
    /// A renewal's old key pair and certificate come off the key once the transaction is complete. Without
    /// the PIN (recovery) or when that fails, they stay, revoked, and the next renewal removes them.
    void removeOldPair(const TxRow& t, const Secret& pin, std::vector<Phrase>* notes) {
        const std::string oldKeyId = str(t.work, "old_key_id");
        const std::string serial = str(t.work, "key_serial");
        if (oldKeyId.empty() || oldKeyId == str(t.work, "key_id"))
            return;
        if (pin.empty()) {
            if (notes)
                notes->push_back(
                    Phrase(QT_TRANSLATE_NOOP("Reason", "the old (revoked) key pair stays on key %1 until its "
                                                       "next renewal"))
                        .arg(serial));
            return;
        }
        try {
            s.keys.removeKeyPair(serial, pin, oldKeyId,
                                 t.work.value(QStringLiteral("final_try_confirmed")).toBool());
        } catch (const TokenError& e) {
            if (notes)
                notes->push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the old (revoked) key pair could not be "
                                                                    "removed from key %1: %2"))
                                     .arg(serial)
                                     .arg(phraseOf(e)));
        }
    }

    void complete(TxRow& t, long long staffId) {
        const std::string oldCert = str(t.work, "old_cert_serial");
        const bool renewal = t.kind == "RENEW" || t.kind == "UPGRADE";
        if (renewal && !oldCert.empty() && !t.work.value(QStringLiteral("old_revoked")).toBool()) {
            outside(t, "revoke", staffId, [&] {
                revokeAtCa(oldCert, ca::RevocationReason::Superseded);
                return 0;
            });
            hook("done:old_revoked");
        }
        advance(
            t, "completed", "complete", {}, "transaction.completed",
            {{QStringLiteral("certificate"), q(str(t.work, "cert_serial"))}}, staffId, [&](pqxx::work& tx) {
                if (t.kind != "UNLOCK") {
                    const long long certId =
                        db::execPrepared1(tx,
                                          "UPDATE certificates SET status = 'active' WHERE serial = $1 "
                                          "RETURNING id",
                                          str(t.work, "cert_serial"))[0]
                            .as<long long>();
                    if (renewal && !oldCert.empty()) {
                        markRevoked(tx, oldCert, ca::RevocationReason::Superseded, t.id);
                        db::execPrepared(
                            tx, "UPDATE certificates SET replaced_by_certificate_id = $2 WHERE serial = $1",
                            oldCert, certId);
                        audit(tx, staffId, "certificate.revoked", oldCert,
                              {{QStringLiteral("reason"), QStringLiteral("superseded")},
                               {QStringLiteral("transaction"), q(t.number)}});
                    }
                }
                if (t.tokenId)
                    setTokenState(tx, *t.tokenId, "active", t.enterpriseId, s.centreId);
            },
            {},
            // The receipt last: its number's row (receipt_counters, shared by the centre's counters) stays
            // locked from taking the number to the commit, so the less comes after it, the less they wait.
            [&](pqxx::work& tx) { receipts::issueReceipt(tx, t.id, s.counterId, t.operatorId); });
    }

    /// Runs the remaining steps of a transaction from its state.
    void drive(TxRow& t, const Secret& pin) {
        const bool issuing = t.kind == "NEW" || t.kind == "REPLACE";
        const bool renewal = t.kind == "RENEW" || t.kind == "UPGRADE";
        while (!finalState(t.state)) {
            const std::string& st = t.state;
            if (st == "started" || st == "papers_checked")
                throw StepFailed(t.number, "fee",
                                 "transaction " + t.number +
                                     " stopped before its fee was recorded; cancel it and "
                                     "start again",
                                 false);
            if (st == "failed")
                throw StepFailed(t.number, "compensate",
                                 "transaction " + t.number +
                                     " has failed; it can only be "
                                     "compensated",
                                 false);
            if (st == "fee_recorded" && issuing) {
                if (t.kind == "REPLACE" && !t.work.value(QStringLiteral("old_revoked")).toBool())
                    revokeOld(t);
                initialiseKey(t, pin);
            } else if (st == "fee_recorded" && renewal) {
                generate(t, pin);
            } else if (st == "fee_recorded") {
                unlockKey(t, pin);
            } else if (st == "key_initialised" && issuing) {
                generate(t, pin);
            } else if (st == "key_initialised") {
                verifyUnlock(t, pin);
            } else if (st == "key_generated") {
                issue(t);
            } else if (st == "cert_issued") {
                write(t, pin);
            } else if (st == "cert_written") {
                verify(t, pin);
            } else if (st == "verified") {
                complete(t, t.operatorId);
                removeOldPair(t, pin, nullptr);
            } else {
                throw std::runtime_error("transaction " + t.number + " is in an unknown state " + st);
            }
        }
    }

    Outcome outcome(const std::string& number) {
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
        for (const auto& r :
             db::execPrepared(tx,
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

    // --- compensation -------------------------------------------------------------------------------------

    /// Gives a transaction up: failed, then whatever it did outside is undone, then compensated.
    Outcome compensate(TxRow& t, const std::string& reason, std::optional<long long> approvalId,
                       long long staffId, bool byRecovery) {
        std::vector<Phrase> notes;
        if (t.state != "failed")
            advance(t, "failed", "give up", {}, "transaction.failed", {{QStringLiteral("reason"), q(reason)}},
                    staffId, {}, reason);

        // The certificate the CA issued for it, if any: revoked.
        if (t.kind != "UNLOCK" && !str(t.work, "csr").empty()) {
            std::optional<ca::IssuedCertificate> issued;
            try {
                issued = s.ca.findIssued(t.number);
            } catch (const ca::CaError& e) {
                if (e.code != ca::CaErrorCode::NotSupported)
                    throw StepFailed(t.number, "compensate", std::string("the CA: ") + e.what(), false);
                // A CA that can't be asked: asking again with the same request id returns what it issued (or
                // a new certificate, which is revoked at once): either way nothing stays valid.
                ca::IssueRequest request;
                request.csrPem = str(t.work, "csr");
                request.requestId = t.number;
                std::string uscc, company;
                subjectOf(t, &uscc, &company);
                request.subject = ca::SubjectFields{company, uscc};
                issued = s.ca.issue(request);
            }
            if (issued) {
                revokeAtCa(issued->serialHex, ca::RevocationReason::CessationOfOperation);
                const auto parsed = parsePem(issued->certificatePem);
                pqxx::work tx{s.conn};
                recordCertificate(tx, parsed.der, parsed.info, t.tokenId, *t.enterpriseId, t.id,
                                  algorithmLabel(str(t.work, "algorithm")), "issued");
                markRevoked(tx, issued->serialHex, ca::RevocationReason::CessationOfOperation, t.id);
                audit(tx, staffId, "certificate.revoked", issued->serialHex,
                      {{QStringLiteral("reason"), QStringLiteral("cessationOfOperation")},
                       {QStringLiteral("transaction"), q(t.number)}});
                tx.commit();
                notes.push_back(
                    Phrase(QT_TRANSLATE_NOOP("Reason", "certificate %1 revoked")).arg(issued->serialHex));
            }
        }

        // A REPLACE whose revocation of the old key's certificates was under way when it stopped: the CA is
        // asked, and once any of them is revoked the revocation is finished and recorded — a key reported
        // lost does not come back to life because the replacement failed.
        if (t.kind == "REPLACE" && !t.work.value(QStringLiteral("old_revoked")).toBool()) {
            bool started = false;
            for (const auto& v : t.work.value(QStringLiteral("revoke")).toArray())
                started = started ||
                          s.ca.status(v.toString().toStdString()).status == ca::CertificateStatus::Revoked;
            if (started) {
                revokeOld(t);
                notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the old key's certificates were revoked")));
            }
        }

        // The new key of NEW / REPLACE: wiped and back in stock.
        if (t.kind == "NEW" || t.kind == "REPLACE") {
            std::string serial = str(t.work, "key_serial");
            std::optional<token::TokenInfo> key;
            for (auto& k : s.keys.keys(false))
                if ((!serial.empty() && k.serial == serial) || (k.initialized && k.label == t.number))
                    key = k;
            if (t.tokenId) {
                if (!key) {
                    pqxx::work tx{s.conn};
                    audit(tx, staffId, "transaction.compensation_pending", t.number,
                          {{QStringLiteral("waiting_for_key"), q(serial)}});
                    tx.commit();
                    throw StepFailed(t.number, "compensate",
                                     "put key " + serial +
                                         " in the writer to finish cancelling transaction " + t.number,
                                     true);
                }
                s.keys.retire(key->serial);
                pqxx::work tx{s.conn};
                const auto state =
                    db::execPrepared1(tx, "SELECT state FROM tokens WHERE id = $1", *t.tokenId)[0]
                        .as<std::string>();
                if (state == "blank")
                    stock::returnUnused(tx, {s.centreId, s.counterId, staffId}, *t.tokenId, t.id);
                tx.commit();
                notes.push_back(
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 wiped and returned to stock")).arg(key->serial));
            } else if (key && key->initialized) {
                s.keys.retire(key->serial);
                notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 wiped")).arg(key->serial));
            }
        } else if ((t.kind == "RENEW" || t.kind == "UPGRADE") && !str(t.work, "key_id").empty()) {
            notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the key pair made for the renewal stays unused "
                                                               "on key %1 until the next renewal"))
                                .arg(str(t.work, "key_serial")));
        }

        // The fee: paid back, by recovery flagged for the supervisor.
        advance(t, "compensated", "compensate", {}, "transaction.compensated",
                {{QStringLiteral("reason"), q(reason)}}, staffId, [&](pqxx::work& tx) {
                    const auto refunds = fees::refundTransaction(tx, t.id, s.counterId, staffId, reason,
                                                                 approvalId, byRecovery);
                    for (const auto& r : refunds)
                        notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "refunded %1 fen by %2"))
                                            .arg(r.amountFen)
                                            .arg(paymentMethodPhrase(fees::methodCode(r.method))));
                });
        Outcome o = outcome(t.number);
        o.notes = notes;
        return o;
    }
};

Workflow::Workflow(Services services)
    : d(std::make_unique<Impl>(std::move(services))) {}

Workflow::~Workflow() = default;

namespace {

/// An authorization letter's text fields are stored: they must be text.
void checkLetterText(const papers::AuthorizationLetter& l, std::vector<Check>& checks) {
    const std::pair<const char*, const std::string*> fields[] = {
        {QT_TRANSLATE_NOOP("Reason", "company name"), &l.companyName},
        {QT_TRANSLATE_NOOP("Reason", "company ID"), &l.companyId},
        {QT_TRANSLATE_NOOP("Reason", "agent name"), &l.agentName},
        {QT_TRANSLATE_NOOP("Reason", "agent ID"), &l.agentIdNo},
        {QT_TRANSLATE_NOOP("Reason", "agent mobile"), &l.agentMobile}};
    for (const auto& [name, value] : fields) {
        const Phrase problem = textPhrase(*value, 200);
        if (!problem.empty()) {
            add(checks, "text", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 %2")).arg(Phrase(name)).arg(problem));
            return;
        }
    }
    if (QString::fromStdString(l.companyName).size() > 64)
        add(checks, "company_name", false,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason",
                "the company name is longer than 64 characters, more than a certificate can carry")));
    if (!l.agentMobile.empty()) {
        bool ok = l.agentMobile.size() >= 5 && l.agentMobile.size() <= 21;
        for (std::size_t i = 0; i < l.agentMobile.size(); ++i)
            ok = ok && (std::isdigit(static_cast<unsigned char>(l.agentMobile[i])) ||
                        (i == 0 && l.agentMobile[i] == '+'));
        if (!ok)
            add(checks, "agent_mobile", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the agent's mobile number must be 5 to 20 digits")));
    }
}

std::vector<Check> fromPaperReport(const papers::PaperReport& report) {
    std::vector<Check> out;
    for (const auto& c : report.checks)
        out.push_back(Check{c.id, c.passed, c.reason, c.why});
    return out;
}

/// A key's state as tokens.state stores it, translatable; the English is the stored word.
Phrase keyState(const std::string& state) {
    return Phrase::word(state, {QT_TRANSLATE_NOOP("Reason", "in_stock"), QT_TRANSLATE_NOOP("Reason", "blank"),
                                QT_TRANSLATE_NOOP("Reason", "active"), QT_TRANSLATE_NOOP("Reason", "locked"),
                                QT_TRANSLATE_NOOP("Reason", "lost"), QT_TRANSLATE_NOOP("Reason", "damaged"),
                                QT_TRANSLATE_NOOP("Reason", "retired")});
}

std::string normalisedId(const std::string& id) {
    const auto c = checkResidentId(id, Date::today());
    return c.ok() ? c.normalised : id;
}

std::string normalisedCompany(const std::string& id) {
    const auto c = checkTaxpayerId(id, Date::today());
    return c.ok() ? c.normalised : id;
}

} // namespace

Outcome Workflow::runNew(NewRequest r) {
    auto& s = d->s;
    std::vector<Check> checks;
    papers::AssistanceLetter letter;
    std::string jws;
    std::optional<long long> signerId;
    const Date today = Date::today();

    // The letter (DESIGN §3.2), against the signers and anchors the centre trusts.
    const auto consumedBy = [&](const std::string& office,
                                const std::string& no) -> std::optional<std::string> {
        pqxx::nontransaction tx{s.conn};
        const auto row = db::execPrepared(
            tx,
            "SELECT t.number FROM letters l JOIN transactions t ON t.id = l.consumed_by_transaction_id "
            "WHERE l.kind = 'assistance' AND l.office_code = $1 AND l.letter_no = $2",
            office, no);
        if (row.empty())
            return std::nullopt;
        return std::string(row[0][0].c_str());
    };
    if (!r.handEntered) {
        std::vector<std::string> anchors, signers;
        {
            pqxx::nontransaction tx{s.conn};
            for (const auto& row :
                 tx.exec("SELECT kind, encode(der, 'base64') FROM letter_signers WHERE active")) {
                std::string b64 = row[1].c_str();
                b64.erase(std::remove(b64.begin(), b64.end(), '\n'), b64.end());
                std::string pem = "-----BEGIN CERTIFICATE-----\n";
                for (std::size_t i = 0; i < b64.size(); i += 64)
                    pem += b64.substr(i, 64) + "\n";
                pem += "-----END CERTIFICATE-----\n";
                (std::string(row[0].c_str()) == "trust_anchor" ? anchors : signers).push_back(pem);
            }
        }
        if (anchors.empty())
            d->refuse(
                r.operatorId, "NEW", "no tax-authority trust anchor is configured",
                {makeCheck("configuration", false,
                           Phrase(QT_TRANSLATE_NOOP("Reason", "no tax-authority trust anchor is configured: "
                                                              "countersignctl letter trust add")))},
                {});
        const papers::AssistanceLetterVerifier verifier(anchors, signers);
        jws = r.letterJws;
        const auto v = verifier.verify(jws, today, consumedBy);
        for (const auto& c : v.checks)
            checks.push_back(Check{c.id, c.passed, c.reason, c.why});
        if (v.letter)
            letter = *v.letter;
    } else {
        letter = *r.handEntered;
        add(checks, "hand_entry_approved", r.handEntryApprovedBy.has_value(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "a letter entered by hand needs a supervisor's approval")));
        const std::pair<const char*, const std::string*> fields[] = {
            {QT_TRANSLATE_NOOP("Reason", "letter number"), &letter.no},
            {QT_TRANSLATE_NOOP("Reason", "office code"), &letter.office},
            {QT_TRANSLATE_NOOP("Reason", "office name"), &letter.officeName},
            {QT_TRANSLATE_NOOP("Reason", "company name"), &letter.org},
            {QT_TRANSLATE_NOOP("Reason", "agent name"), &letter.agentName}};
        for (const auto& [name, value] : fields) {
            const Phrase problem =
                value->empty() ? Phrase(QT_TRANSLATE_NOOP("Reason", "is missing")) : textPhrase(*value, 200);
            if (!problem.empty())
                add(checks, "format", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "the %1 %2")).arg(Phrase(name)).arg(problem));
        }
        add(checks, "dates",
            letter.issued.isValid() && letter.expires.isValid() && letter.issued <= today &&
                today <= letter.expires,
            Phrase(QT_TRANSLATE_NOOP("Reason", "today is not within the letter's issued..expires dates")));
        add(checks, "business",
            std::find(letter.biz.begin(), letter.biz.end(), "NEW") != letter.biz.end() || letter.biz.empty(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the letter does not cover a new certificate (NEW)")));
        add(checks, "uscc", checkUscc(letter.uscc).ok(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the USCC fails its check (GB 32100-2015)")));
        d->overrideUscc(r, checks, "uscc");
        add(checks, "agent_id", checkResidentId(letter.agentIdNo, today).ok(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the agent's ID number fails its check (GB 11643-1999)")));
        // Only text is looked up: a number that is not (invalid UTF-8 …) was refused above already.
        if (allPassed(checks)) {
            const auto used = consumedBy(letter.office, letter.no);
            add(checks, "unused", !used,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter was already used by transaction %1"))
                    .arg(used.value_or("")));
        }
    }
    if (letter.uscc.size() == 18)
        letter.uscc = checkUscc(letter.uscc).ok() ? checkUscc(letter.uscc).normalised : letter.uscc;
    letter.agentIdNo = normalisedId(letter.agentIdNo);
    add(checks, "org", !letter.org.empty() && QString::fromStdString(letter.org).size() <= 64,
        Phrase(QT_TRANSLATE_NOOP(
            "Reason", "the company name must be 1 to 64 characters, as much as a certificate can carry")));
    for (const auto* text : {&letter.org, &letter.agentName, &letter.officeName}) {
        const Phrase problem = textPhrase(*text, 200);
        if (!problem.empty())
            add(checks, "text", false, Phrase(QT_TRANSLATE_NOOP("Reason", "a letter field %1")).arg(problem));
    }
    // A letter already held by an unfinished transaction is not free either.
    if (!letter.office.empty() && textProblem(letter.office, 200).empty() &&
        textProblem(letter.no, 200).empty()) {
        pqxx::nontransaction tx{s.conn};
        const auto held =
            db::execPrepared(tx,
                             "SELECT t.number FROM letters l JOIN transactions t ON t.letter_id = l.id "
                             "WHERE l.kind = 'assistance' AND l.office_code = $1 AND l.letter_no = $2 "
                             "AND t.state NOT IN ('completed', 'failed', 'compensated')",
                             letter.office, letter.no);
        if (!held.empty())
            add(checks, "not_in_progress", false,
                Phrase(QT_TRANSLATE_NOOP("Reason", "the letter is in use by unfinished transaction %1"))
                    .arg(held[0][0].c_str()));
    }

    // The blank key.
    std::string keySerial = r.keySerial;
    try {
        std::vector<token::TokenInfo> blanks;
        for (auto& k : s.keys.keys(false))
            if (k.blank() && (r.keySerial.empty() || k.serial == r.keySerial))
                blanks.push_back(k);
        if (blanks.size() == 1)
            keySerial = blanks[0].serial;
        add(checks, "blank_key", blanks.size() == 1,
            !blanks.empty()
                ? Phrase(QT_TRANSLATE_NOOP(
                      "Reason", "there are several blank keys in the writer: name the one to issue"))
            : r.keySerial.empty()
                ? Phrase(QT_TRANSLATE_NOOP("Reason", "there is no blank key in the writer"))
                : Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not a blank key in the writer"))
                      .arg(r.keySerial));
    } catch (const TokenError& e) {
        add(checks, "blank_key", false, phraseOf(e));
    }
    if (!r.preview)
        d->checkNewPin(r.newPin, letter.agentIdNo, checks);
    d->overrideUscc(r, checks, "uscc");
    const bool usccOverridden = r.usccOverrideApprovedBy.has_value() && !checkUscc(letter.uscc).ok();
    d->checkEvidence(r, checks);

    fees::FeeConditions conditions;
    if (allPassed(checks)) {
        pqxx::nontransaction tx{s.conn};
        conditions.firstCertificate =
            db::execPrepared(tx,
                             "SELECT 1 FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                             "WHERE e.uscc = $1 AND (c.status IN ('active', 'superseded') OR "
                             "(c.status = 'revoked' AND c.revocation_reason <> 'cessationOfOperation'))",
                             letter.uscc)
                .empty();
    }
    const auto quote = d->checkFee("NEW", conditions, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, "NEW", "the new certificate was refused: " + firstFailure(checks), checks,
                  letter.office.empty() ? letter.uscc : letter.office + "/" + letter.no);
    if (r.preview)
        return Impl::checked("NEW", checks, quote, keySerial, letter.org, letter.uscc, letter.agentName,
                             letter.agentIdNo);

    QJsonObject work{{QStringLiteral("key_serial"), q(keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(r.algorithm))}};
    TxRow t = d->open(
        "NEW", r, work, checks,
        [&](pqxx::work& tx, long long txId) {
            std::optional<long long> usccApproval;
            if (usccOverridden)
                usccApproval = d->recordUsccOverride(tx, r, txId, letter.uscc);
            const long long enterprise = d->upsertEnterprise(tx, letter.uscc, letter.org, true, usccApproval);
            const long long agent = d->upsertAgent(tx, letter.agentIdNo, letter.agentName, {});
            std::optional<long long> approval;
            if (r.handEntered)
                approval =
                    approvals::recordApproval(tx,
                                              {approvals::ApprovalKind::HandEnteredLetter, r.operatorId,
                                               s.counterId, txId, letter.office + "/" + letter.no,
                                               "assistance letter QR unreadable, entered by hand", "{}"},
                                              *r.handEntryApprovedBy);
            QJsonArray biz;
            for (const auto& b : letter.biz)
                biz.append(q(b));
            const auto existing =
                db::execPrepared(tx,
                                 "SELECT id FROM letters WHERE kind = 'assistance' AND office_code = $1 "
                                 "AND letter_no = $2 AND consumed_by_transaction_id IS NULL FOR UPDATE",
                                 letter.office, letter.no);
            long long letterId = 0;
            if (!existing.empty()) {
                letterId = existing[0][0].as<long long>();
            } else {
                std::string bizArray = "{";
                for (std::size_t i = 0; i < letter.biz.size(); ++i)
                    bizArray += (i ? "," : "") + letter.biz[i];
                bizArray += letter.biz.empty() ? "NEW}" : "}";
                letterId =
                    db::execPrepared1(
                        tx,
                        "INSERT INTO letters (kind, office_code, office_name, letter_no, org_name, uscc, "
                        "agent_name, "
                        "agent_id_number, biz, valid_from, valid_to, entry_mode, jws, payload, signer_id, "
                        "enterprise_id, agent_id, registered_by, entry_approval_id) VALUES ('assistance', "
                        "$1, "
                        "$2, $3, "
                        "$4, $5, $6, $7, $8::text[], $9::date, $10::date, $11, nullif($12, ''), "
                        "$13::jsonb, "
                        "$14, $15, "
                        "$16, $17, $18) RETURNING id",
                        letter.office, letter.officeName, letter.no, letter.org, letter.uscc,
                        letter.agentName, letter.agentIdNo, bizArray, letter.issued.iso(),
                        letter.expires.iso(), r.handEntered ? "hand_entered" : "qr", jws,
                        json({{QStringLiteral("no"), q(letter.no)},
                              {QStringLiteral("office"), q(letter.office)},
                              {QStringLiteral("uscc"), q(letter.uscc)},
                              {QStringLiteral("org"), q(letter.org)},
                              {QStringLiteral("biz"), biz}}),
                        signerId, enterprise, agent, r.operatorId, approval)[0]
                        .as<long long>();
            }
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.agentId = agent;
            p.letterId = letterId;
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) {
            d->recordFee(tx, row, conditions, r, std::nullopt, std::nullopt);
        });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

Outcome Workflow::runRenew(RenewRequest r, bool upgrade) {
    auto& s = d->s;
    const std::string kind = upgrade ? "UPGRADE" : "RENEW";
    std::vector<Check> checks;
    std::optional<token::TokenInfo> key;
    try {
        key = d->keyInWriter(r.keySerial);
    } catch (const TokenError& e) {
        add(checks, "key", false, phraseOf(e));
    }
    if (!key) {
        add(checks, "key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not in the writer")).arg(r.keySerial));
        d->refuse(r.operatorId, kind, "the key is not in the writer", checks, r.keySerial);
    }
    // The enterprise certificate on the key; one left behind revoked by a renewal that could not finish
    // does not count (it is removed below, once the PIN has opened the key).
    std::vector<token::CertificateInfo> own, stray;
    {
        pqxx::nontransaction tx{s.conn};
        for (const auto& c : Impl::ownCertificates(*key)) {
            const auto row =
                db::execPrepared(tx, "SELECT status FROM certificates WHERE serial = $1", c.serial);
            const bool dead = !row.empty() && (std::string(row[0][0].c_str()) == "revoked" ||
                                               std::string(row[0][0].c_str()) == "superseded");
            (dead ? stray : own).push_back(c);
        }
    }
    add(checks, "certificate", own.size() == 1,
        own.empty() ? Phrase(QT_TRANSLATE_NOOP("Reason", "the key carries no enterprise certificate"))
                    : Phrase(QT_TRANSLATE_NOOP("Reason", "the key carries several certificates")));
    if (!allPassed(checks))
        d->refuse(r.operatorId, kind, firstFailure(checks), checks, r.keySerial);
    const auto& old = own.front();
    add(checks, "uscc", !old.uscc.empty(),
        Phrase(
            QT_TRANSLATE_NOOP("Reason", "the certificate names no USCC (organizationIdentifier NTRCN-…)")));

    // The renewal window (DESIGN §2) or the upgrade rule.
    {
        pqxx::nontransaction tx{s.conn};
        const auto r2 = db::execPrepared1(
            tx,
            "SELECT now() >= $1::timestamptz - make_interval(days => $2), "
            "now() <= $1::timestamptz + make_interval(days => $3), $4::timestamptz < $5::date, "
            "$1::timestamptz < now()",
            old.notAfter, s.config.renewWindowDaysBefore, s.config.renewGraceDaysAfter, old.notBefore,
            s.config.upgradeCutoff.isEmpty() ? std::string("0001-01-01")
                                             : s.config.upgradeCutoff.toStdString());
        if (!upgrade) {
            add(checks, "renewal_window", r2[0].as<bool>(),
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "the certificate expires %1; it can be renewed from %2 days before"))
                    .arg(old.notAfter.substr(0, 10))
                    .arg(s.config.renewWindowDaysBefore));
            add(checks, "not_too_late", r2[1].as<bool>(),
                Phrase(QT_TRANSLATE_NOOP(
                           "Reason",
                           "the certificate expired more than %1 days ago: apply for a new certificate"))
                    .arg(s.config.renewGraceDaysAfter));
        } else {
            // Issued under another CA than the one issuing now (a retired one): upgraded too. A CA that can't
            // tell its chain leaves the decision to the cut-off date.
            bool retiredCa = false;
            try {
                const auto chain = s.ca.chain();
                retiredCa = !chain.empty() && parsePem(chain.front()).info.subject != old.issuer;
            } catch (const std::exception&) {
            }
            add(checks, "upgrade_due", r2[2].as<bool>() || retiredCa,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "the certificate was issued after the upgrade cut-off under the "
                                         "current CA: renew it instead")));
        }
    }
    // The holder's PIN opens the key (never retried).
    if (allPassed(checks) && !r.preview) {
        try {
            s.keys.verifyUserPin(r.keySerial, r.pin, r.finalTryConfirmed);
            add(checks, "pin", true, {});
            for (const auto& c : stray)
                if (c.keyId != own.front().keyId)
                    s.keys.removeKeyPair(r.keySerial, r.pin, c.keyId, r.finalTryConfirmed);
        } catch (const TokenError& e) {
            add(checks, "pin", false, phraseOf(e));
        }
    }
    d->checkEvidence(r, checks);
    const auto quote = d->checkFee(kind, {}, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, kind,
                  "the " + std::string(upgrade ? "upgrade" : "renewal") +
                      " was refused: " + firstFailure(checks),
                  checks, r.keySerial);
    if (r.preview)
        return Impl::checked(kind, checks, quote, r.keySerial, old.organisation, old.uscc, {}, {});

    token::KeyAlgorithm algorithm = r.algorithm.value_or(token::KeyAlgorithm::Rsa2048);
    QJsonObject work{{QStringLiteral("key_serial"), q(r.keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(algorithm))},
                     {QStringLiteral("old_key_id"), q(old.keyId)},
                     {QStringLiteral("old_cert_serial"), q(old.serial)},
                     {QStringLiteral("final_try_confirmed"), r.finalTryConfirmed}};
    TxRow t = d->open(
        kind, r, work, checks,
        [&](pqxx::work& tx, long long /*txId*/) {
            const long long enterprise =
                d->upsertEnterprise(tx, old.uscc, old.organisation.empty() ? old.uscc : old.organisation);
            const long long tokenId = d->ensureToken(tx, *key, "active", enterprise);
            d->recordCertificate(tx, old.der, old, tokenId, enterprise, std::nullopt, {}, "active");
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.tokenId = tokenId;
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) { d->recordFee(tx, row, {}, r, std::nullopt, std::nullopt); });
    d->drive(t, r.pin);
    r.pin.wipe();
    return d->outcome(t.number);
}

Outcome Workflow::runReplace(ReplaceRequest r) {
    auto& s = d->s;
    std::vector<Check> checks;
    checkLetterText(r.letter, checks);
    const Date today = Date::today();

    if (const Phrase problem = textPhrase(r.oldKeySerial, 64); !problem.empty())
        add(checks, "old_key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the old key's serial %1")).arg(problem));
    // The old key: presented (damaged) or on record.
    std::optional<token::TokenInfo> presented;
    std::vector<token::TokenInfo> writer;
    try {
        writer = s.keys.keys(true);
    } catch (const TokenError& e) {
        add(checks, "writer", false, phraseOf(e));
    }
    if (r.damaged)
        for (const auto& k : writer)
            if ((r.oldKeySerial.empty() && !Impl::ownCertificates(k).empty()) ||
                (k.serial == r.oldKeySerial && !k.serial.empty()))
                presented = k;
    std::string oldSerial = presented ? presented->serial : r.oldKeySerial;
    std::optional<long long> oldTokenId;
    std::string certificateUscc;
    std::vector<std::string> revoke;
    // Only text is looked up: a letter whose fields are not (invalid UTF-8 …) was refused above already.
    if (allPassed(checks)) {
        pqxx::nontransaction tx{s.conn};
        if (oldSerial.empty()) {
            const auto rows =
                db::execPrepared(tx,
                                 "SELECT t.serial FROM tokens t JOIN enterprises e ON e.id = t.enterprise_id "
                                 "WHERE e.uscc = $1 AND t.state IN ('active', 'locked')",
                                 normalisedCompany(r.letter.companyId));
            if (rows.size() == 1)
                oldSerial = rows[0][0].c_str();
            else
                add(checks, "old_key", false,
                    rows.empty()
                        ? Phrase(QT_TRANSLATE_NOOP(
                              "Reason", "no key of this enterprise is on record: give the old key's serial"))
                        : Phrase(QT_TRANSLATE_NOOP(
                              "Reason",
                              "the enterprise has several keys: give the serial of the one to replace")));
        }
        if (!oldSerial.empty()) {
            const auto row =
                db::execPrepared(tx, "SELECT id, state FROM tokens WHERE serial = $1", oldSerial);
            if (!row.empty()) {
                oldTokenId = row[0][0].as<long long>();
                const std::string state = row[0][1].c_str();
                add(checks, "old_key", state == "active" || state == "locked",
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is %2, not in an enterprise's hands"))
                        .arg(oldSerial)
                        .arg(keyState(state)));
            } else if (!presented) {
                add(checks, "old_key", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not on record and not in the writer"))
                        .arg(oldSerial));
            }
            for (const auto& c : db::execPrepared(tx,
                                                  "SELECT c.serial, coalesce(c.uscc, '') FROM certificates c "
                                                  "JOIN tokens t ON t.id = c.token_id WHERE t.serial = $1 "
                                                  "AND c.status IN ('issued', 'active')",
                                                  oldSerial)) {
                revoke.push_back(c[0].c_str());
                certificateUscc = c[1].c_str();
            }
        }
    }
    if (presented)
        for (const auto& c : Impl::ownCertificates(*presented)) {
            certificateUscc = c.uscc;
            if (std::find(revoke.begin(), revoke.end(), c.serial) == revoke.end())
                revoke.push_back(c.serial);
        }
    for (const auto& c : fromPaperReport(
             papers::checkAuthorizationLetter(r.letter, papers::Operation::Replace, today, certificateUscc)))
        checks.push_back(c);
    if (r.waiverAttested && !r.damaged)
        add(checks, "waiver", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the media fee waiver is for a damaged key only")));
    if (r.waiverApprovedBy && !r.waiverAttested)
        add(checks, "waiver_attested", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "a waiver needs the operator's attestation that the key failed "
                                     "without human damage and its exterior is intact")));
    if (r.waiverAttested)
        add(checks, "waiver_approved", r.waiverApprovedBy.has_value(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "a fee waiver needs a supervisor's approval")));

    // The new blank key.
    std::string newSerial = r.newKeySerial;
    {
        std::vector<token::TokenInfo> blanks;
        for (auto& k : writer)
            if (k.blank() && (r.newKeySerial.empty() || k.serial == r.newKeySerial))
                blanks.push_back(k);
        if (blanks.size() == 1)
            newSerial = blanks[0].serial;
        add(checks, "blank_key", blanks.size() == 1,
            blanks.empty()
                ? Phrase(
                      QT_TRANSLATE_NOOP("Reason", "there is no blank key in the writer for the replacement"))
                : Phrase(QT_TRANSLATE_NOOP(
                      "Reason", "there are several blank keys in the writer: name the one to issue")));
    }
    const std::string agentId = normalisedId(r.letter.agentIdNo);
    if (!r.preview)
        d->checkNewPin(r.newPin, agentId, checks);
    const bool usccOverridden = d->overrideUscc(r, checks, "company_id");
    d->checkEvidence(r, checks);

    fees::FeeConditions conditions;
    conditions.damageWaiver = r.waiverAttested;
    conditions.waiverAttestedBy = r.operatorId;
    const auto quote = d->checkFee("REPLACE", conditions, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, "REPLACE", "the replacement was refused: " + firstFailure(checks), checks,
                  oldSerial.empty() ? r.letter.companyId : oldSerial);
    if (r.preview)
        return Impl::checked("REPLACE", checks, quote, newSerial, r.letter.companyName,
                             normalisedCompany(r.letter.companyId), r.letter.agentName, agentId);

    QJsonArray revokeList;
    for (const auto& serial : revoke)
        revokeList.append(q(serial));
    QJsonObject work{{QStringLiteral("key_serial"), q(newSerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(r.algorithm))},
                     {QStringLiteral("old_key_serial"), q(oldSerial)},
                     {QStringLiteral("revoke"), revokeList}};
    const std::string company = normalisedCompany(r.letter.companyId);
    std::optional<approvals::ApprovalRequest> waiver;
    if (r.waiverAttested)
        waiver = approvals::ApprovalRequest{approvals::ApprovalKind::FeeWaiver,
                                            r.operatorId,
                                            s.counterId,
                                            std::nullopt,
                                            oldSerial,
                                            "key failed without human damage, exterior intact",
                                            "{}"};
    TxRow t = d->open(
        "REPLACE", r, work, checks,
        [&](pqxx::work& tx, long long txId) {
            std::optional<long long> usccApproval;
            if (usccOverridden)
                usccApproval = d->recordUsccOverride(tx, r, txId, company);
            const long long enterprise =
                d->upsertEnterprise(tx, company, r.letter.companyName, false, usccApproval);
            const long long agent = d->upsertAgent(tx, agentId, r.letter.agentName, r.letter.agentMobile);
            long long oldId = 0;
            if (oldTokenId)
                oldId = *oldTokenId;
            else
                oldId = d->ensureToken(tx, *presented, "active", enterprise);
            if (presented)
                for (const auto& c : Impl::ownCertificates(*presented))
                    d->recordCertificate(tx, c.der, c, oldId, enterprise, std::nullopt, {}, "active");
            const long long letterId =
                d->insertAuthorizationLetter(tx, r.letter, company, agentId, r.operatorId, enterprise, agent);
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.agentId = agent;
            p.letterId = letterId;
            p.oldTokenId = oldId;
            p.replaceReason = r.damaged ? "damaged" : "lost";
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) {
            d->recordFee(tx, row, conditions, r, waiver, r.waiverApprovedBy);
        });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

Outcome Workflow::runUnlock(UnlockRequest r) {
    std::vector<Check> checks;
    checkLetterText(r.letter, checks);
    std::optional<token::TokenInfo> key;
    try {
        key = d->keyInWriter(r.keySerial);
    } catch (const TokenError& e) {
        add(checks, "key", false, phraseOf(e));
    }
    std::string certificateUscc;
    if (!key) {
        add(checks, "key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not in the writer")).arg(r.keySerial));
    } else {
        for (const auto& c : Impl::ownCertificates(*key))
            certificateUscc = c.uscc;
        add(checks, "so_pin", !key->soPin.locked,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason",
                "the key's SO PIN is locked, so it can't be unlocked: replace the key (USBKEY补办)")));
        add(checks, "locked", key->userPin.locked || key->soPin.locked,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the key's PIN is not locked: there is nothing to unlock")));
    }
    for (const auto& c : fromPaperReport(papers::checkAuthorizationLetter(r.letter, papers::Operation::Unlock,
                                                                          Date::today(), certificateUscc)))
        checks.push_back(c);
    const std::string agentId = normalisedId(r.letter.agentIdNo);
    if (!r.preview)
        d->checkNewPin(r.newPin, agentId, checks);
    const bool usccOverridden = d->overrideUscc(r, checks, "company_id");
    d->checkEvidence(r, checks);
    const auto quote = d->checkFee("UNLOCK", {}, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, "UNLOCK", "the unlock was refused: " + firstFailure(checks), checks,
                  r.keySerial);
    if (r.preview)
        return Impl::checked("UNLOCK", checks, quote, r.keySerial, r.letter.companyName,
                             normalisedCompany(r.letter.companyId), r.letter.agentName, agentId);

    const std::string company = normalisedCompany(r.letter.companyId);
    QJsonObject work{{QStringLiteral("key_serial"), q(r.keySerial)}};
    TxRow t = d->open(
        "UNLOCK", r, work, checks,
        [&](pqxx::work& tx, long long txId) {
            std::optional<long long> usccApproval;
            if (usccOverridden)
                usccApproval = d->recordUsccOverride(tx, r, txId, company);
            const long long enterprise =
                d->upsertEnterprise(tx, company, r.letter.companyName, false, usccApproval);
            const long long agent = d->upsertAgent(tx, agentId, r.letter.agentName, r.letter.agentMobile);
            std::string state;
            const long long tokenId = d->ensureToken(tx, *key, "locked", enterprise, &state);
            if (state == "active")
                d->setTokenState(tx, tokenId, "locked");
            for (const auto& c : Impl::ownCertificates(*key))
                d->recordCertificate(tx, c.der, c, tokenId, enterprise, std::nullopt, {}, "active");
            const long long letterId =
                d->insertAuthorizationLetter(tx, r.letter, company, agentId, r.operatorId, enterprise, agent);
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.agentId = agent;
            p.letterId = letterId;
            p.tokenId = tokenId;
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) { d->recordFee(tx, row, {}, r, std::nullopt, std::nullopt); });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

Outcome Workflow::resume(const std::string& number, const Secret& pin) {
    TxRow t = d->load(number);
    d->drive(t, pin);
    return d->outcome(number);
}

Outcome Workflow::cancel(const std::string& number, const std::string& reason,
                         std::optional<long long> refundApprovedBy, long long staffId, bool byRecovery) {
    TxRow t = d->load(number);
    if (finalState(t.state))
        throw std::runtime_error("transaction " + number + " is " + t.state + " already");
    std::optional<long long> approvalId;
    if (refundApprovedBy) {
        pqxx::work tx{d->s.conn};
        approvalId = approvals::recordApproval(
            tx, {approvals::ApprovalKind::Refund, staffId, d->s.counterId, t.id, number, reason, "{}"},
            *refundApprovedBy);
        tx.commit();
    } else if (!byRecovery) {
        pqxx::nontransaction tx{d->s.conn};
        if (!db::execPrepared(tx, "SELECT 1 FROM payments WHERE transaction_id = $1", t.id).empty())
            throw Refusal(
                "cancelling transaction " + number + " refunds its fee, which needs a supervisor's approval",
                {makeCheck("refund_approved", false,
                           Phrase(QT_TRANSLATE_NOOP("Reason", "a refund needs a supervisor's approval")))});
    }
    return d->compensate(t, reason, approvalId, staffId, byRecovery);
}

std::vector<Workflow::Pending> Workflow::pending() {
    pqxx::nontransaction tx{d->s.conn};
    std::vector<Pending> out;
    for (const auto& r :
         db::execPrepared(tx,
                          "SELECT number, kind, state, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') "
                          "FROM transactions WHERE counter_id = $1 AND state NOT IN ('completed', "
                          "'compensated') ORDER BY started_at, id",
                          d->s.counterId))
        out.push_back(Pending{r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str()});
    return out;
}

std::vector<Outcome> Workflow::recover(long long staffId) {
    std::vector<Outcome> out;
    for (const auto& p : pending()) {
        TxRow t = d->load(p.number);
        std::vector<Phrase> notes;
        try {
            // What needs no PIN is finished: an UNLOCK whose key is unlocked, a verified transaction.
            if (t.kind == "UNLOCK" && (t.state == "fee_recorded" || t.state == "key_initialised")) {
                const auto key = d->keyInWriter(str(t.work, "key_serial"));
                if (key && key->userPinSet && !key->userPin.locked) {
                    if (t.state == "fee_recorded")
                        d->advance(t, "key_initialised", "unlock", {}, "key.unlocked",
                                   {{QStringLiteral("found_unlocked"), true}}, staffId);
                    const Secret none;
                    d->verifyUnlock(t, none);
                    notes.push_back(Phrase(
                        QT_TRANSLATE_NOOP("Reason", "the key had been unlocked; transaction completed")));
                }
            }
            if (t.state == "verified") {
                d->complete(t, staffId);
                d->removeOldPair(t, Secret(), &notes);
                notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "completed")));
            }
            if (!finalState(t.state)) {
                Outcome o =
                    d->compensate(t, "interrupted; compensated by recovery", std::nullopt, staffId, true);
                notes.insert(notes.begin(), o.notes.begin(), o.notes.end());
            }
        } catch (const StepFailed& e) {
            notes.push_back(Phrase::verbatim(e.what()));
        } catch (const TokenError& e) {
            notes.push_back(phraseOf(e));
        } catch (const ca::CaError& e) {
            notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the CA: %1")).arg(e.what()));
        }
        Outcome o = d->outcome(p.number);
        o.notes = notes;
        out.push_back(o);
    }
    return out;
}

} // namespace countersign::workflow
