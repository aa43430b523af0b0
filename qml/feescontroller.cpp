#include "qml/feescontroller.h"

#include "backend/counter/database.h"
#include "backend/counter/desk.h"
#include "backend/money.h"
#include "qml/secrettext.h"

namespace countersign::qml {

namespace {

QVariantMap rulesMap(const fees::NewScheduleVersion& v) {
    QVariantList rules;
    for (const auto& r : v.rules)
        rules.append(
            QVariantMap{{QStringLiteral("operation"), QString::fromStdString(r.operation)},
                        {QStringLiteral("condition"), QString::fromStdString(r.condition)},
                        {QStringLiteral("amount"), QString::fromStdString(countersign::yuan(r.amountFen))},
                        {QStringLiteral("description"), QString::fromStdString(r.description)}});
    return QVariantMap{{QStringLiteral("code"), QString::fromStdString(v.code)},
                       {QStringLiteral("name"), QString::fromStdString(v.name)},
                       {QStringLiteral("validFrom"), QString::fromStdString(v.validFrom)},
                       {QStringLiteral("rules"), rules}};
}

} // namespace

void FeesController::load() {
    const std::string configured =
        workstation() ? workstation()->config().feeSchedule.toStdString() : std::string();
    runJob<std::vector<fees::FeeScheduleVersion>>(
        [configured](counter::Desk& desk, long long counter) {
            return desk.feeScheduleVersions(counter, configured);
        },
        [this](const std::vector<fees::FeeScheduleVersion>& list) {
            m_versions.clear();
            for (const auto& v : list)
                m_versions.append(
                    QVariantMap{{QStringLiteral("code"), QString::fromStdString(v.code)},
                                {QStringLiteral("version"), v.version},
                                {QStringLiteral("name"), QString::fromStdString(v.name)},
                                {QStringLiteral("validFrom"), QString::fromStdString(v.validFrom)},
                                {QStringLiteral("validTo"), QString::fromStdString(v.validTo)},
                                {QStringLiteral("status"), QString::fromStdString(v.status)},
                                {QStringLiteral("inForceHere"), v.inForceHere},
                                {QStringLiteral("createdBy"), QString::fromStdString(v.createdBy)},
                                {QStringLiteral("approvedBy"), QString::fromStdString(v.approvedBy)}});
        });
}

void FeesController::showVersion(const QString& code, int version) {
    const std::string c = code.toStdString();
    runJob<fees::NewScheduleVersion>(
        [c, version](counter::Desk& desk, long long) { return desk.feeScheduleVersion(c, version); },
        [this, version](const fees::NewScheduleVersion& v) {
            m_shown = rulesMap(v);
            m_shown.insert(QStringLiteral("version"), version);
        });
}

void FeesController::startDraft(const QString& code) {
    if (!session() || !session()->isAdmin()) {
        m_error = tr("Only an admin adds a fee schedule version.");
        Q_EMIT changed();
        return;
    }
    const std::string c = code.toStdString();
    m_message.clear();
    runJob<fees::NewScheduleVersion>([c](counter::Desk& desk, long long) { return desk.feeScheduleDraft(c); },
                                     [this](const fees::NewScheduleVersion& v) { setDraft(v); });
}

void FeesController::setDraft(const fees::NewScheduleVersion& draft) {
    m_draft = draft;
    m_prepared.reset();
    m_draftMap = rulesMap(draft);
    Q_EMIT draftChanged();
}

void FeesController::cancelDraft() {
    m_draft.reset();
    m_prepared.reset();
    m_draftMap.clear();
    m_error.clear();
    Q_EMIT draftChanged();
    Q_EMIT changed();
}

void FeesController::prepare(const QString& name, const QString& validFrom, const QStringList& amounts) {
    m_error.clear();
    m_prepared.reset();
    if (!m_draft) {
        m_error = tr("Start a new version first.");
        Q_EMIT changed();
        return;
    }
    fees::NewScheduleVersion v = *m_draft;
    v.name = name.trimmed().toStdString();
    v.validFrom = validFrom.trimmed().toStdString();
    if (amounts.size() != static_cast<qsizetype>(v.rules.size())) {
        m_error = tr("Every rule needs its amount.");
        Q_EMIT changed();
        return;
    }
    for (std::size_t i = 0; i < v.rules.size(); ++i) {
        const auto money =
            countersign::Money::parse(amounts.at(static_cast<qsizetype>(i)).trimmed().toStdString());
        if (!money) {
            m_error =
                tr("%1 %2: \"%3\" is not an amount in yuan (digits, at most two decimals).")
                    .arg(QString::fromStdString(v.rules[i].operation),
                         QString::fromStdString(v.rules[i].condition), amounts.at(static_cast<qsizetype>(i)));
            Q_EMIT changed();
            return;
        }
        v.rules[i].amountFen = money->fen();
    }
    if (const auto problem = fees::scheduleVersionProblem(v, Date::today())) {
        m_error = QString::fromStdString(*problem);
        Q_EMIT changed();
        return;
    }
    m_prepared = v;
    Q_EMIT changed();
    Q_EMIT approvalNeeded(tr("Fee schedule %1, new version from %2: another admin or a supervisor approves.")
                              .arg(QString::fromStdString(v.code), QString::fromStdString(v.validFrom)));
}

void FeesController::approve(const QString& what, const QString& username, const QString& password) {
    if (busy())
        return;
    if (!m_prepared || !session() || !session()->isAdmin()) {
        Q_EMIT approvalFailed(what, tr("Only an admin adds a fee schedule version."));
        return;
    }
    if (username.trimmed().isEmpty() || password.isEmpty()) {
        Q_EMIT approvalFailed(what, tr("The approver enters their username and password."));
        return;
    }
    auto secret = secretOf(password);
    const auth::SessionToken requester = session()->token();
    const std::string name = username.trimmed().toStdString();
    runJob<counter::SupervisorCheck>(
        [requester, name, secret](counter::Desk& desk, long long) {
            auto check = desk.verifyFeeApprover(requester, name, *secret);
            secret->wipe();
            return check;
        },
        [this, what](const counter::SupervisorCheck& check) {
            if (!check.supervisor) {
                Q_EMIT approvalFailed(what, QString::fromStdString(check.refused));
                return;
            }
            addVersion(*check.supervisor);
        });
    if (!m_error.isEmpty())
        Q_EMIT approvalFailed(what, m_error);
}

void FeesController::addVersion(const approvals::Approver& approver) {
    const fees::NewScheduleVersion v = *m_prepared;
    const auth::StaffIdentity admin = session()->staff();
    const auth::SessionToken token = session()->token();
    const QString approverName = QString::fromStdString(approver.staff.username);
    runJob<counter::BackOfficeChange>(
        [admin, token, approver, v](counter::Desk& desk, long long counter) {
            return desk.addFeeScheduleVersion(counter, admin, token, approver, v, "new fee schedule version");
        },
        [this, v, approverName](const counter::BackOfficeChange& r) {
            if (!r.refused.empty()) {
                m_error = QString::fromStdString(r.refused);
                Q_EMIT approvalFailed(QStringLiteral("fee_schedule"), m_error);
                return;
            }
            m_message = tr("Fee schedule %1 version %2 added: in force from %3, approved by %4.")
                            .arg(QString::fromStdString(v.code))
                            .arg(r.version)
                            .arg(QString::fromStdString(v.validFrom), approverName);
            m_draft.reset();
            m_prepared.reset();
            m_draftMap.clear();
            Q_EMIT draftChanged();
            Q_EMIT approved(QStringLiteral("fee_schedule"), approverName);
            load();
        });
}

} // namespace countersign::qml
