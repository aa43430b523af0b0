// Staff accounts managed by admins (issue 21, the staff_admin migration): disable / enable, role and centre,
// a password reset that must be changed at the next login, unlock, and a person's own password change — each
// through the database's own function with the admin's session, audited with the admin and the account. The
// last active admin can't be disabled or demoted. Attacked as counter 01's own login; the honest path works.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "db/connection.h"
#include "db/staffstore.h"
#include "db/workstationstore.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

auth::LoginResult logInAs(pqxx::connection& conn, const std::string& user, const std::string& password) {
    return auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(password));
}

std::string logIn(pqxx::connection& conn, const std::string& user, const std::string& password) {
    const auto r = logInAs(conn, user, password);
    REQUIRE(r.status == auth::LoginStatus::Ok);
    return r.session->c_str();
}

std::string scalar(pqxx::connection& owner, const std::string& sql) {
    pqxx::read_transaction tx{owner};
    const auto f = tx.exec1(sql)[0];
    return f.is_null() ? std::string() : f.as<std::string>();
}

// What the database says when `sql` (with `params`) is run as the counter: empty when it was done.
template <typename... Args>
std::string refusal(pqxx::connection& conn, const std::string& sql, Args&&... args) {
    try {
        pqxx::work tx{conn};
        tx.exec_params(sql, std::forward<Args>(args)...);
        tx.commit();
        return {};
    } catch (const pqxx::sql_error& e) {
        return e.what();
    }
}

// A fresh database with counter 01's own login, an admin logged in there and an operator.
struct Staff {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long admin = database.addStaff("admin.li", "admin-password", "admin");
    long long op = database.addStaff("op.zhou", "operator-password", "operator");
    std::string session = logIn(*counter, "admin.li", "admin-password");

    std::string call(const std::string& sql, const std::string& who) {
        return refusal(*counter, sql, session, who);
    }
    // Whether a session still works (session_whoami checks it like every function that needs a person).
    std::string whoami(const std::string& token) {
        return refusal(*counter, "SELECT countersign.session_whoami($1)", token);
    }
    long long audited(const std::string& event, const std::string& subject) {
        return std::stoll(scalar(*owner, "SELECT count(*) FROM countersign.audit_log WHERE event = '" +
                                             event + "' AND subject = '" + subject +
                                             "' AND actor_staff_id = " + std::to_string(admin)));
    }
};

const char* const kDisable = "SELECT countersign.staff_disable($1, $2)";
const char* const kEnable = "SELECT countersign.staff_enable($1, $2)";
const char* const kUnlock = "SELECT countersign.staff_unlock($1, $2)";

} // namespace

TEST_CASE(
    "staff admin: a disabled account can't log in and its open session stops at once, and enabled it logs in",
    "[db][admin][staff]") {
    Staff s;
    pqxx::connection& counter = *s.counter;
    const std::string opSession = logIn(counter, "op.zhou", "operator-password");
    CHECK(s.whoami(opSession).empty());

    CHECK(s.call(kDisable, "op.zhou").empty());
    CHECK_THAT(s.whoami(opSession), Catch::Contains("the staff session has ended"));
    CHECK(scalar(*s.owner, "SELECT end_reason FROM countersign.staff_sessions WHERE staff_id = " +
                               std::to_string(s.op) + " ORDER BY id DESC LIMIT 1") == "disabled");
    CHECK(logInAs(counter, "op.zhou", "operator-password").status == auth::LoginStatus::Disabled);
    CHECK_THAT(s.call(kDisable, "op.zhou"), Catch::Contains("the account op.zhou is disabled already"));
    CHECK(s.audited("staff.disabled", "op.zhou") == 1);
    CHECK(scalar(*s.owner, "SELECT detail->>'sessions_ended' FROM countersign.audit_log WHERE event = "
                           "'staff.disabled'") == "1");

    CHECK(s.call(kEnable, "op.zhou").empty());
    CHECK(logInAs(counter, "op.zhou", "operator-password").status == auth::LoginStatus::Ok);
    CHECK_THAT(s.call(kEnable, "op.zhou"), Catch::Contains("enabled already"));
    CHECK(s.audited("staff.enabled", "op.zhou") == 1);
    CHECK_THAT(s.call(kDisable, "nobody"), Catch::Contains("there is no staff account named nobody"));
}

