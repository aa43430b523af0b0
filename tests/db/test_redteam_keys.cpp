// Keys, stock movements and certificates recorded only through the database's functions
// (db/migrations/0019_key_records.sql). Counter 01's own login tries to move keys, record certificates, fake
// stock movements and CRLs by hand, and to stretch the functions: no session, another counter's or an ended
// one, another counter's transaction, a transaction at another step, a key of another centre. Every attempt
// must fail, saying why; the honest calls work.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kUscc = "91350100M000100Y43";
constexpr const char* kNoSession = "no such staff session";
constexpr const char* kForeign = "is not one of this counter's";
constexpr const char* kWrongStep = "does not belong there";

struct Keys {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    test::TestDatabase::Counter other = database.addCounter("02");
    long long op = database.addStaff("op.li", "operator-pass");
    long long op2 = database.addStaff("op.zhao", "operator2-pass");
    long long op3 = database.addStaff("op.sun", "operator3-pass");
    long long enterprise = 0;
    long long otherCentre = 0;
    test::AttackLog log{*counter};

    std::string login(pqxx::connection& conn, const std::string& user, const std::string& password) {
        const auto r = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(std::string(password)));
        REQUIRE(r.status == auth::LoginStatus::Ok);
        return r.session->c_str();
    }

    long long token(const std::string& serial, const std::string& state, std::optional<long long> centre) {
        pqxx::work tx{*owner};
        const long long id =
            tx.exec_params1("INSERT INTO countersign.tokens (serial, model, state, centre_id) VALUES ($1, "
                            "'ePass3003', 'in_stock', $2) RETURNING id",
                            serial, centre.value_or(database.centreId()))[0]
                .as<long long>();
        if (state != "in_stock") {
            tx.exec0("SET LOCAL session_replication_role = replica");
            tx.exec_params0("UPDATE countersign.tokens SET state = $2, centre_id = $3 WHERE id = $1", id,
                            state, centre);
        }
        tx.commit();
        return id;
    }

    /// Set-up, as the owner: a NEW/REPLACE of `op` at `counterId`, moved to `state` behind the triggers'
    /// back.
    long long transaction(const std::string& number, long long counterId, const std::string& state,
                          const std::string& kind = "NEW", std::optional<long long> tokenId = std::nullopt,
                          const std::string& work = "{}") {
        pqxx::work tx{*owner};
        const long long id =
            tx.exec_params1(
                  "INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
                  "centre_id, enterprise_id, work) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) "
                  "RETURNING id",
                  number, kind, op, counterId, database.centreId(), enterprise, work)[0]
                .as<long long>();
        tx.exec0("SET LOCAL session_replication_role = replica");
        tx.exec_params0("UPDATE countersign.transactions SET state = $2, token_id = $3 WHERE id = $1", id,
                        state, tokenId);
        tx.commit();
        return id;
    }

    void certificate(const std::string& serial, const std::string& status, std::optional<long long> tokenId,
                     std::optional<long long> transactionId) {
        pqxx::work tx{*owner};
        tx.exec_params0(
            "INSERT INTO countersign.certificates (serial, issuer, token_id, enterprise_id, transaction_id, "
            "subject, uscc, not_before, not_after, status, revocation_reason, revoked_at, der) VALUES ($1, "
            "'CN=Test Issuing CA', $2, $3, $4, 'CN=test', $5, now() - interval '1 day', now() + interval "
            "'1 year', $6, CASE WHEN $6 = 'revoked' THEN 'keyCompromise' END, CASE WHEN $6 = 'revoked' THEN "
            "now() END, convert_to($1, 'UTF8'))",
            serial, tokenId, enterprise, transactionId, kUscc, status);
        tx.commit();
    }

    long long count(const std::string& sql) {
        pqxx::read_transaction tx{*owner};
        return tx.exec1(sql)[0].as<long long>();
    }
};

/// The parameters of tx_certificate_issued / ca_issue_record for certificate `serial` naming `uscc`.
const char* const kIssued =
    "SELECT countersign.tx_certificate_issued($1, $2, $3, 'CN=Test Issuing CA', 'CN=x', "
    "$4, 'EC-P256', now(), now() + interval '1 year', convert_to($3, 'UTF8'))";
