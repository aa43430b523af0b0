// The back office's staff page (issue 21) driven like an admin at the counter: an account disabled after the
// confirm step (and not on Cancel), the last admin kept in plain words, a password reset typed twice, and the
// forced change at that person's next login before the kiosk lets them in — checked in the database after.
#include <catch2/catch.hpp>

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "db/staffstore.h"
#include "qml/idlemonitor.h"
#include "qml/kioskapp.h"
#include "qml/registration.h"
#include "qml/workstation.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kAdmin = QStringLiteral("staffAdmin");

bool idle(KioskDriver& ui) {
    return ui.exists(kAdmin) && !ui.property(kAdmin, "busy").toBool();
}

// Picks the account in the list, once the list shows it.
void pick(KioskDriver& ui, const QString& username) {
    REQUIRE(ui.waitFor([&] { return idle(ui) && ui.exists(QStringLiteral("staffRow_") + username); }));
    ui.click(QStringLiteral("staffRow_") + username);
    REQUIRE(ui.waitFor([&] { return ui.text(QStringLiteral("staffSelected")).startsWith(username); }));
}

// Clicks `button`, then the confirm dialog's `answer`.
void confirm(KioskDriver& ui, const QString& button, const QString& answer) {
    ui.click(button);
    REQUIRE(ui.waitFor([&] { return ui.exists(answer); }));
    ui.click(answer);
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("staffConfirmYes")); }));
}

/// Writes the screen in both languages next to the walk's (COUNTERSIGN_SCREENSHOTS_DIR), so it is looked at,
/// and goes back to English.
void saveScreen(KioskDriver& ui, const QString& name) {
    const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
    auto* window = qobject_cast<QQuickWindow*>(ui.kiosk().engine().rootObjects().value(0));
    if (dir.isEmpty() || !window)
        return;
    QDir().mkpath(dir);
    qml::Workstation& w = ui.kiosk().workstation();
    for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
        w.setLanguage(language);
        ui.settle(200);
        CHECK(window->grabWindow().save(QStringLiteral("%1/%2.%3.png").arg(dir, name, language), "PNG"));
    }
}

} // namespace

