// End-to-end through the kiosk's screens, offscreen, against PostgreSQL, SoftHSM2 behind the fault module
// and the built-in CA: what the operator clicks, scans and types, counted, and what the agent walks away
// with checked after the kiosk is gone (the key, the CRL, the records).
#include <catch2/catch.hpp>

#include <iostream>

#include <QDate>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTemporaryDir>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "qml/kioskapp.h"
#include "qml/workstation.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");

bool controllerFlag(KioskDriver& ui, const char* name) {
    return ui.exists(kController) && ui.property(kController, name).toBool();
}

/// The transaction's number once the done screen shows it.
std::string finish(KioskDriver& ui) {
    REQUIRE(
        ui.waitFor([&] { return controllerFlag(ui, "finished") || controllerFlag(ui, "paused"); }, 120000));
    INFO(ui.property(kController, "errorText").toString().toStdString());
    REQUIRE(controllerFlag(ui, "finished"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("doneStep/receiptNumber")); }));
    CHECK_FALSE(ui.text(QStringLiteral("doneStep/receiptNumber")).isEmpty());
    return ui.text(QStringLiteral("doneStep/transactionNumber")).toStdString();
}

void checksPass(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
    std::string failed;
    for (const QVariant& c : ui.property(kController, "checks").toList())
        if (!c.toMap().value(QStringLiteral("passed")).toBool())
            failed += c.toMap().value(QStringLiteral("id")).toString().toStdString() + ": " +
                      c.toMap().value(QStringLiteral("reason")).toString().toStdString() + "\n";
    INFO(ui.property(kController, "errorText").toString().toStdString() << failed);
    REQUIRE(controllerFlag(ui, "checksPassed"));
    REQUIRE(ui.exists(QStringLiteral("checksStep/checkList")));
    // The operator sees the key pair's algorithm before the key step (an unlock makes none), on the card.
    const QString algorithm = ui.property(kController, "keyAlgorithm").toString();
    if (ui.property(kController, "kind").toString() != QLatin1String("UNLOCK")) {
        CHECK_FALSE(algorithm.isEmpty());
        CHECK(ui.text(QStringLiteral("checksStep/decisionCard/key/value")).contains(algorithm));
    }
}

/// The agent's ID card read by the ID reader (a keyboard wedge): the letter's agent, in person.
void scanIdCard(KioskDriver& ui) {
    ui.scan(QString::fromLatin1(CounterFixture::kAgentId));
}

/// A logged-in operator's NEW up to the key step: a blank key in the writer, the letter scanned, every check
/// passed, on to the key.
void toKeyStep(KioskDriver& ui, const std::string& letter) {
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
    ui.openOperation(QStringLiteral("NEW"));
    ui.scan(QString::fromStdString(letter));
    scanIdCard(ui);
    checksPass(ui);
    ui.click(QStringLiteral("checksStep/proceedButton"));
}

/// The agent's papers on the document scanner while the papers step shows (issue 22, scans): each picture the
/// scanner saves into the scanner folder fills the next empty slot by itself. The presses of the scanner's
/// button are not inputs to the kiosk (like putting a key in the writer): counted apart, in scannerPresses.
int scannerPresses = 0;
void scanPapers(KioskDriver& ui, const QString& folder, int pictures) {
    static int n = 0;
    ui.settle(100);
    for (int i = 0; i < pictures; ++i) {
        QImage page(320, 200, QImage::Format_RGB32);
        page.fill(i % 2 ? Qt::lightGray : Qt::white);
        REQUIRE(page.save(QStringLiteral("%1/scan-%2.png").arg(folder).arg(++n), "PNG"));
        ++scannerPresses;
    }
    REQUIRE(ui.waitFor([&] {
        return qvariant_cast<QObject*>(ui.property(kController, "scans"))
            ->property("missing")
            .toString()
            .isEmpty();
    }));
}

/// This counter's configuration with a scanner folder: the default required scans hold (the letter and the
/// ID card's front for NEW, REPLACE and UNLOCK).
std::string withScanner(const QTemporaryDir& folder) {
    return "[scanner]\nfolder=" + folder.path().toStdString() + "\n";
}

QString inDays(int days) {
    return QDate::currentDate().addDays(days).toString(Qt::ISODate);
}