TEST_CASE("staff admin: the last active admin can't be disabled or demoted, not even by themself",
          "[db][admin][staff]") {
    Staff s;
    const std::string demote = "SELECT countersign.staff_set_role($1, $2, 'supervisor', NULL)";
    CHECK_THAT(s.call(kDisable, "admin.li"), Catch::Contains("admin.li is the last active admin"));
    CHECK_THAT(s.call(demote, "admin.li"), Catch::Contains("admin.li is the last active admin"));
    CHECK(scalar(*s.owner, "SELECT role || active FROM countersign.staff WHERE username = 'admin.li'") ==
          "admintrue");

    // A second admin, disabled, does not count; enabled, it does.
    s.database.addStaff("admin.wu", "admin-password-2", "admin");
    CHECK(s.call(kDisable, "admin.wu").empty());
    CHECK_THAT(s.call(kDisable, "admin.li"), Catch::Contains("last active admin"));
    CHECK(s.call(kEnable, "admin.wu").empty());
    // Now admin.li may step down; then admin.wu is the last one, and admin.li no admin to do more.
    CHECK(s.call(demote, "admin.li").empty());
    CHECK_THAT(s.call(kDisable, "admin.wu"), Catch::Contains("needs admin"));
    const std::string wu = logIn(*s.counter, "admin.wu", "admin-password-2");
    CHECK_THAT(refusal(*s.counter, kDisable, wu, "admin.wu"),
               Catch::Contains("admin.wu is the last active admin"));
    CHECK_THAT(
        refusal(*s.counter, "SELECT countersign.staff_set_role($1, $2, 'operator', NULL)", wu, "admin.wu"),
        Catch::Contains("admin.wu is the last active admin"));
    CHECK(scalar(*s.owner, "SELECT count(*) FROM countersign.staff WHERE role = 'admin' AND active") == "1");
}

TEST_CASE("staff admin: two admins disabling each other at the same moment leave one admin",
          "[db][admin][staff]") {
    Staff s;
    s.database.addStaff("admin.wu", "admin-password-2", "admin");
    pqxx::connection other{s.database.counterDsn()};
    const std::string wu = logIn(other, "admin.wu", "admin-password-2");
    std::string second;
    {
        // admin.li disables admin.wu and has not committed yet when admin.wu disables admin.li: the second
        // waits for the first and counts what it committed.
        pqxx::work first{*s.counter};
        first.exec_params(kDisable, s.session, "admin.wu");
        std::thread racer([&] { second = refusal(other, kDisable, wu, "admin.li"); });
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        first.commit();
        racer.join();
    }
    CHECK_THAT(second, Catch::Contains("admin.li is the last active admin"));
    CHECK(scalar(*s.owner, "SELECT string_agg(username, ',') FROM countersign.staff WHERE role = 'admin' AND "
                           "active") == "admin.li");
}

TEST_CASE("staff admin: role and centre change, the person's other sessions end, audited with both",
          "[db][admin][staff]") {
    Staff s;
    {
        pqxx::work tx{*s.owner};
        db::WorkstationStore(tx).addCentre("BJ01", "北京市服务中心", "北京");
        tx.commit();
    }
    const std::string opSession = logIn(*s.counter, "op.zhou", "operator-password");
    CHECK(refusal(*s.counter, "SELECT countersign.staff_set_role($1, $2, 'supervisor', 'BJ01')", s.session,
                  "op.zhou")
              .empty());
    CHECK(scalar(*s.owner,
                 "SELECT s.role || '@' || c.code FROM countersign.staff s JOIN countersign.centres c "
                 "ON c.id = s.centre_id WHERE s.username = 'op.zhou'") == "supervisor@BJ01");
    CHECK_THAT(s.whoami(opSession), Catch::Contains("ended"));
    CHECK(s.whoami(s.session).empty());
    CHECK(scalar(*s.owner,
                 "SELECT detail->>'from_role' || '>' || (detail->>'to_role') || '@' || "
                 "(detail->>'to_centre') FROM countersign.audit_log WHERE event = 'staff.role_changed' "
                 "AND subject = 'op.zhou' AND actor_staff_id = " +
                     std::to_string(s.admin)) == "operator>supervisor@BJ01");
    // Every centre (head office), the role kept.
    CHECK(refusal(*s.counter, "SELECT countersign.staff_set_role($1, $2, NULL, '')", s.session, "op.zhou")
              .empty());
    CHECK(scalar(*s.owner,
                 "SELECT role || coalesce(centre_id::text, '-') FROM countersign.staff WHERE username = "
                 "'op.zhou'") == "supervisor-");
    CHECK_THAT(
        refusal(*s.counter, "SELECT countersign.staff_set_role($1, $2, NULL, 'XX99')", s.session, "op.zhou"),
        Catch::Contains("there is no centre XX99"));
    CHECK_THAT(
        refusal(*s.counter, "SELECT countersign.staff_set_role($1, $2, 'root', NULL)", s.session, "op.zhou"),
        Catch::Contains("not root"));
    CHECK_THAT(refusal(*s.counter, "SELECT countersign.staff_set_role($1, $2, 'supervisor', '')", s.session,
                       "op.zhou"),
               Catch::Contains("nothing to change"));
}

