// Approvals bound to what was approved and used once; refunds, voids and day closes written only by the
// database's functions (0017_bound_approvals.sql). A counter's own login tries to stretch an approval or to
// write the money and the day close around them; every attempt must fail, saying why. The honest paths run
// too.
#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "backend/fees/fees.h"
#include "backend/receipts/receipts.h"
#include "db/migrations.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Matchers::Contains;

namespace {

const std::string kWaived = "USB-KEY media fee waived";
const std::string kWaiverReason = "key failed without human damage, exterior intact";

std::string waiverText(long long amountFen, const std::string& description = kWaived) {
    return approvals::subjectText(approvals::ApprovalKind::FeeWaiver,
                                  {description, std::to_string(amountFen), kWaiverReason});
}

struct Bound {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long op = database.addStaff("op.li", "operator-pass");
    long long op2 = database.addStaff("op.zhao", "operator2-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    int transactions = 0;
    /// The operator's staff session at counter 01.
    const Secret session{test::plantSession(database, op)};
    test::AttackLog log{*counter};

    /// Set-up, as the owner: a transaction of `op` at counter 01 with a charge line and, when `paidFen`, a
    /// cash payment; moved to `state` behind the triggers' back when that is not "started".
    long long makeTransaction(long long paidFen = 0, const std::string& state = "started") {
        pqxx::work tx{*owner};
        const long long id =
            tx.exec_params1(
                  "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id) "
                  "VALUES ($1, 'REPLACE', $2, $3, $4) RETURNING id",
                  "TJ01-B" + std::to_string(++transactions), op, database.counterId(), database.centreId())[0]
                .as<long long>();
        tx.exec_params0("INSERT INTO fee_lines (transaction_id, description, amount_fen) "
                        "VALUES ($1, 'USB-KEY media fee', 2600)",
                        id);
        if (paidFen > 0)
            tx.exec_params0(
                "INSERT INTO payments (transaction_id, centre_id, method, amount_fen, received_by) "
                "VALUES ($1, $2, 'cash', $3, $4)",
                id, database.centreId(), paidFen, op);
        if (state != "started") {
            tx.exec0("SET LOCAL session_replication_role = replica");
            tx.exec_params0("UPDATE transactions SET state = $2, finished_at = now(), failure_reason = "
                            "CASE WHEN $2 = 'failed' THEN 'the key could not be written' END WHERE id = $1",
                            id, state);
        }
        tx.commit();
        return id;
    }

    /// The supervisor approves at counter 01 (their password, then the approval from that session), for
    /// exactly `approves` ("": a refund of all that is left).
    long long approve(approvals::ApprovalKind kind, std::optional<long long> transactionId,
                      const std::string& approves, const std::string& reason = "approved") {
        // Asked in the operator's own session (a second login of op.li would end it).
        const auto asking = std::make_shared<const Secret>(session.view());
        const auto approver =
            approvals::verifySupervisor(*counter, asking, {"sup.wang", Secret("supervisor-pass")});
        pqxx::work tx{*counter};
        const long long id = approvals::recordApproval(
            tx, {kind, op, database.counterId(), transactionId, {}, reason, "{}", approves}, approver);
        tx.commit();
        return id;
    }

    /// The fee step of a transaction from makeOpenTransaction, the product's way (tx_fee_record, 0019): the
    /// charge and its waiver line, which add up to nothing.
    void waiverLine(pqxx::transaction_base& tx, long long transactionId, long long amountFen,
                    std::optional<long long> approval, std::optional<long long> attestedBy,
                    const std::string& description = kWaived) {
        tx.exec_params(
            "SELECT countersign.tx_fee_record($1, $2, '', jsonb_build_array("
            "jsonb_build_object('description', 'USB-KEY media fee', 'amount_fen', -$3::bigint), "
            "jsonb_build_object('description', $4::text, 'amount_fen', $3::bigint, 'waiver_reason', "
            "$5::text, 'attested_by', $6::bigint, 'approval_id', $7::bigint)), '[]', NULL, '{}')",
            session.c_str(), transactionId, amountFen, description, kWaiverReason, attestedBy, approval);
    }

    /// Set-up, as the owner: a transaction of `op` at counter 01 with its papers checked, its fee next.
    long long makeOpenTransaction() {
        pqxx::work tx{*owner};
        const long long id =
            tx.exec_params1(
                  "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id) "
                  "VALUES ($1, 'REPLACE', $2, $3, $4) RETURNING id",
                  "TJ01-B" + std::to_string(++transactions), op, database.counterId(), database.centreId())[0]
                .as<long long>();
        tx.exec_params0("UPDATE transactions SET state = 'papers_checked' WHERE id = $1", id);
        tx.commit();
        return id;
    }

    long long refundedFen(long long transactionId) {
        pqxx::read_transaction tx{*owner};
        return tx
            .exec_params1("SELECT coalesce(sum(r.amount_fen), 0) FROM refunds r JOIN payments p "
                          "ON p.id = r.payment_id WHERE p.transaction_id = $1",
                          transactionId)[0]
            .as<long long>();
    }
};

} // namespace

TEST_CASE("bound approvals: an approval holds once and for exactly what was approved - refunds and voids and "
          "day closes are written only through the database's functions",
          "[db][approvals][fees][receipts][dayclose][redteam]") {
    Bound f;
    const auto W = approvals::ApprovalKind::FeeWaiver;
    const auto R = approvals::ApprovalKind::Refund;
    const auto V = approvals::ApprovalKind::Void;
    const Secret& opSession = f.session;

    // --- waiver lines
    // -----------------------------------------------------------------------------------------
    const long long t1 = f.makeOpenTransaction();
    const long long t2 = f.makeOpenTransaction();
    const long long waiver = f.approve(W, t1, waiverText(-2600));
    f.log.attack("write a waiver line without an approval", "needs a supervisor's approval",
                 [&](pqxx::transaction_base& tx) { f.waiverLine(tx, t1, -2600, std::nullopt, f.op); });
    f.log.attack("use a waiver approval for a larger waiver", "this approval is for a different fee waiver",
                 [&](pqxx::transaction_base& tx) { f.waiverLine(tx, t1, -26000, waiver, f.op); });
    f.log.attack("use a waiver approval for another line", "this approval is for a different fee waiver",
                 [&](pqxx::transaction_base& tx) {
                     f.waiverLine(tx, t1, -2600, waiver, std::nullopt, "certificate fee waived");
                 });
    f.log.attack("use a waiver approval for another transaction",
                 "this approval is for a different transaction",
                 [&](pqxx::transaction_base& tx) { f.waiverLine(tx, t2, -2600, waiver, f.op); });
    f.log.attack("attest a waiver for another operator",
                 "a waiver is attested by the operator who does the transaction",
                 [&](pqxx::transaction_base& tx) { f.waiverLine(tx, t1, -2600, waiver, f.op2); });
    f.log.attack("call approval_consume directly", "permission denied for function approval_consume",
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.approval_consume($1, 'fee_waiver', $2, 'x', 'me')",
                                    waiver, t1);
                 });
    {
        // The honest line: the approval is used, the transaction's operator attests it.
        pqxx::work tx{*f.counter};
        f.waiverLine(tx, t1, -2600, waiver, std::nullopt);
        tx.commit();
        pqxx::read_transaction check{*f.owner};
        CHECK(check.exec_params1("SELECT attested_by FROM fee_lines WHERE approval_id = $1", waiver)[0]
                  .as<long long>() == f.op);
        CHECK(check.exec_params1("SELECT consumed_by FROM approvals WHERE id = $1", waiver)[0]
                  .as<std::string>() == "the waiver \"" + kWaived + "\" of transaction TJ01-B1");
    }
    f.log.attack("reuse a used waiver approval", "this approval was already used",
                 [&](pqxx::transaction_base& tx) { f.waiverLine(tx, t2, -2600, waiver, f.op); });

    // --- refunds
    // ----------------------------------------------------------------------------------------------
    const long long paid = f.makeTransaction(2600, "completed");
    const long long paid2 = f.makeTransaction(2600, "completed");
    f.log.attack(
        "insert a refund row directly", "permission denied for table refunds",
        [&](pqxx::transaction_base& tx) {
            tx.exec_params0(
                "INSERT INTO refunds (payment_id, centre_id, amount_fen, reason, refunded_by, by_recovery) "
                "SELECT id, centre_id, amount_fen, 'x', $2, true FROM payments WHERE transaction_id = $1",
                paid, f.op);
        });
    f.log.attack("refund without an approval", "needs a supervisor's approval",
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.fee_refund($1, $2, 'x', NULL, false)",
                                    opSession.c_str(), paid);
                 });
    f.log.attack("refund a completed transaction as if by recovery",
                 "is completed: a refund by recovery is only", [&](pqxx::transaction_base& tx) {
                     fees::refundTransaction(tx, opSession, paid, "recovery", std::nullopt, true);
                 });
    const long long small = f.approve(R, paid, approvals::subjectText(R, {"100"}));
    f.log.attack(
        "use a refund approval for another amount", "this approval is for a different refund",
        [&](pqxx::transaction_base& tx) { fees::refundTransaction(tx, opSession, paid, "r", small, false); });
    const long long refund = f.approve(R, paid, "");
    f.log.attack("use a refund approval for another transaction",
                 "this approval is for a different transaction", [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.fee_refund($1, $2, 'r', $3, false)",
                                    opSession.c_str(), paid2, refund);
                 });
    f.log.attack("use a waiver approval for a refund", "not a refund approval",
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.fee_refund($1, $2, 'r', $3, false)",
                                    opSession.c_str(), paid, waiver);
                 });
    {
        pqxx::work tx{*f.counter};
        CHECK(fees::refundTransaction(tx, opSession, paid, "customer withdrew", refund, false).size() == 1);
        tx.commit();
    }
    CHECK(f.refundedFen(paid) == 2600);
    // Once more money is owed back (a payment made later, set up by the owner), the used approval does not
    // pay it.
    {
        pqxx::work tx{*f.owner};
        tx.exec0("SET LOCAL session_replication_role = replica");
        tx.exec_params0("INSERT INTO payments (transaction_id, centre_id, method, amount_fen, received_by) "
                        "VALUES ($1, $2, 'cash', 2600, $3)",
                        paid, f.database.centreId(), f.op);
        tx.commit();
    }
    f.log.attack("reuse a used refund approval", "this approval was already used",
                 [&](pqxx::transaction_base& tx) {
                     fees::refundTransaction(tx, opSession, paid, "again", refund, false);
                 });
    {
        // A compensation (the transaction did not complete) is refunded by recovery, flagged for review.
        const long long failed = f.makeTransaction(2600, "failed");
        pqxx::work tx{*f.counter};
        CHECK(fees::refundTransaction(tx, opSession, failed, "recovery", std::nullopt, true).size() == 1);
        tx.commit();
        CHECK(f.refundedFen(failed) == 2600);
    }

    // --- voids
    // ------------------------------------------------------------------------------------------------
    const long long r1Tx = f.makeTransaction(2600);
    const long long r2Tx = f.makeTransaction(2600);
    receipts::ReceiptRecord r1, r2;
    {
        r1 = test::completeAndIssueReceipt(f.database, *f.counter, opSession, r1Tx);
        r2 = test::completeAndIssueReceipt(f.database, *f.counter, opSession, r2Tx);
    }
    f.log.attack(
        "void a receipt directly", "permission denied for table receipts", [&](pqxx::transaction_base& tx) {
            tx.exec_params0("UPDATE receipts SET voided_at = now(), void_reason = 'x', void_approval_id = $2 "
                            "WHERE id = $1",
                            r1.id, waiver);
        });
    const long long voidR1 = f.approve(V, r1Tx, receipts::voidApprovalText(r1, "wrong company"));
    f.log.attack("use a void approval for another reason", "this approval is for a different void",
                 [&](pqxx::transaction_base& tx) {
                     receipts::voidReceipt(tx, opSession, r1.id, "customer asked", voidR1);
                 });
    f.log.attack("use a void approval for another receipt", "this approval is for a different transaction",
                 [&](pqxx::transaction_base& tx) {
                     receipts::voidReceipt(tx, opSession, r2.id, "wrong company", voidR1);
                 });
    const auto approval =
        auth::logIn(*f.counter, auth::LoginPurpose::Approval, "sup.wang", Secret("supervisor-pass"));
    REQUIRE(approval.status == auth::LoginStatus::Ok);
    f.log.attack("make a void approval that names nothing", "names exactly what it approves",
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.approval_grant($1, $2, 'void', $3, NULL, 'r', '{}')",
                                    approval.session->c_str(), f.op, r2Tx);
                 });
    {
        pqxx::work tx{*f.counter};
        receipts::voidReceipt(tx, opSession, r1.id, "wrong company", voidR1);
        tx.commit();
    }
    f.log.attack("reuse a used void approval", "this approval was already used",
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.receipt_void_by($1, $2, 'wrong company', $3)",
                                    opSession.c_str(), r2.id, voidR1);
                 });

    // --- the day close
    // ---------------------------------------------------------------------------------------
    const std::string yesterday = [&] {
        pqxx::read_transaction tx{*f.owner};
        return tx.exec1("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date - 1)::text")[0].as<std::string>();
    }();
    const auto closeWith = [&](pqxx::transaction_base& tx, const std::optional<std::string>& session,
                               const std::optional<std::string>& requester = std::nullopt) {
        tx.exec_params("SELECT countersign.day_close_record($1, $2, $3, $4::date, 0, 0, '{}')", session,
                       requester, f.database.centreId(), yesterday);
    };
    f.log.attack("insert a day close directly", "permission denied for table day_closes",
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params0(
                         "INSERT INTO day_closes (centre_id, business_date, closed_by, counted_cash_fen, "
                         "expected_cash_fen, snapshot) VALUES ($1, $2::date, $3, 0, 0, '{}')",
                         f.database.centreId(), yesterday, f.sup);
                 });
    f.log.attack("close a day with no session", "no such staff session at this counter",
                 [&](pqxx::transaction_base& tx) { closeWith(tx, std::nullopt); });
    const auto opSignature =
        auth::logIn(*f.counter, auth::LoginPurpose::DayClose, "op.li", Secret("operator-pass"));
    REQUIRE(opSignature.status == auth::LoginStatus::Ok);
    f.log.attack(
        "close a day with an operator's signature", "op.li is operator and this needs supervisor or admin",
        [&](pqxx::transaction_base& tx) { closeWith(tx, std::string(opSignature.session->c_str())); });
    const auto supLogin =
        auth::logIn(*f.counter, auth::LoginPurpose::Login, "sup.wang", Secret("supervisor-pass"));
    REQUIRE(supLogin.status == auth::LoginStatus::Ok);
    f.log.attack("close a day with a supervisor's logged-in session", "not with a logged-in session",
                 [&](pqxx::transaction_base& tx) { closeWith(tx, std::string(supLogin.session->c_str())); });
    const auto supSignature =
        auth::logIn(*f.counter, auth::LoginPurpose::DayClose, "sup.wang", Secret("supervisor-pass"));
    REQUIRE(supSignature.status == auth::LoginStatus::Ok);
    // Who asked for the close is the person of a session at this counter: a made-up one names nobody.
    f.log.attack("close a day naming a requester with no session", "no such staff session at this counter",
                 [&](pqxx::transaction_base& tx) {
                     closeWith(tx, std::string(supSignature.session->c_str()), std::string(64, 'e'));
                 });
    {
        // The honest close takes the signer from the signature; the signature is then spent.
        pqxx::work tx{*f.counter};
        closeWith(tx, std::string(supSignature.session->c_str()));
        tx.commit();
        pqxx::read_transaction check{*f.owner};
        CHECK(
            check
                .exec_params1("SELECT closed_by FROM day_closes WHERE business_date = $1::date", yesterday)[0]
                .as<long long>() == f.sup);
    }
    f.log.attack(
        "close a day again with a spent signature", "already used or has ended",
        [&](pqxx::transaction_base& tx) { closeWith(tx, std::string(supSignature.session->c_str())); });

    // --- the review of a recovery refund
    // ----------------------------------------------------------------------
    const auto opLogin = auth::logIn(*f.counter, auth::LoginPurpose::Login, "op.li", Secret("operator-pass"));
    REQUIRE(opLogin.status == auth::LoginStatus::Ok);
    f.log.attack("review a recovery refund with an operator's session",
                 "op.li is operator and this needs supervisor",
                 [&](pqxx::transaction_base& tx) { fees::reviewRefunds(tx, opLogin.session->c_str()); });
    f.log.attack("review a recovery refund with no session", "no such staff session at this counter",
                 [&](pqxx::transaction_base& tx) { fees::reviewRefunds(tx, std::string()); });
    {
        pqxx::work tx{*f.counter};
        CHECK(fees::reviewRefunds(tx, supLogin.session->c_str()) == 1);
        tx.commit();
        pqxx::read_transaction check{*f.owner};
        CHECK(check.exec1("SELECT reviewed_by FROM refunds WHERE by_recovery")[0].as<long long>() == f.sup);
    }

    CHECK(f.log.succeeded().empty());
}

