// countersign: the counter kiosk. Assembles the libraries; all logic lives in them.
#include <QApplication>
#include <QtQml/QQmlExtensionPlugin>

#include "backend/opensslexit.h"
#include "qml/kioskapp.h"

Q_IMPORT_QML_PLUGIN(CountersignPlugin)

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    countersign::qml::processClock();    // the cold-start clock starts now
    // QApplication, not QGuiApplication: Qt Charts' QML types need the widgets application object.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("countersign"));
    QApplication::setOrganizationName(QStringLiteral("countersign"));
    countersign::qml::KioskOptions options;
    if (!countersign::qml::parseKioskOptions(QApplication::arguments(), options))
        return 2;
    return countersign::qml::runKiosk(options);
}
