#include <catch2/catch.hpp>

#include <thread>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "db/migrations.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {
int appliedRows(pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    return tx.exec1("SELECT count(*) FROM countersign.schema_migrations")[0].as<int>();
}
} // namespace

TEST_CASE("an empty database is migrated to the current schema version", "[db]") {
    test::TestDatabase database(/*migrated=*/false);
    auto conn = database.connect();
    const db::Migrator migrator;
    REQUIRE(migrator.latestVersion() >= 1);

    const auto before = migrator.status(*conn);
    CHECK(before.current == 0);
    CHECK(before.pending.size() == migrator.migrations().size());

    const auto applied = migrator.migrate(*conn);
    CHECK(applied.size() == migrator.migrations().size());
    const auto after = migrator.status(*conn);
    CHECK(after.current == migrator.latestVersion());
    CHECK(after.upToDate());
    CHECK(after.pending.empty());
    CHECK(appliedRows(*conn) == migrator.latestVersion());

    // The entities of DESIGN §1–§9 are there.
    pqxx::read_transaction tx{*conn};
    for (const char* table :
         {"centres",          "counters",        "staff",        "enterprises",  "agents",
          "tokens",           "stock_movements", "certificates", "transactions", "transaction_steps",
          "fee_schedules",    "fee_rules",       "fee_lines",    "payments",     "refunds",
          "invoice_requests", "receipts",        "approvals",    "evidence",     "audit_log",
          "day_closes",       "report_day_operations", "report_day_operators", "report_day_money",
          "report_day_stock"}) {
        INFO(table);
        CHECK(tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", std::string("countersign.") + table)[0]
                  .as<bool>());
    }
}

TEST_CASE("migrating an up-to-date database again changes nothing", "[db]") {
    test::TestDatabase database(/*migrated=*/true);
    auto conn = database.connect();
    const db::Migrator migrator;
    const int rows = appliedRows(*conn);
    CHECK(migrator.migrate(*conn).empty());
    CHECK(migrator.migrate(*conn).empty());
    CHECK(appliedRows(*conn) == rows);
    CHECK(migrator.status(*conn).upToDate());
}

TEST_CASE("a database migrated by a newer program is refused with a clear message", "[db]") {
    test::TestDatabase database(/*migrated=*/true);
    auto conn = database.connect();
    const db::Migrator migrator;
    const int newer = migrator.latestVersion() + 1;
    {
        pqxx::work tx{*conn};
        tx.exec_params0(
            "INSERT INTO countersign.schema_migrations (version, name) VALUES ($1, 'from_the_future')",
            newer);
        tx.commit();
    }
    CHECK(migrator.status(*conn).newerThanProgram());
    try {
        migrator.migrate(*conn);
        FAIL("migrate accepted a newer database");
    } catch (const db::DatabaseTooNew& e) {
        CHECK(e.current == newer);
        CHECK(e.latest == migrator.latestVersion());
        CHECK_THAT(e.what(), Catch::Contains("newer Countersign"));
    }
}

TEST_CASE("two counters migrating the same empty database at once apply each migration once", "[db]") {
    test::TestDatabase database(/*migrated=*/false);
    std::string error1, error2;
    auto migrateInThread = [&database](std::string& error) {
        try {
            auto conn = database.connect();
            db::Migrator().migrate(*conn);
        } catch (const std::exception& e) {
            error = e.what();
        }
    };
    std::thread a(migrateInThread, std::ref(error1));
    std::thread b(migrateInThread, std::ref(error2));
    a.join();
    b.join();
    CHECK(error1.empty());
    CHECK(error2.empty());
    auto conn = database.connect();
    CHECK(appliedRows(*conn) == db::Migrator().latestVersion());
}

TEST_CASE("migrations must be numbered without gaps", "[db]") {
    CHECK_THROWS_WITH(db::Migrator({{1, "a", "SELECT 1"}, {3, "c", "SELECT 1"}}),
                      Catch::Contains("without gaps"));
}

