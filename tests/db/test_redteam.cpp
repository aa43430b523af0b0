// The red team: a counter's own database login, with no staff session, tries what only a person with the
// right role may do (issue "the database is the authority"). Every attempt must fail; the suite counts them.
#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "db/transactionstore.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

struct RedTeam {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    test::AttackLog log{*counter};
};

} // namespace

TEST_CASE("red team: a counter's own login without a staff session can do nothing a person must do",
          "[db][auth][redteam]") {
    RedTeam r;
    const long long admin = r.database.addStaff("admin.li", "admin-password", "admin");
    const long long op = r.database.addStaff("op.zhou", "operator-password", "operator");
    (void)admin;

    // --- the staff table
    // -------------------------------------------------------------------------------------
    r.log.attack("read a password hash",
                 [](pqxx::transaction_base& tx) { tx.exec("SELECT password_hash FROM staff"); });
    r.log.attack("read every column of staff",
                 [](pqxx::transaction_base& tx) { tx.exec("SELECT * FROM staff"); });
    r.log.attack("create a staff account", [](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO staff (username, display_name, role, password_hash) "
                 "VALUES ('mallory', 'M', 'admin', 'bcrypt-sha256$x')");
    });
    r.log.attack("promote an operator to admin", [op](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE staff SET role = 'admin' WHERE id = $1", op);
    });
    r.log.attack("reset a lockout", [](pqxx::transaction_base& tx) {
        tx.exec0("UPDATE staff SET failed_logins = 0, locked_until = NULL");
    });
    r.log.attack("replace a password hash", [op](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE staff SET password_hash = 'x' WHERE id = $1", op);
    });
    r.log.attack("create an admin through the API without a session", [](pqxx::transaction_base& tx) {
        tx.exec(
            "SELECT countersign.staff_create(NULL, 'mallory', 'M', 'admin', 'long-enough-pw', NULL, NULL)");
    });
    r.log.attack("create an admin with a made-up session token", [](pqxx::transaction_base& tx) {
        tx.exec(
            "SELECT countersign.staff_create(repeat('ab', 32), 'mallory', 'M', 'admin', 'long-enough-pw', "
            "NULL, NULL)");
    });
    r.log.attack("make bcrypt hashes of guesses to compare offline", [](pqxx::transaction_base& tx) {
        tx.exec("SELECT countersign.password_hash_make('guess')");
    });
    r.log.attack("compare a guess with a stored hash", [](pqxx::transaction_base& tx) {
        tx.exec("SELECT countersign.password_hash_matches(password_hash, 'guess', NULL) FROM staff");
    });

    // --- sessions and attempts
    // ---------------------------------------------------------------------------------
    r.log.attack("read the sessions",
                 [](pqxx::transaction_base& tx) { tx.exec("SELECT * FROM staff_sessions"); });
    r.log.attack("forge a session", [op, &r](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO staff_sessions (token_hash, staff_id, counter_id, purpose, expires_at) "
                        "VALUES (sha256('\\x00'::bytea), $1, $2, 'login', now() + interval '1 hour')",
                        op, r.database.counterId());
    });
    r.log.attack("read login attempts and their outcomes",
                 [](pqxx::transaction_base& tx) { tx.exec("SELECT * FROM login_attempts"); });
    r.log.attack("raise the lockout limit",
                 [](pqxx::transaction_base& tx) { tx.exec0("UPDATE auth_policy SET max_failures = 100"); });
    r.log.attack("learn a guess's outcome and roll the attempt back", [](pqxx::transaction_base& tx) {
        const auto attempt = tx.exec1("SELECT countersign.login_check('op.zhou', 'guess', NULL, 'login')")[0];
        tx.exec_params("SELECT * FROM countersign.login_result($1)", attempt.as<long long>());
    });
    r.log.attack(
        "call the login procedure inside a transaction, to roll it back", [](pqxx::transaction_base& tx) {
            tx.exec("CALL countersign.staff_login('op.zhou', 'guess', NULL, 'login', NULL, NULL, NULL, NULL, "
                    "NULL, NULL, "
                    "NULL, NULL, NULL)");
        });
    CHECK(r.owner->is_open());
    {
        pqxx::read_transaction tx{*r.owner};
        CHECK(tx.exec1("SELECT failed_logins FROM staff WHERE username = 'op.zhou'")[0].as<int>() == 0);
    }

    // --- what the counters believe -------------------------------------------------------------------------
    r.log.attack("trust a home-made letter signer", [](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO letter_signers (kind, subject, der, not_before, not_after) "
                 "VALUES ('trust_anchor', 'CN=Mallory', '\\x3082', now(), now() + interval '1 year')");
    });
    r.log.attack("trust a home-made letter signer through the API without an admin",
                 [](pqxx::transaction_base& tx) {
                     tx.exec("SELECT countersign.letter_signer_add(NULL, 'trust_anchor', NULL, 'CN=Mallory', "
                             "'\\x3082', now(), "
                             "now() + interval '1 year', NULL)");
                 });
    r.log.attack("switch a trusted signer off or on", [](pqxx::transaction_base& tx) {
        tx.exec0("UPDATE letter_signers SET active = NOT active");
    });

    // --- approvals
    // ---------------------------------------------------------------------------------------------
    const long long sup = r.database.addStaff("sup.wu", "supervisor-password", "supervisor");
    r.log.attack("forge a supervisor's approval row", [op, sup, &r](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO approvals (kind, requested_by, approved_by, counter_id, reason) "
                        "VALUES ('day_close', $1, $2, $3, 'forged')",
                        op, sup, r.database.counterId());
    });
    r.log.attack("grant an approval without the supervisor's password", [op](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.approval_grant(repeat('cd', 32), $1, 'day_close', NULL, NULL, "
                       "'no password', '{}')",
                       op);
    });
    // Who asks is the person of a session the supervisor's password was checked against (approval_verify),
    // never a staff id the client names.
    const auto unchecked =
        auth::logIn(*r.counter, auth::LoginPurpose::Approval, "sup.wu", Secret("supervisor-password"));
    REQUIRE(unchecked.status == auth::LoginStatus::Ok);
    r.log.attack("grant an approval naming whoever the client says asked for it",
                 "checked against who asks first", [op, &unchecked](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.approval_grant($1, $2, 'day_close', NULL, NULL, "
                                    "'unchecked requester', '{}')",
                                    unchecked.session->c_str(), op);
                 });
    const long long sun = r.database.addStaff("op.sun", "operator-password", "operator");
    const auto asking =
        auth::logIn(*r.counter, auth::LoginPurpose::Login, "op.sun", Secret("operator-password"));
    REQUIRE(asking.status == auth::LoginStatus::Ok);
    const auto used =
        auth::logIn(*r.counter, auth::LoginPurpose::Approval, "sup.wu", Secret("supervisor-password"));
    REQUIRE(used.status == auth::LoginStatus::Ok);
    {
        pqxx::work tx{*r.counter};
        CHECK(tx.exec_params1("SELECT countersign.approval_verify($1, $2)", used.session->c_str(),
                              asking.session->c_str())[0]
                  .as<std::string>() == "verified");
        tx.commit();
    }
    r.log.attack("grant an approval for someone else than the person who asked", "asked for by staff",
                 [op, &used](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.approval_grant($1, $2, 'day_close', NULL, NULL, "
                                    "'another requester', '{}')",
                                    used.session->c_str(), op);
                 });
    {
        pqxx::work tx{*r.counter};
        tx.exec_params(
            "SELECT countersign.approval_grant($1, $2, 'day_close', NULL, NULL, 'the honest one', '{}')",
            used.session->c_str(), sun);
        tx.commit();
    }
    r.log.attack(
        "replay a spent approval session for a second approval", [op, &used](pqxx::transaction_base& tx) {
            tx.exec_params(
                "SELECT countersign.approval_grant($1, $2, 'fee_waiver', NULL, NULL, 'replayed', '{}')",
                used.session->c_str(), op);
        });
    const auto operatorSession =
        auth::logIn(*r.counter, auth::LoginPurpose::Approval, "op.zhou", Secret("operator-password"));
    REQUIRE(operatorSession.status == auth::LoginStatus::Ok);
    r.log.attack("approve with an operator's password", [op, &operatorSession](pqxx::transaction_base& tx) {
        tx.exec_params(
            "SELECT countersign.approval_grant($1, $2, 'day_close', NULL, NULL, 'self-made', '{}')",
            operatorSession.session->c_str(), op);
    });

    // --- another counter's session
    // ---------------------------------------------------------------------------
    const auto other = r.database.addCounter("02");
    pqxx::connection otherCounter{other.dsn};
    const auto opened =
        auth::logIn(otherCounter, auth::LoginPurpose::Login, "admin.li", Secret("admin-password"));
    REQUIRE(opened.status == auth::LoginStatus::Ok);
    r.log.attack("use another counter's admin session", [&opened](pqxx::transaction_base& tx) {
        tx.exec_params(
            "SELECT countersign.staff_create($1, 'mallory', 'M', 'admin', 'long-enough-pw', NULL, NULL)",
            opened.session->c_str());
    });
    const long long otherAttempt = [&r] {
        pqxx::read_transaction tx{*r.owner};
        return tx.exec1("SELECT max(id) FROM login_attempts")[0].as<long long>();
    }();
    r.log.attack("append to another counter's audit chain", [&other](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO audit_log (counter_id, seq, event, subject, detail, prev_hash, hash) "
                        "VALUES ($1, 0, 'staff.created', 'mallory', '{}', '', '')",
                        other.id);
    });
    r.log.attack("record an approval in its own audit chain in a supervisor's name (0022)",
                 [sup, &r](pqxx::transaction_base& tx) {
                     tx.exec_params0(
                         "INSERT INTO audit_log (counter_id, seq, actor_staff_id, event, subject, "
                         "detail, prev_hash, hash) VALUES ($1, 0, $2, 'approval.verified', "
                         "'TJ01-FORGED', '{}', '', '')",
                         r.database.counterId(), sup);
                 });
    r.log.attack("rewrite an audit entry", [](pqxx::transaction_base& tx) {
        tx.exec0("UPDATE audit_log SET subject = 'nobody' WHERE event = 'login.succeeded'");
    });
    r.log.attack("take another counter's login result", [otherAttempt](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.login_result($1)", otherAttempt);
    });

    // --- six wrong passwords
    // ----------------------------------------------------------------------------------
    for (int i = 1; i <= 5; ++i)
        auth::logIn(*r.counter, auth::LoginPurpose::Login, "op.zhou", Secret("wrong-" + std::to_string(i)));
    r.log.attackWhole("a sixth try that tells whether the password was right", [&r] {
        const auto right =
            auth::logIn(*r.counter, auth::LoginPurpose::Login, "op.zhou", Secret("operator-password"));
        const auto wrong = auth::logIn(*r.counter, auth::LoginPurpose::Login, "op.zhou", Secret("wrong-6"));
        return right.status != auth::LoginStatus::Locked || wrong.status != auth::LoginStatus::Locked ||
               right.lockedUntil != wrong.lockedUntil;
    });
    {
        pqxx::read_transaction tx{*r.owner};
        CHECK(
            tx.exec1("SELECT count(*) FROM audit_log WHERE event = 'staff.locked' AND subject = 'op.zhou'")[0]
                .as<int>() == 1);
        CHECK(
            tx.exec1(
                  "SELECT count(*) FROM audit_log WHERE event = 'login.attempted' AND subject = 'op.zhou'")[0]
                .as<int>() == 7);
    }

    // --- a session after it ended
    // -----------------------------------------------------------------------------
    const auto mine =
        auth::logIn(*r.counter, auth::LoginPurpose::Login, "admin.li", Secret("admin-password"));
    REQUIRE(mine.status == auth::LoginStatus::Ok);
    auth::logOut(*r.counter, mine.session, "idle_lock");
    r.log.attack("use a session the idle lock ended", [&mine](pqxx::transaction_base& tx) {
        tx.exec_params(
            "SELECT countersign.staff_create($1, 'mallory', 'M', 'admin', 'long-enough-pw', NULL, NULL)",
            mine.session->c_str());
    });

    CHECK(r.log.succeeded().empty());
    {
        pqxx::read_transaction tx{*r.owner};
        CHECK(tx.exec1("SELECT count(*) FROM staff WHERE username = 'mallory' OR role = 'admin' AND id <> "
                       "(SELECT id FROM staff WHERE username = 'admin.li')")[0]
                  .as<int>() == 0);
    }
}

