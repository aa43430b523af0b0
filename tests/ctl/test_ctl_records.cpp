// Receipts (DESIGN §5) and stock (§9): the library against a real database, and countersignctl's receipt and
// stock commands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

#include "backend/auth/authenticator.h"
#include "backend/receipts/receipts.h"
#include "backend/stock/stock.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A completed NEW transaction with everything a receipt shows: company, agent, key, certificate, fees,
// payment and an invoice request. Returns the transaction id.
long long makeTransaction(pqxx::work& tx, const test::TestDatabase& database, long long operatorId,
                          const std::string& number, bool full = true) {
    // Planted in state verified (behind the triggers' back): issue() completes it and issues its receipt.
    tx.exec0("SET LOCAL session_replication_role = replica");
    if (!full)
        return tx
            .exec_params1("INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, "
                          "state) VALUES ($1, 'RENEW', $2, $3, $4, 'verified') RETURNING id",
                          number, operatorId, database.counterId(), database.centreId())[0]
            .as<long long>();
    const auto enterprise =
        tx.exec1("INSERT INTO enterprises (uscc, name) VALUES ('91350100M000100Y43', "
                 "'天津示例科技有限公司') ON CONFLICT (uscc) DO UPDATE SET name = EXCLUDED.name "
                 "RETURNING id")[0]
            .as<long long>();
    const auto agent =
        tx.exec1("INSERT INTO agents (name, id_number) VALUES ('张伟', '11010519491231002X') ON "
                 "CONFLICT (id_number) DO UPDATE SET name = EXCLUDED.name RETURNING id")[0]
            .as<long long>();
    const auto token =
        tx.exec_params1("INSERT INTO tokens (serial, model, state, centre_id) VALUES ($1, 'ePass3003', "
                        "'active', $2) RETURNING id",
                        "KEY-" + number, database.centreId())[0]
            .as<long long>();
    const auto id =
        tx.exec_params1("INSERT INTO transactions (number, kind, operator_staff_id, counter_id, "
                        "centre_id, enterprise_id, agent_id, token_id, business_date, state) VALUES ($1, "
                        "'NEW', $2, $3, $4, $5, $6, $7, '2026-03-02', 'verified') RETURNING id",
                        number, operatorId, database.counterId(), database.centreId(), enterprise, agent,
                        token)[0]
            .as<long long>();
    tx.exec_params0(
        "INSERT INTO certificates (serial, issuer, token_id, enterprise_id, transaction_id, subject, "
        "not_before, not_after, status, der) VALUES ($1, 'CN=Test CA', $2, $3, $4, 'CN=x', "
        "'2026-03-02 10:00+08', '2027-03-02 10:00+08', 'active', $5)",
        "5A" + number, token, enterprise, id, pqxx::binarystring(std::string("der-") + number));
    tx.exec_params0(
        "INSERT INTO fee_lines (transaction_id, description, amount_fen) VALUES ($1, '证书费', 18000)", id);
    tx.exec_params0(
        "INSERT INTO payments (transaction_id, centre_id, method, amount_fen, reference, received_by) "
        "VALUES ($1, $2, 'wechat_pay', 18000, 'WX123', $3)",
        id, database.centreId(), operatorId);
    tx.exec_params0(
        "INSERT INTO invoice_requests (transaction_id, buyer_name, buyer_taxpayer_id, delivery_email, "
        "amount_fen, requested_by) VALUES ($1, '天津示例科技有限公司', '91350100M000100Y43', "
        "'a@example.com', 18000, $2)",
        id, operatorId);
    return id;
}

/// As the workflow does at the end, on a counter's own login: the transaction completed and its receipt
/// issued by the session's person, in the caller's database transaction.
receipts::ReceiptRecord issue(pqxx::transaction_base& tx, const Secret& session, long long id) {
    tx.exec_params(
        "SELECT countersign.tx_advance($1, $2, 'verified', 'completed', '{}', '', NULL, 'complete', "
        "'{}', 'transaction.completed', '{}')",
        session.c_str(), id);
    return receipts::issueReceipt(tx, session, id);
}

