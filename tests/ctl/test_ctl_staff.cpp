// countersignctl staff list / disable / enable / set-role / reset-password / unlock / passwd (issue 21): an
// admin's changes through the database's own functions, the database's refusals in its words with exit 1,
// usage mistakes with exit 2 before anyone logs in, and a reset password changed with passwd before the
// account can do anything else.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "tests/support/testenv.h"

using namespace countersign;

namespace {

struct Ctl {
    test::TestDatabase database;
    std::string config = test::writeTestConfig(database);

    Ctl() {
        database.addStaff("admin.liu", "password-9", "admin");
        database.addStaff("li.na", "password-1");
    }
    test::ProcessResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }
    /// As admin.liu; `before` is read from stdin first (a new password).
    test::ProcessResult asAdmin(std::vector<std::string> args, const std::string& before = {}) const {
        args.insert(args.end(), {"--operator", "admin.liu", "--operator-password-fd", "0"});
        return (*this)(args, before + "password-9\n");
    }
    std::string scalar(const std::string& sql) const {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? std::string() : f.as<std::string>();
    }
    /// The account's row of `staff list --json`.
    QJsonObject listed(const std::string& username) const {
        const auto r = asAdmin({"--json", "staff", "list"});
        REQUIRE(r.exitCode == 0);
        for (const auto& row : QJsonDocument::fromJson(QByteArray::fromStdString(r.out))
                                   .object()
                                   .value(QStringLiteral("staff"))
                                   .toArray())
            if (row.toObject().value(QStringLiteral("username")).toString().toStdString() == username)
                return row.toObject();
        FAIL("no row for " << username);
        return {};
    }
};

} // namespace

TEST_CASE("countersignctl staff list shows every account without a hash, to an admin only",
          "[ctl][db][staff]") {
    const Ctl ctl;
    const auto text = ctl.asAdmin({"staff", "list"});
    INFO(text.err);
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::Contains("username") && Catch::Contains("last login"));
    CHECK_THAT(text.out, Catch::Contains("admin.liu") && Catch::Contains("li.na (test)"));
    CHECK_THAT(text.out, !Catch::Contains("scrypt") && !Catch::Contains("bcrypt"));

    const QJsonObject li = ctl.listed("li.na");
    CHECK(li.value(QStringLiteral("role")).toString() == QStringLiteral("operator"));
    CHECK(li.value(QStringLiteral("centre")).toString() == QStringLiteral("TJ01"));
    CHECK(li.value(QStringLiteral("active")).toBool());
    CHECK(li.value(QStringLiteral("locked_until")).isNull());
    CHECK_FALSE(li.value(QStringLiteral("must_change_password")).toBool());
    CHECK(li.value(QStringLiteral("last_login")).isNull());
    CHECK_FALSE(ctl.listed("admin.liu").value(QStringLiteral("last_login")).isNull());
    CHECK_FALSE(li.contains(QStringLiteral("password_hash")));

    // A counter's login without an admin, or with an operator, lists nothing.
    const auto none = ctl({"staff", "list"});
    CHECK(none.exitCode == 1);
    CHECK_THAT(none.err, Catch::Contains("needs an admin's session"));
    const auto byOperator =
        ctl({"staff", "list", "--operator", "li.na", "--operator-password-fd", "0"}, "password-1\n");
    CHECK(byOperator.exitCode == 1);
    CHECK_THAT(byOperator.err, Catch::Contains("li.na is operator and this needs admin"));
}

