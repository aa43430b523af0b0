// The DSN of a counter in a centre network names the primary and the standby (DESIGN §10): the configuration
// must hand it to libpq whole, and a connection must go to whichever server takes writes.
#include <catch2/catch.hpp>

#include <cstdlib>

#include <pqxx/nontransaction>

#include "backend/config.h"
#include "db/connection.h"
#include "tests/support/testenv.h"

using namespace countersign;

TEST_CASE("a DSN listing a primary and a standby is read whole from the configuration", "[deploy][db]") {
    const std::string dsn = "host=db-a.centre.example,db-b.centre.example port=5432,5433 dbname=countersign "
                            "user=counter_tj01_01 target_session_attrs=read-write";
    for (const std::string& line : {"dsn=" + dsn, "dsn=\"" + dsn + "\""}) {
        const auto path = test::writeScratchFile("dsn-" + std::to_string(line.size()) + ".conf",
                                                 "[database]\n" + line + "\n");
        CHECK(loadConfig(QString::fromStdString(path)).databaseDsn == dsn);
    }
}

TEST_CASE("a counter whose DSN names a server that is down first connects to the one that answers",
          "[deploy][db]") {
    test::TestDatabase db(false, false);
    const char* host = std::getenv("PGHOST");
    const char* port = std::getenv("PGPORT");
    REQUIRE(host);
    // The first host is a socket directory nobody listens in: a primary that is gone.
    const std::string dsn = "host=/nonexistent-countersign-primary," + std::string(host) +
                            " port=" + (port ? port : "5432") + "," + (port ? port : "5432") +
                            " dbname=" + db.name() + " target_session_attrs=read-write";
    const auto path = test::writeScratchFile(db.name() + "-failover.conf", "[database]\ndsn=" + dsn + "\n");
    const auto conn = db::openConnection(loadConfig(QString::fromStdString(path)).databaseDsn);
    pqxx::nontransaction tx{*conn};
    CHECK(tx.exec1("SELECT current_database()")[0].as<std::string>() == db.name());
    CHECK(std::string(conn->hostname()) == host);
}
