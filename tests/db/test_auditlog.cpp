#include <catch2/catch.hpp>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "db/auditlog.h"
#include "tests/support/testenv.h"

using namespace countersign;

TEST_CASE("audit entries are chained per counter with consecutive sequence numbers", "[db]") {
    test::TestDatabase database;
    auto conn = database.connect();
    pqxx::work tx{*conn};
    db::AuditLog audit{tx};
    const long long first = audit.append({database.counterId(), std::nullopt, "test.one", "a", "{}"});
    const long long second =
        audit.append({database.counterId(), std::nullopt, "test.two", "b", R"({"k":"值"})"});
    CHECK(second == first + 1);
    const auto link =
        tx.exec_params1("SELECT (SELECT hash FROM audit_log WHERE counter_id = $1 AND seq = $2) = "
                        "(SELECT prev_hash FROM audit_log WHERE counter_id = $1 AND seq = $3)",
                        database.counterId(), first, second);
    CHECK(link[0].as<bool>());
    CHECK_FALSE(audit.firstBrokenEntry(database.counterId()).has_value());
    tx.commit();
}

TEST_CASE("the counters' database role may add audit entries but never change or remove them", "[db]") {
    test::TestDatabase database;
    auto conn = database.connectAsCounter();
    {
        pqxx::work tx{*conn};
        db::AuditLog{tx}.append({database.counterId(), std::nullopt, "test.by_counter", "", "{}"});
        tx.commit();
    }
    {
        pqxx::work tx{*conn};
        CHECK_THROWS_AS(tx.exec0("UPDATE audit_log SET event = 'forged'"), pqxx::insufficient_privilege);
    }
    {
        pqxx::work tx{*conn};
        CHECK_THROWS_AS(tx.exec0("DELETE FROM audit_log"), pqxx::insufficient_privilege);
    }
    {
        pqxx::work tx{*conn};
        CHECK_THROWS_AS(tx.exec0("TRUNCATE audit_log"), pqxx::insufficient_privilege);
    }
    pqxx::read_transaction tx{*conn};
    CHECK(tx.exec1("SELECT count(*) FROM audit_log WHERE event = 'test.by_counter'")[0].as<int>() == 1);
}

TEST_CASE("an audit entry changed behind the application's back is found by the verifier", "[db]") {
    test::TestDatabase database;
    auto conn = database.connect();
    {
        pqxx::work tx{*conn};
        db::AuditLog audit{tx};
        for (int i = 0; i < 5; ++i)
            audit.append({database.counterId(), std::nullopt, "test.entry", std::to_string(i), "{}"});
        tx.commit();
    }
    long long tampered = 0;
    {
        // Only a superuser who switches the guard trigger off can do this; the chain still tells.
        pqxx::work tx{*conn};
        tx.exec0("SET session_replication_role = replica");
        tampered = tx.exec_params1("UPDATE audit_log SET subject = 'changed' WHERE counter_id = $1 AND "
                                   "subject = '3' RETURNING seq",
                                   database.counterId())[0]
                       .as<long long>();
        tx.commit();
    }
    pqxx::work tx{*conn};
    const auto broken = db::AuditLog{tx}.firstBrokenEntry(database.counterId());
    REQUIRE(broken.has_value());
    CHECK(*broken == tampered);
}
