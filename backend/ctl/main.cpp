// countersignctl: assembles the backend's command line; all logic lives in the libraries.
#include <QGuiApplication>

#include "backend/ctl/ctl.h"

int main(int argc, char** argv) {
    // The words as given: QGuiApplication takes its own options (-platform …) out of argv.
    std::vector<std::string> args(argv + 1, argv + argc);
    // Receipts are drawn with QPainter (fonts, QPdfWriter, QPrinter), which needs a QGuiApplication; the
    // command line never shows a window, so it needs no display either.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("countersignctl"));
    return countersign::ctl::run(args);
}
