// The counter's past (issue "the back office", the search migration): transactions found by each key, only
// within what the session's person may see (an operator: the acting counter; a supervisor: its centre), the
// agent's ID number masked, an evidence scan's bytes and the agent's whole number opened only by a supervisor
// (audited "evidence.opened"), and a counter's own login attacking it all. On 10,000 transactions each search
// is timed and the scope's index is shown in use.
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>
#include <string>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/receipts/receipts.h"
#include "db/transactionsearch.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kAgentId = "11010519491231002X";
constexpr const char* kAgentMasked = "110105********002X";
constexpr const char* kUscc = "91120116MA05JKLM33";

struct SearchFixture {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    test::TestDatabase::Counter other = database.addCounter("02");
    std::unique_ptr<pqxx::connection> otherCounter = std::make_unique<pqxx::connection>(other.dsn);
    long long op = database.addStaff("op.li", "operator-pass");
    long long op2 = database.addStaff("op.zhao", "operator2-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    const std::string opSession = test::plantSession(database, op);
    const std::string supSession = test::plantSession(database, sup);
    const std::string otherOpSession = test::plantSession(database, op2, other.id);
    const std::string otherSupSession = test::plantSession(database, sup, other.id);
    long long enterprise = 0;
    long long agent = 0;
    long long t1 = 0; ///< NEW at counter 01, completed, with receipt, certificate, key, evidence
    long long t2 = 0; ///< RENEW at counter 01, failed, another company
    long long t3 = 0; ///< NEW at counter 02, same company
    long long evidenceId = 0;
    receipts::ReceiptRecord receipt;

    SearchFixture() {
        {
            pqxx::work tx{*owner};
            tx.exec0("SET LOCAL session_replication_role = replica");
            enterprise =
                tx.exec_params1("INSERT INTO enterprises (uscc, name) VALUES ($1, '天津海河科技有限公司') "
                                "RETURNING id",
                                kUscc)[0]
                    .as<long long>();
            const long long other = tx.exec1("INSERT INTO enterprises (uscc, name) VALUES "
                                             "('91110000600037341L', '北京测试商贸有限公司') RETURNING id")[0]
                                        .as<long long>();
            agent = tx.exec_params1("INSERT INTO agents (name, id_number, mobile) VALUES ('张三', $1, "
                                    "'13800138000') RETURNING id",
                                    kAgentId)[0]
                        .as<long long>();
            const long long key =
                tx.exec_params1("INSERT INTO tokens (serial, model, state, centre_id, "
                                "enterprise_id) VALUES ('KEY-S-0001', 'SoftHSM', 'active', $1, "
                                "$2) RETURNING id",
                                database.centreId(), enterprise)[0]
                    .as<long long>();
            const auto open = [&](const std::string& number, const std::string& kind, long long counterId,
                                  long long staff, long long company, const std::string& state) {
                return tx
                    .exec_params1("INSERT INTO transactions (number, kind, operator_staff_id, counter_id, "
                                  "centre_id, state, enterprise_id, agent_id, token_id, failure_reason, "
                                  "finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9, 0), "
                                  "CASE WHEN $6 = 'failed' THEN 'the CA refused' END, "
                                  "CASE WHEN $6 = 'failed' THEN now() END) RETURNING id",
                                  number, kind, staff, counterId, database.centreId(), state, company, agent,
                                  kind == "NEW" && counterId == database.counterId() ? key : 0)[0]
                    .as<long long>();
            };
            t1 = open("TJ01-S-0001", "NEW", database.counterId(), op, enterprise, "verified");
            t2 = open("TJ01-S-0002", "RENEW", database.counterId(), op, other, "failed");
            t3 = open("TJ01-S-0003", "NEW", this->other.id, op2, enterprise, "verified");
            for (const long long t : {t1, t3}) {
                tx.exec_params0("INSERT INTO fee_lines (transaction_id, description, amount_fen) VALUES ($1, "
                                "'USB-KEY media fee', 2600)",
                                t);
                tx.exec_params0(
                    "INSERT INTO payments (transaction_id, centre_id, method, amount_fen, received_by) "
                    "VALUES ($1, $2, 'cash', 2600, $3)",
                    t, database.centreId(), op);
            }
            tx.exec_params0(
                "INSERT INTO certificates (serial, issuer, token_id, enterprise_id, transaction_id, "
                "subject, not_before, not_after, status, der) VALUES ('0AB12CD34E', 'CN=Test CA', $1, "
                "$2, $3, 'CN=天津海河科技有限公司', now(), now() + interval '1 year', 'active', "
                "'\\x3082'::bytea || countersign.gen_random_bytes(16))",
                key, enterprise, t1);
            evidenceId =
                tx.exec_params1("INSERT INTO evidence (transaction_id, kind, mime_type, bytes, "
                                "captured_by, sha256) VALUES ($1, 'id_card_scan', 'image/png', "
                                "'\\x89504e470d0a1a0a'::bytea, $2, sha256('\\x89504e470d0a1a0a'::bytea)) "
                                "RETURNING id",
                                t1, op)[0]
                    .as<long long>();
            tx.commit();
        }
        receipt = test::completeAndIssueReceipt(database, *counter, Secret(opSession), t1);
    }

    std::vector<db::SearchRow> search(pqxx::connection& conn, const std::string& session,
                                      const db::SearchFilter& filter) {
        pqxx::work tx{conn};
        auto rows = db::TransactionSearch(tx).search(Secret(session), filter);
        tx.commit();
        return rows;
    }
    std::vector<std::string> numbers(pqxx::connection& conn, const std::string& session,
                                     const db::SearchFilter& filter) {
        std::vector<std::string> out;
        for (const auto& r : search(conn, session, filter))
            out.push_back(r.number);
        return out;
    }
    std::string scalar(const std::string& sql) {
        pqxx::read_transaction tx{*owner};
        const auto r = tx.exec1(sql);
        return r[0].is_null() ? std::string("NULL") : r[0].as<std::string>();
    }
};

using Numbers = std::vector<std::string>;

} // namespace

