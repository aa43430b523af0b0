// The agent's ID card (DESIGN §3.3, issue 22): countersignctl new, replace and unlock take --id-card, the
// number of the card the agent presents, and the check "id_card" refuses a card that is not the letter's
// agent, naming both numbers masked as on the receipt; the letter stays unused until the right agent comes.
#include <catch2/catch.hpp>

#include <map>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "backend/identifiers/residentid.h"
#include "tests/support/counterfixture.h"

using namespace countersign;
using test::CounterFixture;

namespace {

/// A valid resident ID (check character and birth date) that is not the default letters' agent's.
constexpr const char* kSomeoneElse = "320102198001010016";

std::string pw() {
    return std::string(CounterFixture::kOperatorPassword) + "\n";
}

QJsonObject jsonOf(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

/// The failed checks of a refusal's JSON, by id: their English reasons.
std::map<std::string, std::string> failedChecks(const std::string& out) {
    std::map<std::string, std::string> failed;
    for (const auto& c : jsonOf(out).value(QStringLiteral("checks")).toArray())
        if (!c.toObject().value(QStringLiteral("passed")).toBool())
            failed[c.toObject().value(QStringLiteral("id")).toString().toStdString()] =
                c.toObject().value(QStringLiteral("reason")).toString().toStdString();
    return failed;
}

} // namespace

TEST_CASE("countersignctl new: another person's ID card is refused naming both, the letter stays unused, and "
          "the letter's agent with their card gets the certificate",
          "[ctl][idcard][workflow]") {
    CounterFixture f;
    const std::string letter = f.letterFile("IDC-1");
    const auto run = [&](const std::string& card) {
        return f.ctl(CounterFixture::asOperator({"--json", "new", "--letter-qr-file", letter, "--alg",
                                                 "ec-p256", "--id-card", card, "--new-pin-fd", "0"}),
                     pw() + "135790\n");
    };

    const auto wrong = run(kSomeoneElse);
    INFO(wrong.out << wrong.err);
    CHECK(wrong.exitCode == 1);
    const auto failed = failedChecks(wrong.out);
    REQUIRE(failed.count("id_card") == 1);
    CHECK(failed.size() == 1); // the letter itself is fine
    const std::string& reason = failed.at("id_card");
    CHECK_THAT(reason, Catch::Contains("320102********0016") && Catch::Contains("110105********002X") &&
                           Catch::Contains(CounterFixture::kAgentName) &&
                           Catch::Contains("must come in person"));
    // Masked in full: neither whole number is in what is printed.
    CHECK_THAT(wrong.out + wrong.err,
               !Catch::Contains(kSomeoneElse) && !Catch::Contains(CounterFixture::kAgentId));
    CHECK_THAT(wrong.err, Catch::Contains("failed: id_card"));
    // Nothing was opened, the letter is neither used nor held; only the refusal is on record, with the check.
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions") == "0");
    CHECK(f.scalar("SELECT count(*) FROM countersign.letters WHERE letter_no = $1", "IDC-1") == "0");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'operation.refused' AND "
                   "detail::text LIKE '%id_card%'") == "1");

    // A number that is no ID number at all: refused by the same check, as typed.
    const auto typo = run("320102198001010017");
    CHECK(typo.exitCode == 1);
    REQUIRE(failedChecks(typo.out).count("id_card") == 1);
    CHECK_THAT(failedChecks(typo.out).at("id_card"), Catch::Contains("check character"));

    // The agent the letter names, their card read with a lower-case x: the same letter now completes.
    std::string own = CounterFixture::kAgentId;
    own.back() = 'x';
    const auto right = run(own);
    INFO(right.out << right.err);
    REQUIRE(right.exitCode == 0);
    CHECK(jsonOf(right.out).value(QStringLiteral("state")).toString() == QStringLiteral("completed"));
    CHECK(f.scalar("SELECT t.state FROM countersign.letters l JOIN countersign.transactions t "
                   "ON t.id = l.consumed_by_transaction_id WHERE l.letter_no = $1",
                   "IDC-1") == "completed");
    // The papers step's audit entry records that the card was compared, and its check passed.
    CHECK(f.scalar("SELECT detail->>'id_card_checked' FROM countersign.audit_log "
                   "WHERE event = 'transaction.started'") == "true");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log a, jsonb_array_elements(a.detail->'checks') c "
                   "WHERE a.event = 'transaction.started' AND c->>'id' = 'id_card' AND "
                   "(c->>'passed')::boolean") == "1");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE(
    "countersignctl new, replace, unlock: --id-card is required, named when missing, before anyone logs in",
    "[ctl][idcard]") {
    CounterFixture f;
    const std::string auth = f.authorizationLetterFile("auth", {"REPLACE", "UNLOCK"});
    // countersignctl itself, not the fixture's ctl(), which adds the default letters' agent's card.
    const auto bare = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--config", f.configPath});
        args.insert(args.end(), {"--operator", "op", "--password-fd", "0", "--new-pin-fd", "0"});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, pw() + "135790\n",
                                {{"CSFAULT_STATE_DIR", f.dir + "/faultstate"}});
    };
    const std::string logins =
        f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event LIKE 'login.%'");
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"new", "--letter-qr-file", f.letterFile("IDC-2")},
                                               {"replace", "--letter-json", auth, "--reason", "lost"},
                                               {"unlock", "--letter-json", auth, "--key", "SOMEKEY"}}) {
        const auto r = bare(args);
        INFO(args[0] << ": " << r.err);
        CHECK(r.exitCode == 2);
        CHECK_THAT(r.err, Catch::Contains("--id-card NUMBER is required for " + args[0]));
    }
    // Nobody logged in: the usage error came first.
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event LIKE 'login.%'") == logins);
    // renew and upgrade name no agent: the option is not theirs.
    const auto renew = bare({"renew", "--key", "SOMEKEY", "--id-card", CounterFixture::kAgentId});
    CHECK(renew.exitCode == 2);
}

TEST_CASE("countersignctl replace: a card that is not the authorization letter's agent is refused before any "
          "key or certificate is touched",
          "[ctl][idcard][workflow]") {
    CounterFixture f;
    const std::string lostSerial = f.issueNew("IDC-R1");
    const auto r =
        f.ctl(CounterFixture::asOperator({"--json", "replace", "--letter-json",
                                          f.authorizationLetterFile("auth", {"REPLACE"}), "--reason", "lost",
                                          "--old-key", lostSerial, "--id-card", kSomeoneElse, "--new-pin-fd",
                                          "0", "--payment", "cash:26.00"}),
              pw() + "246813\n");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    const auto failed = failedChecks(r.out);
    REQUIRE(failed.count("id_card") == 1);
    CHECK(failed.size() == 1);
    CHECK_THAT(failed.at("id_card"),
               Catch::Contains("320102********0016") && Catch::Contains("110105********002X"));
    // The lost key's certificate is still active, and only the NEW is on record.
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", lostSerial) == "active");
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions") == "1");
}

TEST_CASE("an ID number is masked as the receipt masks it: its first 6 and last 4 characters", "[idcard]") {
    CHECK(maskedId(CounterFixture::kAgentId) == "110105********002X");
    CHECK(maskedId("1234567890") == "**********");
    CHECK(maskedId("12345678901") == "123456*8901");
    CHECK(maskedId("") == "");
}
