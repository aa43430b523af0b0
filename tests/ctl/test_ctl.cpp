#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <pqxx/transaction>

#include "db/migrations.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run ctl(const QStringList& args, const QByteArray& input = {},
        const QString& config = QStringLiteral("/nonexistent")) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("COUNTERSIGN_CONFIG"), config);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(COUNTERSIGNCTL_PATH), args);
    REQUIRE(p.waitForStarted(10000));
    p.write(input);
    p.closeWriteChannel();
    REQUIRE(p.waitForFinished(60000));
    REQUIRE(p.exitStatus() == QProcess::NormalExit);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

TEST_CASE("countersignctl accepts the DESIGN example USCC and rejects a one-character change", "[ctl]") {
    const auto good =
        ctl({QStringLiteral("validate"), QStringLiteral("uscc"), QStringLiteral("91350100M000100Y43")});
    CHECK(good.exitCode == 0);
    CHECK(good.out.contains(QStringLiteral("valid")));

    const auto bad =
        ctl({QStringLiteral("validate"), QStringLiteral("uscc"), QStringLiteral("91350100M000100Y44")});
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.contains(QStringLiteral("check")));

    const auto json = ctl({QStringLiteral("--json"), QStringLiteral("validate"), QStringLiteral("uscc"),
                           QStringLiteral("91350100M000100Y44")});
    CHECK(json.exitCode == 1);
    const auto doc = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(doc.value(QStringLiteral("valid")).toBool(true) == false);
    CHECK_FALSE(doc.value(QStringLiteral("reason")).toString().isEmpty());
}

TEST_CASE("countersignctl checks resident ID numbers including the check character", "[ctl]") {
    CHECK(ctl({QStringLiteral("validate"), QStringLiteral("id"), QStringLiteral("11010519491231002X")})
              .exitCode == 0);
    CHECK(ctl({QStringLiteral("validate"), QStringLiteral("id"), QStringLiteral("11010519491231002x")})
              .exitCode == 0);
    const auto bad =
        ctl({QStringLiteral("validate"), QStringLiteral("id"), QStringLiteral("110105194912310021")});
    CHECK(bad.exitCode == 1);
    CHECK_FALSE(bad.err.isEmpty());
}

TEST_CASE("countersignctl answers usage mistakes with exit status 2", "[ctl]") {
    CHECK(ctl({}).exitCode == 2);
    CHECK(ctl({QStringLiteral("validate")}).exitCode == 2);
    CHECK(ctl({QStringLiteral("validate"), QStringLiteral("uscc")}).exitCode == 2);
    CHECK(ctl({QStringLiteral("frobnicate")}).exitCode == 2);
    const auto help = ctl({QStringLiteral("--help")});
    CHECK(help.exitCode == 0);
    CHECK(help.out.contains(QStringLiteral("exit status")));
}

TEST_CASE("countersignctl db migrate brings an empty database to the current version and db status shows it",
          "[ctl][db]") {
    test::TestDatabase database(/*migrated=*/false);
    const QString config = QString::fromStdString(test::writeTestConfig(database));
    const int latest = db::Migrator().latestVersion();

    const auto before = ctl({QStringLiteral("db"), QStringLiteral("status")}, {}, config);
    CHECK(before.exitCode == 0);
    CHECK(before.out.contains(QStringLiteral("schema version 0")));

    const auto migrate = ctl({QStringLiteral("db"), QStringLiteral("migrate")}, {}, config);
    CHECK(migrate.exitCode == 0);
    CHECK(migrate.out.contains(QStringLiteral("database now at version %1").arg(latest)));

    const auto status =
        ctl({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("status")}, {}, config);
    CHECK(status.exitCode == 0);
    const auto doc = QJsonDocument::fromJson(status.out.toUtf8()).object();
    CHECK(doc.value(QStringLiteral("version")).toInt() == latest);
    CHECK(doc.value(QStringLiteral("state")).toString() == QStringLiteral("up to date"));

    const auto again = ctl({QStringLiteral("db"), QStringLiteral("migrate")}, {}, config);
    CHECK(again.exitCode == 0);
    CHECK(again.out.contains(QStringLiteral("already at version %1").arg(latest)));
}

TEST_CASE("countersignctl refuses a database newer than itself with exit status 3", "[ctl][db]") {
    test::TestDatabase database;
    {
        auto conn = database.connect();
        pqxx::work tx{*conn};
        tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')",
                        db::Migrator().latestVersion() + 1);
        tx.commit();
    }
    const QString config = QString::fromStdString(test::writeTestConfig(database));
    const auto r = ctl({QStringLiteral("db"), QStringLiteral("migrate")}, {}, config);
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(QStringLiteral("newer Countersign")));
}

TEST_CASE("countersignctl reports an unreachable database with exit status 3", "[ctl]") {
    const QString config = QString::fromStdString(test::scratchDir() + "/unreachable.conf");
    QFile f(config);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("[database]\ndsn=host=/nonexistent-socket-dir port=1 connect_timeout=2\n");
    f.close();
    const auto r = ctl({QStringLiteral("db"), QStringLiteral("status")}, {}, config);
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(QStringLiteral("cannot connect to the database")));
}