TEST_CASE("search: each key finds its transaction, newest first, the agent's ID masked", "[db][search]") {
    SearchFixture f;
    const auto find = [&](auto set) {
        db::SearchFilter filter;
        set(filter);
        return f.numbers(*f.counter, f.opSession, filter);
    };
    CHECK(find([](auto& q) { q.number = "TJ01-S-0001"; }) == Numbers{"TJ01-S-0001"});
    CHECK(find([&](auto& q) { q.receipt = f.receipt.numberText; }) == Numbers{"TJ01-S-0001"});
    CHECK(find([](auto& q) { q.company = "海河"; }) == Numbers{"TJ01-S-0001"});
    CHECK(find([](auto& q) { q.company = "有限公司"; }) == Numbers{"TJ01-S-0002", "TJ01-S-0001"});
    CHECK(find([](auto& q) { q.uscc = "91120116ma05jklm33"; }) == Numbers{"TJ01-S-0001"});
    CHECK(find([](auto& q) { q.keySerial = "KEY-S-0001"; }) == Numbers{"TJ01-S-0001"});
    CHECK(find([](auto& q) { q.certSerial = "0ab12cd34e"; }) == Numbers{"TJ01-S-0001"});
    CHECK(find([](auto& q) { q.agentId = kAgentId; }) == Numbers{"TJ01-S-0002", "TJ01-S-0001"});
    CHECK(find([](auto& q) { q.state = "failed"; }) == Numbers{"TJ01-S-0002"});
    CHECK(find([](auto& q) { q.operation = "NEW"; }) == Numbers{"TJ01-S-0001"});
    const std::string today = f.scalar("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text");
    CHECK(find([&](auto& q) {
              q.from = today;
              q.to = today;
          }) == Numbers{"TJ01-S-0002", "TJ01-S-0001"});
    CHECK(find([](auto& q) {
              q.from = "2001-01-01";
              q.to = "2001-12-31";
          }).empty());
    CHECK(find([](auto& q) {
              q.operation = "NEW";
              q.state = "failed";
          }).empty());
    // The agent's number, given whole, is never given back whole.
    const auto rows = f.search(*f.counter, f.opSession, [] {
        db::SearchFilter q;
        q.agentId = kAgentId;
        return q;
    }());
    REQUIRE(rows.size() == 2);
    for (const auto& r : rows)
        CHECK(r.agentIdMasked == kAgentMasked);
    CHECK(rows[1].receiptNumber == f.receipt.numberText);
    CHECK(rows[1].totalFen == 2600);
    CHECK(rows[1].companyName == "天津海河科技有限公司");
}

TEST_CASE("search: an operator sees only their counter's, a supervisor the centre's", "[db][search]") {
    SearchFixture f;
    db::SearchFilter byCompany;
    byCompany.company = "海河";
    db::SearchFilter byNumber;
    byNumber.number = "TJ01-S-0001";
    // Counter 02's operator finds nothing of counter 01's, by any key, and can't open its detail.
    CHECK(f.numbers(*f.otherCounter, f.otherOpSession, byCompany) == Numbers{"TJ01-S-0003"});
    CHECK(f.numbers(*f.otherCounter, f.otherOpSession, byNumber).empty());
    {
        pqxx::work tx{*f.otherCounter};
        CHECK_THROWS_WITH(db::TransactionSearch(tx).detailJson(Secret(f.otherOpSession), "TJ01-S-0001"),
                          Catch::Contains("there is no transaction TJ01-S-0001 that op.zhao may see"));
    }
    // A supervisor at counter 02 sees the whole centre's.
    CHECK(f.numbers(*f.otherCounter, f.otherSupSession, byCompany) == Numbers{"TJ01-S-0003", "TJ01-S-0001"});
    CHECK(f.numbers(*f.counter, f.supSession, byCompany) == Numbers{"TJ01-S-0003", "TJ01-S-0001"});
}