TEST_CASE("countersignctl staff disable / enable / set-role: done and audited, the last admin kept",
          "[ctl][db][staff]") {
    const Ctl ctl;
    const auto disabled = ctl.asAdmin({"staff", "disable", "li.na"});
    INFO(disabled.err);
    CHECK(disabled.exitCode == 0);
    CHECK_THAT(disabled.out, Catch::Contains("staff account li.na disabled"));
    CHECK_FALSE(ctl.listed("li.na").value(QStringLiteral("active")).toBool());
    const auto login =
        ctl({"staff", "list", "--operator", "li.na", "--operator-password-fd", "0"}, "password-1\n");
    CHECK(login.exitCode == 1);
    CHECK_THAT(login.err, Catch::Contains("the account li.na is disabled"));
    const auto twice = ctl.asAdmin({"staff", "disable", "li.na"});
    CHECK(twice.exitCode == 1);
    CHECK_THAT(twice.err, Catch::Contains("the account li.na is disabled already"));
    CHECK(ctl.asAdmin({"staff", "enable", "li.na"}).exitCode == 0);
    CHECK(ctl.listed("li.na").value(QStringLiteral("active")).toBool());

    const auto last = ctl.asAdmin({"staff", "disable", "admin.liu"});
    CHECK(last.exitCode == 1);
    CHECK_THAT(last.err, Catch::Contains("admin.liu is the last active admin"));
    const auto demoted = ctl.asAdmin({"staff", "set-role", "admin.liu", "--role", "operator"});
    CHECK(demoted.exitCode == 1);
    CHECK_THAT(demoted.err, Catch::Contains("admin.liu is the last active admin"));

    const auto promoted =
        ctl.asAdmin({"--json", "staff", "set-role", "li.na", "--role", "supervisor", "--all-centres"});
    INFO(promoted.err);
    CHECK(promoted.exitCode == 0);
    CHECK(QJsonDocument::fromJson(QByteArray::fromStdString(promoted.out))
              .object()
              .value(QStringLiteral("role")) == QStringLiteral("supervisor"));
    const QJsonObject li = ctl.listed("li.na");
    CHECK(li.value(QStringLiteral("role")).toString() == QStringLiteral("supervisor"));
    CHECK(li.value(QStringLiteral("centre")).isNull());
    const auto noCentre =
        ctl.asAdmin({"staff", "set-role", "li.na", "--role", "operator", "--centre", "XX99"});
    CHECK(noCentre.exitCode == 1);
    CHECK_THAT(noCentre.err, Catch::Contains("there is no centre XX99"));
    const auto nobody = ctl.asAdmin({"staff", "enable", "nobody"});
    CHECK(nobody.exitCode == 1);
    CHECK_THAT(nobody.err, Catch::Contains("there is no staff account named nobody"));

    CHECK(ctl.scalar("SELECT string_agg(a.event, ',' ORDER BY a.id) FROM countersign.audit_log a JOIN "
                     "countersign.staff s ON s.id = a.actor_staff_id WHERE a.event LIKE 'staff.%' AND "
                     "s.username = 'admin.liu' AND a.subject = 'li.na'") ==
          "staff.disabled,staff.enabled,staff.role_changed");
}

TEST_CASE(
    "countersignctl staff reset-password: the account must change it (staff passwd) before it works again",
    "[ctl][db][staff]") {
    const Ctl ctl;
    const auto shortOne = ctl.asAdmin({"staff", "reset-password", "li.na", "--password-fd", "0"}, "short\n");
    CHECK(shortOne.exitCode == 1);
    CHECK_THAT(shortOne.err, Catch::Contains("at least 8 characters"));
    const auto reset =
        ctl.asAdmin({"staff", "reset-password", "li.na", "--password-fd", "0"}, "temporary-7\n");
    INFO(reset.err);
    CHECK(reset.exitCode == 0);
    CHECK_THAT(reset.out, Catch::Contains("to be changed at the next login"));
    CHECK(ctl.listed("li.na").value(QStringLiteral("must_change_password")).toBool());

    // The temporary password logs in, and the session does nothing else.
    const auto used =
        ctl({"staff", "list", "--operator", "li.na", "--operator-password-fd", "0"}, "temporary-7\n");
    CHECK(used.exitCode == 1);
    CHECK_THAT(used.err, Catch::Contains("must be changed first: countersignctl staff passwd li.na"));
    const auto oldOne = ctl({"staff", "passwd", "li.na", "--current-password-fd", "0", "--password-fd", "0"},
                            "password-1\nnew-password-8\n");
    CHECK(oldOne.exitCode == 1);
    CHECK_THAT(oldOne.err, Catch::Contains("wrong user name or password"));
    const auto same = ctl({"staff", "passwd", "li.na", "--current-password-fd", "0", "--password-fd", "0"},
                          "temporary-7\ntemporary-7\n");
    CHECK(same.exitCode == 1);
    CHECK_THAT(same.err, Catch::Contains("must differ"));
    const auto changed = ctl({"staff", "passwd", "li.na", "--current-password-fd", "0", "--password-fd", "0"},
                             "temporary-7\nnew-password-8\n");
    INFO(changed.err);
    CHECK(changed.exitCode == 0);
    CHECK_THAT(changed.out, Catch::Contains("the password of li.na is changed"));
    CHECK_FALSE(ctl.listed("li.na").value(QStringLiteral("must_change_password")).toBool());
    CHECK(ctl.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'staff.password_changed' AND "
                     "subject = 'li.na'") == "1");
    CHECK(ctl.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'staff.password_reset' AND "
                     "subject = 'li.na'") == "1");
}

