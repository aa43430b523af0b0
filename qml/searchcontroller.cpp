#include "qml/searchcontroller.h"

#include <QJsonDocument>

#include "backend/counter/desk.h"
#include "backend/money.h"
#include "qml/scancontroller.h"
#include "qml/secrettext.h"

namespace countersign::qml {

namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

// In the order of SearchResultsModel's role enum.
const ListModel::Columns<db::SearchRow> kResults = {
    {"number", [](const db::SearchRow& r) { return QVariant(qs(r.number)); }},
    {"operation", [](const db::SearchRow& r) { return QVariant(qs(r.operation)); }},
    {"txState", [](const db::SearchRow& r) { return QVariant(qs(r.state)); }},
    {"startedAt", [](const db::SearchRow& r) { return QVariant(qs(r.startedAt)); }},
    {"counter", [](const db::SearchRow& r) { return QVariant(qs(r.counterCode)); }},
    {"operatorName", [](const db::SearchRow& r) { return QVariant(qs(r.operatorName)); }},
    {"company", [](const db::SearchRow& r) { return QVariant(qs(r.companyName)); }},
    {"uscc", [](const db::SearchRow& r) { return QVariant(qs(r.uscc)); }},
    {"agent", [](const db::SearchRow& r) { return QVariant(qs(r.agentName)); }},
    {"agentId", [](const db::SearchRow& r) { return QVariant(qs(r.agentIdMasked)); }},
    {"keySerial", [](const db::SearchRow& r) { return QVariant(qs(r.keySerial)); }},
    {"receipt", [](const db::SearchRow& r) { return QVariant(qs(r.receiptNumber)); }},
    {"voided", [](const db::SearchRow& r) { return QVariant(r.receiptVoided); }},
    {"totalFen", [](const db::SearchRow& r) { return QVariant(r.totalFen); }},
    {"refundedFen", [](const db::SearchRow& r) { return QVariant(r.refundedFen); }},
};

} // namespace

SearchResultsModel::SearchResultsModel(QObject* parent)
    : ListModel(kResults, parent) {}

void SearchResultsModel::setRows(std::vector<db::SearchRow> rows) {
    show(std::move(rows), kResults);
}

/// A job of the person logged in: the database scopes what they see by their session.
template <typename R, typename Job, typename Done> void SearchController::runAsPerson(Job job, Done done) {
    if (!session() || !session()->loggedIn()) {
        fail(tr("This counter is not ready."));
        return;
    }
    const auth::SessionToken token = session()->token();
    runJob<R>([job, token](counter::Desk& desk, long long) { return job(desk, token); }, done);
}

void SearchController::fail(const QString& text) {
    m_error = text;
    m_message.clear();
    Q_EMIT changed();
}

void SearchController::search(const QVariantMap& filter) {
    db::SearchFilter f;
    const auto take = [&filter](const char* key) {
        return filter.value(QLatin1String(key)).toString().trimmed().toStdString();
    };
    f.number = take("number");
    f.receipt = take("receipt");
    f.company = take("company");
    f.uscc = take("uscc");
    f.keySerial = take("key_serial");
    f.certSerial = take("cert_serial");
    f.agentId = take("agent_id");
    f.from = take("from");
    f.to = take("to");
    f.state = take("state");
    f.operation = take("operation");
    runAsPerson<std::vector<db::SearchRow>>(
        [f](counter::Desk& desk, const auth::SessionToken& token) {
            return desk.searchTransactions(token, f, 100, 0);
        },
        [this](const std::vector<db::SearchRow>& rows) {
            m_searched = true;
            m_message = rows.empty() ? tr("No transaction matches.")
                                     : tr("%n transaction(s) found.", "", int(rows.size()));
            m_results.setRows(rows);
        });
}

void SearchController::open(const QString& number) {
    const std::string n = number.toStdString();
    runAsPerson<std::string>(
        [n](counter::Desk& desk, const auth::SessionToken& token) {
            return desk.transactionDetail(token, n);
        },
        [this](const std::string& json) {
            m_detail = QJsonDocument::fromJson(QByteArray::fromStdString(json)).toVariant().toMap();
            m_scans.clear();
            m_approver.reset();
            m_approvedBy.clear();
            Q_EMIT detailChanged();
        });
}

void SearchController::closeDetail() {
    m_detail.clear();
    m_scans.clear();
    m_approver.reset();
    m_approvedBy.clear();
    Q_EMIT detailChanged();
    Q_EMIT changed();
}

void SearchController::revealAgent() {
    const std::string n = m_detail.value(QStringLiteral("number")).toString().toStdString();
    if (n.empty())
        return;
    runAsPerson<db::TransactionSearch::Agent>(
        [n](counter::Desk& desk, const auth::SessionToken& token) { return desk.revealAgent(token, n); },
        [this](const db::TransactionSearch::Agent& a) {
            auto agent = m_detail.value(QStringLiteral("agent")).toMap();
            agent.insert(QStringLiteral("id_masked"), qs(a.idNumber));
            agent.insert(QStringLiteral("mobile_masked"), qs(a.mobile));
            agent.insert(QStringLiteral("revealed"), true);
            m_detail.insert(QStringLiteral("agent"), agent);
            Q_EMIT detailChanged();
        });
}

