// The key layer against a key that behaves like a real USB-KEY: SoftHSM2 behind the test fault module, which
// locks the PIN after 6 wrong tries and can pull the key out at any PKCS#11 call.
#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "tests/support/faultkey.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testca.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"
#include "token/keydevice.h"
#include "token/tokenthread.h"

using namespace countersign;
using token::KeyAlgorithm;
using token::TokenErrorCode;

namespace {

struct IssuedKey {
    std::string serial;
    std::string pin = "246810";
};

IssuedKey issue(token::KeyDevice& device, const std::string& label) {
    IssuedKey key;
    key.serial = device.initialise("", label).serial;
    device.setUserPin(key.serial, Secret(key.pin));
    return key;
}

} // namespace

TEST_CASE("six wrong PINs lock the key, the right PIN is then refused, and the SO PIN unlocks it",
          "[token][realkey]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const auto key = issue(device, "pin lock");

    fault.resetCounts();
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const auto e = test::tokenErrorFrom([&] { device.verifyUserPin(key.serial, Secret("000000")); });
        CHECK(e.code == TokenErrorCode::PinIncorrect);
        CHECK(e.flags.countLow);
        CHECK(e.flags.finalTry == (attempt == 5));
    }
    CHECK(fault.calls("C_Login") == 5); // one login per attempt: nothing is retried

    // On the last try the PIN is not even sent unless the holder confirms.
    CHECK(test::tokenErrorFrom([&] { device.verifyUserPin(key.serial, Secret("000000")); }).code ==
          TokenErrorCode::FinalTryNeedsConfirmation);
    CHECK(fault.calls("C_Login") == 5);
    const auto sixth =
        test::tokenErrorFrom([&] { device.verifyUserPin(key.serial, Secret("000000"), true); });
    CHECK(sixth.code == TokenErrorCode::PinLocked);
    CHECK_THAT(sixth.message(true), Catch::Contains("解锁"));

    const auto seventh =
        test::tokenErrorFrom([&] { device.verifyUserPin(key.serial, Secret(key.pin), true); });
    CHECK(seventh.code == TokenErrorCode::PinLocked);
    CHECK(device.key(key.serial).userPin.locked);

    device.unlock(key.serial, Secret("135790"));
    CHECK_FALSE(device.key(key.serial).userPin.locked);
    CHECK_FALSE(device.verifyUserPin(key.serial, Secret("135790")).countLow);
    CHECK(test::tokenErrorFrom([&] { device.verifyUserPin(key.serial, Secret(key.pin)); }).code ==
          TokenErrorCode::PinIncorrect);
}

TEST_CASE("a key whose SO PIN is locked can't be unlocked and says to replace it", "[token][realkey]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const auto key = issue(device, "so lock");
    // Another centre's master secret gives wrong SO PINs until the SO PIN locks.
    device.setDeriver(test::testDeriver("some other centre's master secret!"));
    int wrong = 0;
    token::TokenError last = test::tokenErrorFrom([&] { device.unlock(key.serial, Secret("135790")); });
    while (last.code == TokenErrorCode::SoPinIncorrect && ++wrong < 10)
        last = test::tokenErrorFrom([&] { device.unlock(key.serial, Secret("135790")); });
    CHECK(wrong == 5);
    // The last try is spent only when confirmed (a supervisor's confirmation, at the counter).
    CHECK(last.code == TokenErrorCode::SoPinFinalTryNeedsConfirmation);
    last = test::tokenErrorFrom([&] { device.unlock(key.serial, Secret("135790"), {0, true}); });
    CHECK(last.code == TokenErrorCode::SoPinLocked);
    device.setDeriver(test::testDeriver());
    const auto locked = test::tokenErrorFrom([&] { device.unlock(key.serial, Secret("135790")); });
    CHECK(locked.code == TokenErrorCode::SoPinLocked);
    CHECK_THAT(locked.message(true), Catch::Contains("补办"));
    CHECK_THAT(locked.message(false), Catch::Contains("Replace the key"));
    CHECK(device.key(key.serial).soPin.locked);
}

