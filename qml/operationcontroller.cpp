#include "qml/operationcontroller.h"

#include <QCoreApplication>

#include <openssl/crypto.h>

#include "backend/approvals/approvals.h"
#include "backend/counter/station.h"
#include "backend/fees/fees.h"
#include "backend/money.h"
#include "backend/operation.h"
#include "qml/pinentry.h"
#include "qml/secrettext.h"
#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

namespace {

Workstation* g_workstation = nullptr;
Session* g_session = nullptr;
counter::Station* g_station = nullptr;

std::string s(const QString& text) {
    return text.toStdString();
}

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

Date dateOf(const QVariant& value) {
    return Date::parse(value.toString().trimmed().toStdString()).value_or(Date{});
}

/// The steps the screens show for `kind`, from the backend's list.
std::vector<OperationStep> stepsOf(const QString& kind) {
    return operationSteps(parseOperation(kind.toStdString()).value_or(Operation::New));
}

/// [{id, passed, reason, phrase}] for CheckList.qml, which shows the phrase ({template, args}) in the
/// operator's language and the English reason when a check has no phrase.
QVariantList checksList(const std::vector<workflow::Check>& checks) {
    return workflow::checksJson(checks).toVariantList();
}

} // namespace

/// A copy of everything an operation needs, handed to the token thread.
struct OperationController::Job {
    long long counterId = 0;
    counter::OperationInput input;
    std::optional<long long> refundApprovedBy; ///< giving up: the supervisor who approved the refund
};

void OperationController::setServices(Workstation* workstation, Session* session, counter::Station* station) {
    g_workstation = workstation;
    g_session = session;
    g_station = station;
}

OperationController::OperationController(QObject* parent)
    : QObject(parent) {
    resetSteps();
    if (g_workstation) {
        connect(g_workstation, &Workstation::languageChanged, this, [this] {
            if (m_errorText) {
                m_error = m_errorText();
                Q_EMIT errorChanged();
            }
        });
    }
    if (g_station) {
        // A pulled key that comes back lets the stopped operation go on; the operator continues it.
        connect(g_station, &counter::Station::keyInserted, this, [this] {
            if (m_paused && m_keyRemoved) {
                m_keyRemoved = false;
                Q_EMIT progressChanged();
            }
        });
    }
}

OperationController::~OperationController() {
    if (m_pin)
        m_pin->wipe();
}

void OperationController::setKind(const QString& kind) {
    // Only the codes themselves ("NEW" … "UNLOCK"), as the screens set them.
    const auto operation = parseOperation(s(kind));
    if (!operation || kind != QLatin1String(operationCode(*operation)) || kind == m_kind)
        return;
    m_kind = kind;
    resetSteps();
    Q_EMIT kindChanged();
}

#define COUNTERSIGN_PAPERS_SETTER(Name, member, Type)                                                        \
    void OperationController::Name(Type value) {                                                             \
        if (member == value)                                                                                 \
            return;                                                                                          \
        member = value;                                                                                      \
        m_checked = false;                                                                                   \
        m_checksPassed = false;                                                                              \
        Q_EMIT papersChanged();                                                                              \
        Q_EMIT checksChanged();                                                                              \
    }
COUNTERSIGN_PAPERS_SETTER(setLetterText, m_letterText, const QString&)
COUNTERSIGN_PAPERS_SETTER(setHandEntered, m_handEntered, const QVariantMap&)
COUNTERSIGN_PAPERS_SETTER(setAuthorization, m_authorization, const QVariantMap&)
COUNTERSIGN_PAPERS_SETTER(setDamaged, m_damaged, bool)
COUNTERSIGN_PAPERS_SETTER(setWaiverAttested, m_waiverAttested, bool)
COUNTERSIGN_PAPERS_SETTER(setKeySerial, m_keySerial, const QString&)
COUNTERSIGN_PAPERS_SETTER(setOldKeySerial, m_oldKeySerial, const QString&)
COUNTERSIGN_PAPERS_SETTER(setAlgorithm, m_algorithm, const QString&)
COUNTERSIGN_PAPERS_SETTER(setFinalTryConfirmed, m_finalTryConfirmed, bool)
#undef COUNTERSIGN_PAPERS_SETTER

#define COUNTERSIGN_PAYMENT_SETTER(Name, member, Type)                                                       \
    void OperationController::Name(Type value) {                                                             \
        if (member == value)                                                                                 \
            return;                                                                                          \
        member = value;                                                                                      \
        Q_EMIT paymentChanged();                                                                             \
    }