void SearchController::openEvidence(int evidenceId) {
    runAsPerson<db::TransactionSearch::Evidence>(
        [evidenceId](counter::Desk& desk, const auth::SessionToken& token) {
            // Opened (audited "evidence.opened") and scaled to a thumbnail here, off the GUI thread: the
            // screen gets a small PNG, not the scan's megabytes (issue 22, scans).
            auto e = desk.openEvidence(token, evidenceId);
            const QString thumbnail = ScanController::thumbnailOf(e.bytes);
            e.bytes = thumbnail.toStdString();
            return e;
        },
        [this, evidenceId](const db::TransactionSearch::Evidence& e) {
            // An empty thumbnail (a scan retention emptied, or not an image): opened, nothing to show.
            m_scans.insert(QString::number(evidenceId), qs(e.bytes));
            Q_EMIT detailChanged();
        });
}

void SearchController::approve(const QString& what, const QString& username, const QString& password) {
    if (username.trimmed().isEmpty() || password.isEmpty()) {
        Q_EMIT approvalFailed(what, tr("The supervisor enters their username and password."));
        return;
    }
    Workstation* w = workstation();
    if (!w || !w->ready() || !session() || !session()->loggedIn()) {
        Q_EMIT approvalFailed(what, tr("This counter is not ready."));
        return;
    }
    auto secret = secretOf(password);
    const auth::SessionToken requester = session()->token();
    const std::string name = username.trimmed().toStdString();
    jobStarted();
    w->database()->run<counter::SupervisorCheck>(
        this,
        [requester, name, secret](counter::Desk& desk) {
            auto check = desk.verifySupervisor(requester, name, *secret);
            secret->wipe();
            return check;
        },
        [this, what](const counter::Outcome<counter::SupervisorCheck>& out) {
            jobFinished();
            if (!out.ok()) {
                Q_EMIT approvalFailed(
                    what, tr("The approval could not be checked: %1").arg(QString::fromStdString(out.error)));
                return;
            }
            if (!out.value->supervisor) {
                Q_EMIT approvalFailed(
                    what, tr("The approval was refused: %1").arg(QString::fromStdString(out.value->refused)));
                return;
            }
            m_approver = out.value->supervisor;
            m_approvalKind = what;
            const auto& staff = m_approver->staff;
            m_approvedBy = qs(staff.displayName.empty() ? staff.username : staff.displayName);
            Q_EMIT changed();
            Q_EMIT approved(what, m_approvedBy);
        });
}

void SearchController::voidReceipt(const QString& reason) {
    pastAction(QStringLiteral("void"), reason);
}

void SearchController::refund(const QString& reason) {
    pastAction(QStringLiteral("refund"), reason);
}

void SearchController::pastAction(const QString& kind, const QString& reason) {
    if (reason.trimmed().isEmpty())
        return fail(tr("Give the reason."));
    if (!m_approver || m_approvalKind != kind)
        return fail(tr("This needs a supervisor's approval."));
    const std::string number = m_detail.value(QStringLiteral("number")).toString().toStdString();
    std::string receipt;
    for (const auto& v : m_detail.value(QStringLiteral("receipts")).toList()) {
        const auto r = v.toMap();
        if (!r.value(QStringLiteral("voided")).toBool())
            receipt = r.value(QStringLiteral("number")).toString().toStdString();
    }
    if (kind == QLatin1String("void") && receipt.empty())
        return fail(tr("This transaction has no valid receipt to void."));
    const approvals::Approver supervisor = *m_approver;
    m_approver.reset();
    m_approvedBy.clear();
    const long long counterId = workstation() ? workstation()->counterId() : 0;
    const long long operatorId = session() ? session()->staff().id : 0;
    const std::string why = reason.trimmed().toStdString();
    const bool isVoid = kind == QLatin1String("void");
    struct Done {
        receipts::PastAction action;
        std::string detail; ///< the transaction read again: its receipt now void, its refunds
    };
    runAsPerson<Done>(
        [=](counter::Desk& desk, const auth::SessionToken& token) {
            Done d;
            d.action = isVoid ? desk.voidReceipt(counterId, operatorId, token, receipt, why, supervisor)
                              : desk.refundTransaction(counterId, operatorId, token, number, why, supervisor);
            d.detail = desk.transactionDetail(token, number);
            return d;
        },
        [this, kind, isVoid](const Done& d) {
            const QString amount = qs(yuan(d.action.totalFen));
            m_message =
                isVoid ? tr("Receipt voided; %1 refunded.").arg(amount) : tr("%1 refunded.").arg(amount);
            m_detail = QJsonDocument::fromJson(QByteArray::fromStdString(d.detail)).toVariant().toMap();
            Q_EMIT detailChanged();
            Q_EMIT done(kind);
        });
}

} // namespace countersign::qml
