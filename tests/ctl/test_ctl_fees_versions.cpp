// countersignctl fees list / show / add-version (issue 21): an admin adds the next version of a fee schedule
// from a JSON file, approved by another admin or a supervisor; the file is checked field by field before
// anyone logs in; the list and show name every version with its validity, and which is in force here.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Contains;

namespace {

struct Ctl {
    test::TestDatabase database;
    std::string config = test::writeTestConfig(database);

    Ctl() {
        database.addStaff("admin.liu", "password-9", "admin");
        database.addStaff("admin.wu", "password-8", "admin");
        database.addStaff("sup.wang", "password-7", "supervisor");
        database.addStaff("li.na", "password-1");
    }
    test::ProcessResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }
    /// add-version as `who` approved by `approver`, both passwords on standard input.
    test::ProcessResult add(const std::string& file, const std::string& who, const std::string& password,
                            const std::string& approver, const std::string& approverPassword) const {
        return (*this)({"fees", "add-version", "--file", file, "--operator", who, "--password-fd", "0",
                        "--approver", approver, "--approver-password-fd", "0"},
                       password + "\n" + approverPassword + "\n");
    }
    std::string day(int offset) const {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        return tx
            .exec_params1("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + $1::integer)::text",
                          offset)[0]
            .as<std::string>();
    }
    long long count(const std::string& sql) const {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        return tx.exec1(sql)[0].as<long long>();
    }
};

std::string versionFile(const std::string& name, const std::string& from,
                        const std::string& renew = "160.00") {
    return test::writeScratchFile(
        name,
        R"({"code": "ningbo", "name": "Ningbo tax CA (iTrus), 2027", "valid_from": ")" + from +
            R"(", "rules": [)"
            R"({"operation": "NEW", "condition": "first_certificate", "amount": "0.00", "description": "first certificate subsidised"},)"
            R"({"operation": "NEW", "condition": "further_certificate", "amount_fen": 18000, "description": "further certificate"},)"
            R"({"operation": "RENEW", "amount": ")" +
            renew +
            R"(", "description": "annual service fee"},)"
            R"({"operation": "REPLACE", "amount": "100.00", "description": "replacement certificate incl. USB-KEY"}]})");
}

QJsonObject json(const test::ProcessResult& r) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
}

} // namespace

TEST_CASE(
    "countersignctl fees add-version: an admin adds a version another admin approves, list and show see it",
    "[ctl][db][fees][versions]") {
    const Ctl ctl;
    const std::string tomorrow = ctl.day(1);
    const std::string file = versionFile("ningbo-v2.json", tomorrow);

    const auto added = ctl.add(file, "admin.liu", "password-9", "admin.wu", "password-8");
    INFO(added.err);
    REQUIRE(added.exitCode == 0);
    CHECK_THAT(added.out, Contains("fee schedule ningbo version 2 added: in force from " + tomorrow));
    CHECK_THAT(added.out, Contains("approved by admin.wu"));
    CHECK(ctl.count("SELECT count(*) FROM audit_log WHERE event = 'fees.version_added'") == 1);

    const auto list = ctl({"--json", "fees", "list"});
    REQUIRE(list.exitCode == 0);
    int ningbo = 0;
    for (const auto& v : json(list).value("versions").toArray()) {
        const auto o = v.toObject();
        if (o.value("code").toString() != "ningbo")
            continue;
        ++ningbo;
        if (o.value("version").toInt() == 1) {
            CHECK(o.value("status").toString() == "in_force");
            CHECK(o.value("valid_to").toString().toStdString() == ctl.day(0));
        } else {
            CHECK(o.value("status").toString() == "future");
            CHECK(o.value("approved_by").toString() == "admin.wu");
        }
    }
    CHECK(ningbo == 2);
    const auto text = ctl({"fees", "list"});
    CHECK_THAT(text.out, Contains("ningbo v2"));
    CHECK_THAT(text.out, Contains("future"));

    const auto byVersion = ctl({"fees", "show", "ningbo", "--version", "2", "--operation", "RENEW"});
    REQUIRE(byVersion.exitCode == 0);
    CHECK_THAT(byVersion.out, Contains("version 2"));
    CHECK_THAT(byVersion.out, Contains("160.00"));
    const auto byDate =
        ctl({"--json", "fees", "show", "ningbo", "--date", ctl.day(0), "--operation", "RENEW"});
    REQUIRE(byDate.exitCode == 0);
    CHECK(json(byDate).value("rules").toArray().at(0).toObject().value("amount_fen").toInt() == 15000);
    const auto onDate = ctl({"--json", "fees", "show", "ningbo", "--date", tomorrow, "--operation", "RENEW"});
    CHECK(json(onDate).value("rules").toArray().at(0).toObject().value("amount_fen").toInt() == 16000);
    const auto none = ctl({"fees", "show", "ningbo", "--version", "9"});
    CHECK(none.exitCode == 1);
    CHECK_THAT(none.err, Contains("fee schedule ningbo has no version 9"));

    // A supervisor approves too.
    const auto later = ctl.add(versionFile("ningbo-v3.json", ctl.day(40), "170.00"), "admin.liu",
                               "password-9", "sup.wang", "password-7");
    INFO(later.err);
    CHECK(later.exitCode == 0);
}

TEST_CASE(
    "countersignctl fees add-version: refused with the same admin, an operator, a past date or a bad file",
    "[ctl][db][fees][versions]") {
    const Ctl ctl;
    const std::string file = versionFile("ningbo-next.json", ctl.day(1));

    const auto same = ctl.add(file, "admin.liu", "password-9", "admin.liu", "password-9");
    CHECK(same.exitCode == 1);
    CHECK_THAT(same.err, Contains("can't also approve it: a second person is needed"));
    const auto byOperator = ctl.add(file, "li.na", "password-1", "admin.wu", "password-8");
    CHECK(byOperator.exitCode == 1);
    CHECK_THAT(byOperator.err, Contains("adding a fee schedule version is an admin's work"));
    const auto operatorApproves = ctl.add(file, "admin.liu", "password-9", "li.na", "password-1");
    CHECK(operatorApproves.exitCode == 1);
    CHECK_THAT(operatorApproves.err, Contains("only a supervisor or another admin can approve"));
    const auto today = ctl.add(versionFile("ningbo-today.json", ctl.day(0)), "admin.liu", "password-9",
                               "admin.wu", "password-8");
    CHECK(today.exitCode == 1);
    CHECK_THAT(today.err, Contains("valid_from: a new version takes effect after today"));
    const auto bad =
        ctl.add(test::writeScratchFile(
                    "bad.json",
                    R"({"code": "ningbo", "name": "x", "valid_from": ")" + ctl.day(3) +
                        R"(", "rules": [{"operation": "RENEW", "amount": "1.234", "description": "d"}]})"),
                "admin.liu", "password-9", "admin.wu", "password-8");
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.err, Contains("rules[1].amount: must be yuan as a string"));
    CHECK_THAT(bad.err, Contains("nothing was added"));
    const auto noApprover =
        ctl({"fees", "add-version", "--file", file, "--operator", "admin.liu", "--password-fd", "0"},
            "password-9\n");
    CHECK(noApprover.exitCode != 0);
    CHECK_THAT(noApprover.err, Contains("--approver NAME is required"));

    CHECK(ctl.count("SELECT count(*) FROM fee_schedules WHERE code = 'ningbo'") == 1);
    // No staff login was wasted on the file's mistakes: the bad file was refused before anyone logged in.
    CHECK(ctl.count("SELECT count(*) FROM audit_log WHERE event = 'fees.version_added'") == 0);
}
