#pragma once

#include <optional>

#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "backend/approvals/approver.h"
#include "backend/fees/schedulevalues.h"
#include "qml/officecontroller.h"

namespace countersign::qml {

/// The admin's fee schedule page (qml/FeesPage.qml): every schedule's versions (in force, future, past), a
/// version's rules, and a new version — the current version's rules copied into a form, amounts and the start
/// changed, then approved by a second person (another admin or a supervisor) through ApprovalDialog and added
/// with that approval. Every query runs on the database thread (counter::Desk).
class FeesController : public countersign::qml::OfficeController {
    Q_OBJECT
    QML_ELEMENT
    /// Rows {code, version, name, validFrom, validTo, status ("in_force", "future", "past"), inForceHere,
    /// createdBy, approvedBy}.
    Q_PROPERTY(QVariantList versions READ versions NOTIFY changed)
    /// The version shown: {code, version, name, validFrom, rules: [{operation, condition, amount,
    /// description}]}.
    Q_PROPERTY(QVariantMap shown READ shown NOTIFY changed)
    /// The new version being written: {code, name, validFrom, rules: [{operation, condition, amount (yuan
    /// text), description}]}; empty when none.
    Q_PROPERTY(QVariantMap draft READ draft NOTIFY draftChanged)

public:
    using OfficeController::OfficeController;

    QVariantList versions() const { return m_versions; }
    QVariantMap shown() const { return m_shown; }
    QVariantMap draft() const { return m_draftMap; }

public Q_SLOTS:
    void load();
    void showVersion(const QString& code, int version);
    /// Copies `code`'s latest version into the form, starting tomorrow at the earliest.
    void startDraft(const QString& code);
    void cancelDraft();
    /// Checks the form (`amounts`: yuan text per rule, in the draft's order; `validFrom` YYYY-MM-DD after
    /// today): approvalNeeded() when it can be approved, else errorText names the field.
    void prepare(const QString& name, const QString& validFrom, const QStringList& amounts);
    /// ApprovalDialog's call: another admin or a supervisor approves the prepared version, which is then
    /// added with that approval; approved() or approvalFailed() follows. `what` is "fee_schedule".
    void approve(const QString& what, const QString& username, const QString& password);

Q_SIGNALS:
    /// A new form (or none): the amounts typed so far are not kept.
    void draftChanged();
    /// The form is complete: ask for the second person.
    void approvalNeeded(const QString& summary);
    void approved(const QString& what, const QString& supervisor);
    void approvalFailed(const QString& what, const QString& reason);

private:
    void setDraft(const fees::NewScheduleVersion& draft);
    void addVersion(const approvals::Approver& approver);

    QVariantList m_versions;
    QVariantMap m_shown, m_draftMap;
    std::optional<fees::NewScheduleVersion> m_draft;    ///< as copied
    std::optional<fees::NewScheduleVersion> m_prepared; ///< as checked, what is approved
};

} // namespace countersign::qml
