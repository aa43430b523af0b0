#include "tests/support/kioskdriver.h"

#include <iostream>
#include <stdexcept>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QQuickWindow>
#include <QtQml/QQmlExtensionPlugin>

#include "qml/kioskapp.h"
#include "qml/workstation.h"

// The kiosk's QML module, linked in statically as in the kiosk itself.
Q_IMPORT_QML_PLUGIN(CountersignPlugin)

namespace countersign::test {

namespace {

QQuickWindow* loaded(qml::Kiosk& kiosk) {
    QQuickWindow* window = kiosk.load();
    if (!window)
        throw std::runtime_error("the kiosk's QML did not load");
    window->resize(1280, 800);
    window->show();
    return window;
}

} // namespace

KioskDriver::KioskDriver(const AppConfig& config)
    : KioskDriver(std::make_unique<qml::Kiosk>(config), nullptr) {}

KioskDriver::KioskDriver(std::unique_ptr<qml::Kiosk> kiosk, QQuickWindow*)
    : ScreenDriver(loaded(*kiosk))
    , m_kiosk(std::move(kiosk)) {
    if (!waitFor([this] { return m_kiosk->workstation().ready(); }, 30000))
        throw std::runtime_error("the kiosk did not get ready: " +
                                 m_kiosk->workstation().setupDetail().toStdString());
}

KioskDriver::~KioskDriver() = default;

void KioskDriver::login(const QString& user, const QString& password) {
    const int before = actions;
    type(QStringLiteral("username"), user);
    type(QStringLiteral("password"), password);
    click(QStringLiteral("loginButton"));
    actions = before;
    if (!waitFor([this] { return exists(QStringLiteral("operations")); }, 30000))
        throw std::runtime_error("login failed: " + text(QStringLiteral("error")).toStdString());
}

void KioskDriver::gaveUp(int ms) {
    static int count = 0;
    const QString dir = QStringLiteral(COUNTERSIGN_TEST_FAILURES_DIR);
    QDir().mkpath(dir);
    const QString file =
        QStringLiteral("%1/waitfor-%2-%3-%4.png")
            .arg(dir, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
            .arg(QCoreApplication::applicationPid())
            .arg(++count);
    const bool saved = window()->grabWindow().save(file);
    std::cerr << "waited " << ms << " ms in vain; the screen shows: " << describe().toStdString() << "\n"
              << (saved ? "  screenshot: " + file.toStdString()
                        : std::string("  (no screenshot could be taken)"))
              << std::endl;
}

} // namespace countersign::test