namespace {

// Runs `operation` with the key pulled out at its 1st, 2nd, … PKCS#11 call until it gets through without
// noticing; each time it must fail as "key removed" and then succeed once the key is back.
int pullAtEveryCall(test::FaultKey& fault, const std::function<void()>& prepare,
                    const std::function<void()>& operation, const std::function<void()>& resume) {
    for (int k = 1; k < 500; ++k) {
        prepare();
        fault.resetCounts();
        fault.removeAt("*", k);
        bool failed = false;
        try {
            operation();
        } catch (const token::TokenError& e) {
            INFO("pulled at call " << k << ": " << e.what());
            // Gone before the key was found, it is "no key in the writer"; gone later, "the key was removed".
            CHECK((e.code == TokenErrorCode::KeyRemoved || e.code == TokenErrorCode::NoKey));
            failed = true;
        }
        const bool wasPulled = fault.removed();
        fault.reinsert();
        if (!wasPulled) {
            CHECK_FALSE(failed);
            return k - 1; // the operation made fewer than k calls
        }
        // Pulled during the clean-up after the decisive call (logout, closing the session), the operation has
        // succeeded; either way running it again after re-insertion must work.
        resume();
    }
    FAIL("the operation never got through");
    return 0;
}

} // namespace

// Each case runs in its own process (ctest), so each gets a fresh SoftHSM2 store, and reuses one key: a store
// with hundreds of tokens would make every enumeration slow.

TEST_CASE(
    "pulling the key out at any call of initialising a blank key is a clear error, and it is initialised "
    "after re-insertion",
    "[token][realkey]") {
    test::FaultKey fault;
    // Every round starts from a writer holding one blank key: a new token store, loaded afresh, as if a new
    // blank key had been put in (an initialised SoftHSM2 token can't be made blank without a serial again,
    // and more tokens would mean more calls per round).
    std::unique_ptr<token::KeyDevice> device;
    std::unique_ptr<test::SoftHsmStore> store;
    int round = 0;
    const int calls = pullAtEveryCall(
        fault,
        [&] {
            device.reset();
            store = std::make_unique<test::SoftHsmStore>(test::scratchDir() + "/blank-" +
                                                         std::to_string(++round));
            device = std::make_unique<token::KeyDevice>(test::FaultKey::modulePath(), token::Pkcs11Uri{},
                                                        test::testDeriver());
        },
        [&] { device->initialise("", "pull init"); },
        [&] {
            // The same key again: by its serial if it got one before it was pulled, else the blank one.
            std::string serial;
            for (const auto& k : device->keys(false))
                if (k.initialized)
                    serial = k.serial;
            const auto done = device->initialise(serial, "pull init");
            CHECK(done.initialized);
            device->setUserPin(done.serial, Secret("246810"));
            CHECK_FALSE(device->verifyUserPin(done.serial, Secret("246810")).locked);
        });
    CHECK(calls > 5);
    WARN("initialising a blank key makes " << calls << " PKCS#11 calls");
}

TEST_CASE("pulling the key out at any call of re-initialising a retired key is a clear error, and it is "
          "initialised after re-insertion",
          "[token][realkey]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const auto key = issue(device, "pull reinit");
    const int calls = pullAtEveryCall(
        fault, [&] { device.retire(key.serial); }, [&] { device.initialise(key.serial, "reissued"); },
        [&] { CHECK(device.initialise(key.serial, "reissued").initialized); });
    CHECK(calls > 5);
}

TEST_CASE("pulling the key out at any call of key generation is a clear error, and it generates after "
          "re-insertion",
          "[token][realkey]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const auto key = issue(device, "pull keygen");
    const int calls = pullAtEveryCall(
        fault, [] {}, [&] { device.generateKeyPair(key.serial, Secret(key.pin), KeyAlgorithm::EcP256); },
        [&] {
            const auto pair = device.generateKeyPair(key.serial, Secret(key.pin), KeyAlgorithm::EcP256);
            CHECK_FALSE(device.makeCsr(key.serial, Secret(key.pin), pair.keyId, "/CN=again").empty());
        });
    CHECK(calls > 5);
}

TEST_CASE("pulling the key out at any call of writing the certificate is a clear error, and it is written "
          "after re-insertion",
          "[token][realkey]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    test::TestCa ca;
    const auto key = issue(device, "pull write");
    std::string keyId, certificate;
    const int calls = pullAtEveryCall(
        fault,
        [&] {
            // One key pair at a time: more objects would mean more calls per round.
            if (!keyId.empty())
                device.removeKeyPair(key.serial, Secret(key.pin), keyId);
            keyId = device.generateKeyPair(key.serial, Secret(key.pin), KeyAlgorithm::EcP256).keyId;
            certificate = ca.sign(device.makeCsr(key.serial, Secret(key.pin), keyId, "/CN=pulled"));
        },
        [&] {
            device.writeCertificate(key.serial, Secret(key.pin), keyId, certificate, ca.certificatePem());
        },
        [&] {
            device.writeCertificate(key.serial, Secret(key.pin), keyId, certificate, ca.certificatePem());
            device.selfTest(key.serial, Secret(key.pin), keyId);
        });
    CHECK(calls > 5);
}

