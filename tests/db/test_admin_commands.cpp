// Admin work from the command line needs an admin's session, checked in the database (issue "the database is
// the authority", 0018_admin_commands.sql): receiving keys into stock, writing a key off, revoking a
// certificate and the CA's and the key's admin actions (ca.issue, token.init/set_pin/unlock/retire). Each
// function is attacked as counter 01's own login with no session, with an operator's session and with another
// counter's admin session; the writes only these commands made are attacked directly. Every attempt must fail
// with its reason; the honest path, with an admin's session, works and records the admin.
#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kNoSession = "needs an admin's session";
constexpr const char* kNotAdmin = "op.zhou is operator and this needs admin";
constexpr const char* kOtherCounter = "no such staff session at this counter";
constexpr const char* kNoPrivilege = "permission denied";

struct AdminAttacks {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    test::AttackLog log{*counter};

    std::string logIn(pqxx::connection& conn, const std::string& user, const std::string& password) {
        const auto r = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(password));
        REQUIRE(r.status == auth::LoginStatus::Ok);
        return r.session->c_str();
    }
    long long count(const std::string& sql) {
        pqxx::read_transaction tx{*owner};
        return tx.exec1(sql)[0].as<long long>();
    }
};

/// An enterprise's active certificate 5AFE01 on record, as the owner puts it there.
void addCertificate(pqxx::connection& owner) {
    pqxx::work tx{owner};
    const auto enterprise =
        tx.exec1("INSERT INTO enterprises (uscc, name) VALUES ('91350100M000100Y43', '天津示例科技有限公司') "
                 "RETURNING id")[0]
            .as<long long>();
    tx.exec_params0(
        "INSERT INTO certificates (serial, issuer, enterprise_id, subject, not_before, not_after, "
        "status, der) VALUES ('5AFE01', 'CN=Test CA', $1, 'CN=x', now(), now() + interval '1 year', "
        "'active', $2)",
        enterprise, pqxx::binarystring(std::string("der-5AFE01")));
    tx.commit();
}

/// The calls an admin command makes, each with the session as $1.
struct AdminCall {
    const char* what;
    const char* sql;
};
const std::vector<AdminCall> kAdminCalls = {
    {"receive keys into stock",
     "SELECT countersign.stock_receive($1, 'ePass3003', NULL, ARRAY['FORGED-1'], 'DN-X')"},
    {"write a key off", "SELECT countersign.stock_write_off($1, 'K-STOCK', 'WO-X', 'gone')"},
    {"revoke a certificate", "SELECT countersign.certificate_revoke($1, '5AFE01', 'keyCompromise')"},
    {"begin issuing a certificate outside a transaction",
     "SELECT countersign.admin_action_begin($1, 'ca.issue', 'R-FORGED', '{}')"},
    {"begin initialising a key", "SELECT countersign.admin_action_begin($1, 'token.init', '', '{}')"},
    {"begin setting a key's PIN with the SO PIN",
     "SELECT countersign.admin_action_begin($1, 'token.set_pin', 'K-HELD', '{}')"},
    {"begin unlocking a key", "SELECT countersign.admin_action_begin($1, 'token.unlock', 'K-HELD', '{}')"},
    {"begin wiping a key", "SELECT countersign.admin_action_begin($1, 'token.retire', 'K-HELD', '{}')"},
    {"finish an admin's action",
     "SELECT countersign.admin_action_finish($1, (SELECT max(id) FROM admin_actions), true, '{}')"},
};

} // namespace