COUNTERSIGN_PAYMENT_SETTER(setPaymentMethod, m_paymentMethod, const QString&)
COUNTERSIGN_PAYMENT_SETTER(setPaymentReference, m_paymentReference, const QString&)
COUNTERSIGN_PAYMENT_SETTER(setInvoiceWanted, m_invoiceWanted, bool)
COUNTERSIGN_PAYMENT_SETTER(setInvoice, m_invoice, const QVariantMap&)
#undef COUNTERSIGN_PAYMENT_SETTER

QString OperationController::birthDate() const {
    return m_agentIdNo.size() == 18 ? m_agentIdNo.mid(6, 8) : QString();
}

QString OperationController::yuan(qint64 fen) {
    return QString::fromStdString(countersign::yuan(fen));
}

QString OperationController::paymentProblem() const {
    if (!m_checksPassed)
        return tr("Check the papers first.");
    if (m_totalFen > 0) {
        if (!fees::parseMethod(s(m_paymentMethod)))
            return tr("Choose how the fee is paid.");
        if (m_paymentMethod != QLatin1String("cash") && m_paymentReference.trimmed().isEmpty())
            return tr("Enter the payment's reference (the transaction number on the payment slip).");
    }
    if (m_invoiceWanted) {
        if (m_totalFen <= 0)
            return tr("Nothing is due, so there is nothing to invoice.");
        const auto problems = fees::checkInvoice(invoiceInput(), Date::today());
        if (!problems.empty())
            return tr("Invoice: %1").arg(problems.front().translated());
    }
    return {};
}

OperationController::Job OperationController::makeJob(bool preview) const {
    Job j;
    j.counterId = g_workstation->counterId();
    j.refundApprovedBy = m_refundApproval.id;
    counter::OperationInput& in = j.input;
    in.operation = parseOperation(s(m_kind)).value_or(Operation::New);
    in.operatorId = g_session ? g_session->staffId() : 0;
    in.preview = preview;
    in.letterText = s(m_letterText.trimmed());
    if (!m_handEntered.isEmpty()) {
        papers::AssistanceLetter l;
        const auto f = [this](const char* key) {
            return s(m_handEntered.value(QLatin1String(key)).toString().trimmed());
        };
        l.no = f("no");
        l.office = f("office");
        l.officeName = f("officeName");
        l.org = f("org");
        l.uscc = f("uscc");
        l.agentName = f("agentName");
        l.agentIdNo = f("agentIdNo");
        l.issued = dateOf(m_handEntered.value(QStringLiteral("issued")));
        l.expires = dateOf(m_handEntered.value(QStringLiteral("expires")));
        l.biz = {"NEW"};
        in.handEntered = l;
    }
    const auto a = [this](const char* key) {
        return s(m_authorization.value(QLatin1String(key)).toString().trimmed());
    };
    in.authorization.companyName = a("companyName");
    in.authorization.companyId = a("companyId");
    in.authorization.agentName = a("agentName");
    in.authorization.agentIdNo = a("agentIdNo");
    in.authorization.agentMobile = a("agentMobile");
    in.authorization.replaceTicked = m_authorization.value(QStringLiteral("replaceTicked")).toBool();
    in.authorization.unlockTicked = m_authorization.value(QStringLiteral("unlockTicked")).toBool();
    in.authorization.validFrom = dateOf(m_authorization.value(QStringLiteral("validFrom")));
    in.authorization.validTo = dateOf(m_authorization.value(QStringLiteral("validTo")));
    in.authorization.letterDate = dateOf(m_authorization.value(QStringLiteral("letterDate")));
    in.authorization.sealConfirmed = m_authorization.value(QStringLiteral("sealConfirmed")).toBool();
    in.damaged = m_damaged;
    in.waiverAttested = m_waiverAttested;
    in.keySerial = s(m_keySerial);
    in.oldKeySerial = s(m_oldKeySerial);
    token::KeyAlgorithm algorithm = token::KeyAlgorithm::Rsa2048;
    token::parseAlgorithm(s(m_algorithm), algorithm);
    in.algorithm = algorithm;
    in.finalTryConfirmed = m_finalTryConfirmed;
    in.handEntryApprovedBy = m_handEntryApproval.id;
    in.waiverApprovedBy = m_waiverApproval.id;
    in.usccOverrideApprovedBy = m_usccApproval.id;
    if (!preview && m_totalFen > 0) {
        fees::PaymentInput p;
        p.method = fees::parseMethod(s(m_paymentMethod)).value_or(fees::PaymentMethod::Cash);
        p.amountFen = m_totalFen;
        p.reference = s(m_paymentReference.trimmed());
        in.payments.push_back(p);
    }
    if (!preview && m_invoiceWanted)
        in.invoice = invoiceInput();
    return j;
}

