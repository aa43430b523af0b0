// The demo controls (DESIGN §10, qml/DemoPanel.qml): through the kiosk's screens in demo mode, against
// PostgreSQL, SoftHSM2 behind the fault module acting as the demo's key writer (CSFAULT_WRITER) and the
// built-in CA — a fresh blank key put in takes a NEW, the key pulled out and put back, a PIN locked from the
// panel and then unlocked at the counter, a sample letter from the picker running a NEW; and outside demo
// mode, no panel and a controller that refuses.
#include <catch2/catch.hpp>

#include <QDate>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>

#include "backend/counter/demo.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"
#include "qml/democontroller.h"
#include "qml/kioskapp.h"
#include "qml/workstation.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::FaultKey;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");
const QString kDemo = QStringLiteral("demoController");

/// The fixture's counter in demo mode, its letters signed by the fixture's DEMO tax office.
AppConfig demoConfig(const CounterFixture& f) {
    AppConfig c = f.config;
    c.demo = true;
    c.demoLettersDir = QString::fromStdString(f.dir + "/taxoffice");
    return c;
}

bool flag(KioskDriver& ui, const QString& path, const char* name) {
    return ui.exists(path) && ui.property(path, name).toBool();
}

/// The panel's control `name` pressed, the panel opened first and closed after the controller is done.
void demoClick(KioskDriver& ui, const QString& name) {
    if (!ui.exists(QStringLiteral("demoPanel")))
        ui.click(QStringLiteral("demoPanelButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(name); }));
    ui.click(name);
    REQUIRE(ui.waitFor([&] { return !flag(ui, kDemo, "busy"); }));
    INFO(ui.property(kDemo, "errorText").toString().toStdString());
    CHECK(ui.property(kDemo, "errorText").toString().isEmpty());
    ui.click(QStringLiteral("demoPanelButton"));
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("demoPanel")); }));
}

void checksPass(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] { return flag(ui, kController, "checked") && !flag(ui, kController, "busy"); }));
    std::string failed;
    for (const QVariant& c : ui.property(kController, "checks").toList())
        if (!c.toMap().value(QStringLiteral("passed")).toBool())
            failed += c.toMap().value(QStringLiteral("id")).toString().toStdString() + ": " +
                      c.toMap().value(QStringLiteral("reason")).toString().toStdString() + "\n";
    INFO(ui.property(kController, "errorText").toString().toStdString() << failed);
    REQUIRE(flag(ui, kController, "checksPassed"));
}