TEST_CASE("search: the detail shows everything but personal data, masked", "[db][search]") {
    SearchFixture f;
    pqxx::work tx{*f.counter};
    const std::string detail = db::TransactionSearch(tx).detailJson(Secret(f.opSession), "TJ01-S-0001");
    tx.commit();
    CHECK(detail.find(kAgentMasked) != std::string::npos);
    CHECK(detail.find("138****8000") != std::string::npos);
    CHECK(detail.find(kAgentId) == std::string::npos);
    CHECK(detail.find("13800138000") == std::string::npos);
    for (const char* part :
         {"\"steps\"", "\"fee_lines\"", "USB-KEY media fee", "\"payments\"", "\"cash\"", "0AB12CD34E",
          "KEY-S-0001", "\"id_card_scan\"", "\"size\": 8", "\"may_open_personal\": false"})
        CHECK(detail.find(part) != std::string::npos);
    CHECK(detail.find(f.receipt.numberText) != std::string::npos);
    CHECK(detail.find("89504e47") == std::string::npos); // the scan's bytes are not in it
}

TEST_CASE("search: opening evidence or the agent's number is a supervisor's act, audited", "[db][search]") {
    SearchFixture f;
    {
        pqxx::work tx{*f.counter};
        CHECK_THROWS_WITH(
            db::TransactionSearch(tx).openEvidence(Secret(f.opSession), f.evidenceId),
            Catch::Contains("opening an evidence scan is a supervisor's act: op.li is an operator"));
    }
    {
        pqxx::work tx{*f.counter};
        CHECK_THROWS_WITH(db::TransactionSearch(tx).revealAgent(Secret(f.opSession), "TJ01-S-0001"),
                          Catch::Contains("is a supervisor's act"));
    }
    CHECK(f.scalar("SELECT count(*) FROM audit_log WHERE event = 'evidence.opened'") == "0");
    {
        pqxx::work tx{*f.counter};
        db::TransactionSearch search(tx);
        const auto scan = search.openEvidence(Secret(f.supSession), f.evidenceId);
        CHECK(scan.kind == "id_card_scan");
        CHECK(scan.mimeType == "image/png");
        CHECK(scan.bytes == std::string("\x89PNG\r\n\x1a\n", 8));
        const auto agent = search.revealAgent(Secret(f.supSession), "TJ01-S-0001");
        CHECK(agent.idNumber == kAgentId);
        CHECK(agent.mobile == "13800138000");
        tx.commit();
    }
    CHECK(f.scalar("SELECT string_agg(s.username || ' ' || a.subject, ',' ORDER BY a.id) FROM audit_log a "
                   "JOIN staff s ON s.id = a.actor_staff_id WHERE a.event = 'evidence.opened'") ==
          "sup.wang TJ01-S-0001,sup.wang TJ01-S-0001");
    // The audit keeps a digest of the number, never the number.
    CHECK(f.scalar("SELECT count(*) FROM audit_log WHERE detail::text LIKE '%" + std::string(kAgentId) +
                   "%'") == "0");
}