fees::InvoiceInput OperationController::invoiceInput() const {
    fees::InvoiceInput inv;
    const auto v = [this](const char* key) { return s(m_invoice.value(QLatin1String(key)).toString().trimmed()); };
    inv.buyerKind = v("buyerKind").empty() ? "enterprise" : v("buyerKind");
    inv.buyerName = v("buyerName");
    inv.buyerTaxpayerId = v("buyerTaxpayerId");
    inv.addressPhone = v("addressPhone");
    inv.bankAccount = v("bankAccount");
    inv.deliveryEmail = v("deliveryEmail");
    inv.deliveryMobile = v("deliveryMobile");
    return inv;
}

void OperationController::setBusy(bool busy) {
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
    if (!busy && m_pendingRun) {
        // The PIN came while the job that just ended was running: its turn now, once this job's result is in.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (!m_pendingRun)
                    return;
                const PendingRun pending = *m_pendingRun;
                m_pendingRun.reset();
                run(pending.pin, pending.repeat);
            },
            Qt::QueuedConnection);
    }
}

void OperationController::setError(const QString& error) {
    m_errorText = nullptr;
    m_error = error;
    Q_EMIT errorChanged();
}

void OperationController::setLiveError(std::function<QString()> text) {
    m_errorText = std::move(text);
    m_error = m_errorText();
    Q_EMIT errorChanged();
}

namespace {

/// The one line under a refused run, in the operator's language: the reasons of the failed checks (the
/// workflow's own summary is English, for the audit log and countersignctl).
QString refusalSummary(const std::vector<workflow::Check>& checks) {
    std::vector<Phrase> reasons;
    for (const auto& c : checks)
        if (!c.passed)
            reasons.push_back(c.why.empty() ? Phrase::verbatim(c.reason) : c.why);
    const QString why = Phrase::joined(reasons).translated();
    return why.isEmpty()
               ? OperationController::tr("Refused: the papers or the key no longer pass the checks.")
               : OperationController::tr("Refused: %1").arg(why);
}

/// A run that stopped or failed, in the operator's language around the backend's own words.
QString failureText(const JobResult& r) {
    const QString detail = QString::fromStdString(r.message);
    if (r.databaseDown)
        return OperationController::tr("The database cannot be reached: %1").arg(detail);
    if (r.keyRemoved)
        return OperationController::tr("The key was pulled out before the work was done.");
    if (r.kind == JobResult::Kind::Stopped)
        return OperationController::tr("The work on the key stopped: %1").arg(detail);
    return OperationController::tr("The operation failed: %1").arg(detail);
}

} // namespace

void OperationController::resetSteps() {
    m_steps.clear();
    for (const auto& d : stepsOf(m_kind))
        m_steps.append(QVariantMap{{QStringLiteral("id"), QLatin1String(d.id)},
                                   {QStringLiteral("state"), QStringLiteral("pending")}});
    Q_EMIT progressChanged();
}

void OperationController::markRunningStep(const QString& state) {
    // Every step whose end state has been reached is done; the first one after them runs.
    const int rank = stateRank(s(state));
    const auto defs = stepsOf(m_kind);
    bool runningSet = false;
    for (int i = 0; i < m_steps.size(); ++i) {
        QVariantMap step = m_steps[i].toMap();
        const int end = stateRank(defs[static_cast<std::size_t>(i)].endsAt);
        // REPLACE: the revocation is done once the key was initialised or the old key's revocation began.
        QString st;
        if (rank >= end)
            st = QStringLiteral("done");
        else if (!runningSet && m_running) {
            st = QStringLiteral("running");
            runningSet = true;
        } else
            st = QStringLiteral("pending");
        step[QStringLiteral("state")] = st;
        m_steps[i] = step;
    }
    Q_EMIT progressChanged();
}

void OperationController::onStage(const QString& point) {
    // "at:<state>": committed; the next step starts.
    if (point.startsWith(QLatin1String("at:")))
        markRunningStep(point.mid(3));
}

void OperationController::applyChecks(const QVariantList& checks, bool passed) {
    m_checks = checks;
    m_checked = true;
    m_checksPassed = passed;
    Q_EMIT checksChanged();
    Q_EMIT paymentChanged();
}