/// From the checks on: the key step with the agent's new PIN, to the done screen; the key's serial.
std::string finishWithPin(KioskDriver& ui, const QString& pin) {
    ui.click(QStringLiteral("checksStep/proceedButton"));
    ui.pressPin(QStringLiteral("keyStep/pinPad"), pin);
    ui.pressPin(QStringLiteral("keyStep/pinPad"), pin);
    REQUIRE(ui.waitFor([&] { return flag(ui, kController, "finished") || flag(ui, kController, "paused"); },
                       120000));
    INFO(ui.property(kController, "errorText").toString().toStdString());
    REQUIRE(flag(ui, kController, "finished"));
    const std::string serial = ui.property(kController, "resultKeySerial").toString().toStdString();
    ui.click(QStringLiteral("doneStep/proceedButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
    return serial;
}

/// The authorization letter of the fixture's company typed, and the agent's ID card scanned.
void fillAuthorization(KioskDriver& ui) {
    ui.type(QStringLiteral("authAgentName"), QString::fromUtf8(CounterFixture::kAgentName));
    ui.type(QStringLiteral("authAgentId"), QString::fromLatin1(CounterFixture::kAgentId));
    ui.type(QStringLiteral("authAgentMobile"), QStringLiteral("13800138000"));
    ui.type(QStringLiteral("authValidTo"), QDate::currentDate().addDays(30).toString(Qt::ISODate));
    ui.click(QStringLiteral("authTicked"));
    ui.click(QStringLiteral("authSeal"));
    ui.scan(QString::fromLatin1(CounterFixture::kAgentId)); // the agent's ID card
}

QVariantMap keyOf(qml::Writer& writer, const std::string& serial) {
    for (const QVariant& k : writer.keys())
        if (k.toMap().value(QStringLiteral("serial")).toString().toStdString() == serial)
            return k.toMap();
    return {};
}

} // namespace

TEST_CASE("Demo controls: a fresh blank key takes a NEW, the key pulled out and put back keeps its "
          "certificate, and the next blank takes a REPLACE",
          "[qml][ui][demo]") {
    CounterFixture f;
    FaultKey hand;
    hand.setWriter(true, /*blankIn=*/false); // the demo's writer, empty
    std::string serial, replacement;
    {
        KioskDriver ui(demoConfig(f));
        qml::Writer& writer = ui.kiosk().writer();
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return writer.state() == qml::Writer::State::NoKey; }));
        CHECK(writer.blankCount() == 0);

        // Insert a fresh blank key: the writer shows one blank key more.
        demoClick(ui, QStringLiteral("demoInsertBlank"));
        REQUIRE(ui.waitFor([&] { return writer.blankCount() == 1; }));
        CHECK(writer.state() == qml::Writer::State::BlankKey);

        // A NEW completes on it.
        ui.openOperation(QStringLiteral("NEW"));
        ui.scan(QString::fromStdString(f.letter("DEMO-K1")));
        ui.scan(QString::fromLatin1(CounterFixture::kAgentId)); // the agent's ID card
        checksPass(ui);
        serial = finishWithPin(ui, QStringLiteral("135790"));
        REQUIRE_FALSE(serial.empty());
        REQUIRE(ui.waitFor([&] { return writer.state() == qml::Writer::State::EnterpriseKey; }));
        // SoftHSM2's next free slot is no key in a writer until the next blank is put in.
        CHECK(writer.blankCount() == 0);

        // Remove the key: the writer shows no key.
        demoClick(ui, QStringLiteral("demoRemoveKey"));
        REQUIRE(ui.waitFor([&] { return writer.state() == qml::Writer::State::NoKey; }));
        CHECK(writer.keys().isEmpty());

        // Re-insert the last key: it is back, with its certificate.
        demoClick(ui, QStringLiteral("demoReinsertKey"));
        REQUIRE(ui.waitFor([&] { return !keyOf(writer, serial).isEmpty(); }));
        const QVariantMap back = keyOf(writer, serial);
        CHECK_FALSE(back.value(QStringLiteral("certificateSerial")).toString().isEmpty());
        CHECK(back.value(QStringLiteral("uscc")).toString() == QString::fromLatin1(CounterFixture::kUscc));
        CHECK(writer.state() == qml::Writer::State::EnterpriseKey);

        // The next fresh blank key takes a REPLACE of that one, damaged (its fee waived by the supervisor).
        demoClick(ui, QStringLiteral("demoInsertBlank"));
        REQUIRE(ui.waitFor([&] { return writer.blankCount() == 1; }));
        ui.openOperation(QStringLiteral("REPLACE"));
        REQUIRE(ui.waitFor([&] {
            return ui.text(QStringLiteral("authCompanyId")) == QString::fromLatin1(CounterFixture::kUscc);
        }));
        fillAuthorization(ui);
        ui.click(QStringLiteral("waiverAttested"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
        ui.typeAndEnter(QStringLiteral("approvalPassword"),
                        QString::fromLatin1(CounterFixture::kSupervisorPassword));
        REQUIRE(
            ui.waitFor([&] { return !ui.property(kController, "waiverApprovedBy").toString().isEmpty(); }));
        ui.click(QStringLiteral("papersStep/proceedButton"));
        checksPass(ui);
        replacement = finishWithPin(ui, QStringLiteral("246813"));
    }
    hand.setWriter(false);
    CHECK(replacement != serial);
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", serial) == "damaged");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", replacement) == "active");
    CHECK(f.opensslVerify(f.certificateOnKey(replacement).der).exitCode == 0);
}

