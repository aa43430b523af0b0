// Issue 19, the SO PIN: each key's SO PIN derived with the version recorded for it and moved to the current
// version at its next visit; the SO PIN's final try only with a supervisor's confirmation; the user PIN's
// final-try confirmation asked again at every resume. Real PostgreSQL (the product as the counter's own
// login), SoftHSM2 behind the fault module (PIN counters and flags like a real key's).
#include <catch2/catch.hpp>

#include <fstream>

#include <sys/stat.h>

#include <pqxx/transaction>

#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/testkeys.h"
#include "token/tokenerror.h"

using namespace countersign;
using test::CounterFixture;

namespace {

workflow::UnlockRequest unlockRequest(CounterFixture& f, const std::string& serial) {
    workflow::UnlockRequest r;
    r.operatorId = f.operatorId;
    r.operatorSession = f.operatorSession();
    r.letter = CounterFixture::authorizationLetter(false, true);
    r.idCardNo = r.letter.agentIdNo;
    r.keySerial = serial;
    r.newPin = Secret("975310");
    return r;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

} // namespace

TEST_CASE(
    "sopin: UNLOCK never spends the SO PIN's final try without a supervisor's confirmation, and does with it",
    "[workflow][sopin]") {
    CounterFixture f;
    const std::string serial = f.issueNew("TJ-SF1");
    f.lockUserPin(serial);
    {
        // Someone tried wrong SO PINs until one try is left (the fault module locks after 6).
        token::KeyDevice wrong(test::FaultKey::modulePath(), {},
                               test::testDeriver("a different master secret, 32 bytes long"));
        for (int i = 0; i < 5; ++i)
            CHECK(test::tokenErrorOf([&] { wrong.unlock(serial, Secret("975310")); }) ==
                  token::TokenErrorCode::SoPinIncorrect);
    }
    auto p = f.open();
    REQUIRE(p.keys->key(serial).soPin.finalTry);
    const std::string transactions = f.scalar("SELECT count(*) FROM countersign.transactions");
    try {
        p.flow->runUnlock(unlockRequest(f, serial));
        FAIL("the unlock spent the SO PIN's final try without a supervisor");
    } catch (const workflow::Refusal& r) {
        REQUIRE_FALSE(r.failed().empty());
        CHECK(r.failed().front().id == "so_pin_final_try");
        CHECK_THAT(r.what(), Catch::Contains("supervisor"));
    }
    // Nothing was sent to the key and nothing opened.
    CHECK(p.keys->key(serial).soPin.finalTry);
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions") == transactions);
    // Attacks as the counter's own login: no confirmation from the operator's own session, none for a
    // transaction that does not exist.
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS(tx.exec_params("SELECT countersign.tx_so_pin_final_try($1, 0, $1, $2, 'mine')",
                                    f.operatorSession()->c_str(), serial));
    }
    CHECK(f.scalar("SELECT count(*) FROM countersign.approvals WHERE kind = 'so_pin_final_try'") == "0");