void fillAuthorization(KioskDriver& ui) {
    ui.type(QStringLiteral("authAgentName"), QString::fromUtf8(CounterFixture::kAgentName));
    ui.type(QStringLiteral("authAgentId"), QString::fromLatin1(CounterFixture::kAgentId));
    ui.type(QStringLiteral("authAgentMobile"), QStringLiteral("13800138000"));
    ui.type(QStringLiteral("authValidTo"), inDays(30));
    ui.click(QStringLiteral("authTicked"));
    ui.click(QStringLiteral("authSeal"));
}

} // namespace

namespace {

QVariantMap reportOf(KioskDriver& ui) {
    return ui.property(QStringLiteral("reportController"), "report").toMap();
}

/// The back-office screens are not part of the operator's screenshot walk: this test writes them, in both
/// languages, next to the walk's (COUNTERSIGN_SCREENSHOTS_DIR), so they are looked at too.
void saveScreen(KioskDriver& ui, const QString& name) {
    const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
    auto* window = qobject_cast<QQuickWindow*>(ui.kiosk().engine().rootObjects().value(0));
    if (dir.isEmpty() || !window)
        return;
    QDir().mkpath(dir);
    qml::Workstation& w = ui.kiosk().workstation();
    const QString original = w.language();
    for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
        w.setLanguage(language);
        ui.settle(200);
        CHECK(window->grabWindow().save(QStringLiteral("%1/%2.%3.png").arg(dir, name, language), "PNG"));
    }
    w.setLanguage(original);
    ui.settle(60);
}

} // namespace

