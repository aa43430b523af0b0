// countersignctl stock write-off with a reason and stock list with its filters (issue 21, "stock"): a key
// written off shows in the levels and the list of written-off keys with its reason, audited with the admin of
// the session; only an admin writes off, and a counter's login with an operator's session is refused by the
// database itself.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

struct Ctl {
    test::TestDatabase database;
    std::string config = test::writeTestConfig(database, "[stock]\nlow_level=3\n");

    Ctl() {
        database.addStaff("admin.liu", "password-9", "admin");
        database.addStaff("li.na", "password-1");
    }
    test::ProcessResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }
    test::ProcessResult asAdmin(std::vector<std::string> args) const {
        args.insert(args.end(), {"--operator", "admin.liu", "--password-fd", "0"});
        return (*this)(args, "password-9\n");
    }
    QJsonObject json(std::vector<std::string> args) const {
        args.insert(args.begin(), "--json");
        const auto r = (*this)(args);
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        return QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
    }
    std::string scalar(const std::string& sql) const {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        const auto r = tx.exec(sql);
        return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

QStringList serialsOf(const QJsonObject& list) {
    QStringList out;
    for (const auto v : list.value(QStringLiteral("keys")).toArray())
        out << v.toObject().value(QStringLiteral("serial")).toString();
    return out;
}

} // namespace

TEST_CASE(
    "countersignctl stock write-off takes the reason; the levels and the written-off list show it, audited "
    "with the admin",
    "[ctl][db][stock]") {
    const Ctl ctl;
    REQUIRE(ctl.asAdmin({"stock", "receive", "--model", "ePass3003", "--serial", "WO-K1", "--serial", "WO-K2",
                         "--serial", "WO-K3", "--reference", "DN-1"})
                .exitCode == 0);

    const auto done = ctl.asAdmin({"stock", "write-off", "WO-K1", "--reason", "casing cracked"});
    INFO(done.out << done.err);
    CHECK(done.exitCode == 0);
    CHECK(contains(done.out, "key WO-K1 written off: casing cracked"));

    const auto list = ctl({"stock", "list"});
    CHECK(contains(list.out, "ePass3003: 2 in stock, 0 damaged, 0 issued, 1 written off  LOW"));
    CHECK_FALSE(contains(list.out, "WO-K1"));
    const auto writtenOff = ctl({"stock", "list", "--status", "written_off"});
    CHECK(contains(writtenOff.out, "WO-K1  ePass3003  retired (written_off)"));
    CHECK(contains(writtenOff.out, "casing cracked"));
    CHECK_FALSE(contains(writtenOff.out, "WO-K2"));
    const auto json = ctl.json({"stock", "list", "--status", "written_off"});
    REQUIRE(json.value(QStringLiteral("keys")).toArray().size() == 1);
    const auto key = json.value(QStringLiteral("keys")).toArray()[0].toObject();
    CHECK(key.value(QStringLiteral("note")).toString() == QStringLiteral("casing cracked"));
    const auto level = json.value(QStringLiteral("levels")).toArray()[0].toObject();
    CHECK(level.value(QStringLiteral("written_off")).toInt() == 1);
    CHECK(level.value(QStringLiteral("in_stock")).toInt() == 2);
    CHECK(level.value(QStringLiteral("low")).toBool());

    // Audited with the admin the database took from the session, the reason with it.
    CHECK(ctl.scalar("SELECT s.username FROM countersign.audit_log a JOIN countersign.staff s ON s.id = "
                     "a.actor_staff_id WHERE a.event = 'stock.written_off' AND a.subject = 'WO-K1'") ==
          "admin.liu");
    CHECK(ctl.scalar("SELECT a.detail ->> 'note' FROM countersign.audit_log a WHERE a.event = "
                     "'stock.written_off' AND a.subject = 'WO-K1'") == "casing cracked");
    CHECK(ctl.scalar("SELECT note FROM countersign.stock_movements m JOIN countersign.tokens k ON k.id = "
                     "m.token_id WHERE k.serial = 'WO-K1' AND m.kind = 'write_off'") == "casing cracked");

    // Twice, by an operator, without a reason: refused, and nothing changes.
    const auto again = ctl.asAdmin({"stock", "write-off", "WO-K1", "--reason", "again"});
    CHECK(again.exitCode == 1);
    CHECK(contains(again.err, "key WO-K1 is retired"));
    const auto byOperator =
        ctl({"stock", "write-off", "WO-K2", "--reason", "lost", "--operator", "li.na", "--password-fd", "0"},
            "password-1\n");
    CHECK(byOperator.exitCode == 1);
    CHECK(contains(byOperator.err, "li.na is operator and this needs admin"));
    const auto noReason = ctl.asAdmin({"stock", "write-off", "WO-K2"});
    CHECK(noReason.exitCode == 2);
    CHECK(contains(noReason.err, "--reason"));
    CHECK(ctl.scalar("SELECT state FROM countersign.tokens WHERE serial = 'WO-K2'") == "in_stock");
    CHECK(ctl.scalar("SELECT countersign.audit_verify(" + std::to_string(ctl.database.counterId()) +
                     ") IS NULL") == "t");
}

