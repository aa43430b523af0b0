// The audit log's tamper suite (DESIGN §7): a superuser who switches the guards off changes, removes, swaps
// or cuts entries; `countersignctl audit verify` must name the first bad entry every time.
#include <catch2/catch.hpp>

#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

#include "db/auditlog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

void buildChain(const test::TestDatabase& database, int entries) {
    auto conn = database.connect();
    pqxx::work tx{*conn};
    db::AuditLog audit{tx};
    for (int i = 1; i <= entries; ++i)
        audit.append({database.counterId(), std::nullopt, "test.entry" + std::to_string(i),
                      "entry " + std::to_string(i), "{\"i\": " + std::to_string(i) + "}"});
    tx.commit();
}

// What only a superuser can do: switch the append-only guard off, change the rows, switch it back on.
void tamper(const test::TestDatabase& database, const std::function<void(pqxx::work&, long long)>& change) {
    auto conn = database.connect();
    pqxx::work tx{*conn};
    tx.exec0("ALTER TABLE countersign.audit_log DISABLE TRIGGER USER");
    tx.exec0("GRANT UPDATE, DELETE ON countersign.audit_log TO CURRENT_USER");
    change(tx, database.counterId());
    tx.exec0("ALTER TABLE countersign.audit_log ENABLE TRIGGER USER");
    tx.commit();
}

struct Verdict {
    int exitCode = -1;
    std::string text;
    long long badSeq = 0;
    std::string problem;
};

Verdict verify(const test::TestDatabase& database) {
    const std::string config = test::writeTestConfig(database);
    const auto plain = test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "audit", "verify"});
    const auto json =
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "--json", "audit", "verify"});
    Verdict v;
    v.exitCode = plain.exitCode;
    v.text = plain.out + plain.err;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(json.out)).object();
    for (const auto& c : doc.value(QStringLiteral("counters")).toArray()) {
        const auto o = c.toObject();
        if (o.value(QStringLiteral("counter")).toString() == QStringLiteral("01") &&
            !o.value(QStringLiteral("intact")).toBool(true)) {
            v.badSeq = o.value(QStringLiteral("bad_seq")).toInteger();
            v.problem = o.value(QStringLiteral("problem")).toString().toStdString();
        }
    }
    return v;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("an untouched audit chain verifies as intact", "[db][audit]") {
    test::TestDatabase database;
    buildChain(database, 20);
    const auto v = verify(database);
    INFO(v.text);
    CHECK(v.exitCode == 0);
    CHECK(contains(v.text, "TJ01/01: intact (20 entries)"));
}

TEST_CASE("audit verify catches 5 of 5 kinds of tampering and names the first bad entry", "[db][audit]") {
    struct Case {
        std::string name;
        std::function<void(pqxx::work&, long long)> change;
        long long badSeq;
        std::string problem;
        std::string words; // what the readable report says
    };
    const std::vector<Case> cases = {
        {"change a row's detail",
         [](pqxx::work& tx, long long counter) {
             tx.exec_params0(
                 "UPDATE countersign.audit_log SET detail = '{\"i\": 700}' WHERE counter_id = $1 AND "
                 "seq = 7",
                 counter);
         },
         7, "changed", "changed"},
        {"delete a row and renumber the rest to close the gap",
         [](pqxx::work& tx, long long counter) {
             tx.exec_params0("DELETE FROM countersign.audit_log WHERE counter_id = $1 AND seq = 10", counter);
             tx.exec_params0(
                 "UPDATE countersign.audit_log SET seq = seq + 1000 WHERE counter_id = $1 AND seq > 10",
                 counter);
             tx.exec_params0(
                 "UPDATE countersign.audit_log SET seq = seq - 1001 WHERE counter_id = $1 AND seq > 1000",
                 counter);
         },
         10, "removed", "removed"},
        {"swap two rows",
         [](pqxx::work& tx, long long counter) {
             tx.exec_params0("UPDATE countersign.audit_log SET seq = 1000 WHERE counter_id = $1 AND seq = 5",
                             counter);
             tx.exec_params0("UPDATE countersign.audit_log SET seq = 5 WHERE counter_id = $1 AND seq = 12",
                             counter);
             tx.exec_params0("UPDATE countersign.audit_log SET seq = 12 WHERE counter_id = $1 AND seq = 1000",
                             counter);
         },
         5, "reordered", "reordered"},
        {"cut the last 3 entries off the tail",
         [](pqxx::work& tx, long long counter) {
             tx.exec_params0("DELETE FROM countersign.audit_log WHERE counter_id = $1 AND seq > 17", counter);
         },
         18, "cut_off_after", "cut off after seq 17"},
        {"delete a middle row and leave the gap",
         [](pqxx::work& tx, long long counter) {
             tx.exec_params0("DELETE FROM countersign.audit_log WHERE counter_id = $1 AND seq = 9", counter);
         },
         9, "gap", "gap"},
    };

    int caught = 0;
    for (const auto& c : cases) {
        test::TestDatabase database;
        buildChain(database, 20);
        tamper(database, c.change);
        const auto v = verify(database);
        INFO(c.name << "\n" << v.text);
        CHECK(v.exitCode == 1);
        CHECK(v.badSeq == c.badSeq);
        CHECK(v.problem == c.problem);
        CHECK(contains(v.text, "BROKEN at seq " + std::to_string(c.badSeq)));
        CHECK(contains(v.text, c.words));
        if (v.exitCode == 1 && v.badSeq == c.badSeq && v.problem == c.problem)
            ++caught;
    }
    CHECK(caught == 5);
}