TEST_CASE("Kiosk NEW: a scanned assistance letter puts a verified certificate on the blank key",
          "[qml][ui][workflow]") {
    QTemporaryDir scans;
    CounterFixture f("tianjin-2018", withScanner(scans));
    const std::string letter = f.letter("UI-N1");
    std::string txn, serial;
    int afterScan = 0;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
        ui.actions = 0;
        ui.openOperation(QStringLiteral("NEW"));
        // The letter and the agent's ID card on the document scanner first: the letter's QR then checks at
        // once.
        scanPapers(ui, scans.path(), 2);
        ui.scan(QString::fromStdString(letter));
        const int scanAt = ui.actions;
        // The ID reader's scan of the agent's card, after the letter's, checks them: every check green.
        scanIdCard(ui);
        checksPass(ui);
        // The groups green (closed: their checks, check_signature …, open on a click), the ID card's among them.
        CHECK(ui.property(QStringLiteral("checkGroup_letter"), "passed").toBool());
        CHECK(ui.property(QStringLiteral("checkGroup_validity"), "passed").toBool());
        CHECK(ui.property(QStringLiteral("checkGroup_identity"), "passed").toBool());
        CHECK(ui.text(QStringLiteral("checksStep/decisionCard/idCard/value")).startsWith(QStringLiteral("✓")));
        // Nothing is due (Tianjin): the checks screen says so and goes on to the key.
        CHECK_THAT(ui.text(QStringLiteral("checksStep/feeSummary")).toStdString(), Catch::Contains("¥"));
        // Going back is safe until the key is worked on; then the way back is closed until the work ends.
        CHECK(ui.property(QStringLiteral("backButton"), "enabled").toBool());
        ui.click(QStringLiteral("checksStep/proceedButton"));
        CHECK(ui.property(QStringLiteral("backButton"), "enabled").toBool());
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        CHECK(controllerFlag(ui, "running"));
        CHECK_FALSE(ui.property(QStringLiteral("backButton"), "enabled").toBool());
        txn = finish(ui);
        CHECK_FALSE(ui.property(QStringLiteral("backButton"), "enabled").toBool());
        serial = ui.property(kController, "resultKeySerial").toString().toStdString();
        afterScan = ui.actions - scanAt;
        std::cout << "UI actions, NEW: " << ui.actions << " in all, " << afterScan
                  << " after the letter scan (scrolls " << ui.scrolls << "), and " << scannerPresses
                  << " presses of the document scanner's button\n";
    }
    CHECK(afterScan <= 12);
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    CHECK(f.scalar("SELECT count(*) FROM countersign.receipts r JOIN countersign.transactions t ON t.id = "
                   "r.transaction_id WHERE t.number = $1",
                   txn) == "1");
    const auto cert = f.certificateOnKey(serial);
    CHECK(cert.uscc == CounterFixture::kUscc);
    CHECK(f.opensslVerify(cert.der).exitCode == 0);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk REPLACE: a damaged key with the fee waived on a supervisor's approval",
          "[qml][ui][workflow]") {
    QTemporaryDir scans;
    CounterFixture f("tianjin-2018", withScanner(scans));
    const std::string damagedSerial = f.issueNew("UI-R1");
    const auto damaged = f.certificateOnKey(damagedSerial);
    std::string txn, newSerial;
    int actions = 0;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().state() == qml::Writer::State::EnterpriseKey; }));
        ui.actions = 0;
        ui.openOperation(QStringLiteral("REPLACE"));
        // The damaged key in the writer names its enterprise: the letter's USCC and name are filled.
        REQUIRE(ui.waitFor([&] {
            return ui.text(QStringLiteral("authCompanyId")) == QString::fromLatin1(CounterFixture::kUscc);
        }));
        CHECK(ui.property(QStringLiteral("damagedButton"), "checked").toBool());
        scanPapers(ui, scans.path(), 2);
        fillAuthorization(ui);
        scanIdCard(ui);
        ui.click(QStringLiteral("waiverAttested"));
        // Ticking the waiver asks for the supervisor at once.
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
        ui.typeAndEnter(QStringLiteral("approvalPassword"),
                        QString::fromLatin1(CounterFixture::kSupervisorPassword));
        REQUIRE(
            ui.waitFor([&] { return !ui.property(kController, "waiverApprovedBy").toString().isEmpty(); }));
        ui.click(QStringLiteral("papersStep/proceedButton"));
        checksPass(ui);
        // Nothing is due (Tianjin): the checks screen says so and goes on to the key.
        CHECK_THAT(ui.text(QStringLiteral("checksStep/feeSummary")).toStdString(), Catch::Contains("¥"));
        ui.click(QStringLiteral("checksStep/proceedButton"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("246813"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("246813"));
        txn = finish(ui);
        newSerial = ui.property(kController, "resultKeySerial").toString().toStdString();
        actions = ui.actions;
        std::cout << "UI actions, REPLACE (damaged, waiver approved, ID card read): " << actions
                  << " (scrolls " << ui.scrolls << "), and " << scannerPresses
                  << " presses of the document scanner's button\n";
    }
    CHECK(actions <= 14);
    CHECK(newSerial != damagedSerial);
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", damagedSerial) == "damaged");
    CHECK(f.scalar("SELECT a.approved_by::text FROM countersign.fee_lines l JOIN countersign.approvals a "
                   "ON a.id = l.approval_id WHERE l.amount_fen < 0") == std::to_string(f.supervisorId));
    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(damaged.serial));
    CHECK_THAT(crl, Catch::Contains("Superseded"));
    CHECK(f.opensslVerify(f.certificateOnKey(newSerial).der).exitCode == 0);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk UNLOCK: a key locked by 6 wrong PINs gets the agent's new PIN", "[qml][ui][workflow]") {
    QTemporaryDir scans;
    CounterFixture f("tianjin-2018", withScanner(scans));
    const std::string serial = f.issueNew("UI-U1");
    f.lockUserPin(serial);
    std::string txn;
    int actions = 0;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().state() == qml::Writer::State::PinLocked; }));
        ui.actions = 0;
        ui.openOperation(QStringLiteral("UNLOCK"));
        INFO("keys in the writer: " << ui.kiosk().writer().keys().size() << ", picked "
                                    << ui.property(kController, "keySerial").toString().toStdString());
        REQUIRE(ui.waitFor([&] {
            return ui.property(kController, "keySerial").toString() == QString::fromStdString(serial);
        }));
        scanPapers(ui, scans.path(), 2);
        fillAuthorization(ui);
        scanIdCard(ui);
        ui.click(QStringLiteral("papersStep/proceedButton"));
        checksPass(ui);
        ui.click(QStringLiteral("checksStep/proceedButton"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("975310"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("975310"));
        txn = finish(ui);
        actions = ui.actions;
        std::cout << "UI actions, UNLOCK: " << actions << " (scrolls " << ui.scrolls << "), and "
                  << scannerPresses << " presses of the document scanner's button\n";
    }
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", serial) == "active");
    CHECK(f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "975310\n").exitCode == 0);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE(
    "Kiosk back office: the supervisor's report counts today's work, the admin receives keys into stock",
    "[qml][ui][workflow]") {
    CounterFixture f;
    f.issueNew("UI-B1");
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    {
        KioskDriver ui(f.config);
        // An operator sees only the five operations.
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        CHECK_FALSE(ui.exists(QStringLiteral("office_report")));
        ui.click(QStringLiteral("logoutButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));

        ui.login(QStringLiteral("sup"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        CHECK_FALSE(ui.exists(QStringLiteral("office_stock")));
        ui.click(QStringLiteral("office_report"));
        REQUIRE(ui.waitFor(
            [&] { return ui.text(QStringLiteral("tile_completed/value")) == QStringLiteral("1"); }));
        const auto byOperation = ui.property(QStringLiteral("reportController"), "report")
                                     .toMap()
                                     .value(QStringLiteral("byOperation"));
        REQUIRE(byOperation.toList().size() == 5);
        CHECK(byOperation.toList()[0].toMap().value(QStringLiteral("kind")).toString() ==
              QStringLiteral("NEW"));
        CHECK(byOperation.toList()[0].toMap().value(QStringLiteral("completed")).toInt() == 1);
        CHECK(ui.exists(QStringLiteral("operationsChart")));
        CHECK(ui.exists(QStringLiteral("moneyChart")));
        saveScreen(ui, QStringLiteral("office-1-daily-report"));
        ui.click(QStringLiteral("backButton"));
        ui.click(QStringLiteral("logoutButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));

        ui.login(QStringLiteral("adm"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        ui.click(QStringLiteral("office_stock"));
        ui.type(QStringLiteral("stockModel"), QStringLiteral("ePass3003"));
        ui.type(QStringLiteral("stockSerials"), QStringLiteral("UIB0001\nUIB0002"));
        // The button waits for the stock list to load, as the person at the counter does.
        REQUIRE(ui.waitFor([&] { return ui.property(QStringLiteral("receiveStock"), "enabled").toBool(); }));
        CHECK_FALSE(ui.exists(QStringLiteral("stockError")));
        ui.click(QStringLiteral("receiveStock"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("stockMessage")) || ui.exists(QStringLiteral("stockError"));
        }));
        INFO(ui.property(QStringLiteral("stockController"), "errorText").toString().toStdString());
        REQUIRE(ui.exists(QStringLiteral("stockMessage")));
        // Receiving the same serial again is refused, naming it.
        REQUIRE(ui.waitFor([&] { return !ui.property(QStringLiteral("stockController"), "busy").toBool(); }));
        ui.type(QStringLiteral("stockSerials"), QStringLiteral("UIB0002"));
        ui.click(QStringLiteral("receiveStock"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("refused_UIB0002")); }));
        CHECK_THAT(ui.text(QStringLiteral("refused_UIB0002")).toStdString(), Catch::Contains("UIB0002"));
    }
    CHECK(
        f.scalar("SELECT count(*) FROM countersign.tokens WHERE serial LIKE 'UIB%' AND state = 'in_stock'") ==
        "2");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk day close: the supervisor reviews the day, counts the cash, signs, and the day is frozen",
          "[qml][ui][dayclose]") {
    CounterFixture f;
    const std::string serial = f.issueNew("UI-D1");
    const std::string txn =
        f.scalar("SELECT t.number FROM countersign.transactions t JOIN countersign.tokens k "
                 "ON k.id = t.token_id WHERE k.serial = $1",
                 serial);
    REQUIRE_FALSE(txn.empty());
    // What the drawer should hold, summed here from the payments, not by the report code.
    const long long cashFen =
        std::stoll(f.scalar("SELECT coalesce(sum(amount_fen), 0) FROM countersign.payments WHERE method = "
                            "'cash' AND business_date = "
                            "(now() AT TIME ZONE 'Asia/Shanghai')::date"));
    const long long feesFen = std::stoll(f.scalar(
        "SELECT coalesce(sum(p.amount_fen), 0) FROM countersign.payments p JOIN countersign.transactions t "
        "ON t.id = p.transaction_id WHERE t.number = $1",
        txn));
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("sup"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        ui.click(QStringLiteral("office_close"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("expectedCash")); }));
        const QVariantMap report = reportOf(ui);
        CHECK(report.value(QStringLiteral("totals")).toMap().value(QStringLiteral("completed")).toInt() == 1);
        CHECK(report.value(QStringLiteral("totals")).toMap().value(QStringLiteral("netFen")).toLongLong() ==
              feesFen);
        CHECK(ui.property(QStringLiteral("reportController"), "preview")
                  .toMap()
                  .value(QStringLiteral("expectedCashFen"))
                  .toLongLong() == cashFen);
        CHECK(ui.text(QStringLiteral("expectedCash")).contains(QString::number(cashFen / 100)));
        saveScreen(ui, QStringLiteral("office-2-day-close-review"));

        // One yuan too much in the drawer: the difference shows as the supervisor types.
        const QString counted = QString::number((cashFen + 100) / 100.0, 'f', 2);
        ui.type(QStringLiteral("countedCash"), counted);
        CHECK(ui.text(QStringLiteral("cashDifference")).contains(QStringLiteral("1.00")));
        saveScreen(ui, QStringLiteral("office-2-day-close-counted"));

        // A wrong password is refused and leaves the day open.
        ui.type(QStringLiteral("closePassword"), QStringLiteral("not-the-password"));
        ui.click(QStringLiteral("closeDayButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("confirmCloseYes")); }));
        ui.click(QStringLiteral("confirmCloseYes"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("closeFailure")); }));
        CHECK(f.scalar("SELECT count(*) FROM countersign.day_closes") == "0");
        saveScreen(ui, QStringLiteral("office-2-day-close-wrong-password"));

        ui.type(QStringLiteral("closePassword"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        ui.click(QStringLiteral("closeDayButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("confirmCloseYes")); }));
        ui.click(QStringLiteral("confirmCloseYes"));
        REQUIRE(ui.waitFor([&] { return reportOf(ui).value(QStringLiteral("closed")).toBool(); }));
        const QVariantMap close = reportOf(ui).value(QStringLiteral("close")).toMap();
        CHECK(close.value(QStringLiteral("countedCashFen")).toLongLong() == cashFen + 100);
        CHECK(close.value(QStringLiteral("differenceFen")).toLongLong() == 100);
        std::cout << "UI actions, day close: " << ui.actions << "\n";

        // The report of the closed day shows the sign-off.
        ui.click(QStringLiteral("tab_report"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("closedBadge")); }));
        CHECK(ui.exists(QStringLiteral("closeLine")));
        saveScreen(ui, QStringLiteral("office-3-report-closed-day"));
    }
    CHECK(f.scalar("SELECT counted_cash_fen - expected_cash_fen FROM countersign.day_closes") == "100");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'day.closed'") == "1");
    // The database refuses to change the closed day's transaction, even to its owner.
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        CHECK_THROWS_WITH(
            tx.exec_params("UPDATE countersign.transactions SET failure_reason = 'x' WHERE number = $1", txn),
            Catch::Contains("closed"));
    }
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk NEW: a key pulled out during the work pauses with 'insert the key again' and continues",
          "[qml][ui][keypulled]") {
    CounterFixture f;
    const std::string letter = f.letter("UI-P1");
    std::string txn, serial;
    {
        KioskDriver ui(f.config);
        test::FaultKey key;
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        toKeyStep(ui, letter);
        // The agent pulls the key out while its key pair is being made.
        key.removeAt("C_GenerateKeyPair", 1);
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "paused"); }, 60000));
        CHECK(controllerFlag(ui, "keyRemoved"));
        CHECK(ui.exists(QStringLiteral("keyStep/pausedMessage")));
        CHECK_FALSE(ui.property(QStringLiteral("keyStep/resumeButton"), "enabled").toBool());
        // Put back: the writer sees it and the operator continues.
        key.reinsert();
        REQUIRE(ui.waitFor([&] { return !controllerFlag(ui, "keyRemoved"); }, 10000));
        ui.click(QStringLiteral("keyStep/resumeButton"));
        txn = finish(ui);
        serial = ui.property(kController, "resultKeySerial").toString().toStdString();
    }
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    CHECK(f.opensslVerify(f.certificateOnKey(serial).der).exitCode == 0);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk NEW: a USCC that fails its check goes on once a supervisor confirms it",
          "[qml][ui][workflow]") {
    CounterFixture f;
    const std::string badUscc = "91350100M000100Y44";
    const std::string letter = f.letter("UI-X1", badUscc);
    std::string txn;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
        ui.openOperation(QStringLiteral("NEW"));
        ui.scan(QString::fromStdString(letter));
        scanIdCard(ui);
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
        CHECK_FALSE(controllerFlag(ui, "checksPassed"));
        CHECK_FALSE(ui.property(QStringLiteral("check_uscc"), "passed").toBool());
        ui.click(QStringLiteral("usccOverrideButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
        ui.typeAndEnter(QStringLiteral("approvalPassword"),
                        QString::fromLatin1(CounterFixture::kSupervisorPassword));
        // Approved: the papers are checked again, now with the code confirmed.
        checksPass(ui);
        ui.click(QStringLiteral("checksStep/proceedButton"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        txn = finish(ui);
    }
    CHECK(
        f.scalar("SELECT a.approved_by::text FROM countersign.approvals a JOIN countersign.transactions t ON "
                 "t.id = a.transaction_id WHERE a.kind = 'uscc_override' AND t.number = $1",
                 txn) == std::to_string(f.supervisorId));
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk NEW: a run refused after the checks says why in the operator's language, not the backend's "
          "English",
          "[qml][ui][keypulled]") {
    CounterFixture f;
    const std::string letter = f.letter("UI-L1");
    KioskDriver ui(f.config);
    test::FaultKey key;
    qml::Workstation& w = ui.kiosk().workstation();
    w.setLanguage(QStringLiteral("zh_CN"));
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    toKeyStep(ui, letter);
    // The blank key goes before the agent's PIN starts the work: the papers and the key are checked again and
    // the run is refused before anything changed.
    key.removeNow();
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() == 0; }));
    ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
    ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
    REQUIRE(ui.waitFor([&] { return !controllerFlag(ui, "busy") && !controllerFlag(ui, "running"); }, 60000));
    REQUIRE_FALSE(controllerFlag(ui, "checksPassed"));
    const QString zh = ui.property(kController, "errorText").toString();
    INFO(zh.toStdString());
    CHECK(ui.text(QStringLiteral("keyStep/stepError")) == zh);
    CHECK(zh.startsWith(QStringLiteral("不予受理：")));
    CHECK_FALSE(zh.contains(QStringLiteral("refused"), Qt::CaseInsensitive));
    // What it says is the failed checks' reasons, in Chinese, as the check list shows them.
    ui.click(QStringLiteral("backButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep/checkList")); }));
    QStringList reasons;
    for (const QVariant& c : ui.property(kController, "checks").toList())
        if (!c.toMap().value(QStringLiteral("passed")).toBool())
            reasons << ui.text(
                QStringLiteral("check_%1/reason").arg(c.toMap().value(QStringLiteral("id")).toString()));
    REQUIRE_FALSE(reasons.isEmpty());
    for (const QString& reason : reasons) {
        INFO(reason.toStdString());
        CHECK(zh.contains(reason));
    }
    CHECK(ui.text(QStringLiteral("checksStep/stepError")) == zh);
    // Switched to English, the same line follows.
    w.setLanguage(QStringLiteral("en"));
    ui.settle(100);
    const QString en = ui.property(kController, "errorText").toString();
    INFO(en.toStdString());
    CHECK(en.startsWith(QStringLiteral("Refused: ")));
    CHECK(ui.text(QStringLiteral("checksStep/stepError")) == en);
    key.reinsert();
}