TEST_CASE("staff admin: a reset password must be changed at the next login before anything else works",
          "[db][admin][staff]") {
    Staff s;
    pqxx::connection& counter = *s.counter;
    const std::string before = logIn(counter, "op.zhou", "operator-password");
    {
        pqxx::work tx{counter};
        CHECK_THROWS_WITH(
            db::StaffStore(tx).resetPassword(Secret(s.session), "op.zhou", Secret(std::string("short"))),
            Catch::Contains("at least 8 characters"));
    }
    {
        pqxx::work tx{counter};
        db::StaffStore(tx).resetPassword(Secret(s.session), "op.zhou", Secret(std::string("temporary-1")));
        tx.commit();
    }
    CHECK(s.audited("staff.password_reset", "op.zhou") == 1);
    CHECK_THAT(s.whoami(before), Catch::Contains("ended"));
    CHECK(logInAs(counter, "op.zhou", "operator-password").status == auth::LoginStatus::WrongCredentials);

    const auto login = logInAs(counter, "op.zhou", "temporary-1");
    REQUIRE(login.status == auth::LoginStatus::Ok);
    CHECK(login.mustChangePassword);
    const std::string token = login.session->c_str();
    // Nothing but the change: who am I, an operation, the staff list.
    CHECK_THAT(s.whoami(token), Catch::Contains("the password of op.zhou must be changed first"));
    CHECK_THAT(refusal(counter, "SELECT countersign.tx_open($1, 'NEW', '{}')", token),
               Catch::Contains("must be changed first"));

    auto change = [&](const std::string& oldPassword, const std::string& newPassword) {
        try {
            auth::changePassword(counter, login.session, Secret(oldPassword), Secret(newPassword));
            return std::string();
        } catch (const pqxx::sql_error& e) {
            return db::databaseRefusal(e).value_or(e.what());
        }
    };
    CHECK_THAT(change("guess-password", "new-password-1"),
               Catch::Contains("current password given for op.zhou is wrong"));
    CHECK_THAT(change("temporary-1", "temporary-1"), Catch::Contains("must differ"));
    CHECK_THAT(change("temporary-1", "short"), Catch::Contains("at least 8 characters"));
    CHECK(change("temporary-1", "new-password-1").empty());
    CHECK(s.whoami(token).empty());
    CHECK(std::stoll(scalar(*s.owner, "SELECT count(*) FROM countersign.audit_log WHERE event = "
                                      "'staff.password_changed' AND actor_staff_id = " +
                                          std::to_string(s.op) + " AND detail->>'was_temporary' = 'true'")) ==
          1);
    const auto again = logInAs(counter, "op.zhou", "new-password-1");
    REQUIRE(again.status == auth::LoginStatus::Ok);
    CHECK_FALSE(again.mustChangePassword);
    // A person changes their own password whenever they like, with the old one.
    // The first session was replaced by the new login.
    CHECK_THAT(change("new-password-1", "newer-password-2"), Catch::Contains("ended"));
    CHECK(refusal(counter, "SELECT countersign.staff_change_password($1, $2, $3)", again.session->c_str(),
                  "new-password-1", "newer-password-2")
              .empty());
}

TEST_CASE("staff admin: an account locked by wrong passwords is unlocked by an admin and logs in at once",
          "[db][admin][staff]") {
    Staff s;
    pqxx::connection& counter = *s.counter;
    CHECK_THAT(s.call(kUnlock, "op.zhou"), Catch::Contains("the account op.zhou is not locked"));
    auth::LoginResult r;
    for (int i = 0; i < 5; ++i)
        r = logInAs(counter, "op.zhou", "wrong-password");
    REQUIRE(r.status == auth::LoginStatus::Locked);
    CHECK(logInAs(counter, "op.zhou", "operator-password").status == auth::LoginStatus::Locked);
    {
        pqxx::work tx{counter};
        const auto accounts = db::StaffStore(tx).accounts(s.session.c_str());
        tx.commit();
        REQUIRE(accounts.size() == 2);
        CHECK(accounts[1].username == "op.zhou");
        CHECK_FALSE(accounts[1].lockedUntil.empty());
        CHECK(accounts[0].username == "admin.li");
        CHECK(accounts[0].lockedUntil.empty());
        CHECK_FALSE(accounts[0].lastLogin.empty());
        CHECK(accounts[0].centre == "TJ01");
    }
    CHECK(s.call(kUnlock, "op.zhou").empty());
    CHECK(s.audited("staff.unlocked", "op.zhou") == 1);
    CHECK(logInAs(counter, "op.zhou", "operator-password").status == auth::LoginStatus::Ok);
}