TEST_CASE("countersignctl staff add takes the password from a file descriptor, never from argv",
          "[ctl][db]") {
    test::TestDatabase database;
    // The first admin is made with the database owner's login (the installer's); later ones by an admin.
    const QString config =
        QString::fromStdString(test::writeTestConfig(database, {}, test::DatabaseLogin::Owner));
    const QString counterConfig = QString::fromStdString(test::writeTestConfig(database));

    const auto onArgv = ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
                             QStringLiteral("operator"), QStringLiteral("--password"),
                             QStringLiteral("secret123"), QStringLiteral("zhang.wei")},
                            {}, config);
    CHECK(onArgv.exitCode == 2);

    const auto added =
        ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
             QStringLiteral("supervisor"), QStringLiteral("--display-name"), QStringLiteral("张伟"),
             QStringLiteral("--password-fd"), QStringLiteral("0"), QStringLiteral("zhang.wei")},
            "long-enough-password\n", config);
    CHECK(added.exitCode == 0);
    CHECK_FALSE(added.out.contains(QStringLiteral("long-enough-password")));

    auto conn = database.connect();
    pqxx::read_transaction tx{*conn};
    const auto row =
        tx.exec1("SELECT display_name, role, password_hash FROM staff WHERE username = 'zhang.wei'");
    CHECK(row[0].as<std::string>() == "张伟");
    CHECK(row[1].as<std::string>() == "supervisor");
    CHECK(row[2].as<std::string>().rfind("bcrypt-sha256$", 0) == 0);
    CHECK(row[2].as<std::string>().find("long-enough-password") == std::string::npos);
    CHECK(
        tx.exec1("SELECT count(*) FROM audit_log WHERE event = 'staff.created' AND subject = 'zhang.wei'")[0]
            .as<int>() == 1);

    const auto duplicate = ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
                                QStringLiteral("operator"), QStringLiteral("--password-fd"),
                                QStringLiteral("0"), QStringLiteral("zhang.wei")},
                               "another-password\n", config);
    CHECK(duplicate.exitCode == 1);
    CHECK(duplicate.err.contains(QStringLiteral("already exists")));

    const auto tooShort = ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
                               QStringLiteral("operator"), QStringLiteral("--password-fd"),
                               QStringLiteral("0"), QStringLiteral("short.pw")},
                              "1234567\n", config);
    CHECK(tooShort.exitCode == 1);
    CHECK(tooShort.err.contains(QStringLiteral("at least 8")));

    // A counter's own login can't make an account without an admin's session, nor with a supervisor's.
    const auto noAdmin = ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
                              QStringLiteral("admin"), QStringLiteral("--password-fd"), QStringLiteral("0"),
                              QStringLiteral("sneaky.admin")},
                             "long-enough-password\n", counterConfig);
    CHECK(noAdmin.exitCode == 1);
    CHECK(noAdmin.err.contains(QStringLiteral("needs an admin's session")));
    const auto bySupervisor =
        ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
             QStringLiteral("admin"), QStringLiteral("--password-fd"), QStringLiteral("0"),
             QStringLiteral("--operator"), QStringLiteral("zhang.wei"),
             QStringLiteral("--operator-password-fd"), QStringLiteral("0"), QStringLiteral("sneaky.admin")},
            "long-enough-password\nlong-enough-password\n", counterConfig);
    CHECK(bySupervisor.exitCode == 1);
    CHECK(bySupervisor.err.contains(QStringLiteral("this needs admin")));

    // An admin at the counter can.
    CHECK(ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
               QStringLiteral("admin"), QStringLiteral("--password-fd"), QStringLiteral("0"),
               QStringLiteral("first.admin")},
              "admin-password-1\n", config)
              .exitCode == 0);
    const auto byAdmin =
        ctl({QStringLiteral("staff"), QStringLiteral("add"), QStringLiteral("--role"),
             QStringLiteral("operator"), QStringLiteral("--password-fd"), QStringLiteral("0"),
             QStringLiteral("--operator"), QStringLiteral("first.admin"),
             QStringLiteral("--operator-password-fd"), QStringLiteral("0"), QStringLiteral("new.operator")},
            "new-operator-pw\nadmin-password-1\n", counterConfig);
    INFO(byAdmin.err.toStdString());
    CHECK(byAdmin.exitCode == 0);
    CHECK(
        tx.exec1(
              "SELECT count(*) FROM audit_log a JOIN staff s ON s.id = a.actor_staff_id "
              "WHERE a.event = 'staff.created' AND a.subject = 'new.operator' AND s.username = 'first.admin'")
            [0]
                .as<int>() == 1);
}

TEST_CASE("countersignctl registers centres and counters", "[ctl][db]") {
    test::TestDatabase database(/*migrated=*/true, /*withCounter=*/false);
    // Setting up centres and counters is the installer's work, as the database owner.
    const QString config =
        QString::fromStdString(test::writeTestConfig(database, {}, test::DatabaseLogin::Owner));
    CHECK(ctl({QStringLiteral("centre"), QStringLiteral("add"), QStringLiteral("--name"),
               QStringLiteral("宁波服务中心"), QStringLiteral("NB01")},
              {}, config)
              .exitCode == 0);
    CHECK(ctl({QStringLiteral("counter"), QStringLiteral("add"), QStringLiteral("--centre"),
               QStringLiteral("NB01"), QStringLiteral("03")},
              {}, config)
              .exitCode == 0);
    const auto unknownCentre = ctl({QStringLiteral("counter"), QStringLiteral("add"),
                                    QStringLiteral("--centre"), QStringLiteral("XX99"), QStringLiteral("01")},
                                   {}, config);
    CHECK(unknownCentre.exitCode == 1);
    CHECK(unknownCentre.err.contains(QStringLiteral("does not exist")));
    auto conn = database.connect();
    pqxx::read_transaction tx{*conn};
    CHECK(tx.exec1("SELECT count(*) FROM counters co JOIN centres ce ON ce.id = co.centre_id "
                   "WHERE ce.code = 'NB01' AND co.code = '03'")[0]
              .as<int>() == 1);
}
