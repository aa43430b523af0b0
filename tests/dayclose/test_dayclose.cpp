// The day close (日结, DESIGN §8): the review, who may sign, what stops it, the signed snapshot, the audit
// entries, and the freeze — the database itself refusing later changes to the closed day's records.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "backend/dayclose/dayclose.h"
#include "backend/receipts/receipts.h"
#include "db/connection.h"
#include "db/reportexport.h"
#include "db/reports.h"
#include "tests/support/reportcheck.h"
#include "tests/support/reportdata.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kPassword = "supervisor-password";

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

std::unique_ptr<pqxx::connection> connectAs(const test::TestDatabase& database, const std::string& role) {
    auto conn = std::make_unique<pqxx::connection>(database.dsn() + " user=" + role);
    pqxx::nontransaction setup{*conn};
    setup.exec0("SET search_path TO countersign");
    return conn;
}

/// A statement that must be refused because the day is closed: the message says so.
template <typename... Args>
void refusedAsClosed(pqxx::connection& conn, const std::string& sql, Args... args) {
    INFO(sql);
    pqxx::work tx{conn};
    try {
        tx.exec_params(sql, args...);
        FAIL("the database accepted a change to a closed day");
    } catch (const pqxx::sql_error& e) {
        CHECK(e.sqlstate() == "23514");
        CHECK_THAT(e.what(), Catch::Contains("is closed"));
    }
}

/// A statement a counter's login may not run at all (0016: transactions are written only through the
/// database's functions).
template <typename... Args>
void deniedToCounter(pqxx::connection& conn, const std::string& sql, Args... args) {
    INFO(sql);
    pqxx::work tx{conn};
    CHECK_THROWS_AS(tx.exec_params(sql, args...), pqxx::insufficient_privilege);
}

/// A small generated centre charging the Ningbo fees (G02 of two, two counters each, three days up to today)
/// and its people.
struct Day {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> conn = database.connect();
    test::ReportData data;
    long long centre = 0;
    long long counter = 0;
    long long supervisor = 0;
    long long operatorId = 0;
    QDate yesterday;
    /// The closing counter's own login: a day close is signed at a counter.
    std::unique_ptr<pqxx::connection> atCounter;

    Day() {
        test::ReportDataSpec spec;
        spec.transactions = 1200;
        spec.centres = 2;
        spec.countersPerCentre = 2;
        spec.days = 3;
        spec.passwordHash = auth::hashPassword(Secret(kPassword), {10, 8, 1});
        data = test::generateReportData(*conn, spec);
        centre = data.centreIds[1];
        counter = data.counterIds[1];
        atCounter = db::openConnection(database.bindCounterLogin(counter).dsn);
        supervisor = data.supervisorIds[1];
        yesterday = data.lastDay.addDays(-1);
        operatorId = scalar("SELECT id FROM countersign.staff WHERE username = 'op-G02-01'");
    }

    long long scalar(const std::string& sql) {
        pqxx::read_transaction tx{*conn};
        return tx.exec1(sql)[0].as<long long>();
    }
    long long scalar(const std::string& sql, long long param) {
        pqxx::read_transaction tx{*conn};
        const auto r = tx.exec_params(sql, param);
        return r.at(0)[0].as<long long>();
    }

    dayclose::CloseRequest request(const QDate& date, long long countedFen,
                                   const std::string& signer = "sup-G02",
                                   const std::string& password = kPassword) {
        dayclose::CloseRequest r;
        r.centreId = centre;
        r.date = date;
        r.countedCashFen = countedFen;
        r.counterId = counter;
        r.signer = {signer, Secret(password)};
        return r;
    }

    dayclose::Refusal refusal(const dayclose::CloseRequest& r) {
        try {
            dayclose::close(*atCounter, r);
        } catch (const dayclose::CloseRefused& e) {
            return e.reason;
        }
        FAIL("the close was not refused");
        return dayclose::Refusal::BadAmount;
    }

    long long audited(const std::string& event) {
        pqxx::read_transaction tx{*conn};
        return tx.exec_params1("SELECT count(*) FROM countersign.audit_log WHERE event = $1", event)[0]
            .as<long long>();
    }
};

} // namespace

