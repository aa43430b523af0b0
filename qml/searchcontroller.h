#pragma once

#include <optional>
#include <vector>

#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "backend/approvals/approver.h"
#include "backend/counter/desk.h"
#include "qml/listmodel.h"
#include "qml/officecontroller.h"

namespace countersign::qml {

/// The transactions a search found, newest first.
class SearchResultsModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role {
        NumberRole = Qt::UserRole + 1,
        OperationRole,
        StateRole,
        StartedAtRole,
        CounterRole,
        OperatorRole,
        CompanyRole,
        UsccRole,
        AgentRole,
        AgentIdRole,
        KeySerialRole,
        ReceiptRole,
        VoidedRole,
        TotalFenRole,
        RefundedFenRole,
    };
    Q_ENUM(Role)
    explicit SearchResultsModel(QObject* parent = nullptr);
    void setRows(std::vector<db::SearchRow> rows);
};

/// The counter's past on screen (SearchPage.qml, TransactionDetail.qml): search by any key, one transaction's
/// detail, a scan opened or the agent's number shown (a supervisor's act, audited by the database), a
/// receipt voided with its fee refunded, a completed transaction refunded — each with a supervisor's
/// approval asked through ApprovalDialog (approve(), approved(), approvalFailed(), as OperationController).
/// Every query runs on the database thread (counter::Desk); the database decides what the person logged in
/// may see.
class SearchController : public countersign::qml::OfficeController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(countersign::qml::SearchResultsModel* results READ results CONSTANT)
    Q_PROPERTY(bool searched READ searched NOTIFY changed)
    Q_PROPERTY(QVariantMap detail READ detail NOTIFY detailChanged)
    Q_PROPERTY(QVariantMap scans READ scans NOTIFY detailChanged)
    Q_PROPERTY(QString approvedBy READ approvedBy NOTIFY changed)

public:
    explicit SearchController(QObject* parent = nullptr)
        : OfficeController(parent, StartClears::ErrorAndMessage) {}

    SearchResultsModel* results() { return &m_results; }
    bool searched() const { return m_searched; }
    /// The open transaction's detail (transaction_detail's JSON as a map); empty when none is open.
    QVariantMap detail() const { return m_detail; }
    /// Evidence scans a supervisor opened: id (as text) -> data URL of the image.
    QVariantMap scans() const { return m_scans; }
    /// The supervisor whose approval waits for the void or refund it was asked for.
    QString approvedBy() const { return m_approvedBy; }

public Q_SLOTS:
    /// Keys: number, receipt, company, uscc, key_serial, cert_serial, agent_id, from, to, state, operation.
    void search(const QVariantMap& filter);
    /// Opens transaction `number`'s detail.
    void open(const QString& number);
    void closeDetail();
    /// A supervisor shows the agent's whole ID number and mobile (audited).
    void revealAgent();
    /// A supervisor opens an evidence scan (audited); its image appears in `scans`.
    void openEvidence(int evidenceId);
    /// A supervisor's approval for "void" or "refund" (ApprovalDialog).
    void approve(const QString& what, const QString& username, const QString& password);
    /// Voids the open transaction's valid receipt for `reason` and refunds its fee, with the approval given.
    void voidReceipt(const QString& reason);
    /// Refunds what is unrefunded of the open transaction, with the approval given.
    void refund(const QString& reason);

Q_SIGNALS:
    void detailChanged();
    void approved(const QString& kind, const QString& supervisor);
    void approvalFailed(const QString& kind, const QString& reason);
    /// A void or refund was done.
    void done(const QString& kind);

private:
    template <typename R, typename Job, typename Done> void runAsPerson(Job job, Done done);
    void pastAction(const QString& kind, const QString& reason);
    void fail(const QString& text);

    bool m_searched = false;
    QString m_approvedBy, m_approvalKind;
    QVariantMap m_detail, m_scans;
    std::optional<approvals::Approver> m_approver;
    SearchResultsModel m_results{this};
};

} // namespace countersign::qml