namespace {

bool chinese() {
    return !g_workstation || g_workstation->language() != QLatin1String("en");
}

} // namespace

template <typename Done>
void OperationController::start(Job job, std::string transaction, Mode mode, Done done) {
    QPointer<OperationController> guard(this);
    const auto stage = [guard](const std::string& point) {
        QMetaObject::invokeMethod(
            qApp,
            [guard, p = q(point)] {
                if (guard)
                    guard->onStage(p);
            },
            Qt::QueuedConnection);
    };
    const long long counterId = job.counterId;
    // The transaction resumed or given up, once known on the token thread: a failure names it.
    auto resolved = std::make_shared<std::string>(transaction);
    g_station->run<workflow::Outcome>(
        this, counterId, stage,
        [job = std::move(job), resolved, mode, pin = m_pin](counter::Counter& counter) {
            Secret none;
            const Secret& p = pin ? *pin : none;
            // Stopped before the workflow told its number (the database or the CA went away): the one
            // unfinished transaction this counter started last.
            if (mode != Mode::Run && resolved->empty())
                *resolved = counter.lastUnfinished();
            if (mode == Mode::Resume)
                return counter.resume(*resolved, p);
            if (mode == Mode::Cancel)
                return counter.cancel(*resolved, "given up at the counter", job.refundApprovedBy,
                                      job.input.operatorId);
            return counter.run(job.input, p);
        },
        [this, done, resolved](const JobResult& out) {
            setBusy(false);
            JobResult r = out;
            if (r.writerError) {
                r.message = r.text(chinese());
            } else if (r.kind != JobResult::Kind::Stopped) {
                r.transactionNumber = *resolved;
            }
            done(r);
        });
}

namespace {

/// Why nothing can start now, or empty.
QString notReady() {
    if (!g_workstation || !g_station)
        return OperationController::tr("This counter has no key writer configured.");
    if (!g_workstation->ready())
        return OperationController::tr("This counter is not ready: %1").arg(g_workstation->setupDetail());
    if (g_workstation->databaseState() == Workstation::DatabaseState::Down)
        return OperationController::tr("The database cannot be reached. Nothing was changed; retry once the "
                                       "status bar shows it connected.");
    return {};
}

} // namespace

void OperationController::check() {
    if (m_busy || m_running)
        return;
    if (const QString why = notReady(); !why.isEmpty()) {
        setError(why);
        return;
    }
    setError({});
    setBusy(true);
    start(makeJob(true), {}, Mode::Run, [this](const JobResult& r) {
        switch (r.kind) {
        case JobResult::Kind::Done: {
            const auto& o = *r.value;
            m_company = q(o.company);
            m_uscc = q(o.uscc);
            m_agentName = q(o.agentName);
            m_agentIdNo = q(o.agentIdNo);
            if (m_keySerial.isEmpty())
                m_resultKeySerial = q(o.keySerial);
            m_feeLines.clear();
            for (const auto& line : o.feeLines)
                m_feeLines.append(QVariantMap{{QStringLiteral("description"), q(line.description)},
                                              {QStringLiteral("amountFen"), line.amountFen},
                                              {QStringLiteral("amount"), yuan(line.amountFen)},
                                              {QStringLiteral("waiver"), !line.waiverReason.empty()}});
            m_totalFen = o.totalFen;
            if (!m_invoiceWanted || m_invoice.isEmpty())
                m_invoice = QVariantMap{{QStringLiteral("buyerKind"), QStringLiteral("enterprise")},
                                        {QStringLiteral("buyerName"), m_company},
                                        {QStringLiteral("buyerTaxpayerId"), m_uscc}};
            applyChecks(checksList(o.checks), true);
            Q_EMIT checkDone(true);
            return;
        }
        case JobResult::Kind::Refused:
            applyChecks(checksList(r.checks), false);
            Q_EMIT checkDone(false);
            return;
        default:
            setLiveError([message = q(r.message), down = r.databaseDown] {
                return down ? tr("The database cannot be reached: %1").arg(message)
                            : tr("The papers could not be checked: %1").arg(message);
            });
            Q_EMIT checkDone(false);
            return;
        }
    });
}

