// Every screen worked from the keyboard alone, for counters without a touch screen: Tab visits every enabled
// control once per round, top to bottom and left to right; Enter does the screen's main action; Esc goes back
// where going back is allowed and nowhere else. Offscreen, against the real kiosk (PostgreSQL, SoftHSM2
// behind the fault module, the built-in CA).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include <QDate>
#include <QStringList>

#include "qml/idlemonitor.h"
#include "qml/kioskapp.h"
#include "qml/registration.h"
#include "qml/workstation.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");

/// One round of Tab from where the focus is, written from `first` on (a round has no start of its own).
std::string tabRound(KioskDriver& ui, const char* first) {
    QStringList names = ui.tabCycle();
    const int at = names.indexOf(QLatin1String(first));
    if (at > 0)
        names = names.mid(at) + names.mid(0, at);
    return names.join(QStringLiteral(", ")).toStdString();
}

std::string order(std::initializer_list<const char*> names) {
    QStringList list;
    for (const char* n : names)
        list.append(QLatin1String(n));
    return list.join(QStringLiteral(", ")).toStdString();
}

/// Tab until `name` has the focus (at most one round and a bit).
void tabTo(KioskDriver& ui, const QString& name) {
    for (int i = 0; i < 40 && ui.focused() != name; ++i)
        ui.press(Qt::Key_Tab);
    REQUIRE(ui.focused().toStdString() == name.toStdString());
}

/// Waits (at most 10 s) until `name` has the focus; what has it then.
std::string focusComesTo(KioskDriver& ui, const char* name) {
    ui.waitFor([&] { return ui.focused() == QLatin1String(name); }, 10000);
    return ui.focused().toStdString();
}

/// Waits (at most 10 s) until the focus stays where it is for three looks 50 ms apart: a page that came in,
/// a popup that opened or closed, has placed it.
void focusSettles(KioskDriver& ui) {
    QString last = ui.focused();
    int still = 0;
    ui.waitFor(
        [&] {
            ui.settle(50);
            const QString now = ui.focused();
            still = now == last ? still + 1 : 0;
            last = now;
            return still >= 3;
        },
        10000);
}

bool controllerFlag(KioskDriver& ui, const char* name) {
    return ui.exists(kController) && ui.property(kController, name).toBool();
}

void loginByKeyboard(KioskDriver& ui, const char* user, const char* password) {
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));
    ui.type(QStringLiteral("username"), QString::fromLatin1(user));
    ui.press(Qt::Key_Return);
    CHECK(ui.focused().toStdString() == "password");
    ui.type(QStringLiteral("password"), QString::fromLatin1(password));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
    focusSettles(ui);
}

void logoutByKeyboard(KioskDriver& ui) {
    tabTo(ui, QStringLiteral("logoutButton"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));
    focusSettles(ui);
}

QString inDays(int days) {
    return QDate::currentDate().addDays(days).toString(Qt::ISODate);
}

} // namespace