TEST_CASE("a day with an open transaction can't be closed, and the review names it", "[db][dayclose]") {
    Day f;
    long long open = 0;
    {
        pqxx::work tx{*f.conn};
        open = tx.exec_params1("INSERT INTO countersign.transactions (number, kind, operator_staff_id, "
                               "counter_id, centre_id, business_date) VALUES ('G02-OPEN-1', 'RENEW', $1, $2, "
                               "$3, $4::date) RETURNING id",
                               f.operatorId, f.counter, f.centre, iso(f.yesterday))[0]
                   .as<long long>();
        tx.exec_params0("UPDATE countersign.transactions SET state = 'papers_checked' WHERE id = $1", open);
        tx.commit();
    }
    const auto p = dayclose::preview(*f.conn, f.centre, f.yesterday);
    CHECK_FALSE(p.canClose());
    REQUIRE(p.open.size() == 1);
    CHECK(p.open[0].number == "G02-OPEN-1");
    CHECK(p.open[0].state == "papers_checked");
    CHECK(p.open[0].operatorUsername == "op-G02-01");
    {
        pqxx::read_transaction tx{*f.conn};
        const auto plain = test::plainSums(tx, f.centre, f.yesterday, f.yesterday);
        CHECK(p.expectedCashFen == plain.cashExpected);
        test::checkFigures(p.report.figures, plain);
        CHECK(p.report.figures.counts.unfinished == 1);
    }
    try {
        dayclose::close(*f.atCounter, f.request(f.yesterday, p.expectedCashFen));
        FAIL("closed a day with an open transaction");
    } catch (const dayclose::CloseRefused& e) {
        CHECK(e.reason == dayclose::Refusal::OpenTransactions);
        REQUIRE(e.open.size() == 1);
        CHECK_THAT(e.what(), Catch::Contains("G02-OPEN-1"));
    }
    CHECK(f.audited("day.close_refused") == 1);
    CHECK(f.scalar("SELECT count(*) FROM countersign.day_closes") == 0);

    // Given up, it no longer stands in the way.
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0("UPDATE countersign.transactions SET state = 'failed', failure_reason = 'gave up' "
                        "WHERE id = $1",
                        open);
        tx.commit();
    }
    CHECK(dayclose::preview(*f.conn, f.centre, f.yesterday).canClose());
    // The database refuses a close written around the application too.
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0("INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
                        "centre_id, business_date) VALUES ('G02-OPEN-2', 'NEW', $1, $2, $3, $4::date)",
                        f.operatorId, f.counter, f.centre, iso(f.yesterday));
        tx.commit();
    }
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_WITH(tx.exec_params0("INSERT INTO countersign.day_closes (centre_id, business_date, "
                                          "closed_by, counted_cash_fen, expected_cash_fen, snapshot) "
                                          "VALUES ($1, $2::date, $3, 0, 0, '{}')",
                                          f.centre, iso(f.yesterday), f.supervisor),
                          Catch::Contains("open transaction"));
    }
}

