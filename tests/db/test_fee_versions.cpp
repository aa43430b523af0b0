// Fee schedule versions (issue 21, the fees migration): a new version of a schedule takes over exactly on its
// date; a version in force or past is never changed, by anyone; adding one is an admin's session's work with
// a second person's approval (another admin or a supervisor) bound to exactly that version and used once.
// Attacked as counter 01's own login and the database owner's; the honest path works through
// backend/fees/schedules.h.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "backend/fees/fees.h"
#include "backend/fees/schedules.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Matchers::Contains;

namespace {

Date dbDay(pqxx::connection& conn, int offset) {
    pqxx::read_transaction tx{conn};
    return *Date::parse(
        tx.exec_params1("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + $1::integer)::text", offset)[0]
            .as<std::string>());
}

struct Versions {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long admin = database.addStaff("admin.li", "admin-password", "admin");
    long long admin2 = database.addStaff("admin.wu", "admin2-password", "admin");
    long long sup = database.addStaff("sup.wang", "supervisor-password", "supervisor");
    long long op = database.addStaff("op.zhou", "operator-password", "operator");
    std::shared_ptr<const Secret> session = logIn("admin.li", "admin-password");
    Date today = dbDay(*owner, 0);
    Date tomorrow = dbDay(*owner, 1);

    std::shared_ptr<const Secret> logIn(const std::string& user, const std::string& password) {
        const auto r = auth::logIn(*counter, auth::LoginPurpose::Login, user, Secret(password));
        REQUIRE(r.status == auth::LoginStatus::Ok);
        return r.session;
    }

    /// Ningbo's next version: RENEW 150.00 → 160.00 from `from`.
    fees::NewScheduleVersion ningbo(Date from) {
        fees::NewScheduleVersion v;
        {
            pqxx::read_transaction tx{*counter};
            v = fees::nextVersionDraft(tx, "ningbo", today);
        }
        v.validFrom = from.iso();
        v.name = "Ningbo tax CA (iTrus), new renewal fee";
        for (auto& r : v.rules)
            if (r.operation == "RENEW")
                r.amountFen = 16000;
        return v;
    }

    /// `approver` approves what the person of `asking` asks, for exactly `approves`. Returns the approval.
    long long approve(const std::shared_ptr<const Secret>& asking, long long requestedBy,
                      const std::string& approver, const std::string& password, const std::string& approves) {
        const auto a = approvals::verifyApprover(*counter, asking, {approver, Secret(password)},
                                                 approvals::ApprovalKind::FeeSchedule);
        pqxx::work tx{*counter};
        approvals::ApprovalRequest request;
        request.kind = approvals::ApprovalKind::FeeSchedule;
        request.requestedBy = requestedBy;
        request.counterId = database.counterId();
        request.reason = "new renewal fee";
        request.approves = approves;
        const long long id = approvals::recordApproval(tx, request, a);
        tx.commit();
        return id;
    }

    int add(const fees::NewScheduleVersion& v, long long approval, const Secret& as) {
        pqxx::work tx{*counter};
        const int n = fees::addScheduleVersion(tx, as, approval, v);
        tx.commit();
        return n;
    }

    long long renewFen(Date day) {
        pqxx::read_transaction tx{*counter};
        return fees::quote(tx, database.centreId(), "ningbo", "RENEW", {}, day).totalFen();
    }
};

} // namespace

TEST_CASE("fee versions: a new version approved by a second admin takes over exactly on its date",
          "[db][fees][versions]") {
    Versions f;
    const auto v = f.ningbo(f.tomorrow);
    const long long approval =
        f.approve(f.session, f.admin, "admin.wu", "admin2-password", fees::scheduleVersionApprovalText(v));
    CHECK(f.add(v, approval, *f.session) == 2);

    // The day before its date the old amounts, on its date the new.
    CHECK(f.renewFen(f.today) == 15000);
    CHECK(f.renewFen(f.tomorrow) == 16000);
    CHECK(f.renewFen(dbDay(*f.owner, 400)) == 16000);
    {
        pqxx::read_transaction tx{*f.counter};
        const auto old = fees::scheduleInForce(tx, f.database.centreId(), "ningbo", f.today);
        CHECK(old.version == 1);
        CHECK(old.validTo == f.today.iso()); // implied by the next version's start
        const auto next = fees::scheduleInForce(tx, f.database.centreId(), "ningbo", f.tomorrow);
        CHECK(next.version == 2);
        CHECK(next.validTo.empty());
        const auto list = fees::listScheduleVersions(tx, f.database.centreId(), "ningbo", f.today);
        int seen = 0;
        for (const auto& s : list) {
            if (s.code != "ningbo")
                continue;
            ++seen;
            if (s.version == 1) {
                CHECK(s.status == "in_force");
                CHECK(s.inForceHere);
            } else {
                CHECK(s.status == "future");
                CHECK_FALSE(s.inForceHere);
                CHECK(s.createdBy == "admin.li");
                CHECK(s.approvedBy == "admin.wu");
            }
        }
        CHECK(seen == 2);
        // Audited with the admin from the session and the approver.
        const auto audit =
            tx.exec1("SELECT actor_staff_id, detail ->> 'approved_by' FROM countersign.audit_log "
                     "WHERE event = 'fees.version_added'");
        CHECK(audit[0].as<long long>() == f.admin);
        CHECK(audit[1].as<long long>() == f.admin2);
    }

    // A supervisor approves too; the next version starts after the last one.
    const auto later = f.ningbo(dbDay(*f.owner, 30));
    const long long bySupervisor = f.approve(f.session, f.admin, "sup.wang", "supervisor-password",
                                             fees::scheduleVersionApprovalText(later));
    CHECK(f.add(later, bySupervisor, *f.session) == 3);
}

