// Personal data past retention (DESIGN §11, the retention migration): a purge deletes the evidence scans and
// blanks the agents' numbers of transactions whose certificate expired more than [retention] evidence_years
// ago, leaves what is within retention alone, and keeps the transactions, receipts and the audit chain whole
// (the agent keeps a salted digest, by which they are matched again). A dry run changes nothing. Only an
// admin's session or the retention timer's own login purges: a counter's login with an operator's session, or
// writing the tables directly, is refused.
#include <catch2/catch.hpp>

#include <string>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "tests/support/counterfixture.h"
#include "tests/support/testenv.h"

using namespace countersign;
using test::CounterFixture;

namespace {

struct Purged {
    long long evidence = 0, letters = 0, agents = 0;
};

long long count(pqxx::connection& conn, const std::string& sql, const std::string& param = {}) {
    pqxx::read_transaction tx{conn};
    return (param.empty() ? tx.exec1(sql) : tx.exec_params1(sql, param))[0].as<long long>();
}

std::string text(pqxx::connection& conn, const std::string& sql, const std::string& param) {
    pqxx::read_transaction tx{conn};
    const auto r = tx.exec_params1(sql, param);
    return r[0].is_null() ? std::string("NULL") : r[0].as<std::string>();
}

/// The transaction that put a certificate on the key `serial`.
std::string transactionOf(CounterFixture& f, const std::string& serial) {
    return f.scalar(
        "SELECT t.id FROM countersign.transactions t JOIN countersign.tokens k ON k.id = t.token_id "
        "WHERE k.serial = $1",
        serial);
}

/// Scans of that transaction, as the papers step records them (the owner writes them here).
void addScans(pqxx::connection& owner, const std::string& transaction, long long staff) {
    pqxx::work tx{owner};
    for (const char* kind : {"id_card_scan", "letter_scan"})
        tx.exec_params0(
            "INSERT INTO countersign.evidence (transaction_id, kind, mime_type, bytes, captured_by) "
            "VALUES ($1, $2, 'image/png', $3, $4)",
            std::stoll(transaction), kind, pqxx::binarystring(std::string("scan of ") + kind), staff);
    tx.commit();
}

/// The certificate the transaction issued expired `years` years and a day ago (the owner moves it back, the
/// final-state triggers off).
void expiredYearsAgo(pqxx::connection& owner, const std::string& transaction, int years) {
    pqxx::work tx{owner};
    tx.exec0("SET LOCAL session_replication_role = replica");
    tx.exec_params0(
        "UPDATE countersign.certificates SET not_before = now() - make_interval(years => $2 + 2), "
        "not_after = now() - make_interval(years => $2, days => 1) WHERE transaction_id = $1",
        std::stoll(transaction), years);
    tx.commit();
}

Purged purge(pqxx::connection& conn, const std::string& session, bool dry, int batch = 5000,
             const std::optional<std::string>& before = {}) {
    pqxx::work tx{conn};
    const auto r =
        tx.exec_params1("SELECT * FROM countersign.retention_purge($1, 3, $2::timestamptz, $3, $4)", session,
                        before, dry, batch);
    tx.commit();
    return {r[0].as<long long>(), r[1].as<long long>(), r[2].as<long long>()};
}

std::string logIn(pqxx::connection& conn, const char* user, const char* password) {
    const auto r = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(std::string(password)));
    REQUIRE(r.status == auth::LoginStatus::Ok);
    return r.session->c_str();
}

} // namespace