TEST_CASE("staff admin: a counter's login with no session, an operator's or a supervisor's, or writing the "
          "table, changes no account",
          "[db][redteam][admin][staff]") {
    Staff s;
    pqxx::connection& counter = *s.counter;
    s.database.addStaff("sup.wang", "supervisor-password", "supervisor");
    const std::string opSession = logIn(counter, "op.zhou", "operator-password");
    const std::string supSession = logIn(counter, "sup.wang", "supervisor-password");
    const auto other = s.database.addCounter("02");
    pqxx::connection otherCounter{other.dsn};
    const std::string otherAdmin = logIn(otherCounter, "admin.li", "admin-password");
    const long long admin = s.admin;

    test::AttackLog log{counter};
    const std::vector<std::pair<std::string, std::string>> calls = {
        {"disable", "SELECT countersign.staff_disable($1, 'admin.li')"},
        {"enable", "SELECT countersign.staff_enable($1, 'admin.li')"},
        {"promote", "SELECT countersign.staff_set_role($1, 'op.zhou', 'admin', NULL)"},
        {"reset the password of", "SELECT countersign.staff_reset_password($1, 'admin.li', 'attacker-pw-1')"},
        {"unlock", "SELECT countersign.staff_unlock($1, 'admin.li')"},
        {"list", "SELECT * FROM countersign.staff_accounts($1)"},
    };
    for (const auto& [what, sql] : calls) {
        log.attack(what + " an account with an operator's session",
                   "op.zhou is operator and this needs admin",
                   [&, sql = sql](pqxx::transaction_base& tx) { tx.exec_params(sql, opSession); });
        log.attack(what + " an account with a supervisor's session",
                   "sup.wang is supervisor and this needs admin",
                   [&, sql = sql](pqxx::transaction_base& tx) { tx.exec_params(sql, supSession); });
        log.attack(what + " an account with another counter's admin session", "no such staff session",
                   [&, sql = sql](pqxx::transaction_base& tx) { tx.exec_params(sql, otherAdmin); });
        log.attack(what + " an account with no session", "admin",
                   [&, sql = sql](pqxx::transaction_base& tx) { tx.exec_params(sql, nullptr); });
    }
    log.attack("promote oneself by writing the table", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE countersign.staff SET role = 'admin' WHERE username = 'op.zhou'");
    });
    log.attack("clear a lock by writing the table", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE countersign.staff SET locked_until = NULL, failed_logins = 0");
    });
    log.attack("skip the forced change by writing the table", "permission denied",
               [](pqxx::transaction_base& tx) {
                   tx.exec("UPDATE countersign.staff SET password_changed_at = now()");
               });
    log.attack("disable an admin by writing the table", "permission denied",
               [admin](pqxx::transaction_base& tx) {
                   tx.exec_params("UPDATE countersign.staff SET active = false WHERE id = $1", admin);
               });
    log.attack("add an admin by writing the table", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("INSERT INTO countersign.staff (username, display_name, role, password_hash) VALUES "
                "('evil', 'Evil', 'admin', 'x')");
    });
    log.attack("end another person's sessions directly", "permission denied",
               [admin](pqxx::transaction_base& tx) {
                   tx.exec_params("SELECT countersign.staff_end_sessions($1, NULL, 'disabled')", admin);
               });
    log.attack("read a session's person without the must-change check", "permission denied",
               [&](pqxx::transaction_base& tx) {
                   tx.exec_params("SELECT countersign.session_person($1)", opSession);
               });
    log.attack("change another person's password with one's own session",
               "current password given for op.zhou is wrong", [&](pqxx::transaction_base& tx) {
                   tx.exec_params(
                       "SELECT countersign.staff_change_password($1, 'admin-password', 'x-password-1')",
                       opSession);
               });
    CHECK(log.succeeded().empty());
    CHECK(log.tried() == 32);

    // Nothing changed: admin.li is the active admin with the password it had, op.zhou an operator.
    CHECK(scalar(*s.owner,
                 "SELECT string_agg(username || ':' || role || ':' || active, ',' ORDER BY username) "
                 "FROM countersign.staff") ==
          "admin.li:admin:true,op.zhou:operator:true,sup.wang:supervisor:true");
    CHECK(logInAs(counter, "admin.li", "admin-password").status == auth::LoginStatus::Ok);
    CHECK(scalar(*s.owner, "SELECT count(*) FROM countersign.audit_log WHERE event LIKE 'staff.%'") == "0");
}
