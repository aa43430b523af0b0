// Crash points (DESIGN §7): for NEW, REPLACE, RENEW and UNLOCK, the countersignctl process is killed with
// SIGKILL at every step (countersign_crashctl: countersignctl built with a crash hook,
// tests/workflow/crashctl.cpp), then `countersignctl recover` runs. Afterwards: every transaction is finished
// (completed or compensated), no certificate exists without its database record and none issued for an
// unfinished transaction stays valid, no fee is kept without a completed transaction, no letter is consumed
// by a failed transaction, every key in the writer is in the state the database says, and the audit chain
// verifies.
#include <catch2/catch.hpp>

#include <set>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTranslator>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/counter/station.h"
#include "backend/tokensetup.h"
#include "qml/recovery.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "token/keydevice.h"
#include "token/tokenthread.h"

using namespace countersign;
using test::CounterFixture;

namespace {

long long count(CounterFixture& f, const std::string& sql) {
    return std::stoll(f.scalar(sql));
}

/// Runs the command line that kills itself at `point`; true when it was killed (it must be, at a point it
/// reaches).
bool crashes(CounterFixture& f, const std::vector<std::string>& args, const std::string& input,
             const std::string& point) {
    try {
        const auto r = f.ctlCrashingAt(point, args, input);
        UNSCOPED_INFO("not killed at " << point << ": exit " << r.exitCode << "\n" << r.out << r.err);
        return false;
    } catch (const std::runtime_error& e) {
        // Killed: it did not finish normally (a program that could not even start is no crash).
        UNSCOPED_INFO(e.what());
        return std::string(e.what()).find("did not finish normally") != std::string::npos;
    }
}

void recoverAll(CounterFixture& f) {
    const auto r =
        f.ctl(CounterFixture::asOperator({"recover"}), std::string(CounterFixture::kOperatorPassword) + "\n");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
}

void checkInvariants(CounterFixture& f, const std::string& point) {
    INFO("crash point " << point);
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions WHERE state NOT IN ('completed', "
                   "'compensated')") == 0);
    // No fee without a completed transaction or its refund.
    CHECK(
        count(
            f,
            "SELECT count(*) FROM countersign.payments p JOIN countersign.transactions t "
            "ON t.id = p.transaction_id WHERE t.state <> 'completed' AND p.amount_fen > "
            "(SELECT coalesce(sum(r.amount_fen), 0) FROM countersign.refunds r WHERE r.payment_id = p.id)") ==
        0);
    // No letter consumed by a transaction that did not complete.
    CHECK(count(f, "SELECT count(*) FROM countersign.letters l JOIN countersign.transactions t "
                   "ON t.id = l.consumed_by_transaction_id WHERE t.state <> 'completed'") == 0);
    // Every certificate the CA issued belongs to a transaction; those of unfinished ones are revoked.
    CHECK(count(f, "SELECT count(*) FROM countersign.ca_requests r WHERE NOT EXISTS "
                   "(SELECT 1 FROM countersign.transactions t WHERE t.number = r.request_id)") == 0);
    CHECK(count(f, "SELECT count(*) FROM countersign.certificates c JOIN countersign.ca_requests r "
                   "ON r.certificate_id = c.id JOIN countersign.transactions t ON t.number = r.request_id "
                   "WHERE t.state <> 'completed' AND c.status NOT IN ('revoked', 'superseded')") == 0);
    // The keys in the writer are what the database says.
    token::KeyDevice device(test::FaultKey::modulePath(), {}, nullptr);
    for (const auto& k : device.keys(true)) {
        if (k.serial.empty())
            continue;
        INFO("key " << k.serial);
        const std::string state =
            f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", k.serial);
        for (const auto& c : k.certificates)
            if (!c.isCa)
                CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", c.serial) !=
                      "");
        if (state.empty() || state == "in_stock" || state == "blank") {
            CHECK(k.blank());
        } else if (state == "active") {
            // (Its PIN may be locked: a holder locks a key away from the counter, unknown to the database.)
            CHECK(k.userPinSet);
            pqxx::read_transaction tx{*f.conn};
            for (const auto& row :
                 tx.exec_params("SELECT c.serial FROM countersign.certificates c JOIN "
                                "countersign.tokens t ON t.id = c.token_id WHERE t.serial = $1 "
                                "AND c.status = 'active'",
                                k.serial)) {
                bool onKey = false;
                for (const auto& c : k.certificates)
                    onKey = onKey || c.serial == row[0].c_str();
                CHECK(onKey);
            }
        } else if (state == "locked") {
            CHECK(k.userPin.locked);
        }
    }
    CHECK_FALSE(f.auditBrokenAt());
}