TEST_CASE("Keyboard: login, each role's home, the idle lock and the back office work with Tab, Enter and Esc",
          "[qml][ui][keyboard]") {
    CounterFixture f;
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    KioskDriver ui(f.config);
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    focusSettles(ui);

    // Login: the languages at the top, then the form; the username has the focus to begin with.
    REQUIRE(ui.waitFor([&] { return ui.property(QStringLiteral("loginButton"), "enabled").toBool(); }));
    CHECK(ui.focused().toStdString() == "username");
    CHECK(tabRound(ui, "chineseButton") ==
          order({"chineseButton", "englishButton", "username", "password", "loginButton"}));
    // There is nothing to go back to.
    ui.press(Qt::Key_Escape);
    CHECK(ui.exists(QStringLiteral("loginButton")));
    // Enter in the username goes on to the password, Enter there logs in.
    loginByKeyboard(ui, "op", CounterFixture::kOperatorPassword);

    // An operator's home: the five operations, then the way out. The first operation has the focus.
    CHECK(ui.focused().toStdString() == "operation_NEW");
    CHECK(tabRound(ui, "operation_NEW") ==
          order({"operation_NEW", "operation_RENEW", "operation_UPGRADE", "operation_REPLACE",
                 "operation_UNLOCK", "office_search", "logoutButton"}));
    // Enter opens the focused operation, Esc at its first step comes home with the focus where it was.
    tabTo(ui, QStringLiteral("operation_RENEW"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("papersStep")); }));
    CHECK(ui.text(QStringLiteral("flowTitle")) == QStringLiteral("Renewal"));
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
    CHECK(focusComesTo(ui, "operation_RENEW") == "operation_RENEW");
    // Esc at home goes nowhere (logging out is a button of its own).
    ui.press(Qt::Key_Escape);
    CHECK(ui.exists(QStringLiteral("operations")));

    // The idle lock: the password, then its two buttons; Esc doesn't get past it; Enter unlocks, and the
    // focus is back where it was.
    qml::IdleMonitor* monitor = qml::IdleMonitorForeign::instance;
    REQUIRE(monitor);
    monitor->lock();
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("lockPassword")); }));
    CHECK(focusComesTo(ui, "lockPassword") == "lockPassword");
    CHECK(tabRound(ui, "lockPassword") == order({"lockPassword", "lockLogout", "unlockButton"}));
    ui.press(Qt::Key_Escape);
    CHECK(monitor->locked());
    ui.type(QStringLiteral("lockPassword"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return !monitor->locked(); }));
    CHECK(focusComesTo(ui, "operation_RENEW") == "operation_RENEW");
    logoutByKeyboard(ui);

    // A supervisor's home adds the report, the approvals and the day close, in a row under the operations.
    loginByKeyboard(ui, "sup", CounterFixture::kSupervisorPassword);
    CHECK(tabRound(ui, "operation_NEW") ==
          order({"operation_NEW", "operation_RENEW", "operation_UPGRADE", "operation_REPLACE",
                 "operation_UNLOCK", "office_search", "office_report", "office_approvals", "office_close",
                 "logoutButton"}));
    tabTo(ui, QStringLiteral("office_report"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("backOffice")); }));
    REQUIRE(ui.waitFor([&] {
        return ui.exists(QStringLiteral("exportCsv")) &&
               ui.property(QStringLiteral("exportCsv"), "enabled").toBool();
    }));
    focusSettles(ui);
    // The back office: home and the tabs along the top, then the tab's own controls. Today has no day after.
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "tab_report", "tab_approvals", "tab_close", "tab_reports", "tab_search",
                 "previousDay", "exportCsv", "exportPdf"}));
    tabTo(ui, QStringLiteral("tab_close"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("countedCash")); }));
    focusSettles(ui);
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "tab_report", "tab_approvals", "tab_close", "tab_reports", "tab_search",
                 "refreshPreview", "countedCash", "closePassword", "closeDayButton"}));
    tabTo(ui, QStringLiteral("tab_approvals"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("countedCash")); }));
    focusSettles(ui);
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "tab_report", "tab_approvals", "tab_close", "tab_reports", "tab_search"}));
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
    focusSettles(ui);
    logoutByKeyboard(ui);

    // An admin's: every back-office screen; the key stock tab takes the model, the delivery note and the
    // serials (Tab leaves the serials' box rather than typing a tab into it).
    loginByKeyboard(ui, "adm", CounterFixture::kSupervisorPassword);
    CHECK(tabRound(ui, "operation_NEW") ==
          order({"operation_NEW", "operation_RENEW", "operation_UPGRADE", "operation_REPLACE",
                 "operation_UNLOCK", "office_search", "office_report", "office_approvals", "office_close",
                 "office_stock", "office_staff", "office_settings", "logoutButton"}));
    tabTo(ui, QStringLiteral("office_stock"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("stockModel")); }));
    REQUIRE(ui.waitFor([&] { return ui.property(QStringLiteral("receiveStock"), "enabled").toBool(); }));
    focusSettles(ui);
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "tab_report", "tab_approvals", "tab_close", "tab_reports", "tab_search",
                 "tab_stock", "tab_staff", "tab_fees", "tab_trust", "tab_settings", "stockView_levels",
                 "stockView_writeoff", "stockView_models", "stockModel", "stockReference", "stockSerials",
                 "receiveStock"}));
    CHECK(ui.text(QStringLiteral("stockSerials")).isEmpty());
    tabTo(ui, QStringLiteral("tab_settings"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("stockModel")); }));
    // The settings page runs the counter's checks; its button is there once they are done.
    REQUIRE(ui.waitFor([&] { return ui.property(QStringLiteral("runChecks"), "enabled").toBool(); }, 60000));
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "tab_report", "tab_approvals", "tab_close", "tab_reports", "tab_search",
                 "tab_stock", "tab_staff", "tab_fees", "tab_trust", "tab_settings", "runChecks"}));
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
}

