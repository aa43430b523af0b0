// The admin's fee schedule and trusted signers pages (issue 21), driven like a person through the kiosk
// against PostgreSQL: a new fee version copied from the one in force, an amount changed, approved by a second
// admin in the approval dialog, taking over on its date; a letter signer disabled on the trust page, after
// which the next letter it signed is refused at the signer check, the refusal saying why.
#include <catch2/catch.hpp>

#include <iostream>

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <pqxx/transaction>

#include "backend/fees/fees.h"
#include "qml/kioskapp.h"
#include "qml/workstation.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

long long replaceFen(CounterFixture& f, const std::string& day) {
    pqxx::read_transaction tx{*f.conn};
    return fees::quote(tx, f.db.centreId(), "tianjin-2018", "REPLACE", {}, *Date::parse(day)).totalFen();
}

/// A state the screenshot walk does not show, next to the walk's (COUNTERSIGN_SCREENSHOTS_DIR), in both
/// languages.
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

TEST_CASE("Kiosk fee schedules: a new version approved by a second admin takes over on its date",
          "[qml][ui][fees]") {
    // The checks below read the screen's English.
    CounterFixture f("tianjin-2018", "[ui]\nlanguage=en\n");
    f.db.addStaff("adm", "admin-password", "admin");
    f.db.addStaff("adm2", "admin2-password", "admin");
    const std::string today = f.scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text");
    const std::string tomorrow = f.scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + 1)::text");
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("adm"), QStringLiteral("admin-password"));
        ui.click(QStringLiteral("office_settings"));
        ui.click(QStringLiteral("tab_fees"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("feeVersion_tianjin-2018_1")); }));
        CHECK(ui.text(QStringLiteral("feeVersion_tianjin-2018_1/feeVersionStatus"))
                  .contains(QStringLiteral("in force")));

        ui.actions = 0;
        ui.click(QStringLiteral("newVersion_tianjin-2018"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("draftAmount_3")); }));
        // The form starts from the rules in force: REPLACE's media fee, 26.00.
        CHECK(ui.text(QStringLiteral("draftAmount_3")) == QStringLiteral("26.00"));
        // A start in the past is refused, naming the field.
        ui.type(QStringLiteral("draftValidFrom"), QString::fromStdString(today));
        ui.click(QStringLiteral("draftSubmit"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("feesError")); }));
        CHECK(ui.text(QStringLiteral("feesError")).contains(QStringLiteral("valid_from")));

        ui.type(QStringLiteral("draftValidFrom"), QString::fromStdString(tomorrow));
        ui.type(QStringLiteral("draftAmount_3"), QStringLiteral("30.00"));
        ui.click(QStringLiteral("draftSubmit"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
        // The same admin can't approve their own version.
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("adm"));
        ui.type(QStringLiteral("approvalPassword"), QStringLiteral("admin-password"));
        ui.click(QStringLiteral("approvalSubmit"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalFailure")); }));
        CHECK(ui.text(QStringLiteral("approvalFailure")).contains(QStringLiteral("second person")));
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("adm2"));
        ui.type(QStringLiteral("approvalPassword"), QStringLiteral("admin2-password"));
        ui.click(QStringLiteral("approvalSubmit"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("feesMessage")) &&
                   ui.text(QStringLiteral("feesMessage")).contains(QStringLiteral("version 2"));
        }));
        CHECK(ui.text(QStringLiteral("feesMessage")).contains(QStringLiteral("adm2")));
        // From "New version" to the version added, the refused attempts included.
        std::cout << "UI actions, a new fee version: " << ui.actions << "\n";
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("feeVersion_tianjin-2018_2")); }));
        CHECK(ui.text(QStringLiteral("feeVersion_tianjin-2018_2/feeVersionStatus"))
                  .contains(QStringLiteral("future")));
    }
    CHECK(replaceFen(f, today) == 2600);
    CHECK(replaceFen(f, tomorrow) == 3000);
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'fees.version_added'") == "1");
    CHECK(
        f.scalar(
            "SELECT a.kind || ' ' || s.username FROM countersign.fee_schedules v JOIN countersign.approvals "
            "a "
            "ON a.id = v.approval_id JOIN countersign.staff s ON s.id = a.approved_by WHERE v.version = 2") ==
        "fee_schedule adm2");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk trusted signers: a signer disabled on the trust page, and its next letter refused at the "
          "signer check",
          "[qml][ui][trust]") {
    // The checks below read the screen's English.
    CounterFixture f("tianjin-2018", "[ui]\nlanguage=en\n");
    f.db.addStaff("adm", "admin-password", "admin");
    const std::string signerId = f.scalar("SELECT id::text FROM countersign.letter_signers WHERE kind = "
                                          "'signer' AND active ORDER BY id LIMIT 1");
    REQUIRE_FALSE(signerId.empty());
    const std::string letter = f.letter("UI-T1");
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("adm"), QStringLiteral("admin-password"));
        ui.click(QStringLiteral("office_settings"));
        ui.click(QStringLiteral("tab_trust"));
        const QString entry = QStringLiteral("trustEntry_") + QString::fromStdString(signerId);
        REQUIRE(ui.waitFor([&] { return ui.exists(entry); }));
        ui.click(QStringLiteral("trustDisable_") + QString::fromStdString(signerId));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("trustConfirmDisable")); }));
        ui.click(QStringLiteral("trustConfirmDisable"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("trustMessage")) &&
                   ui.text(QStringLiteral("trustMessage")).contains(QStringLiteral("Disabled"));
        }));
        // The list is read again: the entry stays, disabled, without its button.
        CHECK(ui.waitFor(
            [&] { return !ui.exists(QStringLiteral("trustDisable_") + QString::fromStdString(signerId)); }));
        CHECK(ui.exists(entry));
        saveScreen(ui, QStringLiteral("office-trust-disabled"));

        // The next letter of that signer: refused at the signer check, which says it was disabled.
        ui.click(QStringLiteral("backButton"));
        ui.openOperation(QStringLiteral("NEW"));
        ui.scan(QString::fromStdString(letter));
        ui.scan(QString::fromLatin1(CounterFixture::kAgentId)); // the agent's ID card
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("check_signer")) &&
                   !ui.property(QStringLiteral("operationController"), "busy").toBool() &&
                   ui.property(QStringLiteral("operationController"), "checked").toBool();
        }));
        CHECK_FALSE(ui.property(QStringLiteral("check_signer"), "passed").toBool());
        QString reason;
        for (const QVariant& c : ui.property(QStringLiteral("operationController"), "checks").toList())
            if (c.toMap().value(QStringLiteral("id")).toString() == QLatin1String("signer"))
                reason = c.toMap().value(QStringLiteral("reason")).toString();
        INFO(reason.toStdString());
        CHECK(reason.contains(QStringLiteral("disabled")));
        CHECK_FALSE(ui.property(QStringLiteral("operationController"), "checksPassed").toBool());
    }
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'letter_signer.disabled'") ==
          "1");
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions WHERE state = 'completed'") == "0");
}
