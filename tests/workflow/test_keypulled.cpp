// A key pulled out of the writer at every single PKCS#11 call of NEW and UNLOCK (test fault module): the step
// ends with a clear error, nothing is lost, and after the key is put back the transaction is resumed and
// completes (or, pulled before the transaction opened, the operation is simply run again).
#include <catch2/catch.hpp>

#include <pqxx/transaction>

#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "token/tokenerror.h"

using namespace countersign;
using test::CounterFixture;

namespace {

/// Runs `run` with the key pulled out at PKCS#11 call `k`; returns the outcome after putting it back and
/// resuming (or re-running, when it stopped before a transaction was opened).
template <typename Run>
workflow::Outcome pulledAt(CounterFixture& f, CounterFixture::InProcess& p, test::FaultKey& key, int k,
                           const std::string& pin, Run&& run) {
    key.resetCounts();
    key.removeAt("*", k);
    std::string stoppedTransaction;
    try {
        auto o = run();
        // Pulled at a call the operation did not reach (the last k), or one it needed no answer from.
        key.reinsert();
        return o;
    } catch (const workflow::StepFailed& e) {
        INFO("stopped at " << e.step << ": " << e.what());
        CHECK(e.keyRemoved);
        CHECK_FALSE(std::string(e.what()).empty());
        stoppedTransaction = e.transactionNumber;
    } catch (const workflow::Refusal& r) {
        // Pulled while the papers and the key were being checked: refused, nothing opened.
        INFO(r.what());
        const auto failed = r.failed();
        REQUIRE_FALSE(failed.empty());
        CHECK((failed.front().id == "blank_key" || failed.front().id == "key" ||
               failed.front().id == "locked" || failed.front().id == "so_pin" ||
               failed.front().id == "company_matches_certificate"));
    }
    CHECK(key.removed());
    key.reinsert();
    if (stoppedTransaction.empty())
        return run();
    return p.flow->resume(stoppedTransaction, Secret(pin), f.operatorSession());
}

/// Makes the key blank and back in stock for the next round (as a key written off and re-received would be).
void reuse(CounterFixture& f, CounterFixture::InProcess& p, const std::string& serial) {
    p.keys->retire(serial);
    // Set-up behind the product's back: the owner's login (counters write keys only through the database's
    // functions, 0019).
    auto owner = f.db.connect();
    pqxx::work tx{*owner};
    tx.exec_params("UPDATE countersign.tokens SET state = 'blank' WHERE serial = $1 AND state = 'active'",
                   serial);
    tx.exec_params("UPDATE countersign.tokens SET state = 'in_stock' WHERE serial = $1", serial);
    tx.commit();
}

} // namespace

TEST_CASE("A key pulled out at every PKCS#11 call of NEW gives a clear error and the NEW completes after "
          "resume",
          "[workflow][keypulled]") {
    CounterFixture f;
    test::FaultKey key;
    auto p = f.open();

    // Count the calls of one undisturbed NEW, on a key with a serial (re-used round after round).
    const std::string serial = [&] {
        workflow::NewRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letterJws = f.letter("KP-0");
        r.idCardNo = CounterFixture::kAgentId;
        r.newPin = Secret("135790");
        r.algorithm = token::KeyAlgorithm::EcP256;
        return p.flow->runNew(std::move(r)).keySerial;
    }();
    reuse(f, p, serial);
    const auto newOn = [&](int round) {
        return [&, round] {
            workflow::NewRequest r;
            r.operatorId = f.operatorId;
            r.operatorSession = f.operatorSession();
            r.letterJws = f.letter("KP-" + std::to_string(round));
            r.idCardNo = CounterFixture::kAgentId;
            r.keySerial = serial;
            r.newPin = Secret("135790");
            r.algorithm = token::KeyAlgorithm::EcP256;
            return p.flow->runNew(std::move(r));
        };
    };
    key.resetCounts();
    REQUIRE(newOn(1000)().state == "completed");
    const int calls = key.calls("*");
    INFO("PKCS#11 calls of one NEW: " << calls);
    REQUIRE(calls > 20);
    reuse(f, p, serial);

    for (int k = 1; k <= calls; ++k) {
        INFO("the key is pulled out at PKCS#11 call " << k << " of " << calls);
        const auto o = pulledAt(f, p, key, k, "135790", newOn(k));
        REQUIRE(o.state == "completed");
        // Read through the same PKCS#11 context: another one's C_Finalize would end this one's sessions.
        std::vector<token::CertificateInfo> own;
        for (const auto& c : p.keys->key(serial).certificates)
            if (!c.isCa)
                own.push_back(c);
        REQUIRE(own.size() == 1);
        CHECK(own[0].serial == o.certificateSerial);
        CHECK(own[0].uscc == CounterFixture::kUscc);
        reuse(f, p, serial);
    }
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions WHERE state <> 'completed'") == "0");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("A key pulled out at every PKCS#11 call of UNLOCK gives a clear error and the UNLOCK completes "
          "after resume",
          "[workflow][keypulled]") {
    CounterFixture f;
    const std::string serial = f.issueNew("KU-0");
    test::FaultKey key;
    const auto unlock = [&](CounterFixture::InProcess& p) {
        return [&] {
            workflow::UnlockRequest r;
            r.operatorId = f.operatorId;
            r.operatorSession = f.operatorSession();
            r.letter.companyName = CounterFixture::kOrg;
            r.letter.companyId = CounterFixture::kUscc;
            r.letter.agentName = CounterFixture::kAgentName;
            r.letter.agentIdNo = CounterFixture::kAgentId;
            r.letter.agentMobile = "13800138000";
            r.letter.unlockTicked = true;
            r.letter.validFrom = Date{2020, 1, 1};
            r.letter.validTo = Date{2099, 12, 31};
            r.letter.sealConfirmed = true;
            r.idCardNo = r.letter.agentIdNo;
            r.keySerial = serial;
            r.newPin = Secret("975310");
            return p.flow->runUnlock(std::move(r));
        };
    };
    int calls = 0;
    {
        f.lockUserPin(serial);
        auto p = f.open();
        key.resetCounts();
        REQUIRE(unlock(p)().state == "completed");
        calls = key.calls("*");
    }
    INFO("PKCS#11 calls of one UNLOCK: " << calls);
    REQUIRE(calls > 5);
    for (int k = 1; k <= calls; ++k) {
        INFO("the key is pulled out at PKCS#11 call " << k << " of " << calls);
        f.lockUserPin(serial);
        auto p = f.open();
        const auto o = pulledAt(f, p, key, k, "975310", unlock(p));
        REQUIRE(o.state == "completed");
        CHECK(p.keys->verifyUserPin(serial, Secret("975310")).locked == false);
    }
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions WHERE state <> 'completed'") == "0");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", serial) == "active");
    CHECK_FALSE(f.auditBrokenAt());
}
