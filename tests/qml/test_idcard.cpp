// The agent's ID card on the kiosk's papers step (DESIGN §3.3, issue 22): typed or read by an ID reader (a
// keyboard wedge), checked as typed, shown beside the agent the letter names with whether they match; a card
// that is not the letter's agent is refused on the checks step naming both; "Check" waits for a valid number.
#include <catch2/catch.hpp>

#include <QDate>

#include "qml/kioskapp.h"
#include "qml/workstation.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");
/// A valid resident ID that is not the default letters' agent's.
const QString kSomeoneElse = QStringLiteral("320102198001010016");

bool controllerFlag(KioskDriver& ui, const char* name) {
    return ui.exists(kController) && ui.property(kController, name).toBool();
}

bool proceedEnabled(KioskDriver& ui) {
    return ui.property(QStringLiteral("papersStep/proceedButton"), "enabled").toBool();
}

void waitChecked(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
}

} // namespace

TEST_CASE(
    "Kiosk NEW: an ID card that is not the letter's agent is refused naming both, and the right one passes",
    "[qml][ui][idcard]") {
    CounterFixture f;
    const std::string letter = f.letter("UI-ID1");
    KioskDriver ui(f.config);
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
    ui.openOperation(QStringLiteral("NEW"));

    // The letter alone is not enough: "Check" waits for the agent's card, and the step says so.
    ui.scan(QString::fromStdString(letter));
    REQUIRE(
        ui.waitFor([&] { return ui.text(QStringLiteral("scanNote")).contains(QStringLiteral("ID card")); }));
    CHECK_FALSE(controllerFlag(ui, "checked"));
    CHECK_FALSE(proceedEnabled(ui));
    // Beside the field: the agent the scanned letter names, masked as on the receipt.
    const QString named = ui.text(QStringLiteral("idCardLetterAgent"));
    CHECK(named.contains(QString::fromUtf8(CounterFixture::kAgentName)));
    CHECK(named.contains(QStringLiteral("110105********002X")));

    // A mistyped number is pointed at as typed, and "Check" stays off.
    ui.type(QStringLiteral("idCardNo"), QStringLiteral("320102198001010017"));
    CHECK_FALSE(ui.text(QStringLiteral("idCardNo/problem")).isEmpty());
    CHECK_FALSE(proceedEnabled(ui));
    CHECK_FALSE(ui.exists(QStringLiteral("idCardMatch")));

    // Another person's valid card: shown red before the check, refused by it naming both.
    ui.type(QStringLiteral("idCardNo"), kSomeoneElse);
    REQUIRE(proceedEnabled(ui));
    CHECK(ui.exists(QStringLiteral("idCardMatch")));
    CHECK(ui.text(QStringLiteral("idCardMatch")).contains(QStringLiteral("Not the letter's agent")));
    ui.click(QStringLiteral("papersStep/proceedButton"));
    waitChecked(ui);
    CHECK_FALSE(controllerFlag(ui, "checksPassed"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("check_id_card")); }));
    CHECK_FALSE(ui.property(QStringLiteral("check_id_card"), "passed").toBool());
    const QString reason = ui.text(QStringLiteral("check_id_card/reason"));
    INFO(reason.toStdString());
    CHECK(reason.contains(QStringLiteral("320102********0016")));
    CHECK(reason.contains(QStringLiteral("110105********002X")));
    CHECK(reason.contains(QString::fromUtf8(CounterFixture::kAgentName)));
    CHECK(ui.text(QStringLiteral("check_id_card/title")).contains(QStringLiteral("ID card")));
    CHECK(ui.text(QStringLiteral("bringAdvice")).contains(QStringLiteral("in person")));
    // The letter is still the letter's: nothing was opened.
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions") == "0");

    // Back to the papers, the right card: green beside the field, and every check passes.
    ui.click(QStringLiteral("checksStep/proceedButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("papersStep/proceedButton")); }));
    CHECK(ui.text(QStringLiteral("idCardNo/field")) == kSomeoneElse);
    ui.type(QStringLiteral("idCardNo"), QString::fromLatin1(CounterFixture::kAgentId).toLower());
    CHECK(ui.text(QStringLiteral("idCardMatch")).contains(QStringLiteral("Matches the letter")));
    ui.click(QStringLiteral("papersStep/proceedButton"));
    waitChecked(ui);
    REQUIRE(controllerFlag(ui, "checksPassed"));
    CHECK(ui.property(QStringLiteral("check_id_card"), "passed").toBool());
}

TEST_CASE("Kiosk REPLACE: the ID reader's scan fills the ID card, not the letter's agent ID, and the "
          "replacement completes with the card compared",
          "[qml][ui][idcard][workflow]") {
    CounterFixture f;
    const std::string damagedSerial = f.issueNew("UI-ID2");
    std::string txn;
    {
        KioskDriver ui(f.config);
        ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().state() == qml::Writer::State::EnterpriseKey; }));
        ui.openOperation(QStringLiteral("REPLACE"));
        REQUIRE(ui.waitFor([&] {
            return ui.text(QStringLiteral("authCompanyId")) == QString::fromLatin1(CounterFixture::kUscc);
        }));
        // The card first: the letter's agent is typed from the letter, the card is read by the reader.
        ui.scan(QString::fromLatin1(CounterFixture::kAgentId));
        REQUIRE(ui.waitFor([&] {
            return ui.text(QStringLiteral("idCardNo/field")) == QString::fromLatin1(CounterFixture::kAgentId);
        }));
        CHECK(ui.text(QStringLiteral("authAgentId/field")).isEmpty());
        CHECK_FALSE(ui.exists(QStringLiteral("idCardMatch")));
        ui.type(QStringLiteral("authAgentName"), QString::fromUtf8(CounterFixture::kAgentName));
        ui.type(QStringLiteral("authAgentId"), QString::fromLatin1(CounterFixture::kAgentId));
        ui.type(QStringLiteral("authAgentMobile"), QStringLiteral("13800138000"));
        ui.type(QStringLiteral("authValidTo"), QDate::currentDate().addDays(30).toString(Qt::ISODate));
        ui.click(QStringLiteral("authTicked"));
        ui.click(QStringLiteral("authSeal"));
        // The damaged key failed on its own: the waiver, approved by the supervisor, leaves nothing to pay.
        ui.click(QStringLiteral("waiverAttested"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
        ui.typeAndEnter(QStringLiteral("approvalPassword"),
                        QString::fromLatin1(CounterFixture::kSupervisorPassword));
        REQUIRE(
            ui.waitFor([&] { return !ui.property(kController, "waiverApprovedBy").toString().isEmpty(); }));
        INFO("ID card valid " << ui.property(QStringLiteral("idCardNo"), "valid").toBool()
                              << ", letter's agent ID valid "
                              << ui.property(QStringLiteral("authAgentId"), "valid").toBool()
                              << ", controller "
                              << ui.property(kController, "idCardNo").toString().toStdString());
        CHECK(ui.text(QStringLiteral("idCardLetterAgent"))
                  .contains(QString::fromUtf8(CounterFixture::kAgentName)));
        CHECK(ui.text(QStringLiteral("idCardMatch")).contains(QStringLiteral("Matches the letter")));
        ui.click(QStringLiteral("papersStep/proceedButton"));
        waitChecked(ui);
        REQUIRE(controllerFlag(ui, "checksPassed"));
        CHECK(ui.property(QStringLiteral("check_id_card"), "passed").toBool());
        ui.click(QStringLiteral("checksStep/proceedButton"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("246813"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("246813"));
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "finished") || controllerFlag(ui, "paused"); },
                           120000));
        INFO(ui.property(kController, "errorText").toString().toStdString());
        REQUIRE(controllerFlag(ui, "finished"));
        txn = ui.property(kController, "transactionNumber").toString().toStdString();
    }
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    CHECK(f.scalar("SELECT detail->>'id_card_checked' FROM countersign.audit_log "
                   "WHERE event = 'transaction.started' AND detail->>'kind' = $1",
                   "REPLACE") == "true");
    CHECK_FALSE(f.auditBrokenAt());
}