TEST_CASE("Demo controls: a PIN locked from the panel by wrong PINs is unlocked at the counter",
          "[qml][ui][demo]") {
    CounterFixture f;
    const std::string serial = f.issueNew("DEMO-U1");
    FaultKey hand;
    hand.setWriter(true, false);
    {
        KioskDriver ui(demoConfig(f));
        qml::Writer& writer = ui.kiosk().writer();
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return writer.state() == qml::Writer::State::EnterpriseKey; }));
        hand.resetCounts();
        demoClick(ui, QStringLiteral("demoLock_") + QString::fromStdString(serial));
        // Real C_Login failures, as a customer's, until the key locked.
        CHECK(hand.calls("C_Login") >= 6);
        REQUIRE(ui.waitFor([&] { return writer.state() == qml::Writer::State::PinLocked; }));
        CHECK(keyOf(writer, serial).value(QStringLiteral("userPinLocked")).toBool());

        // UNLOCK, with the company's authorization letter typed.
        ui.openOperation(QStringLiteral("UNLOCK"));
        REQUIRE(ui.waitFor([&] {
            return ui.property(kController, "keySerial").toString() == QString::fromStdString(serial);
        }));
        fillAuthorization(ui);
        ui.click(QStringLiteral("papersStep/proceedButton"));
        checksPass(ui);
        finishWithPin(ui, QStringLiteral("975310"));
    }
    hand.setWriter(false);
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", serial) == "active");
    CHECK(f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "975310\n").exitCode == 0);
}

TEST_CASE("Demo controls: a sample letter picked in the panel runs a NEW for that company",
          "[qml][ui][demo]") {
    CounterFixture f;
    FaultKey hand;
    hand.setWriter(true, /*blankIn=*/true);
    const auto& company = counter::demo::sampleCompanies().at(1);
    // The sample companies' identifiers are valid.
    for (const auto& c : counter::demo::sampleCompanies()) {
        CHECK(checkUscc(c.uscc).ok());
        CHECK(checkResidentId(c.agentIdNo, Date::today()).ok());
    }
    std::string serial;
    {
        KioskDriver ui(demoConfig(f));
        qml::Writer& writer = ui.kiosk().writer();
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return writer.blankCount() == 1; }));
        ui.openOperation(QStringLiteral("NEW"));
        ui.click(QStringLiteral("demoPanelButton"));
        ui.click(QStringLiteral("demoCompany_1"));
        // The authorization letter's fields of the company picked, to type for REPLACE and UNLOCK.
        CHECK(ui.text(QStringLiteral("demoAuthField_1")) == QString::fromStdString(company.uscc));
        CHECK(ui.text(QStringLiteral("demoAuthField_3")) == QString::fromStdString(company.agentIdNo));
        demoClick(ui, QStringLiteral("demoIssueLetter"));
        CHECK(ui.property(kDemo, "letter").toMap().value(QStringLiteral("uscc")).toString() ==
              QString::fromStdString(company.uscc));
        // Handed to the open NEW as if scanned; the agent's ID card, the picked company's agent's.
        ui.scan(QString::fromStdString(company.agentIdNo));
        checksPass(ui);
        serial = finishWithPin(ui, QStringLiteral("135790"));
    }
    hand.setWriter(false);
    const auto cert = f.certificateOnKey(serial);
    CHECK(cert.uscc == company.uscc);
    CHECK(f.scalar("SELECT t.state FROM countersign.transactions t JOIN countersign.tokens k ON k.id = "
                   "t.token_id WHERE k.serial = $1",
                   serial) == "completed");
}