TEST_CASE("Kiosk NEW: a staff session the database no longer accepts is said in the operator's language, and "
          "nothing is recorded",
          "[qml][ui][auth]") {
    CounterFixture f;
    const std::string letter = f.letter("UI-S1");
    KioskDriver ui(f.config);
    qml::Workstation& w = ui.kiosk().workstation();
    w.setLanguage(QStringLiteral("zh_CN"));
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    toKeyStep(ui, letter);
    // The same person logs in at this counter from the command line: one open session per person and counter,
    // so the kiosk's ends, and the database refuses to record the NEW with it (0016).
    const auto elsewhere = auth::logIn(*f.conn, auth::LoginPurpose::Login, "op",
                                       Secret(std::string(CounterFixture::kOperatorPassword)));
    REQUIRE(elsewhere.status == auth::LoginStatus::Ok);
    ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
    ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
    REQUIRE(ui.waitFor([&] { return !controllerFlag(ui, "busy") && !controllerFlag(ui, "running"); }, 60000));
    const QString zh = ui.property(kController, "errorText").toString();
    INFO(zh.toStdString());
    CHECK(zh.contains(QStringLiteral("您的登录会话已结束")));
    CHECK(zh.contains(QStringLiteral("请重新登录")));
    CHECK_FALSE(zh.contains(QStringLiteral("ERROR")));
    CHECK_FALSE(zh.contains(QStringLiteral("session"), Qt::CaseInsensitive));
    // The opening was refused whole: no transaction, and the key is still blank.
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions") == "0");
    CHECK(ui.kiosk().writer().blankCount() >= 1);
}