TEST_CASE("the audit report names the bad entry's event and time", "[db][audit]") {
    test::TestDatabase database;
    buildChain(database, 20);
    tamper(database, [](pqxx::work& tx, long long counter) {
        tx.exec_params0(
            "UPDATE countersign.audit_log SET subject = 'forged' WHERE counter_id = $1 AND seq = 4", counter);
    });
    const auto v = verify(database);
    INFO(v.text);
    CHECK(v.exitCode == 1);
    CHECK(contains(v.text, "entry 4: test.entry4 at "));
}

TEST_CASE("an audit tail cut off and replaced by new entries is still found by the chain head",
          "[db][audit]") {
    test::TestDatabase database;
    buildChain(database, 20);
    tamper(database, [](pqxx::work& tx, long long counter) {
        tx.exec_params0("DELETE FROM countersign.audit_log WHERE counter_id = $1 AND seq > 15", counter);
    });
    // The application keeps appending as if nothing happened: the chain itself links up again.
    buildChain(database, 6);
    {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        CHECK(tx.exec_params1("SELECT countersign.audit_verify($1) IS NULL", database.counterId())[0]
                  .as<bool>());
    }
    const auto v = verify(database);
    INFO(v.text);
    CHECK(v.exitCode == 1);
    CHECK(v.badSeq == 16);
    CHECK(v.problem == "cut_off_after");
    CHECK(contains(v.text, "cut off after seq 15"));
}

TEST_CASE("audit verify of one counter given as CENTRE/COUNTER", "[db][audit]") {
    test::TestDatabase database;
    buildChain(database, 3);
    const std::string config = test::writeTestConfig(database);
    const auto one = test::runProcess(COUNTERSIGNCTL_PATH,
                                      {"--config", config, "audit", "verify", "--counter", "TJ01/01"});
    CHECK(one.exitCode == 0);
    CHECK(contains(one.out, "intact (3 entries)"));
    const auto unknown =
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "audit", "verify", "--counter", "99"});
    CHECK(unknown.exitCode == 1);
    CHECK(contains(unknown.err, "no counter 99"));
    const auto show =
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "audit", "show", "--limit", "2"});
    CHECK(show.exitCode == 0);
    CHECK(contains(show.out, "test.entry3"));
    CHECK(contains(show.out, "test.entry2"));
    CHECK_FALSE(contains(show.out, "test.entry1 "));
}