void OperationController::approve(const QString& what, const QString& username, const QString& password) {
    Approval* target = what == QLatin1String("hand_entry")      ? &m_handEntryApproval
                       : what == QLatin1String("waiver")        ? &m_waiverApproval
                       : what == QLatin1String("refund")        ? &m_refundApproval
                       : what == QLatin1String("uscc_override") ? &m_usccApproval
                                                                : nullptr;
    if (!target || m_busy)
        return;
    if (const QString why = notReady(); !why.isEmpty()) {
        Q_EMIT approvalFailed(what, why);
        return;
    }
    if (username.trimmed().isEmpty() || password.isEmpty()) {
        Q_EMIT approvalFailed(what, tr("The supervisor enters their username and password."));
        return;
    }
    auto secret = secretOf(password);
    const auth::LoginPolicy policy = g_workstation->loginPolicy();
    const long long counter = g_workstation->counterId();
    const long long requestedBy = g_session ? g_session->staffId() : 0;
    const std::string name = s(username.trimmed());
    setBusy(true);
    struct Granted {
        long long id = 0;
        std::string name;
        std::string refused;
    };
    g_workstation->database()->run<Granted>(
        this,
        [policy, counter, requestedBy, name, secret](pqxx::connection& conn) {
            Granted g;
            try {
                approvals::SupervisorCredentials credentials{name, Secret(secret->view())};
                secret->wipe();
                const auto staff =
                    approvals::verifySupervisor(conn, policy, counter, requestedBy, credentials);
                g.id = staff.id;
                g.name = staff.displayName.empty() ? staff.username : staff.displayName;
            } catch (const approvals::ApprovalRefused& e) {
                g.refused = e.what();
            }
            return g;
        },
        [this, what, target](const db::DbOutcome<Granted>& out) {
            setBusy(false);
            if (!out.ok()) {
                Q_EMIT approvalFailed(what, tr("The approval could not be checked: %1").arg(q(out.error)));
                return;
            }
            if (!out.value->refused.empty()) {
                Q_EMIT approvalFailed(what, tr("The approval was refused: %1").arg(q(out.value->refused)));
                return;
            }
            target->id = out.value->id;
            target->name = q(out.value->name);
            Q_EMIT approvalsChanged();
            if (what != QLatin1String("refund")) {
                // The papers the approval covers are checked again with it.
                m_checked = false;
                m_checksPassed = false;
                Q_EMIT checksChanged();
            }
            Q_EMIT approved(what, target->name);
        });
}

void OperationController::run(PinEntry* pin, PinEntry* repeat) {
    if (m_running || m_finished)
        return;
    if (m_busy) {
        // Not dropped: the agent typed it and pressed OK; it starts when the running job is done.
        m_pendingRun = PendingRun{pin, repeat};
        return;
    }
    if (const QString why = notReady(); !why.isEmpty()) {
        setError(why);
        return;
    }
    if (!m_checksPassed) {
        setError(tr("Check the papers first."));
        return;
    }
    if (const QString problem = paymentProblem(); !problem.isEmpty()) {
        setError(problem);
        return;
    }
    const bool newPin = m_kind != QLatin1String("RENEW") && m_kind != QLatin1String("UPGRADE");
    if (!pin || pin->length() == 0 || (newPin && (!pin->acceptable() || !repeat || !repeat->acceptable()))) {
        setError(newPin ? tr("The agent types the new PIN twice.") : tr("The agent types the key's PIN."));
        return;
    }
    if (m_pin)
        m_pin->wipe();
    m_pin = std::make_shared<Secret>(pin->takeSecret());
    if (repeat)
        repeat->clear();
    setError({});
    m_running = true;
    m_paused = false;
    m_keyRemoved = false;
    markRunningStep(QStringLiteral("papers_checked"));
    setBusy(true);
    start(makeJob(false), {}, Mode::Run, [this](const JobResult& r) { finishRun(r); });
}

void OperationController::resume() {
    if (m_busy || !m_paused)
        return;
    if (const QString why = notReady(); !why.isEmpty()) {
        setError(why);
        return;
    }
    setError({});
    m_running = true;
    m_paused = false;
    Q_EMIT progressChanged();
    setBusy(true);
    // Resume mode: an empty number means "the one this counter started last".
    start(makeJob(false), s(m_transactionNumber), Mode::Resume, [this](const JobResult& r) { finishRun(r); });
}