TEST_CASE(
    "fee versions: without approval, with the same admin, a reused or a different approval, by an operator "
    "or in the past: refused",
    "[db][fees][versions][redteam]") {
    Versions f;
    const auto v = f.ningbo(f.tomorrow);
    const std::string text = fees::scheduleVersionApprovalText(v);
    const std::string json = fees::scheduleVersionJson(v);
    const std::string add = "SELECT countersign.fee_schedule_add_version($1, $2, $3::jsonb)";

    // The same admin can't approve; an operator can't approve.
    CHECK_THROWS_WITH(f.approve(f.session, f.admin, "admin.li", "admin-password", text),
                      Contains("can't also approve it"));
    CHECK_THROWS_WITH(f.approve(f.session, f.admin, "op.zhou", "operator-password", text),
                      Contains("only a supervisor or another admin"));
    // Other kinds still need a supervisor: an admin's approval of a fee waiver is refused.
    CHECK_THROWS_WITH(
        approvals::verifySupervisor(*f.counter, f.session, {"admin.wu", Secret("admin2-password")}),
        Contains("only a supervisor can approve"));

    const long long approval = f.approve(f.session, f.admin, "admin.wu", "admin2-password", text);
    auto other = v;
    other.rules[0].amountFen += 100;
    const long long forOther = f.approve(f.session, f.admin, "sup.wang", "supervisor-password",
                                         fees::scheduleVersionApprovalText(other));
    const auto operatorSession = f.logIn("op.zhou", "operator-password");
    const auto admin2Session = f.logIn("admin.wu", "admin2-password");
    const std::string session = f.session->c_str();

    test::AttackLog log{*f.counter};
    log.attack("add a version without an approval", "needs a second person's approval",
               [&](pqxx::transaction_base& tx) { tx.exec_params(add, session, nullptr, json); });
    log.attack("add a version with the approval of another version",
               "this approval is for a different fee schedule",
               [&](pqxx::transaction_base& tx) { tx.exec_params(add, session, forOther, json); });
    log.attack(
        "add a version with an operator's session", "op.zhou is operator and this needs admin",
        [&](pqxx::transaction_base& tx) { tx.exec_params(add, operatorSession->c_str(), approval, json); });
    log.attack(
        "another admin spends an approval asked for by admin.li", "asked for by someone else",
        [&](pqxx::transaction_base& tx) { tx.exec_params(add, admin2Session->c_str(), approval, json); });
    auto past = v;
    past.validFrom = f.today.iso();
    log.attack("a version that takes effect today", "takes effect after today",
               [&](pqxx::transaction_base& tx) {
                   tx.exec_params(add, session, approval, fees::scheduleVersionJson(past));
               });
    log.attack("write a version straight into the table", "permission denied",
               [](pqxx::transaction_base& tx) {
                   tx.exec("INSERT INTO countersign.fee_schedules (code, name, valid_from) VALUES ('ningbo', "
                           "'x', now())");
               });
    log.attack("add a rule to the version in force", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec(
            "INSERT INTO countersign.fee_rules (schedule_id, operation, condition, amount_fen, description) "
            "SELECT id, 'NEW', 'default', 1, 'x' FROM countersign.fee_schedules WHERE code = 'ningbo'");
    });
    log.attack("lower a fee in force", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE countersign.fee_rules SET amount_fen = 0");
    });
    log.attack("move a version's date", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE countersign.fee_schedules SET valid_from = valid_from + 1");
    });

    // The honest call works, once.
    CHECK(f.add(v, approval, *f.session) == 2);
    log.attack("reuse the approval", "this approval was already used", [&](pqxx::transaction_base& tx) {
        auto again = v;
        again.validFrom = dbDay(*f.owner, 5).iso();
        tx.exec_params(add, session, approval, fees::scheduleVersionJson(again));
    });
    CHECK(log.succeeded().empty());
}