namespace {

const QString kPanel = QStringLiteral("keyStep/slowStepPanel");

QVariant progress(KioskDriver& ui, const char* name) {
    if (!ui.exists(kController))
        return {};
    const auto* p = ui.property(kController, "stepProgress").value<QObject*>();
    return p ? p->property(name) : QVariant();
}

/// Waits until the key step `step` has run `ms`.
void waitInStep(KioskDriver& ui, const char* step, int ms) {
    REQUIRE(ui.waitFor(
        [&] {
            return progress(ui, "step").toString() == QLatin1String(step) &&
                   progress(ui, "elapsedMs").toInt() >= ms;
        },
        60000));
}

/// The agent types the new PIN twice on the pad: the key work starts.
void newPin(KioskDriver& ui) {
    ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
    ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
}

/// finish(), then back to the home screen.
std::string finishHome(KioskDriver& ui) {
    const std::string txn = finish(ui);
    ui.click(QStringLiteral("doneStep/proceedButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operation_NEW")); }));
    return txn;
}

/// The elapsed time the customer sees goes up while the step runs; returns the texts seen.
QStringList watchElapsed(KioskDriver& ui, int ms) {
    QStringList seen;
    QElapsedTimer clock;
    clock.start();
    ui.waitFor(
        [&] {
            if (ui.exists(kPanel + QStringLiteral("/slowStepElapsed"))) {
                const QString now = ui.text(kPanel + QStringLiteral("/slowStepElapsed"));
                if (seen.isEmpty() || seen.back() != now)
                    seen.append(now);
            }
            return clock.elapsed() >= ms;
        },
        ms + 5000);
    return seen;
}

} // namespace