TEST_CASE("pulling the key out at any call of unlocking is a clear error, and it unlocks after re-insertion",
          "[token][realkey]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const auto key = issue(device, "pull unlock");
    const int calls = pullAtEveryCall(
        fault, [] {}, [&] { device.unlock(key.serial, Secret("135790")); },
        [&] {
            device.unlock(key.serial, Secret("135790"));
            CHECK_FALSE(device.verifyUserPin(key.serial, Secret("135790")).locked);
        });
    CHECK(calls > 5);
}

TEST_CASE(
    "the token thread reports a key put in or pulled out within a second and tells keys apart by serial",
    "[token][realkey]") {
    test::FaultKey fault;
    token::TokenThread thread({test::FaultKey::modulePath(), {}, test::testDeriver(), 250});
    QSignalSpy changed(&thread, &token::TokenThread::keysChanged);
    REQUIRE((changed.count() > 0 || changed.wait(3000)));

    // Two keys issued through the thread, as the kiosk does.
    std::vector<std::string> serials;
    for (const char* label : {"first key", "second key"}) {
        bool done = false;
        thread.run<token::TokenInfo>(
            &thread, [label](token::KeyDevice& d) { return d.initialise("", label); },
            [&](const token::TokenOutcome<token::TokenInfo>& out) {
                REQUIRE(out.ok());
                serials.push_back(out.value->serial);
                done = true;
            });
        REQUIRE(QTest::qWaitFor([&] { return done; }, 5000));
    }
    REQUIRE(QTest::qWaitFor(
        [&] {
            const auto& keys = thread.keys();
            return std::count_if(keys.begin(), keys.end(), [](const auto& k) { return k.initialized; }) == 2;
        },
        2000));
    CHECK(serials[0] != serials[1]);

    QSignalSpy removed(&thread, &token::TokenThread::keyRemoved);
    QSignalSpy inserted(&thread, &token::TokenThread::keyInserted);
    QElapsedTimer clock;
    fault.removeAt("*", 1, serials[0]); // pull out the first key only
    clock.start();
    REQUIRE(removed.wait(1000));
    const qint64 removalSeen = clock.elapsed();
    CHECK(removalSeen < 1000);
    CHECK(removed.at(0).at(0).toString().toStdString() == serials[0]);
    const auto& keys = thread.keys();
    CHECK(std::none_of(keys.begin(), keys.end(), [&](const auto& k) { return k.serial == serials[0]; }));
    CHECK(std::any_of(keys.begin(), keys.end(), [&](const auto& k) { return k.serial == serials[1]; }));

    fault.reinsert();
    clock.restart();
    REQUIRE(inserted.wait(1000));
    CHECK(clock.elapsed() < 1000);
    CHECK(inserted.at(0).at(0).toString().toStdString() == serials[0]);
    WARN("removal seen after " << removalSeen << " ms, insertion after " << clock.elapsed() << " ms");
}

TEST_CASE("a job on the token thread runs there, never on the caller's thread", "[token][realkey]") {
    token::TokenThread thread({test::FaultKey::modulePath(), {}, test::testDeriver(), 250});
    QString where;
    thread.run<QString>(
        &thread, [](token::KeyDevice&) { return QThread::currentThread()->objectName(); },
        [&](const token::TokenOutcome<QString>& out) { where = out.value.value_or(QStringLiteral("?")); });
    REQUIRE(QTest::qWaitFor([&] { return !where.isEmpty(); }, 5000));
    CHECK(where == QStringLiteral("countersign-token"));
}

TEST_CASE("a module that can't be loaded is reported by the token thread, and jobs fail with that error",
          "[token]") {
    token::TokenThread thread({"/nonexistent/module.so", {}, nullptr, 250});
    QSignalSpy failed(&thread, &token::TokenThread::moduleFailed);
    REQUIRE((failed.count() > 0 || failed.wait(3000)));
    std::optional<TokenErrorCode> code;
    thread.run<int>(
        &thread, [](token::KeyDevice&) { return 1; },
        [&](const token::TokenOutcome<int>& out) {
            code = out.error ? out.error->code : TokenErrorCode::Other;
        });
    REQUIRE(QTest::qWaitFor([&] { return code.has_value(); }, 5000));
    CHECK(*code == TokenErrorCode::ModuleLoadFailed);
}
