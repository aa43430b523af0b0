// The test runner's main: makes the Qt application object before any test, points the process at the test
// PostgreSQL cluster and gives it its own fresh SoftHSM2 token store.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

#include <QApplication>

#include "backend/opensslexit.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testenv.h"

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    if (!std::getenv("QT_QPA_PLATFORM"))
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    // Where the screenshot tests write, to be looked at (the build tree's screenshots/).
    if (!std::getenv("COUNTERSIGN_SCREENSHOTS_DIR"))
        ::setenv("COUNTERSIGN_SCREENSHOTS_DIR", COUNTERSIGN_SCREENSHOTS_DEFAULT, 1);
    countersign::test::loadPostgresEnvironment();
    countersign::test::SoftHsmStore store(countersign::test::scratchDir() + "/hsm");
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
