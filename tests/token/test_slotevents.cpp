// The token thread's writer watcher with a module that offers C_WaitForSlotEvent (the test fault module with
// its switch on) and with one that does not (the switch off: SoftHSM2 answers CKR_FUNCTION_NOT_SUPPORTED).
#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "tests/support/faultkey.h"
#include "tests/support/testkeys.h"
#include "token/tokenthread.h"

using namespace countersign;

namespace {

/// The fault module's switch, on for one test.
struct SlotEventsOn {
    test::FaultKey& fault;
    explicit SlotEventsOn(test::FaultKey& f)
        : fault(f) {
        fault.setSlotEvents(true);
    }
    ~SlotEventsOn() { fault.setSlotEvents(false); }
};

token::TokenThread::Options options(int pollMs, int eventPollMs) {
    token::TokenThread::Options o{test::FaultKey::modulePath(), {}, test::testDeriver(), pollMs};
    o.eventPollMilliseconds = eventPollMs;
    return o;
}

void waitForFirstList(token::TokenThread& thread) {
    QSignalSpy changed(&thread, &token::TokenThread::keysChanged);
    REQUIRE((changed.count() > 0 || changed.wait(5000)));
    REQUIRE(QTest::qWaitFor([&] { return !thread.watching().isEmpty(); }, 5000));
}

/// Started, watching the writer as `how` says; a key pulled out is reported within `withinMs`.
void seesRemoval(test::FaultKey& fault, token::TokenThread& thread, const QString& how, int withinMs = 2000) {
    waitForFirstList(thread);
    // A module that takes the non-blocking form but refuses the blocking wait (SoftHSM2) is polled.
    CHECK(QTest::qWaitFor([&] { return thread.watching() == how; }, 3000));
    QSignalSpy removed(&thread, &token::TokenThread::keyRemoved);
    fault.removeNow();
    REQUIRE(removed.wait(withinMs));
}

} // namespace

TEST_CASE(
    "with slot events the token thread sees a key pulled out and put back at once, not at its next poll",
    "[token][slotevents]") {
    test::FaultKey fault;
    SlotEventsOn events(fault);
    // Polls that would take a minute: only a slot event can report the key in time.
    token::TokenThread thread(options(60000, 60000));
    waitForFirstList(thread);
    CHECK(thread.watching() == QStringLiteral("events"));
    REQUIRE(thread.keys().size() == 1);

    QSignalSpy removed(&thread, &token::TokenThread::keyRemoved);
    QSignalSpy inserted(&thread, &token::TokenThread::keyInserted);
    QElapsedTimer clock;
    clock.start();
    fault.removeNow();
    REQUIRE(removed.wait(2000));
    const qint64 removalMs = clock.elapsed();
    CHECK(removalMs < 250); // the poll interval the kiosk uses without slot events
    CHECK(thread.keys().empty());

    clock.restart();
    fault.reinsert();
    REQUIRE(inserted.wait(2000));
    const qint64 insertionMs = clock.elapsed();
    CHECK(insertionMs < 250);
    CHECK(thread.keys().size() == 1);
    WARN("slot events: removal seen after " << removalMs << " ms, insertion after " << insertionMs << " ms");
}

TEST_CASE("without slot events the token thread still polls the writer", "[token][slotevents]") {
    test::FaultKey fault;
    fault.setSlotEvents(false);
    token::TokenThread thread(options(200, 60000));
    QSignalSpy inserted(&thread, &token::TokenThread::keyInserted);
    seesRemoval(fault, thread, QStringLiteral("polling"));
    inserted.clear();
    fault.reinsert();
    REQUIRE(inserted.wait(2000));
}

TEST_CASE("the kiosk can be told to poll even where the module offers slot events", "[token][slotevents]") {
    test::FaultKey fault;
    SlotEventsOn events(fault);
    auto o = options(200, 60000);
    o.slotEvents = false;
    token::TokenThread thread(o);
    seesRemoval(fault, thread, QStringLiteral("polling"));
}

TEST_CASE("a blocking C_WaitForSlotEvent does not hold up the token thread's shutdown",
          "[token][slotevents]") {
    test::FaultKey fault;
    SlotEventsOn events(fault);
    QElapsedTimer clock;
    {
        token::TokenThread thread(options(60000, 60000));
        waitForFirstList(thread);
        REQUIRE(thread.watching() == QStringLiteral("events"));
        QTest::qWait(100); // the waiter is in C_WaitForSlotEvent by now
        clock.start();
    } // C_Finalize ends the wait
    CHECK(clock.elapsed() < 1000);

    // And the next start watches with slot events again.
    token::TokenThread again(options(60000, 60000));
    seesRemoval(fault, again, QStringLiteral("events"));
}

TEST_CASE("a job that a slow key holds up is failed at once when the key is pulled, with slot events on",
          "[token][slotevents][slowkey]") {
    test::FaultKey fault;
    SlotEventsOn events(fault);
    token::TokenThread thread(options(60000, 60000));
    waitForFirstList(thread);
    fault.setLatency("C_InitToken", 8000);
    std::optional<token::TokenErrorCode> code;
    QElapsedTimer clock;
    clock.start();
    thread.run<token::TokenInfo>(
        &thread, [](token::KeyDevice& d) { return d.initialise("", "slow key"); },
        [&](const token::TokenOutcome<token::TokenInfo>& out) {
            code = out.error ? out.error->code : token::TokenErrorCode::Other;
        });
    QTest::qWait(500);
    CHECK_FALSE(code.has_value());
    fault.removeNow();
    REQUIRE(QTest::qWaitFor([&] { return code.has_value(); }, 3000));
    fault.clearLatencies();
    CHECK(*code == token::TokenErrorCode::KeyRemoved);
    CHECK(clock.elapsed() < 2000);
}

// p11-kit's proxy (the default module) hands out a new, uninitialised instance at every C_GetFunctionList and
// crashed (SIGSEGV in libp11-kit) when one was asked for slot events: the kiosk died at start on the default
// module. The watcher polls there.
TEST_CASE("through p11-kit's proxy the writer watcher polls, and the token thread starts",
          "[token][slotevents]") {
    token::TokenThread::Options o;
    o.pollMilliseconds = 200;
    token::TokenThread thread(o);
    QSignalSpy changed(&thread, &token::TokenThread::keysChanged);
    REQUIRE((changed.wait(5000) || !thread.keys().empty()));
    CHECK_FALSE(thread.moduleError().has_value());
    CHECK(std::any_of(thread.keys().begin(), thread.keys().end(),
                      [](const auto& k) { return k.manufacturer == "SoftHSM project"; }));
}
