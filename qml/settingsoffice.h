#pragma once

#include <vector>

#include <QPointer>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "backend/doctor/doctor.h"
#include "qml/countercontroller.h"
#include "qml/listmodel.h"

namespace countersign::qml {

class Writer;

/// `countersignctl doctor`'s checks as the settings page lists them: name, verdict (ok, warn, fail), detail.
class DoctorChecksModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role { NameRole = Qt::UserRole + 1, VerdictRole, DetailRole };
    Q_ENUM(Role)
    explicit DoctorChecksModel(QObject* parent = nullptr);
    void setRows(std::vector<doctor::CheckResult> rows);
};

/// The admin's settings page: what is in force at this counter, read-only (never a password or a PIN), and
/// `countersignctl doctor`'s checks (backend/doctor/), run off the GUI thread when the page opens and when
/// asked again. The kiosk's own PKCS#11 module is not loaded a second time: its check is what the writer
/// shows.
class SettingsOffice : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantMap settings READ settings NOTIFY settingsChanged)
    Q_PROPERTY(countersign::qml::DoctorChecksModel* checks READ checks CONSTANT)
    Q_PROPERTY(bool checking READ checking NOTIFY checksChanged)
    Q_PROPERTY(int failedCount READ failedCount NOTIFY checksChanged)
    Q_PROPERTY(QString checkedAt READ checkedAt NOTIFY checksChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY settingsChanged)

public:
    using CounterController::CounterController;

    /// centre, counter, databaseHost, databaseName, databaseUser, caKind, caUrl, crlUrl, pkcs11Module,
    /// tokenUri, printer, paper, feeSchedule, keyAlgorithms, pinMinLength, defaultPin (bool),
    /// idleLockMinutes, language, demo (bool), retentionYears, soPinVersion, soPinVersions, stockLowLevel.
    QVariantMap settings() const { return m_settings; }
    DoctorChecksModel* checks() { return &m_checks; }
    bool checking() const { return m_checking; }
    int failedCount() const { return m_failed; }
    /// When the checks last ran ("HH:MM:SS").
    QString checkedAt() const { return m_checkedAt; }
    QString errorText() const { return m_error; }

    void componentComplete() override;
    /// The writer whose state stands for the PKCS#11 check (a test hands it over; QML finds the singleton).
    void setWriter(Writer* writer) { m_writer = writer; }

public Q_SLOTS:
    /// Reads the settings (the database's side on the database thread) and runs the checks.
    void load();
    /// Runs the checks again (not while they run).
    void runChecks();

Q_SIGNALS:
    void settingsChanged();
    void checksChanged();

private:
    void fillFromConfiguration();

    QVariantMap m_settings;
    DoctorChecksModel m_checks{this};
    bool m_checking = false;
    bool m_loadWanted = false;
    int m_failed = 0;
    QString m_checkedAt, m_error;
    QPointer<Writer> m_writer;
};

} // namespace countersign::qml