TEST_CASE(
    "a purge past retention deletes the scans and blanks the agent's numbers, keeps the records and the "
    "audit whole, and touches nothing within retention",
    "[db][retention]") {
    CounterFixture f;
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    auto owner = f.db.connect();
    const std::string oldTx = transactionOf(f, f.issueNew("RT-OLD"));
    const std::string newTx = transactionOf(f, f.issueNew("RT-NEW"));
    addScans(*owner, oldTx, f.operatorId);
    addScans(*owner, newTx, f.operatorId);
    expiredYearsAgo(*owner, oldTx, 3);
    const long long transactions = count(*owner, "SELECT count(*) FROM countersign.transactions");
    const long long receipts = count(*owner, "SELECT count(*) FROM countersign.receipts");
    const std::string agentId =
        f.scalar("SELECT agent_id FROM countersign.transactions WHERE id = $1", oldTx);
    REQUIRE_FALSE(agentId.empty());
    const std::string admin = logIn(*f.conn, "adm", CounterFixture::kSupervisorPassword);
    const long long audit = count(*owner, "SELECT count(*) FROM countersign.audit_log");
    const long long oldScans =
        count(*owner, "SELECT count(*) FROM countersign.evidence WHERE transaction_id = $1::bigint", oldTx);
    const long long newScans =
        count(*owner, "SELECT count(*) FROM countersign.evidence WHERE transaction_id = $1::bigint", newTx);
    REQUIRE(oldScans >= 2);

    // A dry run counts and changes nothing.
    const Purged dry = purge(*f.conn, admin, true);
    CHECK(dry.evidence == oldScans);
    CHECK(dry.letters == 1);
    CHECK(dry.agents == 0); // the agent also came for the recent transaction
    CHECK(count(*owner, "SELECT count(*) FROM countersign.evidence WHERE purged_at IS NOT NULL") == 0);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.audit_log") == audit);
    // A date within retention of the old one purges nothing of it.
    CHECK(purge(*f.conn, admin, true, 5000, std::string("2000-01-01 00:00+08")).evidence == 0);

    // Batches of one: the caller comes back until a batch is short.
    long long calls = 0, purgedScans = 0, purgedLetters = 0;
    for (Purged p{1, 0, 0}; p.evidence == 1 || p.letters == 1; ++calls) {
        p = purge(*f.conn, admin, false, 1);
        CHECK(p.evidence <= 1);
        purgedScans += p.evidence;
        purgedLetters += p.letters;
    }
    CHECK(purgedScans == oldScans);
    CHECK(purgedLetters == 1);
    CHECK(calls == oldScans + 1);

    // The old transaction's scans are gone, the recent one's are whole.
    CHECK(count(*owner,
                "SELECT count(*) FROM countersign.evidence WHERE transaction_id = $1::bigint AND "
                "octet_length(bytes) = 0 AND purged_at IS NOT NULL",
                oldTx) == oldScans);
    CHECK(count(*owner,
                "SELECT count(*) FROM countersign.evidence WHERE transaction_id = $1::bigint AND "
                "octet_length(bytes) > 0 AND purged_at IS NULL",
                newTx) == newScans);
    // The old letter names no agent number any more, in its fields or its JWS; the recent one still does.
    CHECK(text(*owner,
               "SELECT coalesce(l.agent_id_number, 'NULL') || '|' || coalesce(l.jws, 'NULL') || '|' || "
               "coalesce(l.payload -> 'agent' ->> 'idNo', 'NULL') FROM countersign.letters l "
               "JOIN countersign.transactions t ON t.letter_id = l.id WHERE t.id = $1::bigint",
               oldTx) == "NULL|NULL|NULL");
    CHECK(text(*owner,
               "SELECT l.agent_id_number FROM countersign.letters l JOIN countersign.transactions t "
               "ON t.letter_id = l.id WHERE t.id = $1::bigint",
               newTx) == CounterFixture::kAgentId);
    CHECK(text(*owner, "SELECT id_number FROM countersign.agents WHERE id = $1::bigint", agentId) ==
          CounterFixture::kAgentId);

    // Once the recent one is past retention too, the agent's numbers go; a digest stays.
    expiredYearsAgo(*owner, newTx, 4);
    const Purged second = purge(*f.conn, admin, false);
    CHECK(second.evidence == newScans);
    CHECK(second.letters == 1);
    CHECK(second.agents == 1);
    CHECK(text(*owner,
               "SELECT coalesce(id_number, 'NULL') || coalesce(mobile, 'NULL') FROM countersign.agents "
               "WHERE id = $1::bigint",
               agentId) == "NULLNULL");
    CHECK(
        count(
            *owner,
            "SELECT count(*) FROM countersign.agents WHERE id = $1::bigint AND octet_length(id_digest) = 32 "
            "AND purged_at IS NOT NULL",
            agentId) == 1);

    // Nothing else changed; the audit chain holds, with one entry per purge that did something, counts only.
    CHECK(count(*owner, "SELECT count(*) FROM countersign.transactions") == transactions);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.receipts") == receipts);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.audit_log WHERE event = 'retention.purged'") ==
          calls);
    CHECK(count(*owner,
                "SELECT count(*) FROM countersign.audit_log WHERE event = 'retention.purged' AND "
                "actor_staff_id = (SELECT id FROM countersign.staff WHERE username = 'adm')") == calls);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.audit_log WHERE detail::text LIKE $1",
                std::string("%") + CounterFixture::kAgentId + "%") == 0);
    CHECK_FALSE(f.auditBrokenAt());
    CHECK(count(*owner, "SELECT count(*) FROM countersign.audit_log") >= audit + calls);
    // It names whose numbers went by the agent's salted digest.
    CHECK(count(*owner,
                "SELECT count(*) FROM countersign.audit_log WHERE event = 'retention.purged' AND "
                "detail -> 'agent_digests' ? (SELECT encode(id_digest, 'hex') FROM countersign.agents "
                "WHERE id = $1::bigint)",
                agentId) == 1);
    // Nor do the transactions' work or their steps hold the number.
    CHECK(count(*owner, "SELECT count(*) FROM countersign.transactions WHERE work::text LIKE $1",
                std::string("%") + CounterFixture::kAgentId + "%") == 0);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.transaction_steps WHERE detail::text LIKE $1",
                std::string("%") + CounterFixture::kAgentId + "%") == 0);

    // The agent comes back: matched by the digest, the same row gets the number again.
    {
        pqxx::work tx{*owner};
        CHECK(tx.exec_params1("SELECT countersign.papers_agent($1, $2, $3)", CounterFixture::kAgentId,
                              CounterFixture::kAgentName, "13800138000")[0]
                  .as<std::string>() == agentId);
        tx.commit();
    }
    CHECK(text(*owner, "SELECT id_number FROM countersign.agents WHERE id = $1::bigint", agentId) ==
          CounterFixture::kAgentId);
}