// The kiosk with a slow key (the fault module at a real USB-KEY's pace): the step the customer waits on shows
// its elapsed time, a bar that moves, a sentence saying what happens, and — once runs of that step on keys of
// that model are on record — what it usually takes; pulling the key out mid-step still pauses cleanly.
TEST_CASE("Kiosk NEW with a slow key: the waiting step shows its elapsed time, and an estimate once runs are "
          "on record",
          "[qml][ui][slowkey]") {
    CounterFixture f;
    test::FaultKey key;
    key.slowKey(0.5); // key pair 4 s, certificate write 0.75 s, login 0.15 s
    std::vector<std::string> txns;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));

        // First run: no run of any step on this key model is on record, and the screen says so.
        toKeyStep(ui, f.letter("UI-SLOW1"));
        newPin(ui);
        waitInStep(ui, "generate", 500);
        REQUIRE(ui.exists(kPanel));
        const QStringList seen = watchElapsed(ui, 2200);
        INFO("elapsed texts seen: " << seen.join(QStringLiteral(" | ")).toStdString());
        CHECK(seen.size() >= 2); // it moves: at least one second ticked over on screen
        CHECK(progress(ui, "estimatesRead").toBool());
        CHECK(progress(ui, "estimateMs").toInt() == -1);
        CHECK(ui.property(kPanel + QStringLiteral("/slowStepBar"), "indeterminate").toBool());
        const QString noEstimate = ui.text(kPanel + QStringLiteral("/slowStepEstimate"));
        CHECK(noEstimate.contains(QStringLiteral("尚无")));
        // The customer's sentence, in the kiosk's Chinese, says what the key is doing and promises no time.
        const QString sentence = ui.text(kPanel + QStringLiteral("/slowStepSentence"));
        CHECK(sentence.contains(QStringLiteral("密钥对")));
        CHECK_FALSE(sentence.contains(QStringLiteral("秒")));
        txns.push_back(finishHome(ui));
        CHECK_FALSE(ui.exists(kPanel));

        // Second run on a key of the same model: the key pair's usual time is known now.
        toKeyStep(ui, f.letter("UI-SLOW2"));
        newPin(ui);
        waitInStep(ui, "generate", 1200);
        REQUIRE(ui.exists(kPanel));
        const int estimate = progress(ui, "estimateMs").toInt();
        CHECK(estimate >= 4000);
        CHECK(estimate < 12000);
        CHECK(progress(ui, "estimateRuns").toInt() == 1);
        CHECK_FALSE(ui.property(kPanel + QStringLiteral("/slowStepBar"), "indeterminate").toBool());
        CHECK(ui.property(kPanel + QStringLiteral("/slowStepBar"), "value").toDouble() > 0.1);
        const QString withEstimate = ui.text(kPanel + QStringLiteral("/slowStepSentence"));
        INFO(withEstimate.toStdString());
        CHECK(withEstimate.contains(QStringLiteral("密钥对")));
        CHECK(withEstimate.contains(QString::number((estimate + 500) / 1000) + QStringLiteral(" 秒")));
        const QStringList again = watchElapsed(ui, 1200);
        CHECK(again.size() >= 2);
        txns.push_back(finishHome(ui));
    }
    for (const auto& txn : txns)
        CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    // The counter reads the same figures through its own login.
    pqxx::work tx{*f.conn};
    const auto r = tx.exec_params(
        "SELECT runs, median_ms FROM countersign.key_step_estimates('', $1) WHERE step = 'generate'",
        std::string("SoftHSM v2"));
    REQUIRE(r.size() == 1);
    CHECK(r[0][0].as<int>() == 2);
    CHECK(r[0][1].as<int>() >= 4000);
}

