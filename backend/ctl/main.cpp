// countersignctl: assembles the backend's command line; all logic lives in the libraries.
#include <QGuiApplication>

#include <cstdio>

#include "backend/ctl/ctl.h"
#include "backend/opensslexit.h"

namespace {

QtMessageHandler g_qtHandler = nullptr;

/// Qt's own messages go on as usual, but for one: run by root, cron or a system service there is no
/// XDG_RUNTIME_DIR, and the offscreen platform then warns about it on every command — noise in every
/// administrator's output (the command line never uses the runtime directory).
void filterQtMessages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg && message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    if (g_qtHandler)
        g_qtHandler(type, context, message);
    else
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

} // namespace

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    g_qtHandler = qInstallMessageHandler(filterQtMessages);
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