void OperationController::cancelTransaction() {
    if (m_busy || !m_paused)
        return;
    if (m_totalFen > 0 && !m_refundApproval.id) {
        setError(tr("Giving up refunds the fee, which needs a supervisor's approval."));
        return;
    }
    setError({});
    setBusy(true);
    start(makeJob(false), s(m_transactionNumber), Mode::Cancel, [this](const JobResult& r) {
        if (r.kind == JobResult::Kind::Done) {
            m_paused = false;
            m_cancelled = true;
            m_transactionNumber = q(r.value->transactionNumber);
            if (m_pin)
                m_pin->wipe();
            m_pin.reset();
            Q_EMIT progressChanged();
            return;
        }
        setLiveError([message = q(r.message), down = r.databaseDown] {
            return down ? tr("The database cannot be reached: %1").arg(message)
                        : tr("The transaction could not be given up: %1").arg(message);
        });
    });
}

void OperationController::finishRun(const JobResult& r) {
    m_running = false;
    switch (r.kind) {
    case JobResult::Kind::Done: {
        const auto& o = *r.value;
        m_transactionNumber = q(o.transactionNumber);
        m_receiptNumber = q(o.receiptNumber);
        m_receiptQr = q(o.receiptQr);
        m_certificateSerial = q(o.certificateSerial);
        m_notAfter = q(o.notAfter);
        m_resultKeySerial = q(o.keySerial);
        if (o.state == "completed") {
            m_finished = true;
            markRunningStep(QStringLiteral("completed"));
            if (m_pin)
                m_pin->wipe();
            m_pin.reset();
            Q_EMIT completed();
        } else {
            m_paused = true;
            setError(tr("The transaction stopped at %1.").arg(q(o.state)));
            Q_EMIT progressChanged();
        }
        return;
    }
    case JobResult::Kind::Refused:
        // Refused before anything changed (a wrong PIN, or the papers no longer pass): back to the checks.
        if (m_pin)
            m_pin->wipe();
        m_pin.reset();
        resetSteps();
        applyChecks(checksList(r.checks), false);
        setLiveError([checks = r.checks] { return refusalSummary(checks); });
        Q_EMIT stopped(m_error);
        return;
    case JobResult::Kind::Stopped:
    case JobResult::Kind::Error: {
        if (!r.transactionNumber.empty())
            m_transactionNumber = q(r.transactionNumber);
        // Stopped half way: the transaction keeps its state and goes on once the key is back, or is given up.
        // A failure before the transaction was opened leaves nothing to resume.
        bool opened = false;
        for (const auto& st : m_steps)
            opened = opened || st.toMap().value(QStringLiteral("state")) != QLatin1String("pending");
        m_paused = opened || !m_transactionNumber.isEmpty();
        m_keyRemoved = r.keyRemoved;
        for (int i = 0; i < m_steps.size(); ++i) {
            QVariantMap step = m_steps[i].toMap();
            if (step.value(QStringLiteral("state")) == QLatin1String("running")) {
                step[QStringLiteral("state")] = QStringLiteral("failed");
                m_steps[i] = step;
            }
        }
        if (!m_paused) {
            if (m_pin)
                m_pin->wipe();
            m_pin.reset();
        }
        setLiveError([r] { return failureText(r); });
        Q_EMIT progressChanged();
        Q_EMIT stopped(m_error);
        return;
    }
    }
}

void OperationController::reset() {
    if (m_busy || m_running || m_paused)
        return;
    if (m_pin)
        m_pin->wipe();
    m_pin.reset();
    m_pendingRun.reset();
    m_letterText.clear();
    m_handEntered.clear();
    m_authorization.clear();
    m_damaged = m_waiverAttested = m_finalTryConfirmed = false;
    m_keySerial.clear();
    m_oldKeySerial.clear();
    m_handEntryApproval = m_waiverApproval = m_refundApproval = m_usccApproval = Approval{};
    m_checked = m_checksPassed = false;
    m_checks.clear();
    m_company.clear();
    m_uscc.clear();
    m_agentName.clear();
    m_agentIdNo.clear();
    m_feeLines.clear();
    m_totalFen = 0;
    m_paymentMethod = QStringLiteral("cash");
    m_paymentReference.clear();
    m_invoiceWanted = false;
    m_invoice.clear();
    m_finished = m_cancelled = m_paused = m_keyRemoved = false;
    m_transactionNumber.clear();
    m_receiptNumber.clear();
    m_receiptQr.clear();
    m_certificateSerial.clear();
    m_notAfter.clear();
    m_resultKeySerial.clear();
    setError({});
    resetSteps();
    Q_EMIT papersChanged();
    Q_EMIT approvalsChanged();
    Q_EMIT checksChanged();
    Q_EMIT paymentChanged();
}

} // namespace countersign::qml
