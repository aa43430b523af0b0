#pragma once

#include <string>

namespace countersign::test {

/// The PostgreSQL a benchmark runs against: the suite's cluster when run as its smoke test
/// (COUNTERSIGN_TEST_PGENV), a server the environment names (PGHOST …), or else a throwaway cluster started
/// in `scratchDir` with tests/support/pgcluster.sh and stopped by stop().
class BenchPostgres {
public:
    explicit BenchPostgres(const std::string& scratchDir);
    BenchPostgres(const BenchPostgres&) = delete;
    BenchPostgres& operator=(const BenchPostgres&) = delete;
    /// False when a cluster was needed and could not be started.
    bool ok() const { return m_ok; }
    /// Stops the cluster this object started (if any); false when that failed.
    bool stop();

private:
    std::string m_envFile; ///< set when this object started the cluster
    bool m_ok = true;
};

} // namespace countersign::test
