#include "tests/support/benchpostgres.h"

#include <cstdlib>

#include "tests/support/testenv.h"

namespace countersign::test {

namespace {

bool pgcluster(const std::string& action, const std::string& envFile) {
    const std::string command =
        std::string(COUNTERSIGN_SOURCE_DIR) + "/tests/support/pgcluster.sh " + action + " " + envFile;
    return std::system(command.c_str()) == 0;
}

} // namespace

BenchPostgres::BenchPostgres(const std::string& scratchDir) {
    loadPostgresEnvironment(); // run as the suite's smoke test: its cluster
    if (std::getenv("PGHOST"))
        return;
    const std::string envFile = scratchDir + "/pg.env";
    m_ok = pgcluster("start", envFile);
    if (!m_ok)
        return;
    m_envFile = envFile;
    ::setenv("COUNTERSIGN_TEST_PGENV", envFile.c_str(), 1);
    loadPostgresEnvironment();
}

bool BenchPostgres::stop() {
    if (m_envFile.empty())
        return true;
    const bool stopped = pgcluster("stop", m_envFile);
    m_envFile.clear();
    return stopped;
}

} // namespace countersign::test
