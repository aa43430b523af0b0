// Qt Quick Test runner: the screens are tested with the real Workstation and Session services, a real
// database (a fresh one in the test cluster) and the compiled-in translations.
#include <memory>

#include <QCoreApplication>
#include <QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

#include "backend/config.h"
#include "backend/counter/database.h"
#include "qml/registration.h"
#include "tests/support/testenv.h"

Q_IMPORT_QML_PLUGIN(CountersignPlugin)

using namespace countersign;

class Setup : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable() {
        test::loadPostgresEnvironment();
        m_database = std::make_unique<test::TestDatabase>();
        m_database->addStaff("tester", "right-password", "supervisor");
        AppConfig config;
        config.databaseDsn = m_database->counterDsn();
        config.centreCode = QStringLiteral("TJ01");
        config.counterCode = QStringLiteral("01");
        config.demo = true;
        m_config = config;
        m_db = std::make_unique<counter::Database>(config.databaseDsn);
        m_workstation = std::make_unique<qml::Workstation>(config, m_db.get());
        m_session = std::make_unique<qml::Session>();
        qml::WorkstationForeign::instance = m_workstation.get();
        qml::SessionForeign::instance = m_session.get();
        // No key writer in the screen tests: recovery has nothing to run on.
        m_recovery = std::make_unique<qml::Recovery>(nullptr);
        qml::RecoveryForeign::instance = m_recovery.get();
        // Scanner keystrokes are caught as in the kiosk: typed text that is held back reaches a field up to
        // ~55 ms late, and 8+ fast keys ending in Enter are a scan (tst_wedge.qml).
        m_wedge = std::make_unique<qml::KeyboardWedge>();
        QCoreApplication::instance()->installEventFilter(m_wedge.get());
        qml::KeyboardWedgeForeign::instance = m_wedge.get();
        // The status bar and the idle lock: no writer (it reads "not connected"), the CA and the printer are
        // checked for real (this database has no CA; the test machine has no printer), and the idle lock
        // watches input as in the kiosk (tst_idlelock.qml shortens its timeout).
        m_writer = std::make_unique<qml::Writer>(nullptr);
        qml::WriterForeign::instance = m_writer.get();
        m_devices = std::make_unique<qml::DeviceStatus>(m_config);
        qml::DeviceStatusForeign::instance = m_devices.get();
        m_devices->start();
        m_idle = std::make_unique<qml::IdleMonitor>(m_workstation.get(), m_session.get());
        QCoreApplication::instance()->installEventFilter(m_idle.get());
        qml::IdleMonitorForeign::instance = m_idle.get();
        m_workstation->start();
    }

    void qmlEngineAvailable(QQmlEngine* engine) {
        // The module's QML files sit in the resources under :/Countersign.
        engine->addImportPath(QStringLiteral("qrc:/"));
        m_workstation->setEngine(engine);
        m_workstation->setLanguage(QStringLiteral("zh_CN"));
    }

    void cleanupTestCase() {
        m_idle.reset();
        m_devices.reset();
        m_writer.reset();
        m_workstation.reset();
        m_session.reset();
        m_recovery.reset();
        m_wedge.reset();
        m_db.reset();
        m_database.reset();
    }

private:
    std::unique_ptr<test::TestDatabase> m_database;
    std::unique_ptr<counter::Database> m_db;
    std::unique_ptr<qml::Workstation> m_workstation;
    std::unique_ptr<qml::Session> m_session;
    AppConfig m_config;
    std::unique_ptr<qml::Recovery> m_recovery;
    std::unique_ptr<qml::KeyboardWedge> m_wedge;
    std::unique_ptr<qml::Writer> m_writer;
    std::unique_ptr<qml::DeviceStatus> m_devices;
    std::unique_ptr<qml::IdleMonitor> m_idle;
};

QUICK_TEST_MAIN_WITH_SETUP(countersign, Setup)

#include "qmltestmain.moc"