TEST_CASE("only an admin's session or the retention timer's login purges, and counters can't delete or read "
          "the salt",
          "[db][retention]") {
    test::TestDatabase database;
    database.addStaff("op", "pw", "operator");
    database.addStaff("adm", "pw", "admin");
    auto owner = database.connect();
    auto counter = database.connectAsCounter();
    const std::string operatorSession = logIn(*counter, "op", "pw");

    auto refused = [&](const std::string& sql, const std::vector<std::string>& params = {}) {
        pqxx::work tx{*counter};
        try {
            if (params.empty())
                tx.exec(sql);
            else if (params.size() == 1)
                tx.exec_params(sql, params[0]);
            else
                tx.exec_params(sql, params[0], params[1]);
        } catch (const pqxx::sql_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(
        refused("SELECT * FROM countersign.retention_purge($1, 3, NULL, false, 100)", {operatorSession}),
        Catch::Contains("op is operator and this needs admin"));
    CHECK_THAT(refused("SELECT * FROM countersign.retention_purge(NULL, 3, NULL, false, 100)"),
               Catch::Contains("needs an admin's session"));
    CHECK_THAT(refused("SELECT * FROM countersign.retention_purge_due('01', 3, 100)"),
               Catch::Contains("permission denied"));
    CHECK_THAT(refused("SELECT * FROM countersign.retention_work(1, now(), false, 100)"),
               Catch::Contains("permission denied"));
    CHECK_THAT(refused("UPDATE countersign.evidence SET bytes = ''"), Catch::Contains("permission denied"));
    CHECK_THAT(refused("DELETE FROM countersign.evidence"), Catch::Contains("permission denied"));
    CHECK_THAT(refused("UPDATE countersign.agents SET id_number = NULL"),
               Catch::Contains("permission denied"));
    CHECK_THAT(refused("SELECT salt FROM countersign.personal_data_salt"),
               Catch::Contains("permission denied"));
    CHECK_THAT(refused("SELECT countersign.personal_digest('11010519491231002X')"),
               Catch::Contains("permission denied"));
    // A date to come would reach into retention: refused even to an admin.
    const std::string adminSession = logIn(*counter, "adm", "pw");
    CHECK_THAT(
        refused("SELECT * FROM countersign.retention_purge($1, 3, now() + interval '1 day', false, 100)",
                {adminSession}),
        Catch::Contains("can't be later than today"));
    CHECK_THAT(refused("SELECT * FROM countersign.retention_purge($1, 0, NULL, false, 100)", {adminSession}),
               Catch::Contains("evidence_years must be 1 to 100"));

    // The timer's own login runs its purge, audited in the counter's chain, and may do nothing else.
    const std::string role = "cs_retention_" + database.name();
    {
        pqxx::nontransaction tx{*owner};
        tx.exec0("CREATE ROLE " + tx.quote_name(role) + " LOGIN IN ROLE countersign_retention");
    }
    pqxx::connection timer{"dbname=" + database.name() + " user=" + role};
    {
        pqxx::work tx{timer};
        const auto r = tx.exec1("SELECT * FROM countersign.retention_purge_due('01', 3, 100)");
        CHECK(r[0].as<long long>() == 0);
        tx.commit();
    }
    for (const char* sql :
         {"SELECT count(*) FROM countersign.agents", "UPDATE countersign.evidence SET bytes = ''",
          "SELECT * FROM countersign.retention_purge(NULL, 3, NULL, false, 100)",
          "SELECT * FROM countersign.retention_work(1, now(), false, 100)"}) {
        pqxx::work tx{timer};
        INFO(sql);
        CHECK_THROWS_WITH(tx.exec(sql), Catch::Contains("permission denied"));
    }
    {
        pqxx::nontransaction tx{*owner};
        tx.exec0("DROP ROLE " + tx.quote_name(role));
    }
}
