#pragma once

#include <QString>
#include <QStringList>

namespace countersign::qml {

/// Command-line options of the kiosk.
struct KioskOptions {
    QString configPath;
    QString screenshotPath; ///< render the login screen to this PNG, then exit
    QString language;       ///< overrides [ui] language
    bool windowed = false;  ///< a normal window instead of full screen (development)
};

/// Parses the kiosk's arguments (after Qt took its own). Returns false and prints usage on a mistake.
bool parseKioskOptions(const QStringList& arguments, KioskOptions& options);

/// Builds the services, loads the QML and runs the event loop. Needs a QApplication (Qt Charts).
int runKiosk(const KioskOptions& options);

} // namespace countersign::qml
