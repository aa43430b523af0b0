#include <catch2/catch.hpp>

#include <regex>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "db/transactionstore.h"
#include "tests/support/newpapers.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

struct StoreFixture {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> conn = database.connectAsCounter();
    long long operatorId = database.addStaff("li.na", "s3cret-pass");
    /// li.na's staff session at counter 01: the database records the person from it.
    auth::SessionToken session = logIn("li.na", "s3cret-pass");

    StoreFixture() {
        test::registerNewPapersSigner(*database.connect());
    }

    auth::SessionToken logIn(const std::string& user, const char* password) {
        const auto r = auth::logIn(*conn, auth::LoginPurpose::Login, user, Secret(password));
        REQUIRE(r.status == auth::LoginStatus::Ok);
        return r.session;
    }

    /// Opens a NEW in state started, committed; returns its id and number.
    std::pair<long long, std::string> openNew() {
        pqxx::work tx{*conn};
        const auto opened = db::TransactionStore{tx}.open(*session, "NEW", R"({"key_serial":"K1"})");
        tx.commit();
        return {opened.id, opened.number};
    }

    db::StepRecord step(long long id, const std::string& from, const std::string& to,
                        const std::string& name) {
        db::StepRecord s;
        s.transactionId = id;
        s.from = from;
        s.to = to;
        s.step = name;
        s.event = "test." + name;
        return s;
    }
};

} // namespace

/// The fee step of an operation that costs nothing: one zero line, no payment.
db::FeeRecord freeFee() {
    db::FeeRecord fee;
    fee.linesJson = R"([{"description":"no fee","amount_fen":0}])";
    return fee;
}

TEST_CASE("TransactionStore numbers a counter's transactions CENTRE-YYYYMMDD-COUNTER-NNNN, one after another",
          "[db]") {
    StoreFixture f;
    const auto [firstId, first] = f.openNew();
    const auto [secondId, second] = f.openNew();
    const std::regex format(R"(TJ01-(\d{8})-01-(\d{4}))");
    std::smatch a, b;
    REQUIRE(std::regex_match(first, a, format));
    REQUIRE(std::regex_match(second, b, format));
    CHECK(a[2] == "0001");
    CHECK(b[2] == "0002");
    CHECK(a[1] == b[1]);
    CHECK(secondId != firstId);

    pqxx::nontransaction tx{*f.conn};
    const auto read = db::TransactionStore{tx}.find(first);
    REQUIRE(read);
    CHECK(read->kind == "NEW");
    CHECK(read->state == "started");
    CHECK(read->operatorId == f.operatorId);
    CHECK(read->counterId == f.database.counterId());
    CHECK(read->workJson == R"({"key_serial": "K1"})");
    CHECK_FALSE(db::TransactionStore{tx}.find("TJ01-19990101-01-0001"));
}

TEST_CASE("TransactionStore: the database refuses a state move its transitions table does not allow",
          "[db]") {
    StoreFixture f;
    const auto [id, number] = f.openNew();
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_AS(
            db::TransactionStore{tx}.advance(*f.session, f.step(id, "started", "completed", "complete")),
            pqxx::check_violation);
    }
    pqxx::nontransaction tx{*f.conn};
    db::TransactionStore store{tx};
    CHECK(store.find(number)->state == "started");
    // A move from a state the transaction is no longer in writes nothing.
    CHECK_FALSE(store.advance(*f.session, f.step(id, "fee_recorded", "key_initialised", "initialise")));
    CHECK(store.find(number)->state == "started");
    CHECK(tx.exec_params1("SELECT count(*) FROM transaction_steps WHERE transaction_id = $1", id)[0]
              .as<int>() == 0);
}