TEST_CASE("Demo controls: a NEW from the panel alone — the sample letter, the agent's ID card read and its "
          "pictures scanned into the scanner folder, kept as the transaction's evidence",
          "[qml][ui][demo]") {
    CounterFixture f;
    FaultKey hand;
    hand.setWriter(true, /*blankIn=*/true);
    QTemporaryDir scanner;
    REQUIRE(scanner.isValid());
    AppConfig config = demoConfig(f);
    // The default requirement (the letter and the ID card's front for NEW), as the demo counter has it.
    config.scannerFolder = scanner.path();
    config.requiredScans = AppConfig{}.requiredScans;
    const auto& company = counter::demo::sampleCompanies().at(2);
    std::string serial;
    {
        KioskDriver ui(config);
        qml::Writer& writer = ui.kiosk().writer();
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return writer.blankCount() == 1; }));
        ui.openOperation(QStringLiteral("NEW"));
        ui.click(QStringLiteral("demoPanelButton"));
        ui.click(QStringLiteral("demoCompany_2"));
        // The letter's QR image lands in the scanner folder (the letter's scan) and its text goes to the NEW.
        demoClick(ui, QStringLiteral("demoIssueLetter"));
        // The ID card: its pictures through the document scanner, its number through the ID reader.
        demoClick(ui, QStringLiteral("demoScanPapers"));
        REQUIRE(ui.waitFor([&] {
            return ui.property(kController, "idCardNo").toString() ==
                   QString::fromStdString(company.agentIdNo);
        }));
        REQUIRE(ui.waitFor(
            [&] { return ui.property(QStringLiteral("papersStep/proceedButton"), "enabled").toBool(); },
            20000));
        // The back of the ID card is not required, so the step may go on before it is taken; an agent waits
        // until it shows, and so does this test (on a slow machine, under the sanitizers, it comes later).
        REQUIRE(ui.waitFor(
            [&] { return ui.exists(QStringLiteral("scanThumb_id_back")); }, 20000));
        ui.click(QStringLiteral("papersStep/proceedButton"));
        checksPass(ui);
        serial = finishWithPin(ui, QStringLiteral("135790"));
    }
    hand.setWriter(false);
    CHECK(f.certificateOnKey(serial).uscc == company.uscc);
    const std::string kinds = f.scalar(
        "SELECT string_agg(e.kind, ',' ORDER BY e.kind) FROM countersign.evidence e JOIN "
        "countersign.transactions t "
        "ON t.id = e.transaction_id JOIN countersign.tokens k ON k.id = t.token_id WHERE k.serial = $1 "
        "AND e.kind LIKE '%_scan'",
        serial);
    CHECK(kinds == "id_card_back_scan,id_card_scan,letter_scan");
}

TEST_CASE("Demo controls: outside demo mode there is no panel and the controller refuses",
          "[qml][ui][demo]") {
    // In English: the refusals are read as the kiosk shows them.
    CounterFixture f("tianjin-2018", "[ui]\nlanguage=en\n");
    KioskDriver ui(f.config);
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    CHECK_FALSE(ui.exists(QStringLiteral("demoPanelButton")));
    auto* root = ui.kiosk().engine().rootObjects().value(0);
    REQUIRE(root);
    CHECK(root->findChild<QObject*>(kDemo) == nullptr);
    CHECK(root->findChild<QObject*>(QStringLiteral("demoPanelButton")) == nullptr);

    qml::DemoController demo;
    demo.setWorkstation(&ui.kiosk().workstation());
    demo.setWriter(&ui.kiosk().writer());
    CHECK_FALSE(demo.available());
    for (const auto& call : {+[](qml::DemoController& d) { return d.insertBlank(); },
                             +[](qml::DemoController& d) { return d.removeKey(); },
                             +[](qml::DemoController& d) { return d.reinsertKey(); },
                             +[](qml::DemoController& d) { return d.lockPin(QStringLiteral("x")); },
                             +[](qml::DemoController& d) { return d.issueLetter(0); },
                             +[](qml::DemoController& d) { return d.scanPapers(0, true); }}) {
        CHECK_FALSE(call(demo));
        CHECK_THAT(demo.errorText().toStdString(), Catch::Contains("demo mode only"));
    }
    CHECK_THROWS_WITH(counter::demo::issueSampleLetter(f.config, 0), Catch::Contains("demo mode only"));
    // A demo tax office configured on a counter outside demo mode is refused with the file.
    const std::string conf = test::writeScratchFile(f.db.name() + "-notdemo.conf",
                                                    "[demo]\nenabled=false\nletters_dir=/tmp/letters\n");
    CHECK_THROWS_WITH(loadConfig(QString::fromStdString(conf)), Catch::Contains("demo mode only"));
}