TEST_CASE("the counters' role can neither change audit entries nor write the chain heads", "[db][audit]") {
    test::TestDatabase database;
    auto conn = std::make_unique<pqxx::connection>(database.counterDsn());
    {
        // The counter's chain, appended by the owner (since 0022 counters append only through functions).
        auto owner = database.connect();
        pqxx::work tx{*owner};
        for (int i = 0; i < 3; ++i)
            db::AuditLog{tx}.append({database.counterId(), std::nullopt, "test.by_counter", "", "{}"});
        tx.commit();
    }
    const std::vector<std::string> refused = {
        "INSERT INTO countersign.audit_log (counter_id, seq, event, subject, detail, prev_hash, hash) "
        "VALUES (1, 0, 'test.forged', '', '{}', '', '')",
        "UPDATE countersign.audit_log SET detail = '{\"x\": 1}' WHERE seq = 2",
        "DELETE FROM countersign.audit_log WHERE seq = 3",
        "UPDATE countersign.audit_heads SET seq = 2",
        "DELETE FROM countersign.audit_heads",
        "INSERT INTO countersign.audit_heads (counter_id, seq, hash) VALUES (1, 1, sha256(''))",
    };
    for (const auto& statement : refused) {
        INFO(statement);
        pqxx::work tx{*conn};
        CHECK_THROWS_AS(tx.exec0(statement), pqxx::insufficient_privilege);
    }
    pqxx::read_transaction tx{*conn};
    // The insert path advanced the head, and the role may verify.
    CHECK(tx.exec_params1("SELECT seq FROM countersign.audit_heads WHERE counter_id = $1",
                          database.counterId())[0]
              .as<long long>() == 3);
    CHECK(tx.exec_params1("SELECT bad_seq IS NULL FROM countersign.audit_verify_full($1)",
                          database.counterId())[0]
              .as<bool>());
}

TEST_CASE("audit verify checks each closed day's recorded chain head, so a chain rewritten whole is caught",
          "[db][audit]") {
    test::TestDatabase database;
    const long long signer = database.addStaff("sup.he", "supervisor-pass", "supervisor");
    buildChain(database, 10);
    // A closed day whose snapshot recorded the chain's head at seq 6, as dayclose::close does.
    {
        auto conn = database.connect();
        pqxx::work tx{*conn};
        tx.exec_params0("INSERT INTO countersign.day_closes (centre_id, counter_id, business_date, "
                        "closed_by, counted_cash_fen, "
                        "expected_cash_fen, snapshot) "
                        "SELECT $1, $2, DATE '2026-01-05', $3, 0, 0, jsonb_build_object('audit_chain_heads', "
                        "jsonb_build_array("
                        "  jsonb_build_object('counter_id', $2::bigint, 'counter', '01', 'seq', a.seq, "
                        "                     'hash', encode(a.hash, 'hex')))) "
                        "FROM countersign.audit_log a WHERE a.counter_id = $2 AND a.seq = 6",
                        database.centreId(), database.counterId(), signer);
        tx.commit();
    }
    const auto before = verify(database);
    INFO(before.text);
    CHECK(before.exitCode == 0);
    CHECK(contains(before.text, "TJ01/01: intact (10 entries, anchored by 1 closed day)"));

    // Someone with the superuser's powers rewrites the chain from seq 6 on, consistently: the chain and its
    // head agree with each other, only the close remembers what entry 6 was.
    tamper(database, [](pqxx::work& tx, long long counter) {
        tx.exec_params0(
            "UPDATE countersign.audit_log SET subject = 'rewritten' WHERE counter_id = $1 AND seq = 6",
            counter);
        tx.exec_params0("UPDATE countersign.audit_log a SET hash = countersign.audit_expected_hash(a) "
                        "WHERE counter_id = $1 AND seq = 6",
                        counter);
        for (int seq = 7; seq <= 10; ++seq) {
            tx.exec_params0(
                "UPDATE countersign.audit_log a SET prev_hash = (SELECT hash FROM countersign.audit_log "
                "WHERE counter_id = $1 AND seq = $2 - 1) WHERE counter_id = $1 AND seq = $2",
                counter, seq);
            tx.exec_params0("UPDATE countersign.audit_log a SET hash = countersign.audit_expected_hash(a) "
                            "WHERE counter_id = $1 AND seq = $2",
                            counter, seq);
        }
        tx.exec_params0("UPDATE countersign.audit_heads h SET hash = a.hash FROM countersign.audit_log a "
                        "WHERE h.counter_id = $1 AND a.counter_id = $1 AND a.seq = h.seq",
                        counter);
    });
    const auto after = verify(database);
    INFO(after.text);
    CHECK(after.exitCode != 0);
    CHECK(after.problem == "day_close_head_mismatch");
    CHECK(after.badSeq == 6);
    CHECK(contains(after.text, "is not the one the close of 2026-01-05 recorded"));
}