TEST_CASE("only the centre's supervisor or admin closes a day, with the right password, and not a future day",
          "[db][dayclose]") {
    Day f;
    const long long expected = dayclose::preview(*f.conn, f.centre, f.yesterday).expectedCashFen;

    CHECK(f.refusal(f.request(f.yesterday, expected, "sup-G02", "wrong-password")) ==
          dayclose::Refusal::WrongCredentials);
    CHECK(f.audited("day_close.failed") == 1);
    CHECK(f.scalar("SELECT failed_logins FROM countersign.staff WHERE username = 'sup-G02'") == 1);

    CHECK(f.refusal(f.request(f.yesterday, expected, "op-G02-01")) == dayclose::Refusal::NotAllowed);
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0(
            "INSERT INTO countersign.staff (username, display_name, role, password_hash, centre_id) "
            "VALUES ('admin-tj', 'admin of TJ01', 'admin', $1, $2)",
            auth::hashPassword(Secret(kPassword), {10, 8, 1}), f.database.centreId());
        tx.commit();
    }
    CHECK(f.refusal(f.request(f.yesterday, expected, "admin-tj")) == dayclose::Refusal::NotAllowed);
    CHECK(f.refusal(f.request(f.data.lastDay.addDays(1), 0)) == dayclose::Refusal::FutureDay);
    CHECK(f.refusal(f.request(f.yesterday, -1)) == dayclose::Refusal::BadAmount);
    CHECK(f.scalar("SELECT count(*) FROM countersign.day_closes") == 0);

    // A head-office admin (no centre) may close any centre's day; an operator who asks gets the supervisor's
    // signature recorded as an approval.
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0("INSERT INTO countersign.staff (username, display_name, role, password_hash) "
                        "VALUES ('admin-hq', 'head office', 'admin', $1)",
                        auth::hashPassword(Secret(kPassword), {10, 8, 1}));
        tx.commit();
    }
    const auto first = dayclose::close(*f.atCounter, f.request(f.data.firstDay, 0, "admin-hq"));
    CHECK(first.close->closedBy == "admin-hq");
    auto asked = f.request(f.yesterday, expected);
    // Who asks is the person of their own session at the closing counter, never an id the client sends.
    const auto login = auth::logIn(*f.atCounter, auth::LoginPurpose::Login, "op-G02-01", Secret(kPassword));
    REQUIRE(login.status == auth::LoginStatus::Ok);
    asked.requester = login.session;
    const auto second = dayclose::close(*f.atCounter, asked);
    CHECK(second.close->closedBy == "sup-G02");
    CHECK(second.close->requestedBy == "op-G02-01");
    CHECK(
        f.scalar("SELECT count(*) FROM countersign.approvals WHERE kind = 'day_close' AND requested_by = $1",
                 f.operatorId) == 1);
}