TEST_CASE(
    "red team: a counter's own login records transactions only through the API, as the session's person",
    "[db][auth][redteam]") {
    RedTeam r;
    const long long op = r.database.addStaff("op.zhou", "operator-password", "operator");
    const long long op2 = r.database.addStaff("op.qian", "operator-password", "operator");
    const auto logIn = [](pqxx::connection& conn, const char* user) {
        const auto l = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret("operator-password"));
        REQUIRE(l.status == auth::LoginStatus::Ok);
        return l.session;
    };
    // Counter 02 has a transaction of its own, opened by its operator through the API.
    const auto other = r.database.addCounter("02");
    pqxx::connection otherCounter{other.dsn};
    const auto otherSession = logIn(otherCounter, "op.qian");
    long long otherTx = 0;
    {
        pqxx::work tx{otherCounter};
        otherTx = db::TransactionStore{tx}.open(*otherSession, "NEW", "{}").id;
        tx.commit();
    }
    // Counter 01's operator, honestly logged in here, with a transaction of their own.
    const auto mine = logIn(*r.counter, "op.zhou");
    long long myTx = 0;
    {
        pqxx::work tx{*r.counter};
        myTx = db::TransactionStore{tx}.open(*mine, "NEW", "{}").id;
        tx.commit();
    }
    const std::string token = mine->c_str();

    // --- the tables, by hand
    r.log.attack("insert a transaction under another operator's name", [op2, &r](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id) "
                        "VALUES ('TJ01-20260101-01-9999', 'NEW', $1, $2, $3)",
                        op2, r.database.counterId(), r.database.centreId());
    });
    r.log.attack("move a transaction along by hand", [myTx](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE transactions SET state = 'papers_checked' WHERE id = $1", myTx);
    });
    r.log.attack("write a step row in someone else's name", [myTx, op2](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO transaction_steps (transaction_id, step, staff_id) VALUES ($1, 'x', $2)",
                        myTx, op2);
    });
    r.log.attack("attach evidence captured by someone else", [myTx, op2](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO evidence (transaction_id, kind, mime_type, bytes, captured_by) "
                        "VALUES ($1, 'other', 'image/png', '\\x00', $2)",
                        myTx, op2);
    });
    r.log.attack("add a fee schedule", [](pqxx::transaction_base& tx) {
        tx.exec0("INSERT INTO fee_schedules (code, name, valid_from) VALUES ('free', 'Free', now())");
    });
    r.log.attack("lower a fee",
                 [](pqxx::transaction_base& tx) { tx.exec0("UPDATE fee_rules SET amount_fen = 0"); });
    r.log.attack("mark recovery refunds reviewed in a supervisor's name", [op2](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE refunds SET reviewed_by = $1, reviewed_at = now()", op2);
    });

    // --- the API without a person, or with another counter's
    r.log.attack("open a transaction without a staff session", [](pqxx::transaction_base& tx) {
        tx.exec("SELECT * FROM countersign.tx_open(NULL, 'NEW', '{}')");
    });
    r.log.attack("open a transaction with a made-up session", [](pqxx::transaction_base& tx) {
        tx.exec("SELECT * FROM countersign.tx_open(repeat('ab', 32), 'NEW', '{}')");
    });
    r.log.attack("open a transaction with another counter's operator session",
                 [&otherSession](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.tx_open($1, 'NEW', '{}')",
                                    otherSession->c_str());
                 });
    r.log.attack("advance another counter's transaction", [otherTx, &token](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_advance($1, $2, 'started', 'papers_checked', '{}', '', NULL, "
                       "'papers', '{}', 'x', '{}')",
                       token, otherTx);
    });
    r.log.attack("record a failed step on another counter's transaction", [otherTx, &token](
                                                                              pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_step_failed($1, $2, 'keygen', true, '{}')", token, otherTx);
    });
    r.log.attack("lock another counter's transaction", [otherTx](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_lock($1)", otherTx);
    });
    r.log.attack(
        "attach evidence to another counter's transaction", [otherTx, &token](pqxx::transaction_base& tx) {
            tx.exec_params("SELECT countersign.tx_add_evidence($1, $2, NULL, 'other', 'image/png', '\\x00')",
                           token, otherTx);
        });
    r.log.attack("advance a transaction without a session", [myTx](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_advance(NULL, $1, 'started', 'papers_checked', '{}', '', NULL, "
                       "'papers', '{}', 'x', '{}')",
                       myTx);
    });
    const auto colleague = logIn(*r.counter, "op.qian");
    r.log.attack("record the papers of a transaction a colleague opened", [myTx, &colleague](
                                                                              pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.tx_papers_checked($1, $2, NULL, NULL, NULL, NULL, NULL, '', "
                       "'{}')",
                       colleague->c_str(), myTx);
    });
    auth::logOut(*r.counter, colleague, "idle_lock");
    r.log.attack("record a step with a session the idle lock ended",
                 [myTx, &colleague](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.tx_step_failed($1, $2, 'keygen', true, '{}')",
                                    colleague->c_str(), myTx);
                 });

    CHECK(r.log.succeeded().empty());
    pqxx::read_transaction tx{*r.owner};
    CHECK(tx.exec1("SELECT count(*) FROM transactions")[0].as<int>() == 2);
    CHECK(tx.exec1("SELECT count(*) FROM transaction_steps")[0].as<int>() == 0);
    CHECK(tx.exec1("SELECT count(*) FROM evidence")[0].as<int>() == 0);
    CHECK(tx.exec_params1("SELECT operator_staff_id FROM transactions WHERE id = $1", myTx)[0]
              .as<long long>() == op);
    CHECK(tx.exec_params1("SELECT state FROM transactions WHERE id = $1", otherTx)[0].as<std::string>() ==
          "started");
}