TEST_CASE("a counter's own login can't write a key off with an operator's session, nor with none",
          "[ctl][db][stock]") {
    const Ctl ctl;
    REQUIRE(ctl.asAdmin({"stock", "receive", "--model", "ePass3003", "--serial", "RT-K1"}).exitCode == 0);
    auto conn = ctl.database.connectAsCounter();
    const auto login =
        auth::logIn(*conn, auth::LoginPurpose::Login, "li.na", Secret(std::string("password-1")));
    REQUIRE(login.status == auth::LoginStatus::Ok);
    auto refusal = [&](const std::string& session) {
        try {
            pqxx::work tx{*conn};
            tx.exec_params("SELECT countersign.stock_write_off(nullif($1, ''), 'RT-K1', '', 'broken')",
                           session);
            tx.commit();
        } catch (const pqxx::sql_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK_THAT(refusal(std::string(login.session->c_str())), Catch::Contains("admin"));
    CHECK_THAT(refusal(""), Catch::Contains("needs an admin's session"));
    CHECK(ctl.scalar("SELECT state FROM countersign.tokens WHERE serial = 'RT-K1'") == "in_stock");
}

TEST_CASE("countersignctl stock list picks keys by status and model, and refuses a status it doesn't know",
          "[ctl][db][stock]") {
    const Ctl ctl;
    REQUIRE(ctl.asAdmin({"stock", "receive", "--model", "ePass3003", "--serial", "LS-A1", "--serial", "LS-A2",
                         "--serial", "LS-A3"})
                .exitCode == 0);
    REQUIRE(ctl.asAdmin({"stock", "receive", "--model", "GD-2000", "--serial", "LS-B1"}).exitCode == 0);
    REQUIRE(ctl.asAdmin({"stock", "write-off", "LS-A3", "--reason", "dead on arrival", "--reference", "WO-7"})
                .exitCode == 0);

    const auto gd = ctl.json({"stock", "list", "--model", "GD-2000"});
    CHECK(serialsOf(gd) == QStringList{QStringLiteral("LS-B1")});
    REQUIRE(gd.value(QStringLiteral("levels")).toArray().size() == 1);
    CHECK(gd.value(QStringLiteral("levels"))
              .toArray()[0]
              .toObject()
              .value(QStringLiteral("model"))
              .toString() == QStringLiteral("GD-2000"));
    CHECK(serialsOf(ctl.json({"stock", "list", "--status", "in_stock", "--model", "ePass3003"})) ==
          (QStringList{QStringLiteral("LS-A1"), QStringLiteral("LS-A2")}));
    QStringList all = serialsOf(ctl.json({"stock", "list", "--status", "all"}));
    all.sort();
    CHECK(all == (QStringList{QStringLiteral("LS-A1"), QStringLiteral("LS-A2"), QStringLiteral("LS-A3"),
                              QStringLiteral("LS-B1")}));
    CHECK(serialsOf(ctl.json({"stock", "list", "--status", "damaged"})).isEmpty());
    // ePass3003 holds 2 (low under 3), GD-2000 1.
    const auto text = ctl({"stock", "list"});
    CHECK(contains(text.out, "ePass3003: 2 in stock, 0 damaged, 0 issued, 1 written off  LOW"));
    CHECK(contains(text.out, "GD-2000: 1 in stock, 0 damaged, 0 issued, 0 written off  LOW"));
    const auto bad = ctl({"stock", "list", "--status", "sold"});
    CHECK(bad.exitCode == 2);
    CHECK(contains(bad.err, "in_stock, damaged, issued, written_off or all"));
}