    auto r = unlockRequest(f, serial);
    r.soPinFinalTryApprovedBy = f.supervisorApproval();
    const auto o = p.flow->runUnlock(std::move(r));
    CHECK(o.state == "completed");
    CHECK_FALSE(p.keys->key(serial).soPin.finalTry);
    CHECK_FALSE(p.keys->verifyUserPin(serial, Secret("975310")).locked);
    CHECK(f.scalar("SELECT count(*) FROM countersign.approvals WHERE kind = 'so_pin_final_try' "
                   "AND consumed_at IS NOT NULL AND subject = $1",
                   serial) == "1");
    CHECK(
        f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'key.so_pin_final_try_confirmed' "
                 "AND subject = $1",
                 serial) == "1");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE(
    "sopin: a key of SO PIN version 1 is unlocked after the master moved to version 2, then is on version 2",
    "[workflow][sopin]") {
    CounterFixture f;
    const std::string serial = f.issueNew("TJ-SV1");
    CHECK(f.scalar("SELECT so_pin_version FROM countersign.tokens WHERE serial = $1", serial) == "1");
    f.lockUserPin(serial);

    // The rotation: version 2 is current, version 1's master stays for the keys still on it.
    const std::string master1 = f.dir + "/master.key";
    const std::string master2 = f.dir + "/master-2.key";
    {
        std::ofstream out(master2, std::ios::binary);
        out << "the second master secret, 32+ bytes long";
    }
    ::chmod(master2.c_str(), 0600);
    std::string text = readAll(f.configPath);
    const std::string single = "master_file=" + master1;
    REQUIRE(text.find(single) != std::string::npos);
    text.replace(text.find(single), single.size(),
                 "version=2\nmaster_file_1=" + master1 + "\nmaster_file_2=" + master2);
    const std::string rotated = f.dir + "/rotated.conf";
    std::ofstream(rotated) << text;
    f.config = loadConfig(QString::fromStdString(rotated));
    REQUIRE(f.config.soPinVersion == 2);

    // countersignctl's token unlock could not record the key's move to version 2: it refuses before any SO
    // PIN is sent (the key's SO PIN count stays clean, checked below).
    f.configPath = rotated;
    const auto byCtl =
        f.ctl(CounterFixture::asOperator({"token", "unlock", serial, "--new-pin-fd", "0"}), "x\n");
    INFO(byCtl.err);
    CHECK(byCtl.exitCode == 1);
    CHECK_THAT(byCtl.err, Catch::Contains("is on SO PIN version 1 and the current version is 2"));

    auto p = f.open();
    const auto o = p.flow->runUnlock(unlockRequest(f, serial));
    CHECK(o.state == "completed");
    CHECK(f.scalar("SELECT so_pin_version FROM countersign.tokens WHERE serial = $1", serial) == "2");
    CHECK(f.scalar(
              "SELECT count(*) FROM countersign.audit_log WHERE event = 'key.so_pin_moved' AND subject = $1",
              serial) == "1");
    // Version 2's SO PIN opens the key now, with no wrong try counted.
    CHECK(p.keys->unlock(serial, Secret("864200"), {2, false}) == 2);
    CHECK_FALSE(p.keys->key(serial).soPin.countLow);
    CHECK_FALSE(f.auditBrokenAt());

    // The counter can't record a move of its own (the transaction is finished), nor write the version.
    const auto number = f.scalar("SELECT number FROM countersign.transactions WHERE kind = 'UNLOCK'");
    const auto id = std::stoll(f.scalar("SELECT id FROM countersign.transactions WHERE kind = 'UNLOCK'"));
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_WITH(tx.exec_params("SELECT countersign.tx_key_so_pin_moved($1, $2, $3, 2, 3)",
                                         f.operatorSession()->c_str(), id, serial),
                          Catch::Contains(number));
    }
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS(
            tx.exec_params("UPDATE countersign.tokens SET so_pin_version = 3 WHERE serial = $1", serial));
    }
    CHECK(f.scalar("SELECT so_pin_version FROM countersign.tokens WHERE serial = $1", serial) == "2");
}

TEST_CASE("sopin: the user PIN's final-try confirmation is asked again on every resume, never kept",
          "[workflow][sopin]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    const std::string serial = f.issueNew("TJ-SR1");
    auto p = f.open();
    test::FaultKey key;
    workflow::RenewRequest r;
    r.operatorId = f.operatorId;
    r.operatorSession = f.operatorSession();
    r.keySerial = serial;
    r.pin = Secret("135790");
    r.algorithm = token::KeyAlgorithm::EcP256;
    r.finalTryConfirmed = true;
    key.removeAt("C_GenerateKeyPair", 1);
    std::string number;
    try {
        p.flow->runRenew(std::move(r), false);
        FAIL("the renewal went through with the key pulled out");
    } catch (const workflow::StepFailed& e) {
        number = e.transactionNumber;
    }
    key.reinsert();
    REQUIRE_FALSE(number.empty());
    CHECK(f.scalar(
              "SELECT (work ? 'final_try_confirmed')::text FROM countersign.transactions WHERE number = $1",
              number) == "false");
    // Meanwhile the PIN came to its final try.
    for (int i = 0; i < 5; ++i)
        CHECK(test::tokenErrorOf([&] { p.keys->verifyUserPin(serial, Secret("000000"), true); }) ==
              token::TokenErrorCode::PinIncorrect);
    REQUIRE(p.keys->key(serial).userPin.finalTry);

    key.resetCounts();
    try {
        p.flow->resume(number, Secret("135790"), f.operatorSession());
        FAIL("the resume sent the PIN on its final try without asking");
    } catch (const workflow::StepFailed& e) {
        CHECK_THAT(e.what(), Catch::Contains("confirm"));
    }
    CHECK(key.calls("C_Login") == 0);
    CHECK(p.keys->key(serial).userPin.finalTry);

    const auto o = p.flow->resume(number, Secret("135790"), f.operatorSession(), true);
    CHECK(o.state == "completed");
}