TEST_CASE("Kiosk NEW with a slow key pulled out mid key generation pauses at once and completes once it is "
          "back",
          "[qml][ui][slowkey][keypulled]") {
    CounterFixture f;
    test::FaultKey key;
    key.slowKey(); // key pair 8 s
    std::string txn;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        toKeyStep(ui, f.letter("UI-SLOWP"));
        newPin(ui);
        waitInStep(ui, "generate", 1000);
        QElapsedTimer clock;
        clock.start();
        key.removeNow();
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "paused"); }, 10000));
        const qint64 pausedAfter = clock.elapsed();
        std::cout << "slow key pulled mid key generation: paused after " << pausedAfter << " ms\n";
        CHECK(pausedAfter < 3000); // not after the 8 s the key pair would have taken
        CHECK(controllerFlag(ui, "keyRemoved"));
        CHECK(ui.exists(QStringLiteral("keyStep/pausedMessage")));
        CHECK_FALSE(ui.exists(kPanel)); // nothing runs while the key is out
        CHECK(progress(ui, "step").toString().isEmpty());
        key.reinsert();
        REQUIRE(ui.waitFor([&] { return !controllerFlag(ui, "keyRemoved"); }, 10000));
        ui.click(QStringLiteral("keyStep/resumeButton"));
        // The step runs again, its clock from the resume.
        waitInStep(ui, "generate", 200);
        CHECK(progress(ui, "elapsedMs").toInt() < 8000);
        txn = finish(ui);
    }
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", txn) == "completed");
    // The interrupted key pair is no run to learn from: no estimate is made up from it.
    pqxx::work tx{*f.conn};
    CHECK(tx.exec_params("SELECT 1 FROM countersign.key_step_estimates('', $1) WHERE step = 'generate'",
                         std::string("SoftHSM v2"))
              .empty());
    CHECK(tx.exec_params("SELECT 1 FROM countersign.key_step_estimates('', $1) WHERE step = 'write'",
                         std::string("SoftHSM v2"))
              .size() == 1);
}
