#include "qml/operationcontroller.h"

#include <QCoreApplication>

#include "backend/counter/desk.h"
#include "backend/money.h"
#include "qml/pinentry.h"
#include "qml/secrettext.h"
#include "qml/session.h"
#include "qml/workstation.h"

// The operation's jobs on the token thread (checks, approvals, the run, resuming, giving up) and what their
// results do to the screens. The inputs they take are in operationcontroller.cpp.

namespace countersign::qml {

namespace {

/// [{id, passed, reason, phrase}] for CheckList.qml, which shows the phrase ({template, args}) in the
/// operator's language and the English reason when a check has no phrase.
QVariantList checksList(const std::vector<workflow::Check>& checks) {
    return workflow::checksJson(checks).toVariantList();
}

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

template <typename Done>
void OperationController::start(Job job, std::string transaction, Mode mode, Done done) {
    QPointer<OperationController> guard(this);
    const auto stage = [guard](const std::string& point) {
        QMetaObject::invokeMethod(
            qApp,
            [guard, p = QString::fromStdString(point)] {
                if (guard)
                    guard->onStage(p);
            },
            Qt::QueuedConnection);
    };
    const long long counterId = job.counterId;
    // The transaction resumed or given up, once known on the token thread: a failure names it.
    auto resolved = std::make_shared<std::string>(transaction);
    m_station->run<workflow::Outcome>(
        this, counterId, stage,
        [job = std::move(job), resolved, mode, pin = m_pin](counter::Counter& counter) {
            Secret none;
            const Secret& p = pin ? *pin : none;
            // Stopped before the workflow told its number (the database or the CA went away): the one
            // unfinished transaction this counter started last.
            if (mode != Mode::Run && resolved->empty())
                *resolved = counter.lastUnfinished();
            if (mode == Mode::Resume)
                return counter.resume(*resolved, p, job.input.operatorSession, job.input.finalTryConfirmed);
            if (mode == Mode::Cancel)
                return counter.cancel(*resolved, "given up at the counter", job.refundApprovedBy,
                                      job.input.operatorId, job.input.operatorSession);
            return counter.run(job.input, p);
        },
        [this, done, resolved](const JobResult& out) {
            setBusy(false);
            JobResult r = out;
            // The writer's failure and a refusal by the database are said in the operator's language.
            if (r.writerError || r.refusal)
                r.message = r.text(chinese());
            if (!r.writerError && r.kind != JobResult::Kind::Stopped)
                r.transactionNumber = *resolved;
            done(r);
        });
}

QString OperationController::notReady() const {
    if (!m_workstation || !m_station)
        return OperationController::tr("This counter has no key writer configured.");
    if (!m_workstation->ready())
        return OperationController::tr("This counter is not ready: %1").arg(m_workstation->setupDetail());
    if (m_workstation->databaseState() == Workstation::DatabaseState::Down)
        return OperationController::tr("The database cannot be reached. Nothing was changed; retry once the "
                                       "status bar shows it connected.");
    return {};
}

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
            m_company = QString::fromStdString(o.company);
            m_uscc = QString::fromStdString(o.uscc);
            m_agentName = QString::fromStdString(o.agentName);
            m_agentIdNo = QString::fromStdString(o.agentIdNo);
            m_keyAlgorithm = QString::fromStdString(o.algorithm);
            if (m_keySerial.isEmpty())
                m_resultKeySerial = QString::fromStdString(o.keySerial);
            m_feeLines.clear();
            for (const auto& line : o.feeLines)
                m_feeLines.append(QVariantMap{
                    {QStringLiteral("description"), QString::fromStdString(line.description)},
                    {QStringLiteral("amountFen"), line.amountFen},
                    {QStringLiteral("amount"), QString::fromStdString(countersign::yuan(line.amountFen))},
                    {QStringLiteral("waiver"), !line.waiverReason.empty()}});
            // fees: split payments — the lines entered stay while the amount due stays the same.
            const bool totalChanged = m_totalFen != o.totalFen;
            m_totalFen = o.totalFen;
            if (totalChanged || m_payments.empty())
                resetPayments();
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
            setLiveError([message = QString::fromStdString(r.text(chinese())), down = r.databaseDown] {
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
    const auth::SessionToken requester = m_session ? m_session->token() : auth::SessionToken();
    const std::string name = username.trimmed().toStdString();
    setBusy(true);
    struct Granted {
        std::optional<approvals::Approver> id;
        std::string name;
        std::string refused;
    };
    m_workstation->database()->run<Granted>(
        this,
        [requester, name, secret](counter::Desk& desk) {
            Granted g;
            const counter::SupervisorCheck check = desk.verifySupervisor(requester, name, *secret);
            secret->wipe();
            if (const auto& approver = check.supervisor) {
                g.id = approver;
                const auth::StaffIdentity& staff = approver->staff;
                g.name = staff.displayName.empty() ? staff.username : staff.displayName;
            }
            g.refused = check.refused;
            return g;
        },
        [this, what, target](const counter::Outcome<Granted>& out) {
            setBusy(false);
            if (!out.ok()) {
                Q_EMIT approvalFailed(
                    what, tr("The approval could not be checked: %1").arg(QString::fromStdString(out.error)));
                return;
            }
            if (!out.value->refused.empty()) {
                Q_EMIT approvalFailed(
                    what, tr("The approval was refused: %1").arg(QString::fromStdString(out.value->refused)));
                return;
            }
            target->id = out.value->id;
            target->name = QString::fromStdString(out.value->name);
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
    readEstimates();
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
    // The step that stopped runs again, with its clock from now.
    for (int i = 0; i < m_steps.size(); ++i) {
        QVariantMap step = m_steps[i].toMap();
        if (step.value(QStringLiteral("state")) == QLatin1String("failed")) {
            step[QStringLiteral("state")] = QStringLiteral("running");
            m_steps[i] = step;
            m_stepProgress->setStep(step.value(QStringLiteral("id")).toString());
            break;
        }
    }
    Q_EMIT progressChanged();
    readEstimates();
    setBusy(true);
    // Resume mode: an empty number means "the one this counter started last".
    start(makeJob(false), m_transactionNumber.toStdString(), Mode::Resume,
          [this](const JobResult& r) { finishRun(r); });
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
    start(makeJob(false), m_transactionNumber.toStdString(), Mode::Cancel, [this](const JobResult& r) {
        if (r.kind == JobResult::Kind::Done) {
            m_paused = false;
            m_cancelled = true;
            m_transactionNumber = QString::fromStdString(r.value->transactionNumber);
            if (m_pin)
                m_pin->wipe();
            m_pin.reset();
            Q_EMIT progressChanged();
            return;
        }
        setLiveError([message = QString::fromStdString(r.text(chinese())), down = r.databaseDown] {
            return down ? tr("The database cannot be reached: %1").arg(message)
                        : tr("The transaction could not be given up: %1").arg(message);
        });
    });
}

void OperationController::finishRun(const JobResult& r) {
    m_running = false;
    m_stepProgress->setStep({}); // done, paused or stopped: nothing runs
    switch (r.kind) {
    case JobResult::Kind::Done: {
        const auto& o = *r.value;
        m_transactionNumber = QString::fromStdString(o.transactionNumber);
        m_receiptNumber = QString::fromStdString(o.receiptNumber);
        m_receiptQr = QString::fromStdString(o.receiptQr);
        m_certificateSerial = QString::fromStdString(o.certificateSerial);
        m_notAfter = QString::fromStdString(o.notAfter);
        m_resultKeySerial = QString::fromStdString(o.keySerial);
        if (o.state == "completed") {
            m_finished = true;
            markRunningStep(QStringLiteral("completed"));
            if (m_pin)
                m_pin->wipe();
            m_pin.reset();
            Q_EMIT completed();
        } else {
            m_paused = true;
            setError(tr("The transaction stopped at %1.").arg(QString::fromStdString(o.state)));
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
            m_transactionNumber = QString::fromStdString(r.transactionNumber);
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

} // namespace countersign::qml