TEST_CASE("fee versions: a version in force or past can't be changed, not even by the database owner",
          "[db][fees][versions][redteam]") {
    Versions f;
    test::AttackLog log{*f.owner};
    for (const char* sql :
         {"UPDATE countersign.fee_rules SET amount_fen = 0 WHERE schedule_id = (SELECT id FROM "
          "countersign.fee_schedules WHERE code = 'ningbo')",
          "DELETE FROM countersign.fee_rules WHERE schedule_id = (SELECT id FROM countersign.fee_schedules "
          "WHERE "
          "code = 'tianjin-2018')",
          "UPDATE countersign.fee_schedules SET valid_from = DATE '2099-01-01' WHERE code = 'ningbo'",
          "DELETE FROM countersign.fee_schedules WHERE code = 'tianjin-2018'",
          "INSERT INTO countersign.fee_rules (schedule_id, operation, condition, amount_fen, description) "
          "SELECT id, "
          "'UNLOCK', 'first_certificate', 100, 'x' FROM countersign.fee_schedules WHERE code = 'ningbo'"})
        log.attack(std::string("as the owner: ") + sql, "took effect",
                   [sql](pqxx::transaction_base& tx) { tx.exec(sql); });

    // A future version changes only until it takes effect: and a fee line's rules never change.
    const auto v = f.ningbo(f.tomorrow);
    f.add(v,
          f.approve(f.session, f.admin, "sup.wang", "supervisor-password",
                    fees::scheduleVersionApprovalText(v)),
          *f.session);
    log.attack("add a rule to a future version after it was made", "its rules are added with it",
               [](pqxx::transaction_base& tx) {
                   tx.exec(
                       "INSERT INTO countersign.fee_rules (schedule_id, operation, condition, amount_fen, "
                       "description) SELECT id, 'UNLOCK', 'first_certificate', 100, 'x' FROM "
                       "countersign.fee_schedules WHERE code = 'ningbo' AND version = 2");
               });
    CHECK(log.succeeded().empty());
}

TEST_CASE("fee versions: a version's file is checked field by field", "[fees][versions]") {
    const Date today{2026, 12, 7};
    const auto refused = [&](const std::string& json, const std::string& because) {
        CHECK_THROWS_WITH(fees::parseScheduleVersionJson(json, today), Contains(because));
    };
    const std::string rules =
        R"("rules": [{"operation": "RENEW", "amount": "160.00", "description": "annual"}])";
    refused("[]", "must be a JSON object");
    refused(R"({"name": "N", "valid_from": "2027-01-01", )" + rules + "}", "code: is required");
    refused(R"({"code": "c", "valid_from": "2027-01-01", )" + rules + "}", "name: is required");
    refused(R"({"code": "c", "name": "N", "valid_from": "2026-12-07", )" + rules + "}",
            "valid_from: a new version takes effect after today");
    refused(R"({"code": "c", "name": "N", "valid_from": "2027-02-30", )" + rules + "}", "valid_from:");
    refused(R"({"code": "c", "name": "N", "valid_from": "2027-01-01"})", "rules: is required");
    refused(
        R"({"code": "c", "name": "N", "valid_from": "2027-01-01", "rules": [{"operation": "RENEW", "amount": )"
        R"(160, "description": "a"}]})",
        "rules[1].amount: must be yuan as a string");
    refused(
        R"({"code": "c", "name": "N", "valid_from": "2027-01-01", "rules": [{"operation": "RENEW", "amount": )"
        R"("-1.00", "description": "a"}]})",
        "rules[1].amount: a charge is 0.00 or more");
    refused(R"({"code": "c", "name": "N", "valid_from": "2027-01-01", "rules": [{"operation": "RENEWAL", )"
            R"("amount": "1.00", "description": "a"}]})",
            "rules[1].operation");
    refused(R"({"code": "c", "name": "N", "valid_from": "2027-01-01", "rules": [{"operation": "RENEW", )"
            R"("amount": "1.00"}]})",
            "rules[1].description: is required");
    refused(R"({"code": "c", "name": "N", "valid_from": "2027-01-01", "colour": "red", )" + rules + "}",
            "colour: unknown field");
    const auto ok = fees::parseScheduleVersionJson(
        R"({"code": "c", "name": "N", "valid_from": "2027-01-01", "rules": [{"operation": "REPLACE", "amount": )"
        R"("26.00", "description": "media"}, {"operation": "REPLACE", "condition": "damage_waiver", "amount_fen": )"
        R"(-2600, "description": "waived"}]})",
        today);
    REQUIRE(ok.rules.size() == 2);
    CHECK(ok.rules[0].amountFen == 2600);
    CHECK(ok.rules[1].amountFen == -2600);
}