TEST_CASE(
    "Kiosk staff page: an admin disables an account and resets a password, and the person changes it at the "
    "next login before anything else",
    "[qml][ui][staff]") {
    CounterFixture f;
    const long long admin = f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    {
        KioskDriver ui(f.config);
        // The words checked below are the English ones.
        ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
        ui.login(QStringLiteral("adm"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        ui.click(QStringLiteral("office_staff"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("staffPage")); }));
        pick(ui, QStringLiteral("op2"));
        CHECK(ui.property(kAdmin, "accounts").value<QObject*>()->property("count").toInt() == 4);

        // Cancel changes nothing; confirmed, the account is disabled.
        confirm(ui, QStringLiteral("staffDisable"), QStringLiteral("staffConfirmNo"));
        CHECK(f.scalar("SELECT active FROM countersign.staff WHERE username = 'op2'") == "t");
        confirm(ui, QStringLiteral("staffDisable"), QStringLiteral("staffConfirmYes"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("staffMessage")); }));
        CHECK(ui.text(QStringLiteral("staffMessage")).contains(QStringLiteral("op2 is disabled")));
        CHECK(f.scalar("SELECT active FROM countersign.staff WHERE username = 'op2'") == "f");
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("staffEnable")); }));
        saveScreen(ui, QStringLiteral("office-staff-list-test"));
        CHECK_FALSE(ui.exists(QStringLiteral("staffDisable")));

        // The last admin can't disable themself: said in plain words, nothing changed.
        pick(ui, QStringLiteral("adm"));
        confirm(ui, QStringLiteral("staffDisable"), QStringLiteral("staffConfirmYes"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("staffError")); }));
        CHECK(ui.text(QStringLiteral("staffError")).contains(QStringLiteral("last active admin")));
        saveScreen(ui, QStringLiteral("office-staff-last-admin-refused"));
        CHECK(f.scalar("SELECT active FROM countersign.staff WHERE username = 'adm'") == "t");

        // A temporary password, typed twice: the two must agree and have 8 characters before it can be sent.
        pick(ui, QStringLiteral("op"));
        ui.type(QStringLiteral("staffNewPassword"), QStringLiteral("short"));
        CHECK(ui.text(QStringLiteral("staffPasswordHint")).contains(QStringLiteral("8 characters")));
        ui.type(QStringLiteral("staffNewPassword"), QStringLiteral("temporary-42"));
        ui.type(QStringLiteral("staffNewPasswordAgain"), QStringLiteral("temporary-43"));
        CHECK(ui.text(QStringLiteral("staffPasswordHint")).contains(QStringLiteral("differ")));
        CHECK_FALSE(ui.property(QStringLiteral("staffResetPassword"), "enabled").toBool());
        ui.type(QStringLiteral("staffNewPasswordAgain"), QStringLiteral("temporary-42"));
        REQUIRE(ui.property(QStringLiteral("staffResetPassword"), "enabled").toBool());
        CHECK(ui.property(QStringLiteral("staffNewPassword"), "echoMode").toInt() == 2); // TextInput.Password
        saveScreen(ui, QStringLiteral("office-staff-reset-password-test"));
        ui.click(QStringLiteral("staffResetPassword"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("staffConfirmYes")); }));
        ui.settle(300);
        saveScreen(ui, QStringLiteral("office-staff-reset-password-confirm-test"));
        ui.click(QStringLiteral("staffConfirmYes"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("staffMessage")); }));
        CHECK(ui.text(QStringLiteral("staffMessage")).contains(QStringLiteral("must change it")));
        CHECK(f.scalar("SELECT password_changed_at IS NULL FROM countersign.staff WHERE username = 'op'") ==
              "t");
        CHECK(ui.text(QStringLiteral("staffNewPassword")).isEmpty());

        ui.click(QStringLiteral("backButton"));
        ui.click(QStringLiteral("logoutButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));

        // The disabled account is turned away.
        ui.type(QStringLiteral("username"), QStringLiteral("op2"));
        ui.type(QStringLiteral("password"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        ui.click(QStringLiteral("loginButton"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("error")) &&
                   ui.text(QStringLiteral("error")).contains(QStringLiteral("disabled"));
        }));

        // The reset account logs in with the temporary password and must choose its own first.
        ui.type(QStringLiteral("username"), QStringLiteral("op"));
        ui.type(QStringLiteral("password"), QStringLiteral("temporary-42"));
        ui.click(QStringLiteral("loginButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("newPassword")); }));
        saveScreen(ui, QStringLiteral("login-must-change-password"));
        CHECK_FALSE(ui.exists(QStringLiteral("operations")));
        ui.type(QStringLiteral("newPassword"), QStringLiteral("temporary-42"));
        ui.type(QStringLiteral("newPasswordAgain"), QStringLiteral("temporary-42"));
        ui.click(QStringLiteral("changePasswordButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("changePasswordError")); }));
        CHECK(ui.text(QStringLiteral("changePasswordError")).contains(QStringLiteral("must differ")));
        ui.type(QStringLiteral("newPassword"), QStringLiteral("my-own-password-7"));
        ui.type(QStringLiteral("newPasswordAgain"), QStringLiteral("my-own-password-8"));
        ui.click(QStringLiteral("changePasswordButton"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("changePasswordError")) &&
                   ui.text(QStringLiteral("changePasswordError")).contains(QStringLiteral("entries differ"));
        }));
        ui.type(QStringLiteral("newPasswordAgain"), QStringLiteral("my-own-password-7"));
        ui.click(QStringLiteral("changePasswordButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("operations")); }));
        ui.click(QStringLiteral("logoutButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));
        ui.login(QStringLiteral("op"), QStringLiteral("my-own-password-7"));

        // Reset again while op's screen is locked: the temporary password doesn't open the lock (that session
        // could do nothing); op logs out to choose a new one.
        qml::IdleMonitor* monitor = qml::IdleMonitorForeign::instance;
        REQUIRE(monitor);
        monitor->lock();
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("lockPassword")); }));
        {
            auto conn = f.db.connectAsCounter();
            const auto adm = auth::logIn(*conn, auth::LoginPurpose::Login, "adm",
                                         Secret(std::string(CounterFixture::kSupervisorPassword)));
            REQUIRE(adm.status == auth::LoginStatus::Ok);
            pqxx::work tx{*conn};
            db::StaffStore(tx).resetPassword(*adm.session, "op", Secret(std::string("temporary-99")));
            tx.commit();
        }
        ui.type(QStringLiteral("lockPassword"), QStringLiteral("temporary-99"));
        ui.click(QStringLiteral("unlockButton"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("lockError")) &&
                   ui.text(QStringLiteral("lockError")).contains(QStringLiteral("reset by an admin"));
        }));
        CHECK(monitor->locked());
        ui.click(QStringLiteral("lockLogout"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("loginButton")); }));
    }
    // Changed once by op, then reset again: op must change it at the next login once more.
    CHECK(f.scalar("SELECT password_changed_at IS NULL FROM countersign.staff WHERE username = 'op'") == "t");
    const std::string adminId = std::to_string(admin);
    CHECK(f.scalar(
              "SELECT string_agg(event || ':' || subject, ',' ORDER BY id) FROM countersign.audit_log WHERE "
              "event LIKE 'staff.%' AND actor_staff_id = " +
              adminId) == "staff.disabled:op2,staff.password_reset:op,staff.password_reset:op");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'staff.password_changed' AND "
                   "subject = 'op' AND actor_staff_id = $1",
                   std::to_string(f.operatorId)) == "1");
    CHECK_FALSE(f.auditBrokenAt());
}