TEST_CASE(
    "closing a day stores the counted cash, the difference and the snapshot, audits it, and freezes the "
    "day's records in the database",
    "[db][dayclose]") {
    Day f;
    const QDate day = f.yesterday;
    // A transaction that failed that day (to be compensated later) and a receipt of a completed one.
    long long failed = 0, completed = 0;
    {
        pqxx::work tx{*f.conn};
        failed = tx.exec_params1("SELECT id FROM countersign.transactions WHERE centre_id = $1 AND "
                                 "business_date = $2::date AND state = 'failed' ORDER BY id LIMIT 1",
                                 f.centre, iso(day))[0]
                     .as<long long>();
        completed = tx.exec_params1("SELECT id FROM countersign.transactions WHERE centre_id = $1 AND "
                                    "business_date = $2::date AND state = 'completed' ORDER BY id LIMIT 1",
                                    f.centre, iso(day))[0]
                        .as<long long>();
        // A refund paid back that day (as crash recovery would).
        tx.exec_params0(
            "INSERT INTO countersign.refunds (payment_id, centre_id, amount_fen, reason, refunded_by, "
            "business_date, by_recovery) SELECT p.id, p.centre_id, p.amount_fen, 'test refund', $3, "
            "$2::date, true FROM countersign.payments p WHERE p.centre_id = $1 AND p.business_date = "
            "$2::date AND NOT EXISTS (SELECT 1 FROM countersign.refunds r WHERE r.payment_id = p.id) "
            "ORDER BY p.id LIMIT 1",
            f.centre, iso(day), f.operatorId);
        // The generated day has no receipts; this one is added behind the product's back (the database takes
        // a receipt only with its transaction's completion, 0013).
        tx.exec0("SET LOCAL session_replication_role = replica");
        tx.exec_params0("INSERT INTO countersign.receipt_counters (centre_id, year, last_number) VALUES ($1, "
                        "$2, 1)",
                        f.centre, day.year());
        tx.exec_params0("INSERT INTO countersign.receipts (transaction_id, centre_id, year, number, "
                        "verification_code, counter_id, issued_by, content, content_sha256, secret) "
                        "VALUES ($1, $2, $3, 1, 'TESTCODE1', $4, $5, '{}', sha256('{}'), "
                        "decode(repeat('00', 16), 'hex'))",
                        completed, f.centre, day.year(), f.counter, f.operatorId);
        tx.commit();
    }
    const auto preview = dayclose::preview(*f.conn, f.centre, day);
    REQUIRE(preview.canClose());
    const long long counted = preview.expectedCashFen + 550;
    const auto closed = dayclose::close(*f.atCounter, f.request(day, counted));
    REQUIRE(closed.closed());
    CHECK(closed.close->countedCashFen == counted);
    CHECK(closed.close->expectedCashFen == preview.expectedCashFen);
    CHECK(closed.close->differenceFen() == 550);
    CHECK(f.scalar("SELECT cash_difference_fen FROM countersign.day_closes") == 550);
    CHECK_FALSE(closed.chainHeads.empty());
    {
        pqxx::read_transaction tx{*f.conn};
        test::checkFigures(closed.figures, test::plainSums(tx, f.centre, day, day));
        const auto audit = tx.exec1("SELECT subject, detail::text, actor_staff_id FROM countersign.audit_log "
                                    "WHERE event = 'day.closed'");
        CHECK(audit[0].as<std::string>() == "G02/" + iso(day));
        const auto detail =
            QJsonDocument::fromJson(QByteArray::fromStdString(audit[1].as<std::string>())).object();
        CHECK(detail["difference_fen"].toInteger() == 550);
        CHECK(audit[2].as<long long>() == f.supervisor);
        CHECK(tx.exec1("SELECT count(*) FROM countersign.audit_log WHERE event = 'day_close.succeeded'")[0]
                  .as<int>() == 1);
    }
    CHECK(f.refusal(f.request(day, counted)) == dayclose::Refusal::AlreadyClosed);

    // The counters' own database role: no change to the closed day's records gets through.
    const std::string role = f.database.addCounterLoginRole();
    auto counterConn = connectAs(f.database, role);
    // Transactions a counter may not write at all; the owner is stopped by the freeze.
    for (const auto& [sql, id] :
         {std::pair<std::string, long long>{"UPDATE countersign.transactions SET "
                                            "failure_reason = 'rewritten' WHERE id = $1",
                                            failed},
          {"UPDATE countersign.transactions SET enterprise_id = enterprise_id WHERE id = $1", completed}}) {
        deniedToCounter(*counterConn, sql, id);
        refusedAsClosed(*f.conn, sql, id);
    }
    // Counters write no payment rows (only the fee step does, 0019); the owner is stopped by the freeze.
    const std::string latePayment =
        "INSERT INTO countersign.payments (transaction_id, centre_id, method, "
        "amount_fen, received_by, business_date) VALUES ($1, $2, 'cash', 100, $3, "
        "$4::date)";
    deniedToCounter(*counterConn, latePayment, completed, f.centre, f.operatorId, iso(day));
    refusedAsClosed(*f.conn, latePayment, completed, f.centre, f.operatorId, iso(day));
    // A void is written only by countersign.receipt_void (0017), whose UPDATE the freeze stops as it stops
    // the owner's here.
    refusedAsClosed(
        *f.conn,
        "UPDATE countersign.receipts SET voided_at = now(), void_reason = 'x', void_approval_id = NULL "
        "WHERE transaction_id = $1",
        completed);
    const std::string late =
        "INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
        "centre_id, business_date) VALUES ('LATE-1', 'RENEW', $1, $2, $3, $4::date)";
    deniedToCounter(*counterConn, late, f.operatorId, f.counter, f.centre, iso(day));
    refusedAsClosed(*f.conn, late, f.operatorId, f.counter, f.centre, iso(day));
    {
        // Counters may not update payments at all; the owner (here the superuser) is stopped by the freeze.
        pqxx::work tx{*counterConn};
        CHECK_THROWS_AS(tx.exec_params0("UPDATE countersign.payments SET amount_fen = 1 WHERE centre_id = $1 "
                                        "AND business_date = $2::date",
                                        f.centre, iso(day)),
                        pqxx::insufficient_privilege);
    }
    refusedAsClosed(*f.conn,
                    "UPDATE countersign.payments SET amount_fen = amount_fen + 1 WHERE centre_id = $1 "
                    "AND business_date = $2::date",
                    f.centre, iso(day));
    refusedAsClosed(*f.conn,
                    "DELETE FROM countersign.payments WHERE centre_id = $1 AND business_date = $2::date",
                    f.centre, iso(day));
    refusedAsClosed(*f.conn,
                    "DELETE FROM countersign.refunds WHERE centre_id = $1 AND business_date = $2::date",
                    f.centre, iso(day));
    refusedAsClosed(*f.conn, "UPDATE countersign.fee_lines SET amount_fen = 0 WHERE transaction_id = $1",
                    completed);
    refusedAsClosed(*f.conn, "DELETE FROM countersign.transactions WHERE id = $1", completed);
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_WITH(
            tx.exec_params0("DELETE FROM countersign.day_closes WHERE centre_id = $1", f.centre),
            Catch::Contains("final"));
    }

    // What stays allowed: printing the receipt again, and compensating the transaction that failed (by hand
    // here, as the owner: a counter's login does that through the workflow's functions, 0016).
    {
        pqxx::work tx{*f.atCounter};
        const long long receipt =
            tx.exec_params1("SELECT id FROM countersign.receipts WHERE transaction_id = $1", completed)[0]
                .as<long long>();
        receipts::recordPrint(tx, Secret(test::plantSession(f.database, f.operatorId, f.counter)), receipt);
        tx.commit();
    }
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0("UPDATE countersign.transactions SET state = 'compensated', work = work || "
                        "'{\"note\": \"revoked\"}' WHERE id = $1",
                        failed);
        tx.commit();
    }
    // The other days are not frozen.
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0(
            "UPDATE countersign.transactions SET work = work WHERE centre_id = $1 AND business_date = "
            "$2::date",
            f.centre, iso(f.data.lastDay));
        tx.commit();
    }
    // The closed day's report is still what was signed: the compensated transaction counts as failed there.
    pqxx::read_transaction tx{*f.conn};
    const auto later = reports::daily(tx, f.centre, day);
    CHECK(later.closed());
    CHECK(QJsonDocument(reports::toJson(later)["figures"].toObject()) ==
          QJsonDocument(reports::toJson(closed)["figures"].toObject()));
    const auto live = reports::dailyLive(tx, f.centre, day);
    CHECK(live.figures.counts.failed == closed.figures.counts.failed - 1);
    CHECK(live.figures.counts.compensated == closed.figures.counts.compensated + 1);
}