TEST_CASE("a failing migration leaves the database at the version before it", "[db]") {
    test::TestDatabase database(/*migrated=*/false);
    auto conn = database.connect();
    auto migrations = db::bundledMigrations();
    migrations.push_back({static_cast<int>(migrations.size()) + 1, "broken",
                          "CREATE TABLE countersign.half_done (x int); SELECT no_such_function();"});
    const db::Migrator migrator(migrations);
    CHECK_THROWS(migrator.migrate(*conn));
    const auto s = migrator.status(*conn);
    CHECK(s.current == s.latest - 1);
    pqxx::read_transaction tx{*conn};
    CHECK_FALSE(tx.exec1("SELECT to_regclass('countersign.half_done') IS NOT NULL")[0].as<bool>());
}

TEST_CASE("audit chains written before 0007 still verify and go on growing after it", "[db][audit]") {
    test::TestDatabase database(/*migrated=*/false);
    auto conn = database.connect();
    auto upTo6 = db::bundledMigrations();
    REQUIRE(upTo6.size() >= 7);
    upTo6.resize(6);
    db::Migrator(upTo6).migrate(*conn);

    // Two counters appended through 0006's triggers; the second one's tail is cut off and grown again, so
    // its head records the divergence.
    long long intact = 0, cut = 0;
    const auto append = [&conn](long long counter, int entries) {
        pqxx::work tx{*conn};
        for (int i = 0; i < entries; ++i)
            tx.exec_params0("INSERT INTO countersign.audit_log (counter_id, seq, event, detail, prev_hash, hash) "
                            "VALUES ($1, 0, 'test.entry', jsonb_build_object('i', $2::int), '', '')",
                            counter, i);
        tx.commit();
    };
    {
        pqxx::work tx{*conn};
        const auto centre = tx.exec1("INSERT INTO countersign.centres (code, name) VALUES ('TJ01', 'c') "
                                     "RETURNING id")[0]
                                .as<long long>();
        intact = tx.exec_params1("INSERT INTO countersign.counters (centre_id, code) VALUES ($1, '01') "
                                 "RETURNING id",
                                 centre)[0]
                     .as<long long>();
        cut = tx.exec_params1("INSERT INTO countersign.counters (centre_id, code) VALUES ($1, '02') "
                              "RETURNING id",
                              centre)[0]
                  .as<long long>();
        tx.commit();
    }
    append(intact, 10);
    append(cut, 10);
    {
        pqxx::work tx{*conn};
        tx.exec0("ALTER TABLE countersign.audit_log DISABLE TRIGGER USER");
        tx.exec0("GRANT DELETE ON countersign.audit_log TO CURRENT_USER");
        tx.exec_params0("DELETE FROM countersign.audit_log WHERE counter_id = $1 AND seq > 7", cut);
        tx.exec0("ALTER TABLE countersign.audit_log ENABLE TRIGGER USER");
        tx.commit();
    }
    append(cut, 1);

    REQUIRE(db::Migrator().migrate(*conn).size() == db::Migrator().migrations().size() - 6);
    append(intact, 5);
    append(cut, 2);

    pqxx::read_transaction tx{*conn};
    const auto full = [&tx](long long counter) {
        return tx.exec_params1("SELECT bad_seq, problem, entries, last_seq, head_seq "
                               "FROM countersign.audit_verify_full($1)",
                               counter);
    };
    // The old rows and the new ones form one chain, anchored at its new end.
    const auto a = full(intact);
    CHECK(a[0].is_null());
    CHECK(a[2].as<long long>() == 15);
    CHECK(a[4].as<long long>() == 15);
    CHECK(tx.exec_params1("SELECT count(*) FROM countersign.audit_log a JOIN countersign.audit_log b "
                          "ON b.counter_id = a.counter_id AND b.seq = a.seq + 1 AND b.prev_hash = a.hash "
                          "WHERE a.counter_id = $1",
                          intact)[0]
              .as<long long>() == 14);
    // The cut found before the migration is still named after it, and the head stays where it was.
    const auto c = full(cut);
    CHECK(c[0].as<long long>() == 8);
    CHECK(std::string(c[1].c_str()) == "cut_off_after");
    CHECK(c[3].as<long long>() == 10);
    CHECK(c[4].as<long long>() == 10);
    CHECK(tx.exec_params1("SELECT countersign.audit_verify($1) IS NULL", cut)[0].as<bool>());
    // One trigger does the chain and the head now (the others: append-only, no truncate, own chain).
    CHECK(tx.exec1("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'countersign.audit_log'::regclass "
                   "AND NOT tgisinternal")[0]
              .as<int>() == 4);
}
