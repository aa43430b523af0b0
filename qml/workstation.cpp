#include "qml/workstation.h"

#include <QCoreApplication>
#include <QQmlEngine>
#include <QTimer>

#include <pqxx/except>
#include <pqxx/transaction>

#include "db/migrations.h"
#include "db/workstationstore.h"

namespace countersign::qml {

namespace {

struct SetupResult {
    Workstation::SetupProblem problem = Workstation::SetupProblem::None;
    std::string detail;
    db::CounterRecord counter;
};

} // namespace

Workstation::Workstation(AppConfig config, db::DbThread* db, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_db(db)
    , m_centreCode(m_config.centreCode)
    , m_centreName(m_config.centreCode)
    , m_counterCode(m_config.counterCode)
    , m_counterName(m_config.counterCode) {
    connect(m_db, &db::DbThread::stateChanged, this,
            [this](db::DbThread::State state, const QString& message) {
                setDatabaseState(state == db::DbThread::State::Up ? DatabaseState::Up : DatabaseState::Down,
                                 message);
                // Came back after an outage that kept the counter from starting: try again by itself.
                if (state == db::DbThread::State::Up && !m_ready && !m_starting &&
                    m_problem == SetupProblem::DatabaseUnreachable)
                    start();
            });
    // Watch the connection so the status bar shows an outage within seconds, not at the next operation.
    auto* probe = new QTimer(this);
    probe->setInterval(5000);
    connect(probe, &QTimer::timeout, m_db, &db::DbThread::probe);
    probe->start();
}

void Workstation::setConfigurationProblem(const QString& detail) {
    m_problem = SetupProblem::ConfigurationInvalid;
    m_problemDetail = detail;
    Q_EMIT readyChanged();
}

void Workstation::start() {
    if (m_starting || m_problem == SetupProblem::ConfigurationInvalid)
        return;
    if (m_config.centreCode.isEmpty() || m_config.counterCode.isEmpty()) {
        m_problem = SetupProblem::NoCounterConfigured;
        // The file it read, if there was one (its path is the same in every language; the message says the rest).
        m_problemDetail = m_config.path;
        Q_EMIT readyChanged();
        return;
    }
    m_starting = true;
    Q_EMIT readyChanged();
    const std::string centre = m_config.centreCode.toStdString();
    const std::string counter = m_config.counterCode.toStdString();
    m_db->run<SetupResult>(
        this,
        [centre, counter](pqxx::connection& conn) {
            SetupResult r;
            try {
                db::Migrator().migrate(conn);
            } catch (const db::DatabaseTooNew& e) {
                r.problem = SetupProblem::DatabaseTooNew;
                r.detail = e.what();
                return r;
            } catch (const pqxx::broken_connection&) {
                throw;
            } catch (const std::exception& e) {
                r.problem = SetupProblem::MigrationFailed;
                r.detail = e.what();
                return r;
            }
            pqxx::read_transaction tx{conn};
            const auto found = db::WorkstationStore{tx}.findCounter(centre, counter);
            if (!found) {
                r.problem = SetupProblem::CounterNotRegistered;
                r.detail = centre + "/" + counter;
                return r;
            }
            r.counter = *found;
            return r;
        },
        [this](const db::DbOutcome<SetupResult>& out) {
            m_starting = false;
            if (!out.ok()) {
                m_problem =
                    out.connectionLost ? SetupProblem::DatabaseUnreachable : SetupProblem::MigrationFailed;
                m_problemDetail = QString::fromStdString(out.error);
            } else if (out.value->problem != SetupProblem::None) {
                m_problem = out.value->problem;
                m_problemDetail = QString::fromStdString(out.value->detail);
            } else {
                const auto& c = out.value->counter;
                m_counterId = c.counterId;
                m_centreCode = QString::fromStdString(c.centreCode);
                m_centreName = QString::fromStdString(c.centreName);
                m_counterCode = QString::fromStdString(c.counterCode);
                m_counterName = QString::fromStdString(c.counterName);
                m_problem = SetupProblem::None;
                m_problemDetail.clear();
                m_ready = true;
                Q_EMIT identityChanged();
            }
            Q_EMIT readyChanged();
        });
}

void Workstation::setLanguage(const QString& language) {
    if (language == m_language)
        return;
    QCoreApplication::removeTranslator(&m_translator);
    // English is the source language; every other language comes from a compiled-in .qm file.
    if (language != QLatin1String("en")) {
        if (m_translator.load(QStringLiteral(":/i18n/countersign_%1.qm").arg(language)))
            QCoreApplication::installTranslator(&m_translator);
        else
            qWarning("no translation for language %s", qPrintable(language));
    }
    m_language = language;
    if (m_engine)
        m_engine->retranslate();
    Q_EMIT languageChanged();
}

void Workstation::setDatabaseState(DatabaseState state, const QString& message) {
    if (state == m_dbState && message == m_dbMessage)
        return;
    m_dbState = state;
    m_dbMessage = message;
    Q_EMIT databaseChanged();
}

void Workstation::retryDatabase() {
    setDatabaseState(DatabaseState::Unknown, tr("connecting…"));
    QMetaObject::invokeMethod(m_db, &db::DbThread::probe, Qt::QueuedConnection);
}

} // namespace countersign::qml