/// The writer of these tests holds SoftHSM2's uninitialised token and, after a compensation, the wiped key:
/// the operator names the wiped one (as at a real counter, where only one key is in the writer).
std::vector<std::string> blankKey() {
    token::KeyDevice device(test::FaultKey::modulePath(), {}, nullptr);
    for (const auto& k : device.keys(false))
        if (k.blank() && !k.serial.empty())
            return {"--key", k.serial};
    return {};
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string pw() {
    return std::string(CounterFixture::kOperatorPassword) + "\n";
}

} // namespace

TEST_CASE("NEW killed at every step is compensated by recover", "[workflow][crash]") {
    CounterFixture f("ningbo");
    // Ningbo: the enterprise's first certificate is free, further ones cost 180.00 — so a fee is at stake.
    f.issueNew("NB-C0");
    const std::vector<std::string> points = {
        "at:papers_checked",  "at:fee_recorded",  "done:key_initialised", "at:key_initialised",
        "done:key_generated", "at:key_generated", "done:cert_issued",     "at:cert_issued",
        "done:cert_written",  "at:cert_written",  "done:verified",        "at:verified"};
    int n = 0;
    for (const auto& point : points) {
        CHECK(crashes(f,
                      CounterFixture::asOperator(
                          {"new", "--letter-qr-file", f.letterFile("NB-C" + std::to_string(++n)), "--alg",
                           "ec-p256", "--new-pin-fd", "0", "--payment", "cash:180.00"}) +
                          blankKey(),
                      pw() + "135790\n", point));
        recoverAll(f);
        checkInvariants(f, point);
    }
    // Killed once verified, the transaction is finished by recovery (nothing left needs the PIN); every other
    // one is compensated and every fee it took was paid back, flagged for the supervisor's review.
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions WHERE state = 'completed'") == 2);
    // Killed while the transaction was being opened, nothing of it was committed: no row at all.
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions WHERE state = 'compensated'") == 10);
    CHECK(count(f, "SELECT count(*) FROM countersign.refunds WHERE by_recovery") ==
          count(f, "SELECT count(*) FROM countersign.payments") - 1);
    // The supervisor sees them and acknowledges them; an operator can't.
    const auto list = f.ctl({"--json", "transaction", "list"});
    CHECK(QJsonDocument::fromJson(QByteArray::fromStdString(list.out))
              .object()["refunds_to_review"]
              .toArray()
              .size() == count(f, "SELECT count(*) FROM countersign.refunds WHERE by_recovery"));
    CHECK(f.ctl(CounterFixture::asOperator({"transaction", "review-refunds"}), pw()).exitCode == 1);
    const auto review = f.ctl({"transaction", "review-refunds", "--operator", "sup", "--password-fd", "0"},
                              std::string(CounterFixture::kSupervisorPassword) + "\n");
    INFO(review.out << review.err);
    CHECK(review.exitCode == 0);
    CHECK(count(f, "SELECT count(*) FROM countersign.refunds WHERE reviewed_by IS NULL") == 0);
}

