// countersign_crashctl (tests only): countersignctl with a crash hook installed. The first two arguments are
// `--crash-at POINT`; the process kills itself with SIGKILL when the workflow reaches POINT ("at:<state>" or
// "done:<state>", workflow::Services::hook), the rest are countersignctl's arguments. The product itself has
// no such switch.
#include <csignal>
#include <cstdio>

#include <QGuiApplication>

#include <unistd.h>

#include "backend/ctl/ctl.h"
#include "backend/opensslexit.h"

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() < 2 || args[0] != "--crash-at") {
        std::fprintf(stderr, "usage: countersign_crashctl --crash-at POINT COUNTERSIGNCTL-ARGUMENTS…\n");
        return 2;
    }
    const std::string target = args[1];
    args.erase(args.begin(), args.begin() + 2);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("countersignctl"));
    return countersign::ctl::run(args, [target](const std::string& point) {
        if (point == target)
            ::kill(::getpid(), SIGKILL);
    });
}