TEST_CASE("bound approvals: approvals used before 0017 are marked used by it and the rest stay unusable",
          "[db][approvals][migrations]") {
    test::TestDatabase database(/*migrated=*/false);
    auto conn = database.connect();
    auto before = db::bundledMigrations();
    REQUIRE(before.size() >= 17);
    before.resize(16);
    db::Migrator(before).migrate(*conn);
    long long used = 0, unused = 0;
    {
        pqxx::work tx{*conn};
        const auto centre =
            tx.exec1("INSERT INTO countersign.centres (code, name) VALUES ('TJ01', 'c') RETURNING id")[0]
                .as<long long>();
        const auto counter = tx.exec_params1("INSERT INTO countersign.counters (centre_id, code) VALUES ($1, "
                                             "'01') RETURNING id",
                                             centre)[0]
                                 .as<long long>();
        const auto staff = [&tx](const char* name, const char* role) {
            return tx
                .exec_params1("INSERT INTO countersign.staff (username, display_name, role, password_hash) "
                              "VALUES ($1, $1, $2, 'x') RETURNING id",
                              name, role)[0]
                .as<long long>();
        };
        const long long op = staff("op", "operator");
        const long long sup = staff("sup", "supervisor");
        const auto t =
            tx.exec_params1("INSERT INTO countersign.transactions (number, kind, operator_staff_id, "
                            "counter_id, centre_id) VALUES ('T1', 'REPLACE', $1, $2, $3) RETURNING id",
                            op, counter, centre)[0]
                .as<long long>();
        const auto approval = [&](const char* kind) {
            return tx
                .exec_params1(
                    "INSERT INTO countersign.approvals (kind, requested_by, approved_by, counter_id, "
                    "transaction_id, reason) VALUES ($1, $2, $3, $4, $5, 'before 0017') RETURNING id",
                    kind, op, sup, counter, t)[0]
                .as<long long>();
        };
        used = approval("fee_waiver");
        unused = approval("refund");
        tx.exec_params0(
            "INSERT INTO countersign.fee_lines (transaction_id, description, amount_fen, waiver_reason, "
            "attested_by, approval_id) VALUES ($1, 'fee', 2600, NULL, NULL, NULL), ($1, 'fee waived', "
            "-2600, 'key dead', $2, $3)",
            t, op, used);
        tx.commit();
    }
    db::Migrator().migrate(*conn);
    pqxx::read_transaction tx{*conn};
    const auto row = [&tx](long long id) {
        return tx.exec_params1(
            "SELECT coalesce(consumed_by, ''), subject_digest IS NULL FROM countersign.approvals "
            "WHERE id = $1",
            id);
    };
    CHECK(row(used)[0].as<std::string>() == "used before approvals were consumed (0017)");
    CHECK(row(unused)[0].as<std::string>().empty());
    CHECK(row(unused)[1].as<bool>()); // no digest: nothing matches it, so it can't be used
}