TEST_CASE("NEW killed after the CA issued is written again when resumed with the PIN", "[workflow][crash]") {
    CounterFixture f;
    REQUIRE(crashes(f,
                    CounterFixture::asOperator({"new", "--letter-qr-file", f.letterFile("TJ-RS1"), "--alg",
                                                "ec-p256", "--new-pin-fd", "0"}),
                    pw() + "135790\n", "done:cert_issued"));
    const std::string number = f.scalar("SELECT number FROM countersign.transactions");
    CHECK(f.scalar("SELECT state FROM countersign.transactions") == "key_generated");
    const auto list = f.ctl({"transaction", "list"});
    CHECK_THAT(list.out, Catch::Contains(number));

    const auto r =
        f.ctl(CounterFixture::asOperator({"--json", "recover", "--transaction", number, "--pin-fd", "0"}),
              pw() + "135790\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
    CHECK(o["state"].toString() == QStringLiteral("completed"));
    // The CA answered the same request id with the same certificate: one certificate, on the key.
    CHECK(count(f, "SELECT count(*) FROM countersign.certificates") == 1);
    const auto cert = f.certificateOnKey(o["key_serial"].toString().toStdString());
    CHECK(cert.serial == o["certificate_serial"].toString().toStdString());
    CHECK(f.opensslVerify(cert.der).exitCode == 0);
    checkInvariants(f, "done:cert_issued, resumed");
}

TEST_CASE("REPLACE killed at every step is compensated by recover", "[workflow][crash]") {
    CounterFixture f("tianjin-2018");
    const std::vector<std::string> points = {
        "at:papers_checked",  "at:fee_recorded",    "done:old_revoked", "done:key_initialised",
        "at:key_initialised", "done:key_generated", "at:key_generated", "done:cert_issued",
        "at:cert_issued",     "done:cert_written",  "at:cert_written",  "done:verified",
        "at:verified"};
    int n = 0;
    for (const auto& point : points) {
        const std::string old = f.issueNew("TJ-P" + std::to_string(++n));
        CHECK(crashes(f,
                      CounterFixture::asOperator({"replace", "--letter-json",
                                                  f.authorizationLetterFile("auth", {"REPLACE"}), "--reason",
                                                  "lost", "--old-key", old, "--alg", "ec-p256",
                                                  "--new-pin-fd", "0", "--payment", "cash:26.00"}) +
                          blankKey(),
                      pw() + "246813\n", point));
        recoverAll(f);
        checkInvariants(f, point);
        // Whatever happened to the new key, the lost one's certificate stays revoked once the replacement
        // started revoking it.
        if (point != "at:papers_checked" && point != "at:fee_recorded")
            CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", old) == "lost");
    }
}

TEST_CASE("RENEW killed at every step is compensated by recover", "[workflow][crash]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    const std::string serial = f.issueNew("TJ-W1");
    const std::vector<std::string> points = {"at:papers_checked", "at:fee_recorded",  "done:key_generated",
                                             "at:key_generated",  "done:cert_issued", "at:cert_issued",
                                             "done:cert_written", "at:cert_written",  "done:verified",
                                             "at:verified",       "done:old_revoked"};
    for (const auto& point : points) {
        CHECK(crashes(
            f, CounterFixture::asOperator({"renew", "--key", serial, "--alg", "ec-p256", "--pin-fd", "0"}),
            pw() + "135790\n", point));
        recoverAll(f);
        checkInvariants(f, point);
        // The key keeps exactly one valid certificate of the enterprise: the old one, or the new one when the
        // renewal had got far enough to be finished.
        CHECK(count(f, "SELECT count(*) FROM countersign.certificates c JOIN countersign.tokens t ON t.id = "
                       "c.token_id WHERE c.status = 'active' AND t.serial = '" +
                           serial + "'") == 1);
    }
}

TEST_CASE("UNLOCK killed at every step is finished or compensated by recover", "[workflow][crash]") {
    CounterFixture f;
    const std::string serial = f.issueNew("TJ-K9");
    const std::vector<std::string> points = {"at:papers_checked",  "at:fee_recorded", "done:key_initialised",
                                             "at:key_initialised", "done:verified",   "at:verified"};
    for (const auto& point : points) {
        f.lockUserPin(serial);
        CHECK(crashes(f,
                      CounterFixture::asOperator({"unlock", "--letter-json",
                                                  f.authorizationLetterFile("auth", {"UNLOCK"}), "--key",
                                                  serial, "--new-pin-fd", "0"}),
                      pw() + "975310\n", point));
        recoverAll(f);
        checkInvariants(f, point);
        // Once the key was unlocked, recovery finishes the transaction: the agent's new PIN works.
        if (point != "at:papers_checked" && point != "at:fee_recorded") {
            CHECK(f.scalar("SELECT state FROM countersign.transactions ORDER BY id DESC LIMIT 1") ==
                  "completed");
            CHECK(f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "975310\n").exitCode == 0);
        }
    }
}

