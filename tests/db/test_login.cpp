#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/counter/database.h"
#include "backend/counter/desk.h"
#include "qml/logincontroller.h"
#include "qml/session.h"
#include "qml/workstation.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

struct LoginFixture {
    test::TestDatabase database;
    // Logins come from the counter's own login role; the owner changes accounts behind its back.
    std::unique_ptr<pqxx::connection> conn = database.connectAsCounter();
    std::unique_ptr<pqxx::connection> owner = database.connect();

    auth::LoginResult login(const std::string& user, const std::string& password,
                            auth::LoginPurpose purpose = auth::LoginPurpose::Login) {
        return auth::logIn(*conn, purpose, user, Secret(password));
    }

    int failedLogins(const std::string& user) {
        pqxx::read_transaction tx{*conn};
        return tx.exec_params1("SELECT failed_logins FROM staff WHERE username = $1", user)[0].as<int>();
    }

    int auditCount(const std::string& event, const std::string& subject) {
        pqxx::read_transaction tx{*conn};
        return tx
            .exec_params1("SELECT count(*) FROM audit_log WHERE event = $1 AND subject = $2", event,
                          subject)[0]
            .as<int>();
    }
};

AppConfig kioskConfig(const std::string& dsn, const char* counter = "01") {
    AppConfig config;
    config.databaseDsn = dsn;
    config.centreCode = QStringLiteral("TJ01");
    config.counterCode = QString::fromLatin1(counter);
    return config;
}

} // namespace

TEST_CASE("staff log in with their password and the login is audited", "[db][auth]") {
    LoginFixture f;
    const long long id = f.database.addStaff("wang.li", "s3cret-pass", "supervisor");
    const auto r = f.login("wang.li", "s3cret-pass");
    REQUIRE(r.status == auth::LoginStatus::Ok);
    CHECK(r.staff.id == id);
    CHECK(r.staff.role == auth::Role::Supervisor);
    CHECK(r.staff.displayName == "wang.li (test)");
    CHECK(f.auditCount("login.succeeded", "wang.li") == 1);
}

TEST_CASE("a wrong password or an unknown user is refused alike and each attempt is audited", "[db][auth]") {
    LoginFixture f;
    f.database.addStaff("wang.li", "s3cret-pass");
    CHECK(f.login("wang.li", "wrong").status == auth::LoginStatus::WrongCredentials);
    CHECK(f.login("nobody", "s3cret-pass").status == auth::LoginStatus::WrongCredentials);
    CHECK(f.failedLogins("wang.li") == 1);
    CHECK(f.auditCount("login.failed", "wang.li") == 1);
    CHECK(f.auditCount("login.failed", "nobody") == 1);
}

TEST_CASE("five wrong passwords lock the account and even the right password is refused until the lock ends",
          "[db][auth]") {
    LoginFixture f;
    f.database.addStaff("zhao.min", "right-password");
    for (int i = 1; i <= 4; ++i) {
        const auto r = f.login("zhao.min", "wrong-" + std::to_string(i));
        CHECK(r.status == auth::LoginStatus::WrongCredentials);
        CHECK(f.failedLogins("zhao.min") == i);
    }
    const auto fifth = f.login("zhao.min", "wrong-5");
    CHECK(fifth.status == auth::LoginStatus::Locked);
    CHECK(fifth.lockedNow);
    CHECK_FALSE(fifth.lockedUntil.empty());
    CHECK(f.auditCount("staff.locked", "zhao.min") == 1);

    const auto correct = f.login("zhao.min", "right-password");
    CHECK(correct.status == auth::LoginStatus::Locked);
    CHECK_FALSE(correct.lockedNow);
    CHECK(f.auditCount("login.refused", "zhao.min") == 1);

    // The lock runs out (moved into the past here instead of waiting 15 minutes).
    {
        pqxx::work tx{*f.owner};
        tx.exec0("UPDATE staff SET locked_until = now() - interval '1 second' WHERE username = 'zhao.min'");
        tx.commit();
    }
    CHECK(f.login("zhao.min", "right-password").status == auth::LoginStatus::Ok);
    CHECK(f.failedLogins("zhao.min") == 0);
}

TEST_CASE("a successful login clears the count of earlier wrong passwords", "[db][auth]") {
    LoginFixture f;
    f.database.addStaff("li.na", "right-password");
    f.login("li.na", "wrong");
    f.login("li.na", "wrong");
    CHECK(f.failedLogins("li.na") == 2);
    CHECK(f.login("li.na", "right-password").status == auth::LoginStatus::Ok);
    CHECK(f.failedLogins("li.na") == 0);
}

TEST_CASE("a disabled account cannot log in", "[db][auth]") {
    LoginFixture f;
    f.database.addStaff("left.company", "right-password");
    {
        pqxx::work tx{*f.owner};
        tx.exec0("UPDATE staff SET active = false WHERE username = 'left.company'");
        tx.commit();
    }
    CHECK(f.login("left.company", "right-password").status == auth::LoginStatus::Disabled);
}