TEST_CASE("Keyboard: a NEW from the papers to the done screen — hand entry, the approval dialog, the checks, "
          "the PIN pad",
          "[qml][ui][keyboard]") {
    CounterFixture f;
    const std::string letter = f.letter("KB-N1");
    KioskDriver ui(f.config);
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    loginByKeyboard(ui, "op", CounterFixture::kOperatorPassword);
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));

    // Papers: back (home) at the top left, then the step's two ways in; "Check" waits for a letter.
    CHECK(ui.focused().toStdString() == "operation_NEW");
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("papersStep")); }));
    focusSettles(ui);
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "openImageButton", "handEntryButton", "idCardNo"}));

    // Typed by hand: the letter's fields row by row, then the approval and the way back to scanning.
    tabTo(ui, QStringLiteral("handEntryButton"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("letterNo")); }));
    focusSettles(ui);
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "letterNo", "letterOffice", "letterOfficeName", "letterOrg", "letterUscc",
                 "letterAgentName", "letterAgentId", "letterIssued", "letterExpires",
                 "handEntryApprovalButton", "scanInsteadButton", "idCardNo"}));

    // The approval dialog keeps Tab inside it; Esc closes it and nothing else.
    tabTo(ui, QStringLiteral("handEntryApprovalButton"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
    CHECK(focusComesTo(ui, "approvalUser") == "approvalUser");
    CHECK(tabRound(ui, "approvalUser") ==
          order({"approvalUser", "approvalPassword", "approvalCancel", "approvalSubmit"}));
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("approvalUser")); }));
    CHECK(ui.exists(QStringLiteral("papersStep")));
    CHECK(ui.exists(QStringLiteral("letterNo")));
    // Enter in the password approves.
    tabTo(ui, QStringLiteral("handEntryApprovalButton"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
    ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
    ui.type(QStringLiteral("approvalPassword"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
    ui.press(Qt::Key_Return);
    REQUIRE(
        ui.waitFor([&] { return !ui.property(kController, "handEntryApprovedBy").toString().isEmpty(); }));
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("approvalUser")); }));
    tabTo(ui, QStringLiteral("scanInsteadButton"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("letterNo")); }));

    // The scanned letter is checked at once with the agent's ID card, read by the ID reader.
    ui.scan(QString::fromStdString(letter));
    ui.scan(QString::fromLatin1(CounterFixture::kAgentId));
    REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
    REQUIRE(controllerFlag(ui, "checksPassed"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep/proceedButton")); }));
    focusSettles(ui);
    CHECK(tabRound(ui, "backButton") == order({"backButton", "proceedButton"}));
    // Esc goes back to the papers, Enter on the papers checks them again.
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("papersStep/proceedButton")); }));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep")); }));
    REQUIRE(ui.waitFor([&] { return !controllerFlag(ui, "busy") && controllerFlag(ui, "checksPassed"); }));
    focusSettles(ui);

    // Enter goes on (nothing is due here: straight to the key). The PIN pad has the focus.
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("keyStep/pinPad")); }));
    CHECK(focusComesTo(ui, "pinPad") == "pinPad");
    // The pad is one stop: its keys are the digits, Backspace, Delete, Enter (Next / OK) and Esc (Back).
    CHECK(tabRound(ui, "backButton") == order({"backButton", "pinPad"}));
    tabTo(ui, QStringLiteral("pinPad"));
    for (const int k : {Qt::Key_1, Qt::Key_3, Qt::Key_5, Qt::Key_7, Qt::Key_9, Qt::Key_0})
        ui.press(k);
    CHECK(ui.property(QStringLiteral("keyStep/pinPad/ok"), "enabled").toBool());
    CHECK(tabRound(ui, "backButton") == order({"backButton", "pinPad"}));
    tabTo(ui, QStringLiteral("pinPad"));
    ui.press(Qt::Key_Return);
    CHECK(ui.property(QStringLiteral("keyStep/pinPad"), "confirming").toBool());
    CHECK(ui.exists(QStringLiteral("keyStep/pinPad/back")));
    CHECK(tabRound(ui, "backButton") == order({"backButton", "pinPad"}));
    // Esc in the repeat goes back to the first entry, Esc again to the checks.
    tabTo(ui, QStringLiteral("pinPad"));
    ui.press(Qt::Key_Escape);
    CHECK_FALSE(ui.property(QStringLiteral("keyStep/pinPad"), "confirming").toBool());
    CHECK(ui.exists(QStringLiteral("keyStep")));
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep")); }));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("keyStep/pinPad")); }));
    CHECK(focusComesTo(ui, "pinPad") == "pinPad");

    // The agent types the new PIN twice, Enter after each: the work starts.
    ui.press(Qt::Key_Delete);
    for (int round = 0; round < 2; ++round) {
        for (const int k : {Qt::Key_1, Qt::Key_3, Qt::Key_5, Qt::Key_7, Qt::Key_9, Qt::Key_0})
            ui.press(k);
        ui.press(Qt::Key_Return);
    }
    REQUIRE(
        ui.waitFor([&] { return controllerFlag(ui, "finished") || controllerFlag(ui, "paused"); }, 120000));
    INFO(ui.property(kController, "errorText").toString().toStdString());
    REQUIRE(controllerFlag(ui, "finished"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("doneStep/receiptNumber")); }));
    focusSettles(ui);

    // Done: print, then the next agent; there is no going back.
    CHECK(tabRound(ui, "printReceiptButton") == order({"printReceiptButton", "proceedButton"}));
    CHECK_FALSE(ui.property(QStringLiteral("backButton"), "enabled").toBool());
    ui.press(Qt::Key_Escape);
    CHECK(ui.exists(QStringLiteral("doneStep/receiptNumber")));
    tabTo(ui, QStringLiteral("proceedButton"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
}

TEST_CASE("Keyboard: a REPLACE of a lost key — the authorization letter's fields and the fee step",
          "[qml][ui][keyboard]") {
    CounterFixture f;
    const std::string oldSerial = f.issueNew("KB-R1");
    KioskDriver ui(f.config);
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    loginByKeyboard(ui, "op", CounterFixture::kOperatorPassword);
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().state() == qml::Writer::State::EnterpriseKey; }));
    tabTo(ui, QStringLiteral("operation_REPLACE"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("authCompanyName")); }));
    focusSettles(ui);
    // The key in the writer says it is damaged; Space on "lost" says it is lost instead.
    tabTo(ui, QStringLiteral("lostButton"));
    ui.press(Qt::Key_Space);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("oldKeySerial")); }));
    ui.type(QStringLiteral("oldKeySerial"), QString::fromStdString(oldSerial));
    // The letter's fields two by two, its two ticks, then what happened to the old key.
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "authCompanyName", "authCompanyId", "authAgentName", "authAgentId",
                 "authAgentMobile", "authLetterDate", "authValidFrom", "authValidTo", "authTicked",
                 "authSeal", "idCardNo", "lostButton", "damagedButton", "oldKeySerial"}));
    ui.type(QStringLiteral("authCompanyName"), QString::fromUtf8(CounterFixture::kOrg));
    ui.type(QStringLiteral("authCompanyId"), QString::fromLatin1(CounterFixture::kUscc));
    ui.type(QStringLiteral("authAgentName"), QString::fromUtf8(CounterFixture::kAgentName));
    ui.type(QStringLiteral("authAgentId"), QString::fromLatin1(CounterFixture::kAgentId));
    ui.type(QStringLiteral("authAgentMobile"), QStringLiteral("13800138000"));
    ui.type(QStringLiteral("authValidTo"), inDays(30));
    ui.type(QStringLiteral("idCardNo"), QString::fromLatin1(CounterFixture::kAgentId));
    // Space ticks a focused box.
    tabTo(ui, QStringLiteral("authTicked"));
    ui.press(Qt::Key_Space);
    tabTo(ui, QStringLiteral("authSeal"));
    ui.press(Qt::Key_Space);
    CHECK(ui.property(QStringLiteral("authSeal"), "checked").toBool());
    REQUIRE(ui.property(QStringLiteral("papersStep/proceedButton"), "enabled").toBool());
    // Filled in, "Check" joins the round; Enter in a field checks the papers.
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "authCompanyName", "authCompanyId", "authAgentName", "authAgentId",
                 "authAgentMobile", "authLetterDate", "authValidFrom", "authValidTo", "authTicked",
                 "authSeal", "idCardNo", "lostButton", "damagedButton", "oldKeySerial", "proceedButton"}));
    tabTo(ui, QStringLiteral("authAgentMobile"));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
    std::string failed;
    for (const QVariant& c : ui.property(kController, "checks").toList())
        if (!c.toMap().value(QStringLiteral("passed")).toBool())
            failed += c.toMap().value(QStringLiteral("reason")).toString().toStdString() + "\n";
    INFO(ui.property(kController, "errorText").toString().toStdString() << failed);
    REQUIRE(controllerFlag(ui, "checksPassed"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep/proceedButton")); }));
    REQUIRE(ui.property(kController, "totalFen").toLongLong() > 0);
    focusSettles(ui);
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("feeStep/proceedButton")); }));
    focusSettles(ui);

    // The fee: how it is paid (the one cash line's amount, its removal, the payments to add), then the
    // invoice.
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "amount", "removePayment", "add_cash", "add_bank_card", "add_wechat_pay",
                 "add_alipay", "invoiceWanted", "proceedButton"}));
    tabTo(ui, QStringLiteral("invoiceWanted"));
    ui.press(Qt::Key_Space);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("buyerName")); }));
    // The invoice needs somewhere to go before the step can go on.
    CHECK_FALSE(ui.property(QStringLiteral("feeStep/proceedButton"), "enabled").toBool());
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "amount", "removePayment", "add_cash", "add_bank_card", "add_wechat_pay",
                 "add_alipay", "invoiceWanted", "buyerKind", "buyerName", "buyerTaxpayerId", "addressPhone",
                 "bankAccount", "deliveryEmail", "deliveryMobile"}));
    ui.type(QStringLiteral("deliveryMobile"), QStringLiteral("13800138000"));
    REQUIRE(ui.property(QStringLiteral("feeStep/proceedButton"), "enabled").toBool());
    CHECK(tabRound(ui, "backButton") ==
          order({"backButton", "amount", "removePayment", "add_cash", "add_bank_card", "add_wechat_pay",
                 "add_alipay", "invoiceWanted", "buyerKind", "buyerName", "buyerTaxpayerId", "addressPhone",
                 "bankAccount", "deliveryEmail", "deliveryMobile", "proceedButton"}));
    // Esc goes back to the checks; Enter there comes back to the fee.
    ui.press(Qt::Key_Escape);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep/proceedButton")); }));
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("feeStep/proceedButton")); }));
    // Enter on the fee goes on to the key.
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("keyStep/pinPad")); }));
    CHECK(focusComesTo(ui, "pinPad") == "pinPad");
}