TEST_CASE("The kiosk recovers what a crash left unfinished once someone logs in", "[workflow][crash][qml]") {
    CounterFixture f;
    REQUIRE(crashes(f,
                    CounterFixture::asOperator({"new", "--letter-qr-file", f.letterFile("TJ-KS1"), "--alg",
                                                "ec-p256", "--new-pin-fd", "0"}),
                    pw() + "135790\n", "done:cert_written"));
    REQUIRE(f.scalar("SELECT state FROM countersign.transactions") == "cert_issued");

    token::TokenThread tokens(
        token::TokenThread::Options{test::FaultKey::modulePath(), {}, makeSoPinDeriver(f.config), 250});
    counter::Station station(f.config, tokens);
    qml::Recovery recovery(&station);
    QSignalSpy finished(&recovery, &qml::Recovery::finished);
    recovery.run(f.db.counterId(), f.operatorId, f.operatorSession());
    CHECK(recovery.running());
    REQUIRE(finished.wait(60000));
    INFO(recovery.error().toStdString());
    CHECK(recovery.error().isEmpty());
    REQUIRE(recovery.report().size() == 1);
    CHECK(recovery.report().front().contains(QStringLiteral("compensated")));
    CHECK(recovery.report().front().contains(QStringLiteral("revoked")));
    {
        // The supervisor reads it in the kiosk's Chinese (Workstation::setLanguage installs this translator
        // and tells Recovery to read its report again).
        QTranslator chinese;
        REQUIRE(chinese.load(QStringLiteral(":/i18n/countersign_zh_CN.qm")));
        QCoreApplication::installTranslator(&chinese);
        const QString line = recovery.report().front();
        QCoreApplication::removeTranslator(&chinese);
        INFO(line.toStdString());
        CHECK(line.contains(QStringLiteral("新办")));
        CHECK(line.contains(QStringLiteral("已撤销")));
        CHECK(line.contains(QStringLiteral("已吊销")));
        CHECK_FALSE(line.contains(QStringLiteral("revoked")));
    }
    // Once per start: a second login does not run it again.
    recovery.run(f.db.counterId(), f.operatorId, f.operatorSession());
    CHECK_FALSE(recovery.running());
    checkInvariants(f, "done:cert_written, recovered by the kiosk");
}

