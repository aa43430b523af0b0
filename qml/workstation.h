#pragma once

#include <QObject>
#include <QString>
#include <QTranslator>

#include "backend/auth/login.h"
#include "backend/config.h"
#include "backend/counter/database.h"
#include "backend/counter/secrets.h"

class QQmlEngine;

namespace countersign::qml {

/// The counter this kiosk runs on, as the whole UI sees it: centre and counter, the state of the database,
/// writer, CA and printer, the demo marking and the language. Made once in main() and handed to QML as the
/// singleton `Workstation` (controllers QML makes find it there). At start it has the database migrated and
/// the configured counter looked up, on the database thread (counter::Desk); until that succeeds `ready` is
/// false and `setupProblem` says why.
class Workstation : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString centreCode READ centreCode NOTIFY identityChanged)
    Q_PROPERTY(QString centreName READ centreName NOTIFY identityChanged)
    Q_PROPERTY(QString counterCode READ counterCode NOTIFY identityChanged)
    Q_PROPERTY(QString counterName READ counterName NOTIFY identityChanged)
    Q_PROPERTY(bool demo READ demo CONSTANT)
    Q_PROPERTY(bool ready READ ready NOTIFY readyChanged)
    Q_PROPERTY(bool starting READ starting NOTIFY readyChanged)
    Q_PROPERTY(SetupProblem setupProblem READ setupProblem NOTIFY readyChanged)
    Q_PROPERTY(QString setupDetail READ setupDetail NOTIFY readyChanged)
    Q_PROPERTY(DatabaseState databaseState READ databaseState NOTIFY databaseChanged)
    Q_PROPERTY(QString databaseMessage READ databaseMessage NOTIFY databaseChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(int idleLockMinutes READ idleLockMinutes CONSTANT)

public:
    enum class DatabaseState { Unknown, Up, Down };
    Q_ENUM(DatabaseState)
    enum class SetupProblem {
        None,
        NoCounterConfigured,  ///< [workstation] centre/counter missing in the configuration
        CounterNotRegistered, ///< the configured counter is not in the database
        WrongCounter,         ///< the database login is another counter's, or no counter's
        DatabaseUnreachable,
        DatabaseTooNew,
        MigrationFailed,
        ConfigurationInvalid,
    };
    Q_ENUM(SetupProblem)

    Workstation(AppConfig config, counter::Database* db, QObject* parent = nullptr);

    const AppConfig& config() const { return m_config; }
    /// The door to the database: jobs on the database thread.
    counter::Database* database() const { return m_db; }
    long long counterId() const { return m_counterId; }

    QString centreCode() const { return m_centreCode; }
    QString centreName() const { return m_centreName; }
    QString counterCode() const { return m_counterCode; }
    QString counterName() const { return m_counterName; }
    bool demo() const { return m_config.demo; }
    bool ready() const { return m_ready; }
    bool starting() const { return m_starting; }
    SetupProblem setupProblem() const { return m_problem; }
    QString setupDetail() const { return m_problemDetail; }
    DatabaseState databaseState() const { return m_dbState; }
    QString databaseMessage() const { return m_dbMessage; }
    QString language() const { return m_language; }
    void setLanguage(const QString& language);
    int idleLockMinutes() const { return m_config.idleLockMinutes; }
    /// Where the document scanner saves its images ([scanner] folder); empty: none.
    QString scannerFolder() const { return m_config.scannerFolder; }
    /// The rules a new PIN must meet ([pin]).
    counter::PinPolicy pinPolicy() const;
    /// How many wrong passwords lock an account, and for how long ([security]).

    /// The engine whose texts are retranslated when the language changes.
    void setEngine(QQmlEngine* engine) { m_engine = engine; }
    /// Reports a configuration that could not be read; the kiosk then shows why instead of a login.
    void setConfigurationProblem(const QString& detail);

public Q_SLOTS:
    /// Migrates the database and resolves the counter (again, after a failure).
    void start();
    /// Checks the database connection now (reconnecting if it was lost) instead of at the next probe.
    void retryDatabase();

Q_SIGNALS:
    void identityChanged();
    void readyChanged();
    void databaseChanged();
    void languageChanged();

private:
    void setDatabaseState(DatabaseState state, const QString& message);

    AppConfig m_config;
    counter::Database* m_db;
    QQmlEngine* m_engine = nullptr;
    QTranslator m_translator;
    QString m_language;
    long long m_counterId = 0;
    QString m_centreCode, m_centreName, m_counterCode, m_counterName;
    bool m_ready = false;
    bool m_starting = false;
    SetupProblem m_problem = SetupProblem::None;
    QString m_problemDetail;
    DatabaseState m_dbState = DatabaseState::Unknown;
    QString m_dbMessage;
};

} // namespace countersign::qml
