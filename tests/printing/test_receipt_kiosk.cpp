// The kiosk's done step prints the receipt through a private CUPS: Print, Reprint, a stopped printer's
// message with its retry — driven the way the operator does it, checked on the screen and on the captured
// paper.
#include <catch2/catch.hpp>

#include <string>

#include "qml/kioskapp.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"
#include "tests/support/privatecups.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");

bool controllerFlag(KioskDriver& ui, const char* name) {
    return ui.exists(kController) && ui.property(kController, name).toBool();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Waits until the print the operator started is over (the progress is gone) and returns what the screen
/// says.
QString printOver(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("doneStep/printBusy")); }, 30000));
    ui.settle(50);
    if (ui.exists(QStringLiteral("doneStep/printError")))
        return ui.text(QStringLiteral("doneStep/printError"));
    return ui.exists(QStringLiteral("doneStep/printStatus")) ? ui.text(QStringLiteral("doneStep/printStatus"))
                                                             : QString();
}

} // namespace

TEST_CASE("Kiosk receipt: Print, Reprint, and a stopped printer's message with a retry",
          "[qml][ui][receipts][print]") {
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    // English on screen: the texts checked are the source strings, whatever the translations say.
    CounterFixture f("tianjin-2018", "[printer]\nname=RECEIPTS\npaper=roll80\n\n[ui]\nlanguage=en\n");
    const std::string letter = f.letter("UI-P1");
    std::string receiptNumber;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
        ui.openOperation(QStringLiteral("NEW"));
        ui.scan(QString::fromStdString(letter));
        ui.scan(QString::fromLatin1(CounterFixture::kAgentId)); // the agent's ID card
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
        REQUIRE(controllerFlag(ui, "checksPassed"));
        ui.click(QStringLiteral("checksStep/proceedButton"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "finished") || controllerFlag(ui, "paused"); },
                           120000));
        REQUIRE(controllerFlag(ui, "finished"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("doneStep/printReceiptButton")); }));
        receiptNumber = ui.text(QStringLiteral("doneStep/receiptNumber")).toStdString();
        REQUIRE_FALSE(receiptNumber.empty());
        // Not printed yet: Print, no Reprint, no error.
        CHECK_FALSE(ui.exists(QStringLiteral("doneStep/reprintReceiptButton")));
        CHECK_FALSE(ui.exists(QStringLiteral("doneStep/printError")));
        CHECK(ui.property(QStringLiteral("doneStep/printReceiptButton"), "height").toDouble() >= 48);

        ui.click(QStringLiteral("doneStep/printReceiptButton"));
        // The click is back before the printer has the job: the screen shows the progress meanwhile.
        CHECK(ui.exists(QStringLiteral("doneStep/printBusy")));
        CHECK(ui.text(QStringLiteral("doneStep/printStatus")) == QStringLiteral("Printing the receipt…"));
        const QString printed = printOver(ui);
        INFO(printed.toStdString());
        CHECK(printed == QStringLiteral("Receipt printed on RECEIPTS."));
        REQUIRE(cups.capturedJobs().size() == 1);
        const std::string first =
            test::pdfText(test::writeBytes("kiosk-1.pdf", cups.waitForJob(cups.capturedJobs()[0])));
        CHECK(contains(first, receiptNumber));
        CHECK(contains(first, "110105********002X"));
        CHECK_FALSE(contains(first, "REPRINT"));

        // Printed once: the button is now Reprint, and the paper says so.
        REQUIRE(ui.exists(QStringLiteral("doneStep/reprintReceiptButton")));
        CHECK_FALSE(ui.exists(QStringLiteral("doneStep/printReceiptButton")));
        ui.click(QStringLiteral("doneStep/reprintReceiptButton"));
        CHECK(printOver(ui) == QStringLiteral("Reprint sent to the printer RECEIPTS."));
        REQUIRE(cups.capturedJobs().size() == 2);
        const std::string second =
            test::pdfText(test::writeBytes("kiosk-2.pdf", cups.waitForJob(cups.capturedJobs()[1])));
        CHECK(contains(second, "补打 / REPRINT"));

        // The printer is stopped: the operator reads why and gets a retry; the transaction is done anyway.
        cups.tool("cupsdisable", {"RECEIPTS"});
        ui.click(QStringLiteral("doneStep/reprintReceiptButton"));
        const QString error = printOver(ui);
        INFO(error.toStdString());
        CHECK(error == QStringLiteral("The printer RECEIPTS is stopped."));
        CHECK(ui.exists(QStringLiteral("doneStep/retryPrintButton")));
        CHECK(ui.property(QStringLiteral("doneStep/proceedButton"), "enabled").toBool());
        CHECK(ui.exists(QStringLiteral("doneStep/receiptCard")));
        CHECK(cups.capturedJobs().size() == 2);

        cups.tool("cupsenable", {"RECEIPTS"});
        ui.click(QStringLiteral("doneStep/retryPrintButton"));
        CHECK(printOver(ui) == QStringLiteral("Reprint sent to the printer RECEIPTS."));
        CHECK_FALSE(ui.exists(QStringLiteral("doneStep/printError")));
        REQUIRE(cups.capturedJobs().size() == 3);
        ui.click(QStringLiteral("doneStep/proceedButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
    }
    CHECK(f.scalar("SELECT printed_count FROM countersign.receipts r JOIN countersign.centres c ON c.id = "
                   "r.centre_id WHERE c.code || '-' || r.year || '-' || lpad(r.number::text, 6, '0') = $1",
                   receiptNumber) == "3");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'receipt.reprinted'") == "2");
    CHECK_FALSE(f.auditBrokenAt());
}