TEST_CASE("TransactionStore records a transaction's steps in order, each with its audit entry", "[db]") {
    StoreFixture f;
    const auto [id, number] = f.openNew();
    {
        pqxx::work tx{*f.conn};
        db::TransactionStore store{tx};
        store.recordPapers(*f.session, id, test::newPapers(number), R"({"kind":"NEW"})");
        store.recordFee(*f.session, id, freeFee(), R"({"checks":[]})");
        tx.commit();
    }
    pqxx::nontransaction tx{*f.conn};
    db::TransactionStore store{tx};
    auto initialise = f.step(id, "fee_recorded", "key_initialised", "initialise");
    initialise.workPatchJson = R"({"key_serial":"K2"})";
    CHECK(store.advance(*f.session, initialise));
    store.recordStepFailure(*f.session, {id, "keygen", true, R"({"error":"pulled"})"});
    CHECK(store.advance(*f.session, f.step(id, "key_initialised", "key_generated", "keygen")));

    const auto read = store.find(number);
    CHECK(read->state == "key_generated");
    CHECK(read->workJson == R"({"key_serial": "K2"})");
    const auto pending = store.pending(f.database.counterId());
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].number == number);
    CHECK(pending[0].state == "key_generated");

    std::vector<std::string> steps;
    for (const auto& r : tx.exec_params("SELECT step || ':' || coalesce(state_before, '') || '>' || "
                                        "coalesce(state_after, '') || ':' || outcome FROM transaction_steps "
                                        "WHERE transaction_id = $1 ORDER BY id",
                                        id))
        steps.push_back(r[0].c_str());
    CHECK(steps == std::vector<std::string>{"papers:started>papers_checked:ok",
                                            "fee:papers_checked>fee_recorded:ok",
                                            "initialise:fee_recorded>key_initialised:ok",
                                            "keygen:key_initialised>key_initialised:interrupted",
                                            "keygen:key_initialised>key_generated:ok"});
    std::vector<std::string> events;
    for (const auto& r :
         tx.exec_params("SELECT event FROM audit_log WHERE counter_id = $1 AND event LIKE 'test.%' "
                        "ORDER BY seq",
                        f.database.counterId()))
        events.push_back(r[0].c_str());
    CHECK(events == std::vector<std::string>{"test.initialise", "test.keygen"});
}

TEST_CASE("TransactionStore: the person in a transaction, its steps and its audit entries is the session's",
          "[db]") {
    StoreFixture f;
    const long long other = f.database.addStaff("wang.wei", "other-pass1");
    const auto otherSession = f.logIn("wang.wei", "other-pass1");
    const auto [id, number] = f.openNew();
    {
        pqxx::work tx{*f.conn};
        db::TransactionStore store{tx};
        // The papers are recorded by whoever opened the transaction, not by a colleague.
        CHECK_THROWS_WITH(store.recordPapers(*otherSession, id, test::newPapers(number), "{}"),
                          Catch::Contains("by the person who opened it"));
    }
    {
        pqxx::work tx{*f.conn};
        db::TransactionStore store{tx};
        store.recordPapers(*f.session, id, test::newPapers(number), "{}");
        store.recordFee(*f.session, id, freeFee(), "{}");
        tx.commit();
    }
    {
        pqxx::nontransaction tx{*f.conn};
        db::TransactionStore store{tx};
        // A colleague who resumes it records the next step as themselves.
        CHECK(store.advance(*otherSession, f.step(id, "fee_recorded", "key_initialised", "initialise")));
        CHECK(tx.exec_params1("SELECT operator_staff_id FROM transactions WHERE id = $1", id)[0]
                  .as<long long>() == f.operatorId);
        std::vector<long long> stepStaff;
        for (const auto& r :
             tx.exec_params("SELECT staff_id FROM transaction_steps WHERE transaction_id = $1 "
                            "ORDER BY id",
                            id))
            stepStaff.push_back(r[0].as<long long>());
        CHECK(stepStaff == std::vector<long long>{f.operatorId, f.operatorId, other});
        CHECK(tx.exec_params1("SELECT actor_staff_id FROM audit_log WHERE event = 'test.initialise'")[0]
                  .as<long long>() == other);
        CHECK(tx.exec_params1("SELECT actor_staff_id FROM audit_log WHERE event = 'transaction.started' "
                              "AND subject = $1",
                              number)[0]
                  .as<long long>() == f.operatorId);
        // No session, or one that ended, records nothing.
        CHECK_THROWS_WITH(store.advance(Secret(), f.step(id, "key_initialised", "key_generated", "keygen")),
                          Catch::Contains("log in again"));
    }
    auth::logOut(*f.conn, otherSession);
    pqxx::nontransaction tx{*f.conn};
    db::TransactionStore store{tx};
    CHECK_THROWS_WITH(store.advance(*otherSession, f.step(id, "key_initialised", "key_generated", "keygen")),
                      Catch::Contains("log in again"));
    CHECK(store.find(number)->state == "key_initialised");
}
