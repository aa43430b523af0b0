// countersignctl: assembles the backend's command line; all logic lives in the libraries.
#include <QCoreApplication>

#include "backend/ctl/ctl.h"

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("countersignctl"));
    std::vector<std::string> args(argv + 1, argv + argc);
    return countersign::ctl::run(args);
}
