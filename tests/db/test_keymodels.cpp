// Key models (issue 20, 0029_keymodels.sql): a model records where its factory SO PIN file is, its PIN
// lengths and algorithms; only an admin's session sets one, audited with the admin. A key received into stock
// has no SO PIN version until this system puts it on a derived SO PIN; an admin's token init records it.
// Attacked as counter 01's own login; the honest path works.
#include <catch2/catch.hpp>

#include <string>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/stock/keymodels.h"
#include "db/keymodelstore.h"
#include "db/sopinstore.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

std::string logIn(pqxx::connection& conn, const std::string& user, const std::string& password) {
    const auto r = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(password));
    REQUIRE(r.status == auth::LoginStatus::Ok);
    return r.session->c_str();
}

long long count(pqxx::connection& owner, const std::string& sql) {
    pqxx::read_transaction tx{owner};
    return tx.exec1(sql)[0].as<long long>();
}

// A fresh database with counter 01's own login and an admin logged in there.
struct Models {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long admin = database.addStaff("admin.li", "admin-password", "admin");
    Secret session{logIn(*counter, "admin.li", "admin-password")};
};

constexpr const char* kSet = "SELECT countersign.key_model_set($1, 'ePass3003', 'Feitian', '/etc/countersign/"
                             "epass.sopin', 6, 8, ARRAY['rsa2048'])";

} // namespace