TEST_CASE("red team: the counter's past as a counter's own login", "[db][search][redteam]") {
    SearchFixture f;
    test::AttackLog log{*f.counter};
    const std::string evidence = std::to_string(f.evidenceId);
    log.attack("read an evidence scan's bytes directly", "permission denied",
               [&](pqxx::transaction_base& tx) {
                   tx.exec("SELECT bytes FROM countersign.evidence WHERE id = " + evidence);
               });
    log.attack("search with no session", "no such staff session", [&](pqxx::transaction_base& tx) {
        tx.exec("SELECT * FROM countersign.transaction_search(NULL, '{}', 50, 0)");
    });
    log.attack(
        "search with another counter's session", "no such staff session", [&](pqxx::transaction_base& tx) {
            tx.exec_params("SELECT * FROM countersign.transaction_search($1, '{}', 50, 0)", f.otherOpSession);
        });
    log.attack("widen the scope through the filter", "is not searched by", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.transaction_search($1, '{\"counter_id\":\"2\"}', 50, 0)",
                       f.opSession);
    });
    log.attack("ask for a million rows", "1 to 500 rows", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.transaction_search($1, '{}', 1000000, 0)", f.opSession);
    });
    log.attack("open evidence as an operator", "supervisor's act", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.evidence_open($1, $2)", f.opSession, f.evidenceId);
    });
    log.attack("open evidence with a session of another counter", "no such staff session",
               [&](pqxx::transaction_base& tx) {
                   tx.exec_params("SELECT * FROM countersign.evidence_open($1, $2)", f.otherOpSession,
                                  f.evidenceId);
               });
    log.attack("call the scope helper directly", "permission denied", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.search_scope($1)", f.opSession);
    });
    log.attack("void a receipt without an approval", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.receipt_void_refund($1, $2, 'wrong amount', NULL)",
                       f.opSession, f.receipt.id);
    });
    log.attack("void a receipt with a made-up approval id", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.receipt_void_refund($1, $2, 'wrong amount', "
                       "999999)",
                       f.opSession, f.receipt.id);
    });
    log.attack("write a refund directly", "permission denied", [&](pqxx::transaction_base& tx) {
        tx.exec_params0(
            "INSERT INTO countersign.refunds (payment_id, centre_id, amount_fen, reason, refunded_by, "
            "by_recovery) SELECT id, centre_id, 2600, 'x', $1, true FROM countersign.payments "
            "WHERE transaction_id = $2",
            f.op, f.t1);
    });
    // Injection through a filter's text is only ever a value.
    db::SearchFilter injected;
    injected.company = "' OR 1=1 --";
    CHECK(f.numbers(*f.counter, f.opSession, injected).empty());
    injected = {};
    injected.number = "x') OR true OR ('";
    CHECK(f.numbers(*f.counter, f.opSession, injected).empty());
    CHECK(log.succeeded().empty());
    CHECK(f.scalar("SELECT count(*) FROM refunds") == "0");
    CHECK(f.scalar("SELECT count(*) FROM receipts WHERE voided_at IS NOT NULL") == "0");
}

TEST_CASE("search: 10,000 transactions, each key answered from an index", "[db][search][bench]") {
    SearchFixture f;
    {
        pqxx::work tx{*f.owner};
        tx.exec0("SET LOCAL session_replication_role = replica");
        tx.exec_params0("INSERT INTO enterprises (uscc, name) SELECT '9112' || lpad(g::text, 16, '0'), "
                        "'企业' || g || '有限公司' FROM generate_series(1, 2000) g");
        tx.exec_params0(
            "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, state, "
            "enterprise_id, started_at, business_date) "
            "SELECT 'TJ01-B-' || lpad(g::text, 6, '0'), 'RENEW', $1, CASE WHEN g % 2 = 0 THEN $2::bigint "
            "ELSE $3::bigint "
            "END, $4, "
            "'papers_checked', (SELECT id FROM enterprises WHERE uscc = '9112' || lpad((g % 2000 + 1)::text, "
            "16, "
            "'0')), now() - g * interval '10 minutes', "
            "((now() - g * interval '10 minutes') AT TIME ZONE 'Asia/Shanghai')::date "
            "FROM generate_series(1, 10000) g",
            f.op, f.database.counterId(), f.other.id, f.database.centreId());
        tx.exec0("ANALYZE");
        tx.commit();
    }
    const auto timed = [&](const char* what, pqxx::connection& conn, const std::string& session,
                           const db::SearchFilter& q) {
        f.search(conn, session, q); // plans once
        const auto start = std::chrono::steady_clock::now();
        const auto rows = f.search(conn, session, q);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::cout << "search on 10,000 transactions by " << what << ": " << rows.size() << " rows in " << ms
                  << " ms\n";
        CHECK(ms < 250);
        return rows.size();
    };
    db::SearchFilter q;
    CHECK(timed("nothing (operator, first page)", *f.counter, f.opSession, q) == 50);
    CHECK(timed("nothing (supervisor, first page)", *f.counter, f.supSession, q) == 50);
    q.number = "TJ01-B-004242";
    CHECK(timed("number", *f.counter, f.supSession, q) == 1);
    q = {};
    q.uscc = "9112" + std::string(12, '0') + "0043";
    CHECK(timed("USCC", *f.counter, f.supSession, q) == 5);
    q = {};
    q.company = "企业42有限";
    CHECK(timed("company", *f.counter, f.supSession, q) == 5);
    q = {};
    q.agentId = kAgentId;
    CHECK(timed("agent ID", *f.counter, f.supSession, q) == 3);
    q = {};
    q.keySerial = "KEY-S-0001";
    CHECK(timed("key serial", *f.counter, f.supSession, q) == 1);
    // The plan of the scope with newest first reads the index, not the table sorted.
    pqxx::work tx{*f.owner};
    std::string plan;
    for (const auto& row :
         tx.exec_params("EXPLAIN SELECT t.id FROM countersign.transactions t WHERE t.centre_id = $1 "
                        "ORDER BY t.started_at DESC, t.id DESC LIMIT 50 OFFSET 0",
                        f.database.centreId()))
        plan += row[0].as<std::string>() + "\n";
    std::cout << plan;
    CHECK(plan.find("transactions_centre_started_idx") != std::string::npos);
}
