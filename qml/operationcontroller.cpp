#include "qml/operationcontroller.h"

#include <QCoreApplication>

#include "backend/counter/desk.h"
#include "backend/counter/station.h"
#include "backend/fees/fees.h"
#include "backend/operation.h"
#include "qml/pinentry.h"
#include "qml/registration.h"
#include "qml/secrettext.h"
#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

namespace {

std::string s(const QString& text) {
    return text.toStdString();
}

/// The text a form put under `key`, trimmed.
std::string field(const QVariantMap& form, const char* key) {
    return s(form.value(QLatin1String(key)).toString().trimmed());
}

Date dateOf(const QVariant& value) {
    return Date::parse(value.toString().trimmed().toStdString()).value_or(Date{});
}

/// The steps the screens show for `kind`, from the backend's list.
std::vector<OperationStep> stepsOf(const QString& kind) {
    return operationSteps(parseOperation(kind.toStdString()).value_or(Operation::New));
}

} // namespace

OperationController::OperationController(QObject* parent)
    : QObject(parent)
    , m_stepProgress(new StepProgress(this))
    , m_scans(new ScanController(this)) {
    resetSteps();
    // scans: a scan attached, replaced or removed makes the checks made before stale, like any paper.
    connect(m_scans, &ScanController::scansEdited, this, [this] {
        if (!m_checked && !m_checksPassed)
            return;
        m_checked = m_checksPassed = false;
        Q_EMIT checksChanged();
    });
}

// scans: what [scanner] required_scans_<kind> asks of this operation, and the folder they come from.
void OperationController::setRequiredScans() {
    if (!m_workstation)
        return;
    const auto& required = m_workstation->config().requiredScans;
    const auto r = required.find(s(m_kind));
    m_scans->setRequired(r == required.end() ? std::vector<std::string>{} : r->second);
    m_scans->setFolder(m_workstation->scannerFolder());
}

void OperationController::componentComplete() {
    m_workstation = singletonOf<Workstation>(this, "Workstation");
    m_session = singletonOf<Session>(this, "Session");
    const Writer* writer = singletonOf<Writer>(this, "Writer");
    m_station = writer ? writer->station() : nullptr;
    setRequiredScans();
    if (m_workstation) {
        connect(m_workstation, &Workstation::languageChanged, this, [this] {
            if (m_errorText) {
                m_error = m_errorText();
                Q_EMIT errorChanged();
            }
        });
    }
    if (m_station) {
        // A pulled key that comes back lets the stopped operation go on; the operator continues it.
        connect(m_station, &counter::Station::keyInserted, this, [this] {
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
    setRequiredScans();
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
COUNTERSIGN_PAYMENT_SETTER(setInvoiceWanted, m_invoiceWanted, bool)
COUNTERSIGN_PAYMENT_SETTER(setInvoice, m_invoice, const QVariantMap&)
#undef COUNTERSIGN_PAYMENT_SETTER

QString OperationController::birthDate() const {
    return m_agentIdNo.size() == 18 ? m_agentIdNo.mid(6, 8) : QString();
}

QString OperationController::paymentProblem() const {
    if (!m_checksPassed)
        return tr("Check the papers first.");
    if (const QString problem = paymentLinesProblem(); !problem.isEmpty())
        return problem;
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
    j.counterId = m_workstation->counterId();
    j.refundApprovedBy = m_refundApproval.id;
    counter::OperationInput& in = j.input;
    in.operation = parseOperation(s(m_kind)).value_or(Operation::New);
    in.operatorId = m_session ? m_session->staffId() : 0;
    in.operatorSession = m_session ? m_session->token() : auth::SessionToken{};
    in.preview = preview;
    in.letterText = s(m_letterText.trimmed());
    if (!m_handEntered.isEmpty()) {
        papers::AssistanceLetter l;
        const auto f = [this](const char* key) { return field(m_handEntered, key); };
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
    const auto a = [this](const char* key) { return field(m_authorization, key); };
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
    in.evidence = m_scans->evidence(); // scans
    in.idCardNo = s(m_idCardNo.trimmed());
    if (!preview)
        in.payments = paymentInputs();
    if (!preview && m_invoiceWanted)
        in.invoice = invoiceInput();
    return j;
}

fees::InvoiceInput OperationController::invoiceInput() const {
    return invoiceInputOf(m_invoice);
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
    QString runningStep;
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
            runningStep = QLatin1String(defs[static_cast<std::size_t>(i)].id);
        } else
            st = QStringLiteral("pending");
        step[QStringLiteral("state")] = st;
        m_steps[i] = step;
    }
    m_stepProgress->setStep(runningStep);
    Q_EMIT progressChanged();
}

void OperationController::readEstimates() {
    if (!m_station || !m_workstation || !m_workstation->database())
        return;
    // The key worked on: by serial, or the blank key in the writer (a blank SoftHSM2 key has no serial yet).
    const std::string serial = s(m_keySerial);
    std::string model;
    for (const auto& k : m_station->keys())
        if (serial.empty() ? k.blank() : k.serial == serial) {
            model = k.model;
            break;
        }
    m_workstation->database()->run<std::vector<db::StepEstimate>>(
        this, [serial, model](counter::Desk& desk) { return desk.keyStepEstimates(serial, model); },
        [this, model](const counter::Outcome<std::vector<db::StepEstimate>>& out) {
            // Not read (the database is away): no estimate, said as such, rather than a made-up one.
            std::vector<StepProgress::Estimate> estimates;
            if (out.ok())
                for (const auto& e : *out.value)
                    estimates.push_back({QString::fromStdString(e.step), e.runs, e.medianMs});
            m_stepProgress->setEstimates(QString::fromStdString(model), std::move(estimates));
        });
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

bool OperationController::chinese() const {
    return !m_workstation || m_workstation->language() != QLatin1String("en");
}

void OperationController::reset() {
    if (m_busy || m_running || m_paused)
        return;
    if (m_pin)
        m_pin->wipe();
    m_pin.reset();
    m_pendingRun.reset();
    m_letterText.clear();
    m_idCardNo.clear();
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
    m_keyAlgorithm.clear();
    setDecision(nullptr);
    m_feeLines.clear();
    m_totalFen = 0;
    m_payments.clear();
    m_invoiceWanted = false;
    m_invoice.clear();
    m_finished = m_cancelled = m_paused = m_keyRemoved = false;
    m_stepProgress->clear();
    m_transactionNumber.clear();
    m_receiptNumber.clear();
    m_receiptQr.clear();
    m_certificateSerial.clear();
    m_notAfter.clear();
    m_resultKeySerial.clear();
    m_scans->clear();
    setError({});
    resetSteps();
    Q_EMIT papersChanged();
    Q_EMIT approvalsChanged();
    Q_EMIT checksChanged();
    Q_EMIT paymentChanged();
}

} // namespace countersign::qml