TEST_CASE("key models: a counter's login, an operator's session or another counter's admin can't set a model "
          "or record an SO PIN version",
          "[db][redteam][admin][keymodels]") {
    Models m;
    test::TestDatabase& database = m.database;
    pqxx::connection& counter = *m.counter;
    const long long admin = m.admin;
    database.addStaff("op.zhou", "operator-password", "operator");
    const std::string adminSession = m.session.c_str();
    const std::string operatorSession = logIn(counter, "op.zhou", "operator-password");
    const auto other = database.addCounter("02");
    pqxx::connection otherCounter{other.dsn};
    const std::string otherSession = logIn(otherCounter, "admin.li", "admin-password");
    long long action = 0;
    {
        pqxx::work tx{counter};
        tx.exec_params(kSet, adminSession);
        tx.exec_params("SELECT countersign.stock_receive($1, 'ePass3003', NULL, ARRAY['K-STOCK'], 'DN-1')",
                       adminSession);
        action = tx.exec_params1("SELECT countersign.admin_action_begin($1, 'token.init', 'K-STOCK', '{}')",
                                 adminSession)[0]
                     .as<long long>();
        tx.commit();
    }

    test::AttackLog log{counter};
    log.attack("set a model with no session", "needs an admin's session",
               [](pqxx::transaction_base& tx) { tx.exec_params(kSet, nullptr); });
    log.attack("set a model with an operator's session", "op.zhou is operator and this needs admin",
               [&](pqxx::transaction_base& tx) { tx.exec_params(kSet, operatorSession); });
    log.attack("set a model with another counter's admin session", "no such staff session at this counter",
               [&](pqxx::transaction_base& tx) { tx.exec_params(kSet, otherSession); });
    log.attack("write a model straight into the table", "permission denied",
               [admin](pqxx::transaction_base& tx) {
                   tx.exec_params(
                       "INSERT INTO countersign.key_models (name, factory_so_pin_file, updated_by) VALUES "
                       "('Evil', '/tmp/evil', $1)",
                       admin);
               });
    log.attack("point a model at another file by hand", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE countersign.key_models SET factory_so_pin_file = '/tmp/evil'");
    });
    log.attack("erase a model", "permission denied",
               [](pqxx::transaction_base& tx) { tx.exec("DELETE FROM countersign.key_models"); });
    log.attack("a relative factory SO PIN file", "must be an absolute path", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.key_model_set($1, 'X', NULL, 'sopin.txt', NULL, NULL, '{}')",
                       adminSession);
    });
    log.attack("an algorithm the counter doesn't issue", "no algorithm dsa1024",
               [&](pqxx::transaction_base& tx) {
                   tx.exec_params(
                       "SELECT countersign.key_model_set($1, 'X', NULL, NULL, NULL, NULL, ARRAY['dsa1024'])",
                       adminSession);
               });
    log.attack("a shortest PIN longer than the longest", "is longer than the longest",
               [&](pqxx::transaction_base& tx) {
                   tx.exec_params("SELECT countersign.key_model_set($1, 'X', NULL, NULL, 9, 8, '{}')",
                                  adminSession);
               });

    const std::string record = "SELECT countersign.key_so_pin_recorded($1, $2, 'K-STOCK', 1)";
    log.attack("record an SO PIN version with no session", "needs an admin's session",
               [&](pqxx::transaction_base& tx) { tx.exec_params(record, nullptr, action); });
    log.attack("record an SO PIN version with an operator's session", "op.zhou is operator",
               [&](pqxx::transaction_base& tx) { tx.exec_params(record, operatorSession, action); });
    log.attack("record an SO PIN version for another key than the action's",
               "is about key K-STOCK, not K-OTHER", [&](pqxx::transaction_base& tx) {
                   tx.exec_params("SELECT countersign.key_so_pin_recorded($1, $2, 'K-OTHER', 1)",
                                  adminSession, action);
               });
    log.attack("record an SO PIN version with no admin command", "no started key initialisation",
               [&](pqxx::transaction_base& tx) { tx.exec_params(record, adminSession, action + 1000); });
    const long long admin2 = database.addStaff("admin.wu", "admin-password-2", "admin");
    (void)admin2;
    const std::string admin2Session = logIn(counter, "admin.wu", "admin-password-2");
    log.attack("record an SO PIN version under another admin's command", "no started key initialisation",
               [&](pqxx::transaction_base& tx) { tx.exec_params(record, admin2Session, action); });
    log.attack("write a key's SO PIN version by hand", "permission denied", [](pqxx::transaction_base& tx) {
        tx.exec("UPDATE countersign.tokens SET so_pin_version = 1 WHERE serial = 'K-STOCK'");
    });
    log.attack("record a version for a key off the books by hand", "permission denied",
               [action](pqxx::transaction_base& tx) {
                   tx.exec_params(
                       "INSERT INTO countersign.key_so_pin_records (serial, so_pin_version, action_id) "
                       "VALUES ('K-X', 1, $1)",
                       action);
               });

    CHECK(log.succeeded().empty());
    CHECK(log.tried() == 16);
    // Nothing but the honest set-up: one model, set by the admin, and the key in stock with no SO PIN
    // version.
    CHECK(count(*m.owner, "SELECT count(*) FROM countersign.key_models") == 1);
    CHECK(count(*m.owner, "SELECT count(*) FROM countersign.key_models WHERE name = 'ePass3003' AND "
                          "factory_so_pin_file = '/etc/countersign/epass.sopin' AND updated_by = " +
                              std::to_string(m.admin)) == 1);
    CHECK(count(*m.owner,
                "SELECT count(*) FROM countersign.tokens WHERE serial = 'K-STOCK' AND so_pin_version "
                "IS NULL") == 1);
    CHECK(count(*m.owner, "SELECT count(*) FROM countersign.key_so_pin_records") == 0);
}

