#include <catch2/catch.hpp>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
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

TEST_CASE(
    "the counters' database role can't add, change or remove audit entries: the database's functions append "
    "them with the person from a session",
    "[db]") {
    test::TestDatabase database;
    auto conn = database.connectAsCounter();
    {
        // 0022: not even in its own chain, with no person or with anyone's.
        pqxx::work tx{*conn};
        CHECK_THROWS_AS(
            db::AuditLog{tx}.append({database.counterId(), std::nullopt, "test.by_counter", "", "{}"}),
            pqxx::insufficient_privilege);
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
    // What a function appends for the counter is in its chain: a login and a logout, with the person.
    const long long op = database.addStaff("op.audit", "operator-pass");
    const auto login = auth::logIn(*conn, auth::LoginPurpose::Login, "op.audit", Secret("operator-pass"));
    REQUIRE(login.status == auth::LoginStatus::Ok);
    auth::logOut(*conn, login.session);
    pqxx::read_transaction tx{*conn};
    CHECK(tx.exec1("SELECT count(*) FROM audit_log WHERE event = 'test.by_counter'")[0].as<int>() == 0);
    CHECK(tx.exec_params1("SELECT count(*) FROM audit_log WHERE counter_id = $1 AND actor_staff_id = $2",
                          database.counterId(), op)[0]
              .as<int>() >= 2);
    CHECK(tx.exec_params1("SELECT bad_seq IS NULL FROM countersign.audit_verify_full($1)",
                          database.counterId())[0]
              .as<bool>());
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