TEST_CASE("countersignctl staff unlock clears a lock of wrong passwords", "[ctl][db][staff]") {
    const Ctl ctl;
    const auto notLocked = ctl.asAdmin({"staff", "unlock", "li.na"});
    CHECK(notLocked.exitCode == 1);
    CHECK_THAT(notLocked.err, Catch::Contains("the account li.na is not locked"));
    for (int i = 0; i < 5; ++i)
        ctl({"staff", "list", "--operator", "li.na", "--operator-password-fd", "0"}, "wrong-password\n");
    const auto locked =
        ctl({"staff", "list", "--operator", "li.na", "--operator-password-fd", "0"}, "password-1\n");
    CHECK_THAT(locked.err, Catch::Contains("is locked until"));
    CHECK_FALSE(ctl.listed("li.na").value(QStringLiteral("locked_until")).isNull());
    const auto unlocked = ctl.asAdmin({"staff", "unlock", "li.na"});
    INFO(unlocked.err);
    CHECK(unlocked.exitCode == 0);
    CHECK_THAT(unlocked.out, Catch::Contains("staff account li.na unlocked"));
    CHECK(ctl.listed("li.na").value(QStringLiteral("locked_until")).isNull());
    const auto works =
        ctl({"staff", "list", "--operator", "li.na", "--operator-password-fd", "0"}, "password-1\n");
    CHECK_THAT(works.err,
               Catch::Contains("li.na is operator and this needs admin")); // logged in, not an admin
}

TEST_CASE("countersignctl staff: usage mistakes exit 2 before anyone logs in", "[ctl][db][staff]") {
    const Ctl ctl;
    const std::vector<std::vector<std::string>> mistakes = {
        {"staff"},
        {"staff", "frobnicate"},
        {"staff", "disable"},
        {"staff", "disable", "li.na"},                             // no --operator
        {"staff", "set-role", "li.na", "--operator", "admin.liu"}, // no --role
        {"staff", "set-role", "li.na", "--role", "root", "--operator", "admin.liu"},
        {"staff", "set-role", "li.na", "--role", "admin", "--centre", "TJ01", "--all-centres", "--operator",
         "x"},
        {"staff", "reset-password", "li.na", "--password", "secret-123", "--operator", "admin.liu"},
        {"staff", "passwd"},
        {"staff", "list", "extra"},
    };
    for (const auto& args : mistakes) {
        const auto r = ctl(args);
        std::string line;
        for (const auto& a : args)
            line += a + " ";
        INFO(line << ": " << r.err);
        CHECK(r.exitCode == 2);
    }
    // Nobody logged in.
    CHECK(ctl.scalar("SELECT count(*) FROM countersign.audit_log WHERE event LIKE 'login.%'") == "0");
    const auto help = ctl({"--help"});
    CHECK_THAT(help.out,
               Catch::Contains("staff reset-password USERNAME") && Catch::Contains("staff passwd USERNAME"));
}