TEST_CASE("the login screen's controller checks credentials on the database thread and opens the session",
          "[db][auth][qml]") {
    test::TestDatabase database;
    database.addStaff("chen.jie", "right-password");
    const AppConfig config = kioskConfig(database.counterDsn());
    counter::Database door(config.databaseDsn);
    qml::Workstation workstation(config, &door);
    qml::Session session;

    QSignalSpy ready(&workstation, &qml::Workstation::readyChanged);
    workstation.start();
    REQUIRE(QTest::qWaitFor([&] { return workstation.ready(); }, 10000));
    CHECK(workstation.centreName() == QStringLiteral("天津市第一服务中心"));
    CHECK(workstation.counterName() == QStringLiteral("1号窗口"));

    // Jobs really run on the database thread, not the caller's.
    QString jobThread;
    door.run<QString>(
        &workstation, [](counter::Desk&) { return QThread::currentThread()->objectName(); },
        [&jobThread](const counter::Outcome<QString>& out) { jobThread = out.value.value_or(QString()); });
    REQUIRE(QTest::qWaitFor([&] { return !jobThread.isEmpty(); }, 5000));
    CHECK(jobThread == QStringLiteral("countersign-db"));

    qml::LoginController controller;
    controller.setWorkstation(&workstation);
    controller.setSession(&session);
    QSignalSpy failed(&controller, &qml::LoginController::failed);
    QSignalSpy succeeded(&controller, &qml::LoginController::succeeded);

    controller.submit(QStringLiteral("chen.jie"), QStringLiteral("wrong"));
    CHECK(controller.busy()); // returned at once; the check runs elsewhere
    REQUIRE(failed.wait(10000));
    CHECK(controller.lastOutcome() == qml::LoginController::Outcome::WrongCredentials);
    CHECK_FALSE(session.loggedIn());

    controller.submit(QStringLiteral("chen.jie"), QStringLiteral("right-password"));
    REQUIRE(succeeded.wait(10000));
    CHECK(session.loggedIn());
    CHECK(session.username() == QStringLiteral("chen.jie"));
    CHECK(controller.errorText().isEmpty());
}

TEST_CASE("the kiosk explains a counter that is not registered instead of offering a login", "[db][qml]") {
    test::TestDatabase database;
    const AppConfig config = kioskConfig(database.dsn(), "99");
    counter::Database door(config.databaseDsn);
    qml::Workstation workstation(config, &door);
    workstation.start();
    REQUIRE(QTest::qWaitFor([&] { return !workstation.starting(); }, 10000));
    CHECK_FALSE(workstation.ready());
    CHECK(workstation.setupProblem() == qml::Workstation::SetupProblem::CounterNotRegistered);
    CHECK(workstation.setupDetail() == QStringLiteral("TJ01/99"));
}

TEST_CASE("the kiosk refuses to run as a counter its database login does not belong to", "[db][qml]") {
    test::TestDatabase database;
    database.addCounter("02");
    // Counter 01's own login, configured as counter 02: the database knows better.
    const AppConfig config = kioskConfig(database.counterDsn(), "02");
    counter::Database door(config.databaseDsn);
    qml::Workstation workstation(config, &door);
    workstation.start();
    REQUIRE(QTest::qWaitFor([&] { return !workstation.starting(); }, 10000));
    CHECK_FALSE(workstation.ready());
    CHECK(workstation.setupProblem() == qml::Workstation::SetupProblem::WrongCounter);
    CHECK(workstation.setupDetail().contains(QStringLiteral("belongs to counter TJ01/01")));
}

TEST_CASE("the kiosk reports an unreachable database and no login is attempted", "[qml]") {
    const AppConfig config = kioskConfig("host=/nonexistent-socket-dir port=1 connect_timeout=2");
    counter::Database door(config.databaseDsn);
    qml::Workstation workstation(config, &door);
    qml::Session session;
    workstation.start();
    REQUIRE(QTest::qWaitFor(
        [&] { return workstation.setupProblem() != qml::Workstation::SetupProblem::None; }, 10000));
    CHECK(workstation.setupProblem() == qml::Workstation::SetupProblem::DatabaseUnreachable);
    REQUIRE(QTest::qWaitFor(
        [&] { return workstation.databaseState() == qml::Workstation::DatabaseState::Down; }, 5000));

    qml::LoginController controller;
    controller.setWorkstation(&workstation);
    controller.setSession(&session);
    controller.submit(QStringLiteral("anyone"), QStringLiteral("anything"));
    CHECK(controller.lastOutcome() == qml::LoginController::Outcome::NotReady);
    CHECK_FALSE(session.loggedIn());
}

TEST_CASE(
    "opening the idle lock is audited as an unlock and a wrong password still counts towards the lockout",
    "[auth][db]") {
    LoginFixture f;
    f.database.addStaff("wang", "right-password", "operator");
    CHECK(f.login("wang", "wrong", auth::LoginPurpose::Unlock).status == auth::LoginStatus::WrongCredentials);
    CHECK(f.failedLogins("wang") == 1);
    CHECK(f.login("wang", "right-password", auth::LoginPurpose::Unlock).status == auth::LoginStatus::Ok);
    CHECK(f.auditCount("unlock.failed", "wang") == 1);
    CHECK(f.auditCount("unlock.succeeded", "wang") == 1);
    CHECK(f.auditCount("login.succeeded", "wang") == 0);
}
