#pragma once

#include <memory>

#include <QString>
#include <QStringList>

#include "backend/config.h"

class QElapsedTimer;
class QQmlApplicationEngine;
class QQuickWindow;

namespace countersign::token {
class TokenThread;
}

namespace countersign::qml {

/// Command-line options of the kiosk.
struct KioskOptions {
    QString configPath;
    QString screenshotPath; ///< render the login screen to this PNG, then exit
    QString language;       ///< overrides [ui] language
    bool windowed = false;  ///< a normal window instead of full screen (development)
    QString startupProbe;   ///< "kiosk" or "bare": time to the first frame, then exit (benchmark)
};

/// Parses the kiosk's arguments (after Qt took its own). Returns false and prints usage on a mistake.
bool parseKioskOptions(const QStringList& arguments, KioskOptions& options);

class Session;
class Workstation;
class Writer;

/// Everything the kiosk runs on, wired up: the database and token threads, the workstation, the session,
/// recovery, the writer, the scanner's keyboard wedge, and the QML engine with Main.qml. runKiosk makes one;
/// tests and benchmarks make one to drive the real screens. One at a time per process (the QML singletons).
class Kiosk {
public:
    explicit Kiosk(const AppConfig& config, const QString& configProblem = {});
    ~Kiosk();
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    /// Loads Main.qml and starts the workstation (migration, counter lookup) off the GUI thread. Returns the
    /// window, or nullptr when the QML failed to load.
    QQuickWindow* load();

    Workstation& workstation();
    Session& session();
    Writer& writer();
    token::TokenThread& tokens();
    QQmlApplicationEngine& engine();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Started when main() begins (its first call): the cold-start measurement's clock.
const QElapsedTimer& processClock();

/// Builds the services, loads the QML and runs the event loop. Needs a QApplication (Qt Charts).
int runKiosk(const KioskOptions& options);

} // namespace countersign::qml