QJsonObject parse(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

test::ProcessResult ctl(const std::string& config, std::vector<std::string> args,
                        const std::string& input = {}) {
    args.insert(args.begin(), {"--config", config});
    return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
}

/// A transaction of `kind` planted by the owner at fee_recorded, the fee step done (its key work not begun).
long long plantAtFee(pqxx::work& tx, const test::TestDatabase& database, long long operatorId,
                     const std::string& number, const std::string& kind) {
    const auto enterprise =
        tx.exec1("INSERT INTO enterprises (uscc, name) VALUES ('91350100M000100Y43', "
                 "'天津示例科技有限公司') ON CONFLICT (uscc) DO UPDATE SET name = EXCLUDED.name "
                 "RETURNING id")[0]
            .as<long long>();
    const long long id =
        tx.exec_params1("INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, "
                        "enterprise_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        number, kind, operatorId, database.counterId(), database.centreId(), enterprise)[0]
            .as<long long>();
    tx.exec_params0("UPDATE transactions SET state = 'papers_checked' WHERE id = $1", id);
    tx.exec_params0("UPDATE transactions SET state = 'fee_recorded' WHERE id = $1", id);
    return id;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("a receipt shows the transaction with the agent's ID number masked", "[db][receipts]") {
    test::TestDatabase database;
    const long long op = database.addStaff("li.na", "password-1");
    const Secret session(test::plantSession(database, op));
    auto owner = database.connect();
    long long txId = 0;
    {
        pqxx::work tx{*owner};
        txId = makeTransaction(tx, database, op, "T0001");
        tx.commit();
    }
    auto conn = database.connectAsCounter();
    pqxx::work tx{*conn};
    const auto r = issue(tx, session, txId);
    tx.commit();

    CHECK(r.number == 1);
    CHECK(r.year == 2026);
    CHECK(r.numberText == "TJ01-2026-000001");
    CHECK(contains(r.qrPayload, "CSRC1|TJ01|2026|000001|"));
    const auto c = parse(r.contentJson);
    CHECK(c.value(QStringLiteral("agent")).toObject().value(QStringLiteral("id_masked")).toString() ==
          QStringLiteral("110105********002X"));
    CHECK_FALSE(contains(r.contentJson, "11010519491231002X"));
    CHECK(c.value(QStringLiteral("company")).toObject().value(QStringLiteral("uscc")).toString() ==
          QStringLiteral("91350100M000100Y43"));
    CHECK(c.value(QStringLiteral("operator")).toString() == QStringLiteral("li.na (test)"));
    CHECK(c.value(QStringLiteral("operation")).toString() == QStringLiteral("NEW"));
    CHECK(c.value(QStringLiteral("transaction")).toString() == QStringLiteral("T0001"));
    CHECK(c.value(QStringLiteral("key_serial")).toString() == QStringLiteral("KEY-T0001"));
    CHECK(c.value(QStringLiteral("certificate")).toObject().value(QStringLiteral("serial")).toString() ==
          QStringLiteral("5AT0001"));
    CHECK(c.value(QStringLiteral("certificate")).toObject().value(QStringLiteral("not_after")).toString() ==
          QStringLiteral("2027-03-02T10:00:00+08:00"));
    CHECK(c.value(QStringLiteral("total_fen")).toInteger() == 18000);
    CHECK(c.value(QStringLiteral("fee_lines")).toArray().size() == 1);
    CHECK(c.value(QStringLiteral("payments")).toArray().at(0).toObject().value(QStringLiteral("reference")) ==
          QStringLiteral("WX123"));
    CHECK(c.value(QStringLiteral("invoice")).toObject().value(QStringLiteral("status")) ==
          QStringLiteral("pending"));

    pqxx::work again{*conn};
    CHECK_THROWS_AS(issue(again, session, txId), receipts::ReceiptError);
    again.abort();

    pqxx::read_transaction read{*conn};
    CHECK(read.exec_params1("SELECT count(*) FROM audit_log WHERE event = 'receipt.issued' AND subject = $1",
                            r.numberText)[0]
              .as<int>() == 1);
    const auto byNumber = receipts::findByNumber(read, "TJ01-2026-000001");
    REQUIRE(byNumber);
    CHECK(byNumber->transactionId == txId);
    CHECK(byNumber->qrPayload == r.qrPayload);
    CHECK_FALSE(receipts::findByNumber(read, "TJ01-2026-000002"));
}

TEST_CASE("receipt numbers stay gapless and unique with 8 counters issuing at once", "[db][receipts]") {
    test::TestDatabase database;
    const long long op = database.addStaff("wang.fang", "password-1");
    constexpr int kWorkers = 8;
    constexpr int kEach = 50;
    const Secret session(test::plantSession(database, op));
    std::vector<long long> transactions;
    {
        auto conn = database.connect();
        pqxx::work tx{*conn};
        for (int i = 0; i < kWorkers * kEach + 2; ++i)
            transactions.push_back(makeTransaction(tx, database, op, "C" + std::to_string(i), false));
        tx.commit();
    }
    std::vector<std::vector<int>> numbers(kWorkers);
    std::vector<std::string> errors(kWorkers);
    std::vector<std::thread> workers;
    for (int w = 0; w < kWorkers; ++w) {
        workers.emplace_back([&, w] {
            try {
                auto conn = database.connectAsCounter();
                for (int i = 0; i < kEach; ++i) {
                    pqxx::work tx{*conn};
                    const auto r = issue(tx, session, transactions[w * kEach + i]);
                    tx.commit();
                    numbers[w].push_back(r.number);
                }
            } catch (const std::exception& e) {
                errors[w] = e.what();
            }
        });
    }
    for (auto& t : workers)
        t.join();
    for (const auto& e : errors)
        CHECK(e.empty());
    std::vector<int> all;
    for (const auto& n : numbers)
        all.insert(all.end(), n.begin(), n.end());
    std::sort(all.begin(), all.end());
    REQUIRE(all.size() == kWorkers * kEach);
    CHECK(std::set<int>(all.begin(), all.end()).size() == all.size());
    CHECK(all.front() == 1);
    CHECK(all.back() == kWorkers * kEach);

    // A receipt issued in a transaction that rolls back gives its number back.
    auto conn = database.connectAsCounter();
    {
        pqxx::work tx{*conn};
        CHECK(issue(tx, session, transactions[kWorkers * kEach]).number == 401);
        tx.abort();
    }
    {
        pqxx::work tx{*conn};
        CHECK(issue(tx, session, transactions[kWorkers * kEach + 1]).number == 401);
        tx.commit();
    }
    pqxx::read_transaction tx{*conn};
    CHECK(
        tx.exec1(
              "SELECT count(*) = 401 AND count(DISTINCT number) = 401 AND max(number) = 401 FROM receipts")[0]
            .as<bool>());
    CHECK(tx.exec_params1("SELECT countersign.audit_verify($1) IS NULL", database.counterId())[0].as<bool>());
}

TEST_CASE("receipt verify accepts a genuine receipt and refuses forged, changed, unreadable and void ones",
          "[ctl][receipts]") {
    test::TestDatabase database;
    const long long op = database.addStaff("li.na", "password-1");
    const long long supervisor = database.addStaff("zhao.lei", "password-2", "supervisor");
    const std::string config = test::writeTestConfig(database);
    auto conn = database.connect();
    receipts::ReceiptRecord first, second, third;
    {
        long long v[3];
        {
            pqxx::work tx{*conn};
            for (int i = 0; i < 3; ++i)
                v[i] = makeTransaction(tx, database, op, "V" + std::to_string(i + 1));
            tx.commit();
        }
        const Secret session(test::plantSession(database, op));
        auto counter = database.connectAsCounter();
        pqxx::work tx{*counter};
        first = issue(tx, session, v[0]);
        second = issue(tx, session, v[1]);
        third = issue(tx, session, v[2]);
        tx.commit();
    }

    SECTION("a genuine receipt is valid") {
        const auto ok = ctl(config, {"receipt", "verify", first.qrPayload});
        INFO(ok.out << ok.err);
        CHECK(ok.exitCode == 0);
        CHECK(contains(ok.out, "TJ01-2026-000001"));
        CHECK(contains(ok.out, "天津示例科技有限公司"));
        CHECK(contains(ok.out, "NEW"));
        CHECK(contains(ok.out, "180.00 CNY"));
        CHECK(contains(ok.out, "VALID"));
        const auto file = test::writeScratchFile(database.name() + "-qr.txt", first.qrPayload + "\n");
        CHECK(ctl(config, {"receipt", "verify", "--payload-file", file}).exitCode == 0);
        const auto json = ctl(config, {"--json", "receipt", "verify", first.qrPayload});
        CHECK(parse(json.out).value(QStringLiteral("valid")).toBool());
        CHECK(parse(json.out).value(QStringLiteral("total_fen")).toInteger() == 18000);
    }
    SECTION("a forged receipt number is refused") {
        // The first receipt's code with the second receipt's number, and a number never issued.
        std::string forged = first.qrPayload;
        forged.replace(forged.find("|000001|"), 8, "|000002|");
        const auto bad = ctl(config, {"receipt", "verify", forged});
        INFO(bad.out << bad.err);
        CHECK(bad.exitCode == 1);
        CHECK(contains(bad.err, "code mismatch"));
        std::string unknown = first.qrPayload;
        unknown.replace(unknown.find("|000001|"), 8, "|000099|");
        const auto none = ctl(config, {"receipt", "verify", unknown});
        CHECK(none.exitCode == 1);
        CHECK(contains(none.err, "no such receipt"));
    }
    SECTION("content edited in the database is refused") {
        {
            pqxx::work tx{*conn};
            tx.exec0("ALTER TABLE countersign.receipts DISABLE TRIGGER USER");
            tx.exec_params0(
                "UPDATE countersign.receipts SET content = jsonb_set(content, '{total_fen}', '100') WHERE "
                "id = $1",
                second.id);
            tx.exec0("ALTER TABLE countersign.receipts ENABLE TRIGGER USER");
            tx.commit();
        }
        const auto bad = ctl(config, {"receipt", "verify", second.qrPayload});
        INFO(bad.out << bad.err);
        CHECK(bad.exitCode == 1);
        CHECK(contains(bad.err, "content changed since issue"));
        // The untouched ones still verify.
        CHECK(ctl(config, {"receipt", "verify", first.qrPayload}).exitCode == 0);
    }
    SECTION("an unreadable payload is refused") {
        const auto bad = ctl(config, {"receipt", "verify", "hello world"});
        CHECK(bad.exitCode == 1);
        CHECK(contains(bad.err, "unreadable payload"));
        std::string truncated = first.qrPayload.substr(0, first.qrPayload.size() - 3);
        CHECK(contains(ctl(config, {"receipt", "verify", truncated}).err, "unreadable payload"));
    }
    SECTION("a voided receipt is refused naming the reason") {
        test::voidReceiptAsCounter(database, third, "wrong company", op, supervisor);
        const auto bad = ctl(config, {"receipt", "verify", third.qrPayload});
        INFO(bad.out << bad.err);
        CHECK(bad.exitCode == 1);
        CHECK(contains(bad.err, "voided: wrong company"));
        const auto shown = ctl(config, {"receipt", "show", "TJ01-2026-000003"});
        CHECK(shown.exitCode == 0);
        CHECK(contains(shown.out, "VOID"));
    }
    SECTION("receipt show prints the content by number or transaction") {
        const auto shown = ctl(config, {"receipt", "show", "--transaction", "V2"});
        INFO(shown.out << shown.err);
        CHECK(shown.exitCode == 0);
        CHECK(contains(shown.out, "TJ01-2026-000002"));
        CHECK(contains(shown.out, "110105********002X"));
        CHECK(contains(shown.out, "5AV2"));
        const auto json = ctl(config, {"--json", "receipt", "show", "TJ01-2026-000001"});
        CHECK(parse(json.out)
                  .value(QStringLiteral("content"))
                  .toObject()
                  .value(QStringLiteral("transaction")) == QStringLiteral("V1"));
        CHECK(ctl(config, {"receipt", "show", "TJ01-2026-000042"}).exitCode == 1);
    }
    SECTION("a printed receipt knows when it is reprinted") {
        auto counter = database.connectAsCounter();
        const Secret session(test::plantSession(database, op));
        pqxx::work tx{*counter};
        CHECK_FALSE(receipts::recordPrint(tx, session, first.id));
        CHECK(receipts::recordPrint(tx, session, first.id));
        tx.commit();
    }
}

TEST_CASE("the counters' role cannot change what a receipt says", "[db][receipts]") {
    test::TestDatabase database;
    const long long op = database.addStaff("li.na", "password-1");
    const Secret session(test::plantSession(database, op));
    long long transactionId = 0;
    {
        auto conn = database.connect();
        pqxx::work tx{*conn};
        transactionId = makeTransaction(tx, database, op, "P1");
        tx.commit();
    }
    pqxx::connection conn{database.counterDsn()};
    long long id = 0;
    {
        pqxx::work tx{conn};
        id = issue(tx, session, transactionId).id;
        tx.commit();
    }
    {
        pqxx::work tx{conn};
        CHECK_THROWS_AS(tx.exec_params0("UPDATE countersign.receipts SET content = '{}' WHERE id = $1", id),
                        pqxx::insufficient_privilege);
    }
    // Printing is counted only through the database's function (0020_money_records.sql).
    {
        pqxx::work tx{conn};
        CHECK_THROWS_AS(
            tx.exec_params0("UPDATE countersign.receipts SET printed_count = 1 WHERE id = $1", id),
            pqxx::insufficient_privilege);
    }
    pqxx::work tx{conn};
    receipts::recordPrint(tx, session, id);
    tx.commit();
}

// ---------------------------------------------------------------------------------------------------------------
// Stock
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("stock receive and list through countersignctl, refusing a serial already known", "[ctl][stock]") {
    test::TestDatabase database;
    database.addStaff("admin.liu", "password-9", "admin");
    database.addStaff("li.na", "password-1");
    const std::string config = test::writeTestConfig(database);

    const auto received =
        ctl(config,
            {"stock", "receive", "--model", "ePass3003", "--serial", "S-001", "--serial", "S-002", "--serial",
             "S-003", "--reference", "DN-2026-7", "--operator", "admin.liu", "--password-fd", "0"},
            "password-9\n");
    INFO(received.out << received.err);
    REQUIRE(received.exitCode == 0);
    CHECK(contains(received.out, "received 3 key(s)"));

    const auto list = ctl(config, {"stock", "list"});
    CHECK(list.exitCode == 0);
    CHECK(contains(list.out, "ePass3003: 3 in stock"));
    CHECK(contains(list.out, "S-001"));
    CHECK(contains(list.out, "S-003"));
    const auto json = parse(ctl(config, {"--json", "stock", "list"}).out);
    CHECK(json.value(QStringLiteral("in_stock")).toInteger() == 3);
    CHECK(json.value(QStringLiteral("keys")).toArray().size() == 3);

    const auto again = ctl(config,
                           {"stock", "receive", "--model", "ePass3003", "--serial", "S-004", "--serial",
                            "S-002", "--operator", "admin.liu", "--password-fd", "0"},
                           "password-9\n");
    CHECK(again.exitCode == 1);
    CHECK(contains(again.err, "S-002 is already known (state in_stock"));
    CHECK(contains(again.err, "nothing was received"));
    const auto after = parse(ctl(config, {"--json", "stock", "list"}).out);
    CHECK(after.value(QStringLiteral("in_stock")).toInteger() == 3);

    const auto byOperator = ctl(config,
                                {"stock", "receive", "--model", "ePass3003", "--serial", "S-005",
                                 "--operator", "li.na", "--password-fd", "0"},
                                "password-1\n");
    CHECK(byOperator.exitCode == 1);
    // The database refuses it on its own, whatever the client checks.
    CHECK(contains(byOperator.err, "li.na is operator and this needs admin"));
    const auto writeOffByOperator = ctl(
        config,
        {"stock", "write-off", "S-001", "--reference", "WO-9", "--operator", "li.na", "--password-fd", "0"},
        "password-1\n");
    CHECK(writeOffByOperator.exitCode == 1);
    CHECK(contains(writeOffByOperator.err, "li.na is operator and this needs admin"));

    auto conn = database.connect();
    pqxx::read_transaction tx{*conn};
    CHECK(tx.exec1("SELECT count(*) FROM stock_movements WHERE kind = 'receive'")[0].as<int>() == 3);
    CHECK(tx.exec1("SELECT count(*) FROM audit_log WHERE event = 'stock.received'")[0].as<int>() == 3);
    CHECK(tx.exec1("SELECT count(*) FROM tokens WHERE serial IN ('S-004', 'S-005')")[0].as<int>() == 0);
    CHECK(tx.exec1("SELECT count(*) FROM tokens WHERE state = 'in_stock'")[0].as<int>() == 3);
    // The person recorded is the admin of the session.
    CHECK(tx.exec1(
                "SELECT count(*) FROM stock_movements m JOIN staff s ON s.id = m.staff_id WHERE s.username = "
                "'admin.liu'")[0]
              .as<int>() == 3);
}

TEST_CASE("stock keys are issued, returned unused, returned damaged and written off", "[ctl][stock]") {
    test::TestDatabase database;
    database.addStaff("admin.liu", "password-9", "admin");
    const long long op = database.addStaff("li.na", "password-1");
    const std::string config = test::writeTestConfig(database);
    auto conn = database.connect();
    // The workflow's stock records are the database's (0019): made as the counter, with the person's session,
    // for a transaction at the step they belong to. Set-up plants the transactions with the owner's login.
    auto counterConn = database.connectAsCounter();
    const auto adminLogin =
        auth::logIn(*counterConn, auth::LoginPurpose::Login, "admin.liu", Secret(std::string("password-9")));
    const auto opLogin =
        auth::logIn(*counterConn, auth::LoginPurpose::Login, "li.na", Secret(std::string("password-1")));
    REQUIRE(adminLogin.status == auth::LoginStatus::Ok);
    REQUIRE(opLogin.status == auth::LoginStatus::Ok);
    const std::string session = opLogin.session->c_str();
    long long t1 = 0, t2 = 0, t3 = 0;
    std::vector<long long> ids;
    {
        pqxx::work tx{*counterConn};
        ids = stock::receive(tx, *adminLogin.session, "ePass3003", {"K-1", "K-2", "K-3"}, "DN-1");
        tx.commit();
    }
    {
        pqxx::work tx{*conn};
        t1 = plantAtFee(tx, database, op, "S1", "NEW");
        t2 = plantAtFee(tx, database, op, "S2", "NEW");
        t3 = plantAtFee(tx, database, op, "S3", "REPLACE");
        tx.commit();
    }
    REQUIRE(ids.size() == 3);
    const auto take = [&](pqxx::transaction_base& tx, const std::string& serial, long long txId,
                          bool autoReceive) {
        return tx
            .exec_params1("SELECT countersign.tx_key_take($1, $2, $3, 'ePass3003', '', $4, 1)", session, txId,
                          serial, autoReceive)[0]
            .as<long long>();
    };

    {
        pqxx::work tx{*counterConn};
        CHECK(take(tx, "K-1", t1, false) == ids[0]);
        CHECK(tx.exec_params1("SELECT state FROM tokens WHERE id = $1", ids[0])[0].as<std::string>() ==
              "blank");
        CHECK(
            tx.exec_params1("SELECT count(*) FROM stock_movements WHERE kind = 'issue' AND token_id = $1 AND "
                            "transaction_id = $2",
                            ids[0], t1)[0]
                .as<int>() == 1);
        // A resumed step issuing it again to the same transaction is not a second issue.
        CHECK(take(tx, "K-1", t1, false) == ids[0]);
        CHECK(tx.exec_params1("SELECT count(*) FROM stock_movements WHERE kind = 'issue'")[0].as<int>() == 1);
        tx.commit();
    }
    {
        // Issued already: not in stock any more.
        pqxx::work tx{*counterConn};
        CHECK_THROWS_WITH(take(tx, "K-1", t2, false), Catch::Contains("not in stock: it is blank"));
    }
    {
        pqxx::work tx{*counterConn};
        CHECK_THROWS_WITH(take(tx, "NEVER-SEEN", t2, false), Catch::Contains("never received"));
    }
    {
        pqxx::work tx{*counterConn};
        const long long demo = take(tx, "SOFTHSM-77", t2, true);
        CHECK(tx.exec_params1("SELECT state FROM tokens WHERE id = $1", demo)[0].as<std::string>() ==
              "blank");
        tx.abort();
    }
    {
        // S1 gives up: its blank key goes back to stock unused; a key that is not blank stays where it is.
        pqxx::work owner{*conn};
        owner.exec_params0("UPDATE transactions SET token_id = $2, state = 'failed', failure_reason = 'gave "
                           "up' WHERE id = $1",
                           t1, ids[0]);
        owner.exec_params0("UPDATE transactions SET token_id = $2 WHERE id = $1", t2, ids[1]);
        owner.commit();
        pqxx::work tx{*counterConn};
        CHECK(tx.exec_params1("SELECT countersign.tx_key_returned($1, $2)", session, t1)[0].as<bool>());
        CHECK(tx.exec_params1("SELECT state FROM tokens WHERE id = $1", ids[0])[0].as<std::string>() ==
              "in_stock");
        CHECK_FALSE(tx.exec_params1("SELECT countersign.tx_key_returned($1, $2)", session, t1)[0].as<bool>());
        tx.commit();
    }
    {
        // K-2 goes out and becomes an enterprise's active key; later it is handed in damaged.
        pqxx::work tx{*counterConn};
        take(tx, "K-2", t2, false);
        tx.commit();
        pqxx::work owner{*conn};
        owner.exec_params0("UPDATE tokens SET state = 'active' WHERE id = $1", ids[1]);
        owner.exec_params0("UPDATE transactions SET old_token_id = $2, replace_reason = 'damaged', "
                           "work = '{\"revoke\": []}' WHERE id = $1",
                           t3, ids[1]);
        owner.commit();
    }
    const auto activeRefused = ctl(
        config,
        {"stock", "write-off", "K-2", "--reference", "WO-1", "--operator", "admin.liu", "--password-fd", "0"},
        "password-9\n");
    CHECK(activeRefused.exitCode == 1);
    CHECK(contains(activeRefused.err, "K-2 is active"));
    {
        // The replacing transaction records the old key handed in damaged.
        pqxx::work tx{*counterConn};
        tx.exec_params1("SELECT countersign.tx_replace_revoked($1, $2, '{}')", session, t3);
        CHECK(tx.exec_params1("SELECT state FROM tokens WHERE id = $1", ids[1])[0].as<std::string>() ==
              "damaged");
        CHECK(tx.exec_params1(
                    "SELECT note FROM stock_movements WHERE kind = 'return_damaged' AND token_id = $1 AND "
                    "transaction_id = $2",
                    ids[1], t3)[0]
                  .as<std::string>() == "handed in at the counter (REPLACE)");
        tx.commit();
    }
    const auto list = ctl(config, {"stock", "list"});
    CHECK(contains(list.out, "ePass3003: 2 in stock, 1 damaged"));
    const auto writtenOff = ctl(config,
                                {"stock", "write-off", "K-2", "--reference", "WO-1", "--note", "casing",
                                 "--operator", "admin.liu", "--password-fd", "0"},
                                "password-9\n");
    INFO(writtenOff.out << writtenOff.err);
    CHECK(writtenOff.exitCode == 0);
    CHECK(ctl(config, {"stock", "write-off", "K-3", "--operator", "admin.liu", "--password-fd", "0"},
              "password-9\n")
              .exitCode == 2);

    pqxx::read_transaction tx{*conn};
    CHECK(tx.exec_params1("SELECT state FROM tokens WHERE id = $1", ids[1])[0].as<std::string>() ==
          "retired");
    for (const char* event : {"stock.received", "stock.issued", "stock.returned_unused",
                              "stock.returned_damaged", "stock.written_off"}) {
        INFO(event);
        CHECK(tx.exec_params1("SELECT count(*) FROM audit_log WHERE event = $1", event)[0].as<int>() >= 1);
    }
    const auto levels = stock::levels(tx, database.centreId());
    REQUIRE(levels.size() == 1);
    CHECK(levels[0].inStock == 2);
    CHECK(levels[0].damaged == 0);
    CHECK(tx.exec_params1("SELECT countersign.audit_verify($1) IS NULL", database.counterId())[0].as<bool>());
}
