#include "qml/workstation.h"

#include <QCoreApplication>
#include <QQmlEngine>
#include <QTimer>

#include "backend/counter/desk.h"
#include "backend/tokensetup.h"

namespace countersign::qml {

namespace {

Workstation::SetupProblem problemOf(counter::StartUp::Problem problem) {
    switch (problem) {
    case counter::StartUp::Problem::None:
        return Workstation::SetupProblem::None;
    case counter::StartUp::Problem::CounterNotRegistered:
        return Workstation::SetupProblem::CounterNotRegistered;
    case counter::StartUp::Problem::WrongCounter:
        return Workstation::SetupProblem::WrongCounter;
    case counter::StartUp::Problem::DatabaseTooNew:
        return Workstation::SetupProblem::DatabaseTooNew;
    case counter::StartUp::Problem::MigrationFailed:
        break;
    }
    return Workstation::SetupProblem::MigrationFailed;
}

} // namespace

Workstation::Workstation(AppConfig config, counter::Database* db, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_db(db)
    , m_centreCode(m_config.centreCode)
    , m_centreName(m_config.centreCode)
    , m_counterCode(m_config.counterCode)
    , m_counterName(m_config.counterCode) {
    connect(m_db, &counter::Database::stateChanged, this,
            [this](counter::Database::State state, const QString& message) {
                setDatabaseState(
                    state == counter::Database::State::Up ? DatabaseState::Up : DatabaseState::Down, message);
                // Came back after an outage that kept the counter from starting: try again by itself.
                if (state == counter::Database::State::Up && !m_ready && !m_starting &&
                    m_problem == SetupProblem::DatabaseUnreachable)
                    start();
            });
    // Watch the connection so the status bar shows an outage within seconds, not at the next operation.
    auto* probe = new QTimer(this);
    probe->setInterval(5000);
    connect(probe, &QTimer::timeout, m_db, &counter::Database::probe);
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
        // The file it read, if there was one (its path is the same in every language; the message says the
        // rest).
        m_problemDetail = m_config.path;
        Q_EMIT readyChanged();
        return;
    }
    m_starting = true;
    Q_EMIT readyChanged();
    const std::string centre = m_config.centreCode.toStdString();
    const std::string counter = m_config.counterCode.toStdString();
    m_db->run<counter::StartUp>(
        this, [centre, counter](counter::Desk& desk) { return desk.start(centre, counter); },
        [this](const counter::Outcome<counter::StartUp>& out) {
            m_starting = false;
            if (!out.ok()) {
                m_problem =
                    out.connectionLost ? SetupProblem::DatabaseUnreachable : SetupProblem::MigrationFailed;
                m_problemDetail = QString::fromStdString(out.error);
            } else if (out.value->problem != counter::StartUp::Problem::None) {
                m_problem = problemOf(out.value->problem);
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

counter::PinPolicy Workstation::pinPolicy() const {
    return makePinPolicy(m_config);
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
    QMetaObject::invokeMethod(m_db, &counter::Database::probe, Qt::QueuedConnection);
}

} // namespace countersign::qml