TEST_CASE("key models: an admin sets a model, the audit chain names the admin, and a counter reads it",
          "[db][admin][keymodels]") {
    Models m;
    pqxx::connection& counter = *m.counter;
    const Secret& session = m.session;

    db::KeyModel model;
    model.name = "SoftHSM v2";
    model.manufacturer = "SoftHSM project";
    model.factorySoPinFile = "/etc/countersign/softhsm.sopin";
    model.pinMin = 4;
    model.pinMax = 8;
    model.algorithms = {"rsa2048", "ec-p256"};
    {
        pqxx::work tx{counter};
        stock::setModel(tx, session, model);
        tx.commit();
    }
    {
        pqxx::read_transaction tx{counter};
        const auto found = db::KeyModelStore{tx}.find("SoftHSM v2");
        REQUIRE(found);
        CHECK(found->manufacturer == "SoftHSM project");
        CHECK(found->factorySoPinFile == "/etc/countersign/softhsm.sopin");
        CHECK(found->pinMin == 4);
        CHECK(found->pinMax == 8);
        CHECK(found->algorithms == std::vector<std::string>{"ec-p256", "rsa2048"});
        CHECK(found->updatedBy == "admin.li");
        CHECK_FALSE(db::KeyModelStore{tx}.find("softhsm v2")); // the name as the key reports it, exactly
    }
    // Set again, whole: the file cleared, no limits, whatever the key offers.
    model.factorySoPinFile.clear();
    model.pinMin = model.pinMax = 0;
    model.algorithms.clear();
    {
        pqxx::work tx{counter};
        stock::setModel(tx, session, model);
        tx.commit();
    }
    {
        pqxx::read_transaction tx{counter};
        const auto models = db::KeyModelStore{tx}.list();
        REQUIRE(models.size() == 1);
        CHECK(models[0].factorySoPinFile.empty());
        CHECK(models[0].pinMin == 0);
        CHECK(models[0].algorithms.empty());
    }
    // A refusal comes back in the database's words.
    model.pinMin = 9;
    model.pinMax = 4;
    {
        pqxx::work tx{counter};
        CHECK_THROWS_WITH(stock::setModel(tx, session, model), Catch::Contains("is longer than the longest"));
    }
    CHECK(count(*m.owner,
                "SELECT count(*) FROM countersign.audit_log WHERE event = 'stock.model_set' AND subject = "
                "'SoftHSM v2' AND actor_staff_id = " +
                    std::to_string(m.admin)) == 2);
    CHECK(count(*m.owner, "SELECT count(*) FROM countersign.audit_log WHERE event = 'stock.model_set' AND "
                          "detail ->> 'factory_so_pin_file' = '/etc/countersign/softhsm.sopin' AND "
                          "(detail ->> 'new')::boolean") == 1);
}

TEST_CASE("key models: an admin's token init records the SO PIN version of a key in stock and of one off the "
          "books, and the counter reads both",
          "[db][admin][keymodels][sopin]") {
    Models m;
    pqxx::connection& counter = *m.counter;
    const Secret& session = m.session;
    auto begin = [&](const std::string& kind, const std::string& serial) {
        pqxx::work tx{counter};
        const auto id = tx.exec_params1("SELECT countersign.admin_action_begin($1, $2, $3, '{}')",
                                        session.c_str(), kind, serial)[0]
                            .as<long long>();
        tx.commit();
        return id;
    };
    auto version = [&](const std::string& serial) {
        pqxx::read_transaction tx{counter};
        return db::SoPinStore{tx}.version(serial);
    };
    {
        pqxx::work tx{counter};
        tx.exec_params("SELECT countersign.stock_receive($1, 'ePass3003', NULL, ARRAY['K-1'], 'DN-1')",
                       session.c_str());
        tx.commit();
    }
    CHECK_FALSE(version("K-1")); // from the factory: not on an SO PIN of this system
    CHECK_FALSE(version("K-AWAY"));

    const long long init = begin("token.init", "K-1");
    {
        pqxx::work tx{counter};
        db::SoPinStore{tx}.setByAdmin(session, init, "K-1", 2);
        tx.commit();
    }
    CHECK(version("K-1") == 2);
    // The blank key in the writer (no serial when the command began) gets its serial from the initialisation.
    const long long blank = begin("token.init", "");
    {
        pqxx::work tx{counter};
        db::SoPinStore{tx}.setByAdmin(session, blank, "K-AWAY", 1);
        tx.commit();
    }
    CHECK(version("K-AWAY") == 1);
    CHECK(count(*m.owner, "SELECT count(*) FROM countersign.audit_log WHERE event = 'key.so_pin_recorded'") ==
          2);
    // A finished command records nothing more.
    {
        pqxx::work tx{counter};
        tx.exec_params("SELECT countersign.admin_action_finish($1, $2, true, '{}')", session.c_str(), init);
        tx.commit();
    }
    {
        pqxx::work tx{counter};
        CHECK_THROWS_WITH(db::SoPinStore{tx}.setByAdmin(session, init, "K-1", 3),
                          Catch::Contains("no started key initialisation"));
    }
    CHECK(version("K-1") == 2);
}