TEST_CASE("admin commands: a counter's login with no session, an operator's or another counter's session is "
          "refused by the database",
          "[db][auth][redteam][admin]") {
    AdminAttacks r;
    const long long admin = r.database.addStaff("admin.li", "admin-password", "admin");
    r.database.addStaff("op.zhou", "operator-password", "operator");
    // What there is to attack: a certificate on record, a key in stock, an action begun by the admin.
    addCertificate(*r.owner);
    const std::string adminSession = r.logIn(*r.counter, "admin.li", "admin-password");
    {
        pqxx::work tx{*r.counter};
        tx.exec_params("SELECT countersign.stock_receive($1, 'ePass3003', NULL, ARRAY['K-STOCK', 'K-HELD'], "
                       "'DN-1')",
                       adminSession);
        tx.exec_params("SELECT countersign.admin_action_begin($1, 'token.init', '', '{}')", adminSession);
        tx.commit();
    }
    const std::string operatorSession = r.logIn(*r.counter, "op.zhou", "operator-password");
    const auto other = r.database.addCounter("02");
    pqxx::connection otherCounter{other.dsn};
    const std::string otherSession = r.logIn(otherCounter, "admin.li", "admin-password");

    for (const auto& call : kAdminCalls) {
        const std::string what = call.what;
        const char* sql = call.sql;
        r.log.attack(what + " with no session", kNoSession,
                     [sql](pqxx::transaction_base& tx) { tx.exec_params(sql, nullptr); });
        r.log.attack(
            what + " with an operator's session", kNotAdmin,
            [sql, &operatorSession](pqxx::transaction_base& tx) { tx.exec_params(sql, operatorSession); });
        r.log.attack(what + " with another counter's admin session", kOtherCounter,
                     [sql, &otherSession](pqxx::transaction_base& tx) { tx.exec_params(sql, otherSession); });
    }

    // --- the writes only these commands made, straight into the tables (no grant at all since 0019; 0018's
    // trigger still holds for the owner)
    r.log.attack("write a key off with a movement of its own", "permission denied for table stock_movements",
                 [admin](pqxx::transaction_base& tx) {
                     tx.exec_params(
                         "INSERT INTO stock_movements (token_id, centre_id, kind, staff_id, reference) "
                         "SELECT id, centre_id, 'write_off', $1, 'WO-X' FROM tokens WHERE serial = "
                         "'K-STOCK'",
                         admin);
                 });
    r.log.attack("take a key out of service by hand", "permission denied for table tokens",
                 [](pqxx::transaction_base& tx) {
                     tx.exec("UPDATE tokens SET state = 'retired' WHERE serial = 'K-STOCK'");
                 });
    r.log.attack("record an admin action of one's own", kNoPrivilege, [admin](pqxx::transaction_base& tx) {
        tx.exec_params(
            "INSERT INTO admin_actions (kind, subject, staff_id, counter_id) VALUES ('token.retire', "
            "'K-STOCK', $1, 1)",
            admin);
    });
    r.log.attack("mark an admin action done by hand", kNoPrivilege, [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE admin_actions SET state = 'done', finished_at = now()");
    });
    r.log.attack("erase an admin action", kNoPrivilege,
                 [](pqxx::transaction_base& tx) { tx.exec("DELETE FROM admin_actions"); });
    // An admin's own session can't finish an action twice, nor one of another admin.
    const long long otherAdmin = r.database.addStaff("admin.wu", "admin-password-2", "admin");
    (void)otherAdmin;
    const std::string otherAdminSession = r.logIn(*r.counter, "admin.wu", "admin-password-2");
    r.log.attack("finish another admin's action", "of this admin at this counter",
                 [&otherAdminSession](pqxx::transaction_base& tx) {
                     tx.exec_params(
                         "SELECT countersign.admin_action_finish($1, (SELECT max(id) FROM admin_actions), "
                         "true, '{}')",
                         otherAdminSession);
                 });

    CHECK(r.log.succeeded().empty());
    CHECK(r.log.tried() == 3 * static_cast<int>(kAdminCalls.size()) + 6);
    // Nothing was written but what the honest set-up made.
    CHECK(r.count("SELECT count(*) FROM tokens") == 2);
    CHECK(r.count("SELECT count(*) FROM stock_movements") == 2);
    CHECK(r.count("SELECT count(*) FROM admin_actions") == 1);
    CHECK(r.count("SELECT count(*) FROM certificates WHERE revoked_at IS NOT NULL") == 0);
}

