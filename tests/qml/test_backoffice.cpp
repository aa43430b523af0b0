// The back office's lists as models (QAbstractItemModelTester) and the counter's door that fills them: what
// the staff list shows, and that the door itself refuses the work of a role to anyone without it.
#include <catch2/catch.hpp>

#include <optional>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/counter/database.h"
#include "backend/counter/desk.h"
#include "db/staffstore.h"
#include "db/workstationstore.h"
#include "qml/backofficelists.h"
#include "qml/stocklists.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

/// Runs `job` on the database thread through the door and waits for its outcome.
template <typename R, typename Job> counter::Outcome<R> through(counter::Database& door, Job job) {
    std::optional<counter::Outcome<R>> got;
    QObject context;
    door.run<R>(&context, job, [&got](const counter::Outcome<R>& out) { got = out; });
    REQUIRE(QTest::qWaitFor([&] { return got.has_value(); }, 10000));
    return *got;
}

QVariant field(const QAbstractItemModel& model, int row, const QByteArray& role) {
    const int r = model.roleNames().key(role, -1);
    REQUIRE(r >= 0);
    return model.data(model.index(row, 0), r);
}

auth::StaffIdentity someone(long long id, auth::Role role) {
    return {id, "someone", "Someone", role};
}

} // namespace

TEST_CASE(
    "the back office's staff list is a list model with one role per field, read through the counter's door",
    "[db][qml]") {
    test::TestDatabase database;
    database.addStaff("zhang.wei", "pw", "supervisor");
    database.addStaff("li.na", "pw", "operator");
    {
        auto conn = database.connect();
        pqxx::work tx{*conn};
        const long long elsewhere = db::WorkstationStore(tx).addCentre("BJ01", "北京市服务中心", "北京");
        db::StaffStore staff(tx);
        staff.add("head.office", "Head Office", "admin", "x", std::nullopt);
        staff.add("bei.jing", "Beijing", "operator", "x", elsewhere);
        tx.exec0("UPDATE staff SET locked_until = now() + interval '1 hour' WHERE username = 'li.na'");
        tx.exec0("UPDATE staff SET active = false WHERE username = 'zhang.wei'");
        tx.commit();
    }
    counter::Database door(database.counterDsn());
    const auto read = through<std::vector<db::StaffMember>>(
        door, [counter = database.counterId()](counter::Desk& desk) { return desk.staff(counter); });
    REQUIRE(read.ok());

    qml::StaffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy counted(&model, &qml::ListModel::countChanged);
    model.setRows(*read.value);
    CHECK(counted.count() == 1);
    // This centre's staff and head office's, by role and username; not another centre's.
    REQUIRE(model.count() == 3);
    CHECK(field(model, 0, "username").toString() == QStringLiteral("head.office"));
    CHECK(field(model, 0, "role").toString() == QStringLiteral("admin"));
    CHECK(field(model, 1, "username").toString() == QStringLiteral("li.na"));
    CHECK(field(model, 1, "displayName").toString() == QStringLiteral("li.na (test)"));
    CHECK(field(model, 1, "active").toBool());
    CHECK(field(model, 1, "locked").toBool());
    CHECK(field(model, 2, "username").toString() == QStringLiteral("zhang.wei"));
    CHECK_FALSE(field(model, 2, "active").toBool());
    CHECK_FALSE(field(model, 2, "locked").toBool());
    CHECK_FALSE(model.data(model.index(3, 0), qml::StaffModel::UsernameRole).isValid());

    model.clear();
    CHECK(model.count() == 0);
    CHECK(counted.count() == 2);
}

TEST_CASE("the counter's door checks the staff's role: a supervisor reviews refunds, an admin receives keys",
          "[db][qml]") {
    test::TestDatabase database;
    const long long op = database.addStaff("op", "pw", "operator");
    const long long sup = database.addStaff("sup", "pw", "supervisor");
    const long long adm = database.addStaff("adm", "pw", "admin");
    const long long counter = database.counterId();
    counter::Database door(database.counterDsn());
    const std::vector<std::string> serials{"DOOR0001", "DOOR0002"};

    // The supervisor's own session at this counter: the database takes the reviewer from it.
    pqxx::connection counterConn{database.counterDsn()};
    const auto supLogin =
        auth::logIn(counterConn, auth::LoginPurpose::Login, "sup", Secret(std::string("pw")));
    REQUIRE(supLogin.status == auth::LoginStatus::Ok);
    auto review = [&](const auth::StaffIdentity& who) {
        return through<int>(door, [counter, who, session = supLogin.session](counter::Desk& desk) {
            return desk.reviewRefunds(counter, who, session);
        });
    };
    // The admin's own session: the database checks the admin and records them (stock_receive).
    const auto admLogin =
        auth::logIn(counterConn, auth::LoginPurpose::Login, "adm", Secret(std::string("pw")));
    REQUIRE(admLogin.status == auth::LoginStatus::Ok);
    auto receive = [&](const auth::StaffIdentity& who) {
        return through<counter::StockIntake>(
            door, [counter, who, serials, session = admLogin.session](counter::Desk& desk) {
                return desk.receiveStock(counter, who, session, "ePass3003", serials, "");
            });
    };

    const auto byOperator = review(someone(op, auth::Role::Operator));
    CHECK_FALSE(byOperator.ok());
    CHECK_THAT(byOperator.error, Catch::Contains("only a supervisor"));
    const auto bySupervisor = review(someone(sup, auth::Role::Supervisor));
    REQUIRE(bySupervisor.ok());
    CHECK(*bySupervisor.value == 0);

    const auto supervisorReceives = receive(someone(sup, auth::Role::Supervisor));
    CHECK_FALSE(supervisorReceives.ok());
    CHECK_THAT(supervisorReceives.error, Catch::Contains("only an admin"));
    const auto adminReceives = receive(someone(adm, auth::Role::Admin));
    REQUIRE(adminReceives.ok());
    CHECK(adminReceives.value->count == 2);
    CHECK(adminReceives.value->refused.empty());

    const auto levels = through<std::vector<stock::StockLevel>>(
        door, [counter](counter::Desk& desk) { return desk.stockLevels(counter); });
    REQUIRE(levels.ok());
    qml::StockModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRows(*levels.value);
    REQUIRE(model.count() == 1);
    CHECK(field(model, 0, "keyModel").toString() == QStringLiteral("ePass3003"));
    CHECK(field(model, 0, "inStock").toLongLong() == 2);
    CHECK(field(model, 0, "damaged").toLongLong() == 0);
}
