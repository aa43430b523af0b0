// countersignctl retention purge: an admin purges what is past [retention] evidence_years (a dry run first),
// the audit verifies afterwards; usage mistakes and a non-admin are refused before anything changes; the
// nightly timer's form runs with its own database login and no password.
#include <catch2/catch.hpp>

#include <fstream>

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "tests/support/counterfixture.h"
#include "tests/support/testenv.h"

using namespace countersign;
using test::CounterFixture;

namespace {

QJsonObject jsonOf(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

long long count(pqxx::connection& conn, const std::string& sql) {
    pqxx::read_transaction tx{conn};
    return tx.exec1(sql)[0].as<long long>();
}

/// A transaction of the key `serial` whose certificate expired four years ago, with two scans.
void pastRetention(CounterFixture& f, pqxx::connection& owner, const std::string& serial) {
    pqxx::work tx{owner};
    tx.exec0("SET LOCAL session_replication_role = replica");
    const long long id =
        tx.exec_params1("SELECT t.id FROM countersign.transactions t JOIN countersign.tokens k "
                        "ON k.id = t.token_id WHERE k.serial = $1",
                        serial)[0]
            .as<long long>();
    tx.exec_params0("UPDATE countersign.certificates SET not_before = now() - interval '6 years', "
                    "not_after = now() - interval '4 years' WHERE transaction_id = $1",
                    id);
    for (const char* kind : {"id_card_scan", "letter_scan"})
        tx.exec_params0(
            "INSERT INTO countersign.evidence (transaction_id, kind, mime_type, bytes, sha256, captured_by) "
            "VALUES ($1, $2, 'image/png', $3, sha256($3), $4)",
            id, kind, pqxx::binarystring(std::string("scan")), f.operatorId);
    tx.commit();
}

} // namespace

TEST_CASE("countersignctl retention purge: a dry run, then an admin's purge, and the audit verifies",
          "[ctl][retention]") {
    CounterFixture f;
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    auto owner = f.db.connect();
    pastRetention(f, *owner, f.issueNew("CTL-RT1"));
    const long long scans = count(
        *owner,
        "SELECT count(*) FROM countersign.evidence WHERE purged_at IS NULL AND octet_length(bytes) > 0");
    const std::string admin = std::string(CounterFixture::kSupervisorPassword) + "\n";

    // Usage mistakes and a non-admin are refused before anything changes.
    CHECK(f.ctl({"retention", "purge"}).exitCode == 2);
    CHECK(f.ctl({"retention", "purge", "--before", "2026-13-01", "--operator", "adm", "--password-fd", "0"},
                admin)
              .exitCode == 2);
    CHECK(f.ctl({"retention", "purge", "--batch", "0", "--operator", "adm", "--password-fd", "0"}, admin)
              .exitCode == 2);
    CHECK(f.ctl({"retention", "sweep"}).exitCode == 2);
    const auto byOperator = f.ctl(CounterFixture::asOperator({"retention", "purge"}),
                                  std::string(CounterFixture::kOperatorPassword) + "\n");
    CHECK(byOperator.exitCode == 1);
    CHECK_THAT(byOperator.err, Catch::Contains("needs admin"));
    const auto future = f.ctl(
        {"retention", "purge", "--before", "2999-01-01", "--operator", "adm", "--password-fd", "0"}, admin);
    CHECK(future.exitCode == 1);
    CHECK_THAT(future.err, Catch::Contains("can't be later than today"));

    const auto dry = f.ctl(
        {"--json", "retention", "purge", "--dry-run", "--operator", "adm", "--password-fd", "0"}, admin);
    INFO(dry.out << dry.err);
    REQUIRE(dry.exitCode == 0);
    CHECK(jsonOf(dry.out)["evidence"].toInteger() == 2);
    CHECK(jsonOf(dry.out)["letters"].toInteger() == 1);
    CHECK(jsonOf(dry.out)["agents"].toInteger() == 1);
    CHECK(jsonOf(dry.out)["dry_run"].toBool());
    CHECK(count(*owner, "SELECT count(*) FROM countersign.evidence WHERE purged_at IS NULL AND "
                        "octet_length(bytes) > 0") == scans);

    const auto run =
        f.ctl({"retention", "purge", "--batch", "1", "--operator", "adm", "--password-fd", "0"}, admin);
    INFO(run.out << run.err);
    REQUIRE(run.exitCode == 0);
    CHECK_THAT(run.out,
               Catch::Contains("purged, past retention (3 years): 2 evidence scan(s), 1 letter(s) and 1 "
                               "agent(s)"));
    CHECK(count(*owner, "SELECT count(*) FROM countersign.evidence WHERE purged_at IS NOT NULL") == 2);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.agents WHERE id_number IS NOT NULL") == 0);
    const auto verify = f.ctl({"audit", "verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);

    // Nothing is left: another run purges nothing and says so.
    const auto again =
        f.ctl({"--json", "retention", "purge", "--operator", "adm", "--password-fd", "0"}, admin);
    REQUIRE(again.exitCode == 0);
    CHECK(jsonOf(again.out)["evidence"].toInteger() == 0);
}

TEST_CASE("countersignctl retention purge --scheduled runs with the timer's own login and no password",
          "[ctl][retention]") {
    CounterFixture f;
    auto owner = f.db.connect();
    pastRetention(f, *owner, f.issueNew("CTL-RT2"));
    const std::string role = "cs_retention_" + f.db.name();
    {
        pqxx::nontransaction tx{*owner};
        tx.exec0("CREATE ROLE " + tx.quote_name(role) + " LOGIN IN ROLE countersign_retention");
    }
    const std::string config = test::writeTestConfig(
        f.db, "[retention]\nevidence_years=3\ndsn=dbname=" + f.db.name() + " user=" + role + "\n",
        test::DatabaseLogin::Counter);
    const auto r = test::runProcess(COUNTERSIGNCTL_PATH,
                                    {"--config", config, "--json", "retention", "purge", "--scheduled"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(jsonOf(r.out)["evidence"].toInteger() == 2);
    CHECK(count(*owner, "SELECT count(*) FROM countersign.audit_log WHERE event = 'retention.purged' AND "
                        "actor_staff_id IS NULL AND (detail ->> 'scheduled')::boolean") == 1);
    CHECK_FALSE(f.auditBrokenAt());
    // With the counter's own login instead, the purge is refused.
    const std::string counterConfig = test::writeTestConfig(f.db, "", test::DatabaseLogin::Counter);
    const auto asCounter = test::runProcess(COUNTERSIGNCTL_PATH,
                                            {"--config", counterConfig, "retention", "purge", "--scheduled"});
    CHECK(asCounter.exitCode == 1);
    CHECK_THAT(asCounter.err, Catch::Contains("permission denied"));
    {
        pqxx::nontransaction tx{*owner};
        tx.exec0("DROP ROLE " + tx.quote_name(role));
    }
}