TEST_CASE("recovery records a transaction it cannot finish and goes on with the next", "[workflow][crash]") {
    CounterFixture f;
    // Two NEW transactions interrupted after their fee.
    for (const std::string letter : {"TJ-RB1", "TJ-RB2"})
        REQUIRE(crashes(f,
                        CounterFixture::asOperator({"new", "--letter-qr-file", f.letterFile(letter), "--alg",
                                                    "ec-p256", "--new-pin-fd", "0"}) +
                            blankKey(),
                        pw() + "135790\n", "at:fee_recorded"));
    const std::string broken = f.scalar("SELECT number FROM countersign.transactions ORDER BY id LIMIT 1");
    const std::string fine = f.scalar("SELECT number FROM countersign.transactions ORDER BY id DESC LIMIT 1");
    REQUIRE(broken != fine);
    {
        // Behind the product's back, the first one is made unrecoverable: the database refuses every change
        // of its row.
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        tx.exec("CREATE FUNCTION countersign.test_broken_row() RETURNS trigger LANGUAGE plpgsql AS "
                "$$BEGIN RAISE EXCEPTION 'planted: this transaction''s row is broken'; END$$");
        tx.exec("CREATE TRIGGER test_broken_row BEFORE UPDATE ON countersign.transactions FOR EACH ROW "
                "WHEN (OLD.number = " +
                tx.quote(broken) + ") EXECUTE FUNCTION countersign.test_broken_row()");
        tx.commit();
    }
    const auto r = f.ctl(CounterFixture::asOperator({"--json", "recover"}), pw());
    INFO(r.out << r.err);
    // Not all finished (exit 1, "some could not be finished yet"), but recovery ran through both.
    CHECK(r.exitCode == 1);
    const auto list =
        QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object()["transactions"].toArray();
    REQUIRE(list.size() == 2);
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", fine) == "compensated");
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", broken) == "fee_recorded");
    // The broken one carries recovery's failure, as a step and in the audit chain.
    CHECK(f.scalar("SELECT count(*) FROM countersign.transaction_steps s JOIN countersign.transactions t ON "
                   "t.id = s.transaction_id WHERE t.number = $1 AND s.step = 'recover' AND s.outcome = "
                   "'failed' AND s.detail->>'error' LIKE '%planted%'",
                   broken) == "1");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'step.failed' AND subject = $1",
                   broken) == "1");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("RENEW whose completion fails keeps the old certificate valid and can only be resumed",
          "[workflow][crash]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    const std::string serial = f.issueNew("TJ-RC1");
    const auto old = f.certificateOnKey(serial);
    {
        // The commit after the new certificate is written and verified fails: behind the product's back, the
        // database refuses every change of a verified renewal's row.
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        tx.exec("CREATE FUNCTION countersign.test_failed_commit() RETURNS trigger LANGUAGE plpgsql AS "
                "$$BEGIN RAISE EXCEPTION 'planted: the commit failed'; END$$");
        tx.exec("CREATE TRIGGER test_failed_commit BEFORE UPDATE ON countersign.transactions FOR EACH ROW "
                "WHEN (OLD.kind = 'RENEW' AND OLD.state = 'verified') EXECUTE FUNCTION "
                "countersign.test_failed_commit()");
        tx.commit();
    }
    const auto r =
        f.ctl(CounterFixture::asOperator({"renew", "--key", serial, "--alg", "ec-p256", "--pin-fd", "0"}),
              pw() + "135790\n");
    INFO(r.out << r.err);
    CHECK(r.exitCode != 0);
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        tx.exec("DROP TRIGGER test_failed_commit ON countersign.transactions");
        tx.commit();
    }
    const std::string number = f.scalar("SELECT number FROM countersign.transactions WHERE kind = 'RENEW'");
    REQUIRE(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", number) == "verified");
    // (Both certificates are on the key until the renewal completes.)
    const std::string renewed = f.scalar("SELECT work->>'cert_serial' FROM countersign.transactions WHERE "
                                         "number = $1",
                                         number);
    REQUIRE_FALSE(renewed.empty());
    REQUIRE(renewed != old.serial);
    // The old certificate is still valid: it is revoked only after the new one is recorded as complete.
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", old.serial) == "active");
    CHECK(f.scalar("SELECT revocation_reason IS NULL FROM countersign.certificates WHERE serial = $1",
                   old.serial) == "t");
    CHECK_THAT(f.crlText(), !Catch::Contains(old.serial));

    // A cancel here is refused: it would revoke the new certificate. Resuming is the only way on.
    {
        auto p = f.open();
        try {
            p.flow->cancel(number, "changed my mind", f.supervisorApproval(), f.operatorId,
                           f.operatorSession(), false);
            FAIL("the cancel was not refused");
        } catch (const workflow::Refusal& e) {
            CHECK_THAT(std::string(e.what()),
                       Catch::Contains("can only be resumed") && Catch::Contains("not cancelled"));
        }
    }
    // Nor can the counter's own login give it up behind the workflow's back.
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_WITH(
            tx.exec_params("SELECT countersign.tx_advance($1, t.id, 'verified', 'failed', '{}', "
                           "'by hand', NULL, 'give up', '{}', 'transaction.failed', '{}') FROM "
                           "countersign.transactions t WHERE t.number = $2",
                           f.operatorSession()->c_str(), number),
            Catch::Contains("can only be resumed"));
    }
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", number) == "verified");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", renewed) != "revoked");

    const auto resumed =
        f.ctl(CounterFixture::asOperator({"--json", "recover", "--transaction", number, "--no-pin"}), pw());
    INFO(resumed.out << resumed.err);
    CHECK(resumed.exitCode == 0);
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", number) == "completed");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", renewed) == "active");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", old.serial) ==
          "superseded");
    CHECK_THAT(f.crlText(), Catch::Contains(old.serial));
    checkInvariants(f, "RENEW resumed after a failed completion");
}