TEST_CASE("admin commands: with an admin's session each works and records the admin from the session",
          "[db][auth][admin]") {
    test::TestDatabase database;
    const long long admin = database.addStaff("admin.li", "admin-password", "admin");
    auto owner = database.connect();
    auto counter = database.connectAsCounter();
    const auto login = auth::logIn(*counter, auth::LoginPurpose::Login, "admin.li", Secret("admin-password"));
    REQUIRE(login.status == auth::LoginStatus::Ok);
    const std::string session = login.session->c_str();
    addCertificate(*owner);
    auto call = [&](const std::string& sql) {
        pqxx::work tx{*counter};
        const auto r = tx.exec_params(sql, session);
        tx.commit();
        return r;
    };
    auto refusal = [&](const std::string& sql) -> std::string {
        try {
            call(sql);
        } catch (const pqxx::sql_error& e) {
            return e.what();
        }
        return "accepted";
    };

    const auto ids = call(
        "SELECT unnest(countersign.stock_receive($1, 'ePass3003', 'Feitian', ARRAY['K-1', 'K-2'], 'DN-1'))");
    CHECK(ids.size() == 2);
    CHECK_THAT(
        refusal("SELECT countersign.stock_receive($1, 'ePass3003', NULL, ARRAY['K-3', 'K-1'], 'DN-2')"),
        Catch::Contains("key K-1 is already known (state in_stock at centre TJ01); nothing was received"));
    CHECK_THAT(
        refusal("SELECT countersign.stock_receive($1, 'ePass3003', NULL, ARRAY['K-4', 'K-4'], 'DN-2')"),
        Catch::Contains("key K-4 is listed twice"));
    CHECK(call("SELECT countersign.stock_write_off($1, 'K-2', 'WO-1', 'cracked')")[0][0].as<std::string>() ==
          "in_stock");
    CHECK_THAT(
        refusal("SELECT countersign.stock_write_off($1, 'K-2', 'WO-2', '')"),
        Catch::Contains("key K-2 is retired: only a key in stock or a damaged key can be written off"));
    CHECK_THAT(refusal("SELECT countersign.stock_write_off($1, 'K-1', '', '')"),
               Catch::Contains("a write-off needs a reference"));

    const long long revoke =
        call("SELECT countersign.certificate_revoke($1, '5AFE01', 'keyCompromise')")[0][0].as<long long>();
    call("SELECT countersign.admin_action_finish($1, " + std::to_string(revoke) + ", true, '{}')");
    CHECK_THAT(
        refusal("SELECT countersign.admin_action_finish($1, " + std::to_string(revoke) + ", true, '{}')"),
        Catch::Contains("is done already"));
    const long long init =
        call("SELECT countersign.admin_action_begin($1, 'token.init', '', '{\"label\": \"L\"}')")[0][0]
            .as<long long>();
    call("SELECT countersign.admin_action_finish($1, " + std::to_string(init) +
         ", false, '{\"error\": \"TokenNotPresent\"}')");

    // A key an unfinished transaction is working on is that transaction's.
    {
        pqxx::work tx{*owner};
        tx.exec_params0("INSERT INTO tokens (serial, model, state, centre_id) VALUES ('K-BUSY', 'ePass3003', "
                        "'active', $1)",
                        database.centreId());
        tx.exec_params0(
            "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, token_id) "
            "SELECT 'T-BUSY', 'UNLOCK', $1, $2, $3, id FROM tokens WHERE serial = 'K-BUSY'",
            admin, database.counterId(), database.centreId());
        tx.commit();
    }
    CHECK_THAT(refusal("SELECT countersign.admin_action_begin($1, 'token.retire', 'K-BUSY', '{}')"),
               Catch::Contains("key K-BUSY is being worked on by transaction T-BUSY"));

    // The owner's login without a session is not an admin for these either.
    {
        pqxx::work tx{*owner};
        CHECK_THROWS_WITH(
            tx.exec("SELECT countersign.stock_write_off(NULL, 'K-1', 'WO-3', '')"),
            Catch::Contains("writing keys off needs an admin's session: log in with --operator"));
    }

    pqxx::read_transaction tx{*owner};
    CHECK(tx.exec1("SELECT state FROM tokens WHERE serial = 'K-2'")[0].as<std::string>() == "retired");
    CHECK(tx.exec1("SELECT manufacturer FROM tokens WHERE serial = 'K-1'")[0].as<std::string>() == "Feitian");
    CHECK(tx.exec_params1("SELECT count(*) FROM stock_movements WHERE staff_id = $1", admin)[0].as<int>() ==
          3);
    CHECK(tx.exec1("SELECT status || ' ' || revocation_reason FROM certificates WHERE serial = '5AFE01'")[0]
              .as<std::string>() == "revoked keyCompromise");
    CHECK(tx.exec_params1("SELECT count(*) FROM admin_actions WHERE staff_id = $1", admin)[0].as<int>() == 2);
    CHECK(tx.exec1("SELECT string_agg(kind || ':' || state, ',' ORDER BY id) FROM admin_actions")[0]
              .as<std::string>() == "ca.revoke:done,token.init:failed");
    for (const char* event :
         {"stock.received", "stock.written_off", "certificate.revoked", "ca.revoke.started", "ca.revoke.done",
          "token.init.started", "token.init.failed"}) {
        INFO(event);
        CHECK(tx.exec_params1("SELECT count(*) FROM audit_log WHERE event = $1 AND actor_staff_id = $2",
                              event, admin)[0]
                  .as<int>() >= 1);
    }
}