const char* const kCaIssue =
    "SELECT countersign.ca_issue_record($1, $2, 'CN=Test Issuing CA', 'enterprise-tax', "
    "'CN=x', $3, 'x', 'EC-P256', now(), now() + interval '1 year', convert_to($2, 'UTF8'), '')";

} // namespace

TEST_CASE(
    "red team keys: keys, stock movements, certificates and CRLs are written only through the database's "
    "functions, for this counter's transactions at their step",
    "[db][redteam][keys]") {
    Keys f;
    {
        pqxx::work tx{*f.owner};
        f.enterprise = tx.exec_params1("INSERT INTO countersign.enterprises (uscc, name) VALUES ($1, "
                                       "'天津示例科技有限公司') RETURNING id",
                                       kUscc)[0]
                           .as<long long>();
        f.otherCentre =
            tx.exec1("INSERT INTO countersign.centres (code, name) VALUES ('NB01', '宁波') RETURNING id")[0]
                .as<long long>();
        tx.exec0("INSERT INTO countersign.ca_authority (root_der, issuing_der, key_store, key_ref) VALUES "
                 "('\\x30', '\\x30', 'file', '/nonexistent')");
        tx.commit();
    }
    const long long stock = f.token("K-STOCK", "in_stock", f.database.centreId());
    f.token("K-NB", "in_stock", f.otherCentre);
    const long long active = f.token("K-ACTIVE", "active", f.database.centreId());
    const long long genKey = f.token("K-GEN", "blank", f.database.centreId());
    const long long verKey = f.token("K-VER", "blank", f.database.centreId());
    const long long tFee = f.transaction("TJ01-K-1", f.database.counterId(), "fee_recorded");
    const long long tGen = f.transaction("TJ01-K-2", f.database.counterId(), "key_generated", "NEW", genKey);
    const long long tVer = f.transaction("TJ01-K-3", f.database.counterId(), "verified", "NEW", verKey);
    const long long tOther = f.transaction("TJ01-K-4", f.other.id, "fee_recorded");
    const long long tOtherGen = f.transaction("TJ01-K-5", f.other.id, "key_generated", "NEW", genKey);
    const long long tRep = f.transaction("TJ01-K-6", f.database.counterId(), "fee_recorded", "REPLACE", {},
                                         "{\"revoke\": [\"C-LIVE\"]}");
    f.certificate("C-LIVE", "active", active, std::nullopt);
    f.certificate("C-REV", "revoked", active, std::nullopt);
    f.certificate("C-OTHER", "issued", genKey, tOtherGen);
    f.certificate("C-VER", "issued", verKey, tVer);

    const std::string session = f.login(*f.counter, "op.li", "operator-pass");
    auto otherConn = std::make_unique<pqxx::connection>(f.other.dsn);
    const std::string foreign = f.login(*otherConn, "op.zhao", "operator2-pass");
    std::string ended;
    {
        const auto r = auth::logIn(*f.counter, auth::LoginPurpose::Login, "op.sun",
                                   Secret(std::string("operator3-pass")));
        REQUIRE(r.status == auth::LoginStatus::Ok);
        ended = r.session->c_str();
        auth::logOut(*f.counter, r.session);
    }
    auto& L = f.log;

    // --- by hand
    // --------------------------------------------------------------------------------------------
    L.attack("record a key by hand", "permission denied for table tokens", [&](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO countersign.tokens (serial, model, state, centre_id) VALUES ('K-NEW', 'x', "
                 "'active', 1)");
    });
    L.attack("move a key from stock to active by hand", "permission denied for table tokens",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params0("UPDATE countersign.tokens SET state = 'blank' WHERE id = $1", stock);
             });
    L.attack("put a key in another centre by hand", "permission denied for table tokens",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params0("UPDATE countersign.tokens SET centre_id = $2 WHERE id = $1", stock,
                                 f.otherCentre);
             });
    L.attack("bump a key's SO PIN version by hand", "permission denied for table tokens",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params0("UPDATE countersign.tokens SET so_pin_version = 9 WHERE id = $1", active);
             });
    L.attack("delete a key", "permission denied for table tokens",
             [&](pqxx::transaction_base& tx) { tx.exec0("DELETE FROM countersign.tokens"); });
    L.attack("fake a stock movement in a colleague's name", "permission denied for table stock_movements",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params0(
                     "INSERT INTO countersign.stock_movements (token_id, centre_id, kind, staff_id) "
                     "VALUES ($1, $2, 'receive', $3)",
                     stock, f.database.centreId(), f.op2);
             });
    L.attack("delete a stock movement", "permission denied for table stock_movements",
             [&](pqxx::transaction_base& tx) { tx.exec0("DELETE FROM countersign.stock_movements"); });
    L.attack("record a certificate onto a key by hand", "permission denied for table certificates",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params0(
                     "INSERT INTO countersign.certificates (serial, issuer, token_id, enterprise_id, "
                     "subject, not_before, not_after, der) VALUES ('C-FAKE', 'CN=x', $1, $2, 'CN=x', "
                     "now(), now(), '\\x30')",
                     active, f.enterprise);
             });
    L.attack("un-revoke a certificate by hand", "permission denied for table certificates",
             [&](pqxx::transaction_base& tx) {
                 tx.exec0("UPDATE countersign.certificates SET status = 'active', revocation_reason = NULL, "
                          "revoked_at = NULL WHERE serial = 'C-REV'");
             });
    L.attack("put a certificate on another transaction by hand", "permission denied for table certificates",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params0(
                     "UPDATE countersign.certificates SET transaction_id = $1 WHERE serial = 'C-LIVE'", tFee);
             });
    L.attack("answer a CA request by hand", "permission denied for table ca_requests",
             [&](pqxx::transaction_base& tx) {
                 tx.exec0(
                     "INSERT INTO countersign.ca_requests (request_id, certificate_id) SELECT 'TJ01-K-1', id "
                     "FROM countersign.certificates WHERE serial = 'C-LIVE'");
             });
    L.attack("insert a CRL by hand", "permission denied for table ca_crls", [&](pqxx::transaction_base& tx) {
        tx.exec0(
            "INSERT INTO countersign.ca_crls (crl_number, this_update, next_update, der) VALUES (7, now(), "
            "now(), '\\x30')");
    });
    L.attack("bump the CRL number by hand", "permission denied for table ca_authority",
             [&](pqxx::transaction_base& tx) {
                 tx.exec0("UPDATE countersign.ca_authority SET crl_number = crl_number + 1");
             });

    // --- through the functions: who
    // --------------------------------------------------------------------------
    const auto take = [&](const std::string& s, long long id, const std::string& serial) {
        return [&, s, id, serial](pqxx::transaction_base& tx) {
            tx.exec_params("SELECT countersign.tx_key_take($1, $2, $3, 'ePass3003', '', false, 1)",
                           s.empty() ? nullptr : s.c_str(), id, serial);
        };
    };
    L.attack("take a key from stock with no session", kNoSession, take("", tFee, "K-STOCK"));
    L.attack("take a key from stock with a made-up session", kNoSession, take("00", tFee, "K-STOCK"));
    L.attack("take a key from stock with another counter's session", kNoSession,
             take(foreign, tFee, "K-STOCK"));
    L.attack("take a key from stock with an ended session", "the staff session has ended",
             take(ended, tFee, "K-STOCK"));
    L.attack("take a key for another counter's transaction", kForeign, take(session, tOther, "K-STOCK"));
    L.attack("take a key for a transaction at another step", kWrongStep, take(session, tVer, "K-STOCK"));
    L.attack("take a key out of another centre's stock", "is in the stock of centre NB01",
             take(session, tFee, "K-NB"));
    L.attack("take a customer's key as if from stock", "not in stock: it is active",
             take(session, tFee, "K-ACTIVE"));
    L.attack("take a key for another counter's transaction in its step", kForeign,
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params(
                     "SELECT * FROM countersign.tx_advance_keys($1, $2, 'fee_recorded', 'key_initialised', "
                     "'{}', '', 'initialise', '{}', 'key.initialised', '{}', '[{\"op\": \"key_take\", "
                     "\"serial\": \"K-STOCK\", \"so_pin_version\": 1}]')",
                     session, tOther);
             });
    L.attack("retire a key through the step call", "no key or certificate record",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params(
                     "SELECT * FROM countersign.tx_advance_keys($1, $2, 'fee_recorded', 'key_initialised', "
                     "'{}', '', 'initialise', '{}', 'key.initialised', '{}', '[{\"op\": \"key_state\", "
                     "\"to\": \"retired\"}]')",
                     session, tFee);
             });
    L.attack("hand a key over before its transaction is verified", kWrongStep,
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params("SELECT countersign.tx_key_active($1, $2)", session, tGen);
             });
    L.attack("hand over another counter's key", kForeign, [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_key_active($1, $2)", session, tOtherGen);
    });
    L.attack("return another counter's key to stock", kForeign, [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_key_returned($1, $2)", session, tOther);
    });
    L.attack("record a customer's key outside an opening", "only while its transaction is opened",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params("SELECT * FROM countersign.key_presented($1, 'K-NEW', 'x', '', 'active', $2)",
                                session, f.enterprise);
             });
    L.attack("record a customer's key in a stock state", "is active or locked, not in_stock",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params("SELECT * FROM countersign.tx_open($1, 'UNLOCK', '{}')", session);
                 tx.exec_params(
                     "SELECT * FROM countersign.key_presented($1, 'K-NEW', 'x', '', 'in_stock', $2)", session,
                     f.enterprise);
             });
    L.attack("record a certificate on a key outside an opening", "only while its transaction is opened",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params(
                     "SELECT countersign.certificate_presented($1, $2, $3, 'C-FAKE', 'CN=x', 'CN=x', "
                     "$4, now(), now(), '\\x30')",
                     session, active, f.enterprise, kUscc);
             });

    // --- certificates
    // -----------------------------------------------------------------------------------------
    L.attack(
        "record a certificate for another counter's transaction", kForeign,
        [&](pqxx::transaction_base& tx) { tx.exec_params(kIssued, session, tOtherGen, "C-NEW", kUscc); });
    L.attack("record a certificate with no session", kNoSession,
             [&](pqxx::transaction_base& tx) { tx.exec_params(kIssued, nullptr, tGen, "C-NEW", kUscc); });
    L.attack("record a certificate with an ended session", "the staff session has ended",
             [&](pqxx::transaction_base& tx) { tx.exec_params(kIssued, ended, tGen, "C-NEW", kUscc); });
    L.attack("record a certificate with another counter's session", kNoSession,
             [&](pqxx::transaction_base& tx) { tx.exec_params(kIssued, foreign, tGen, "C-NEW", kUscc); });
    L.attack("claim another transaction's certificate", "belongs to another transaction",
             [&](pqxx::transaction_base& tx) { tx.exec_params(kIssued, session, tGen, "C-OTHER", kUscc); });
    L.attack("record a certificate of another enterprise", "names 91110000600037341L",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params(kIssued, session, tGen, "C-NEW", "91110000600037341L");
             });
    L.attack("record a certificate before the key is made", kWrongStep,
             [&](pqxx::transaction_base& tx) { tx.exec_params(kIssued, session, tFee, "C-NEW", kUscc); });
    L.attack("un-revoke a certificate by activating it", "is not an issued certificate of transaction",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params("SELECT countersign.tx_certificate_activated($1, $2, 'C-REV')", session,
                                tVer);
             });
    L.attack("supersede a live certificate from a NEW", "is not the one transaction",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params("SELECT countersign.tx_certificate_superseded($1, $2, 'C-LIVE', NULL)",
                                session, tVer);
             });
    L.attack("revoke a certificate the replacement does not name", "is not one transaction TJ01-K-6 revokes",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params("SELECT countersign.tx_replace_revoked($1, $2, '{C-VER}')", session, tRep);
             });
    L.attack("forge a revocation's audit entry", "does not record", [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_audit($1, NULL, 'certificate.revoked', 'C-LIVE', '{}')",
                       session);
    });
    L.attack("write the workflow's audit entry with no session", kNoSession, [&](pqxx::transaction_base& tx) {
        tx.exec("SELECT countersign.tx_audit(NULL, NULL, 'operation.refused', 'x', '{}')");
    });

    // --- the CA's records
    // ---------------------------------------------------------------------------------------
    L.attack("record a CA answer to a request nobody made",
             "is not a certificate this counter is waiting for",
             [&](pqxx::transaction_base& tx) { tx.exec_params(kCaIssue, "MADE-UP-1", "C-NEW", kUscc); });
    L.attack("record a CA answer to another counter's request",
             "is not a certificate this counter is waiting for",
             [&](pqxx::transaction_base& tx) { tx.exec_params(kCaIssue, "TJ01-K-5", "C-NEW", kUscc); });
    L.attack("record a CA answer for another enterprise", "is not a certificate this counter is waiting for",
             [&](pqxx::transaction_base& tx) {
                 tx.exec_params(kCaIssue, "TJ01-K-2", "C-NEW", "91110000600037341L");
             });
    L.attack("revoke a certificate no transaction revokes, at the CA's records",
             "is not one this counter is revoking", [&](pqxx::transaction_base& tx) {
                 tx.exec(
                     "SELECT countersign.ca_revoke_record('C-VER', 'CN=Test Issuing CA', 'keyCompromise', "
                     "now())");
             });
    L.attack("skip a CRL number", "is not the next one",
             [&](pqxx::transaction_base& tx) { tx.exec("SELECT countersign.ca_crl_record(5, 7, '\\x30')"); });
    L.attack("record a CRL under a number used before", "is not the next one",
             [&](pqxx::transaction_base& tx) { tx.exec("SELECT countersign.ca_crl_record(0, 7, '\\x30')"); });

    // --- the honest calls
    // ---------------------------------------------------------------------------------------
    {
        pqxx::work tx{*f.counter};
        CHECK(tx.exec_params1("SELECT countersign.tx_key_take($1, $2, 'K-STOCK', 'ePass3003', '', false, 2)",
                              session, tFee)[0]
                  .as<long long>() == stock);
        const long long number = tx.exec1("SELECT countersign.ca_crl_next()")[0].as<long long>();
        CHECK(number == 1);
        tx.exec_params("SELECT countersign.ca_crl_record($1, 7, '\\x30')", number);
        CHECK(tx.exec_params1(
                    "SELECT ca_request_ok FROM (SELECT countersign.ca_issue_record($1, 'C-GEN', 'CN=Test "
                    "Issuing CA', 'enterprise-tax', 'CN=x', $2, 'x', 'EC-P256', now(), now() + "
                    "interval '1 year', convert_to('C-GEN', 'UTF8'), '') IS NOT NULL AS ca_request_ok) x",
                    "TJ01-K-2", kUscc)[0]
                  .as<bool>());
        tx.exec_params(kIssued, session, tGen, "C-GEN", kUscc);
        tx.commit();
    }
    CHECK(f.count("SELECT count(*) FROM countersign.stock_movements WHERE kind = 'issue' AND staff_id = " +
                  std::to_string(f.op)) == 1);
    CHECK(f.count("SELECT so_pin_version FROM countersign.tokens WHERE serial = 'K-STOCK'") == 2);
    CHECK(
        f.count(
            "SELECT count(*) FROM countersign.audit_log WHERE event = 'stock.issued' AND actor_staff_id = " +
            std::to_string(f.op)) == 1);
    CHECK(f.count("SELECT crl_number FROM countersign.ca_authority") == 1);
    CHECK(
        f.count("SELECT count(*) FROM countersign.certificates WHERE serial = 'C-GEN' AND transaction_id = " +
                std::to_string(tGen) + " AND token_id = " + std::to_string(genKey)) == 1);

    CHECK(L.tried() == 47);
    CHECK(L.succeeded().empty());
}