TEST_CASE("a payment written while the day is being closed waits for the close and is then refused",
          "[db][dayclose]") {
    Day f;
    const QDate day = f.yesterday;
    long long completed = 0;
    {
        pqxx::read_transaction tx{*f.conn};
        completed = tx.exec_params1("SELECT id FROM countersign.transactions WHERE centre_id = $1 AND "
                                    "business_date = $2::date AND state = 'completed' ORDER BY id LIMIT 1",
                                    f.centre, iso(day))[0]
                        .as<long long>();
    }
    // The close holds the day's lock (as dayclose::close does first) while another counter writes a payment.
    auto closer = f.database.connect();
    pqxx::work close{*closer};
    close.exec_params("SELECT countersign.day_close_lock($1, $2::date)", f.centre, iso(day));
    std::string writerError;
    std::atomic<bool> writerDone{false};
    std::thread writer([&] {
        try {
            auto conn = f.database.connect();
            pqxx::work tx{*conn};
            tx.exec_params0(
                "INSERT INTO countersign.payments (transaction_id, centre_id, method, amount_fen, "
                "received_by, business_date) VALUES ($1, $2, 'cash', 100, $3, $4::date)",
                completed, f.centre, f.operatorId, iso(day));
            tx.commit();
        } catch (const std::exception& e) {
            writerError = e.what();
        }
        writerDone = true;
    });
    // The writer's statement waits on the close's lock: seen in pg_stat_activity (or it finished, which is
    // the failure this test looks for).
    auto watcher = f.database.connect();
    bool waiting = false;
    for (int i = 0; i < 600 && !waiting && !writerDone; ++i) {
        pqxx::nontransaction look{*watcher};
        waiting = look.exec("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND "
                            "wait_event_type = 'Lock' AND query LIKE 'INSERT INTO countersign.payments%'")
                      .size() == 1;
        if (!waiting)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(waiting);
    CHECK_FALSE(writerDone); // waiting for the close
    close.exec_params0(
        "INSERT INTO countersign.day_closes (centre_id, business_date, closed_by, counted_cash_fen, "
        "expected_cash_fen, snapshot) VALUES ($1, $2::date, $3, 0, 0, '{}')",
        f.centre, iso(day), f.supervisor);
    close.commit();
    writer.join();
    CHECK_THAT(writerError, Catch::Contains("is closed"));
}
