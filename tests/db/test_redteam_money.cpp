// Money is written only through the database's functions, by the person behind a staff session (issue "the
// database is the authority", 0020_money_records.sql): fee lines, payments, invoice requests, receipts and receipt
// numbers. Each direct write is attacked as counter 01's own login, and each function with no session, an
// ended one, another counter's, another person's, out of order and for another counter's transaction; a
// payment that does not add up to the fee lines, a receipt's secret read, a receipt number skipped, an
// invoice marked issued without the back office's role. Every attempt must fail with its reason; the honest
// path works and records the session's person.
#include <catch2/catch.hpp>

#include <string>

#include <pqxx/transaction>

#include "backend/receipts/receipts.h"
#include "tests/support/attacklog.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kNoPrivilege = "permission denied";
constexpr const char* kNoSession = "no such staff session at this counter";
constexpr const char* kForeign = "is not one of this counter's";
constexpr const char* kLines = R"([{"description":"USB-KEY media fee","amount_fen":2600}])";
constexpr const char* kCash = R"([{"method":"cash","amount_fen":2600}])";

struct MoneyAttacks {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> owner = database.connect();
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long op = database.addStaff("op.li", "operator-pass");
    long long op2 = database.addStaff("op.zhao", "operator2-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    test::TestDatabase::Counter other = database.addCounter("02");
    const std::string opSession = test::plantSession(database, op);
    const std::string op2Session = test::plantSession(database, op2);
    const std::string supSession = test::plantSession(database, sup);
    const std::string otherSession = test::plantSession(database, op, other.id);
    const std::string endedSession = [this] {
        const std::string token = test::plantSession(database, op);
        pqxx::work tx{*owner};
        tx.exec_params0("UPDATE staff_sessions SET ended_at = now(), end_reason = 'logout' "
                        "WHERE token_hash = sha256(decode($1, 'hex'))",
                        token);
        tx.commit();
        return token;
    }();
    int transactions = 0;
    test::AttackLog log{*counter};

    /// Set-up, as the owner: a transaction of `op` at `counterId` (default counter 01) in `state`.
    long long makeTransaction(const std::string& state, long long counterId = 0) {
        pqxx::work tx{*owner};
        tx.exec0("SET LOCAL session_replication_role = replica");
        const long long id =
            tx.exec_params1(
                  "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, "
                  "state) VALUES ($1, 'REPLACE', $2, $3, $4, $5) RETURNING id",
                  "TJ01-M" + std::to_string(++transactions), op, counterId ? counterId : database.counterId(),
                  database.centreId(), state)[0]
                .as<long long>();
        tx.commit();
        return id;
    }

    /// The fee step the product's way, with `session`.
    static void recordFee(pqxx::transaction_base& tx, const std::string& session, long long id,
                          const std::string& lines = kLines, const std::string& payments = kCash) {
        tx.exec_params("SELECT countersign.tx_fee_record($1, $2, 'tianjin-2018', $3::jsonb, $4::jsonb, NULL, "
                       "'{}')",
                       session, id, lines, payments);
    }

    std::string scalar(const std::string& sql, long long param) {
        pqxx::read_transaction tx{*owner};
        const auto r = tx.exec_params1(sql, param);
        return r[0].is_null() ? std::string("NULL") : r[0].as<std::string>();
    }
};

} // namespace

TEST_CASE("red team: money is written only through the database's functions, by the session's person",
          "[db][fees][receipts][redteam]") {
    MoneyAttacks f;
    const long long open = f.makeTransaction("papers_checked");
    const long long foreign = f.makeTransaction("papers_checked", f.other.id);

    // --- direct writes
    // ---------------------------------------------------------------------------------------
    f.log.attack("insert a fee line directly", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO fee_lines (transaction_id, description, amount_fen) VALUES ($1, 'x', 1)",
                        open);
    });
    f.log.attack("insert a payment received by someone else", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO payments (transaction_id, centre_id, method, amount_fen, received_by) "
                        "VALUES ($1, $2, 'cash', 2600, $3)",
                        open, f.database.centreId(), f.op2);
    });
    f.log.attack("insert an invoice request directly", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0(
            "INSERT INTO invoice_requests (transaction_id, buyer_kind, buyer_name, delivery_email, "
            "amount_fen, requested_by) VALUES ($1, 'individual', 'x', 'a@example.com', 1, $2)",
            open, f.op2);
    });
    f.log.attack("take a receipt number (and skip it)", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.take_receipt_number($1, 2026)", f.database.centreId());
    });
    f.log.attack("move the receipt counter on", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("INSERT INTO receipt_counters (centre_id, year, last_number) VALUES ($1, 2026, 5) "
                        "ON CONFLICT (centre_id, year) DO UPDATE SET last_number = 5",
                        f.database.centreId());
    });
    f.log.attack("move to fee_recorded without a fee (0016's call)", kNoPrivilege,
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.tx_fee_recorded($1, $2, '{}')", f.opSession, open);
                 });

    // --- the fee step
    // ----------------------------------------------------------------------------------------
    f.log.attack("record a fee with no session", kNoSession,
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, "", open); });
    f.log.attack("record a fee with an ended session", "has ended",
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, f.endedSession, open); });
    f.log.attack("record a fee with another counter's session", kNoSession,
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, f.otherSession, open); });
    f.log.attack("record the fee of another counter's transaction", kForeign,
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, f.opSession, foreign); });
    f.log.attack("record a payment in another's name (their session, my transaction)",
                 "by the person who opened it",
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, f.op2Session, open); });
    f.log.attack("pay less than the fee lines", "add up to 100 fen but the fee is 2600 fen",
                 [&](pqxx::transaction_base& tx) {
                     f.recordFee(tx, f.opSession, open, kLines, R"([{"method":"cash","amount_fen":100}])");
                 });
    f.log.attack("pay nothing for a fee", "add up to 0 fen but the fee is 2600 fen",
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, f.opSession, open, kLines, "[]"); });
    f.log.attack("pay with a fee line of any amount (a waiver without its approval)",
                 "needs a supervisor's approval", [&](pqxx::transaction_base& tx) {
                     f.recordFee(tx, f.opSession, open,
                                 R"([{"description":"USB-KEY media fee","amount_fen":2600},)"
                                 R"({"description":"waived","amount_fen":-2600,"waiver_reason":"x"}])",
                                 "[]");
                 });
    f.log.attack("a fee that adds up to less than nothing", "is negative", [&](pqxx::transaction_base& tx) {
        f.recordFee(tx, f.opSession, open,
                    R"([{"description":"refund","amount_fen":-2600,"waiver_reason":"x"}])", "[]");
    });
    f.log.attack("record a fee before the papers", "after its papers", [&](pqxx::transaction_base& tx) {
        f.recordFee(tx, f.opSession, f.makeTransaction("started"));
    });
    f.log.attackWhole("name another person as the one who received the payment", [&] {
        pqxx::work tx{*f.counter};
        f.recordFee(tx, f.opSession, open, kLines,
                    R"([{"method":"cash","amount_fen":2600,"received_by":)" + std::to_string(f.op2) + "}]");
        const bool harm =
            tx.exec_params1("SELECT received_by FROM payments WHERE transaction_id = $1", open)[0]
                .as<long long>() != f.op;
        tx.abort();
        return harm;
    });
    {
        // The honest fee step: one call, received by the session's person, audited.
        pqxx::work tx{*f.counter};
        f.recordFee(tx, f.opSession, open);
        tx.commit();
    }
    CHECK(f.scalar("SELECT received_by FROM payments WHERE transaction_id = $1", open) ==
          std::to_string(f.op));
    CHECK(f.scalar("SELECT state FROM transactions WHERE id = $1", open) == "fee_recorded");
    CHECK(f.scalar("SELECT count(*) FROM transaction_steps WHERE transaction_id = $1", open) == "2");
    CHECK(f.scalar("SELECT count(*) FROM audit_log WHERE event = 'fee.recorded' AND actor_staff_id = $1",
                   f.op) == "1");
    f.log.attack("record the fee twice", "already recorded",
                 [&](pqxx::transaction_base& tx) { f.recordFee(tx, f.opSession, open); });
    f.log.attack("change a recorded payment", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE payments SET amount_fen = 1 WHERE transaction_id = $1", open);
    });
    f.log.attack("delete a fee line", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("DELETE FROM fee_lines WHERE transaction_id = $1", open);
    });

    // --- receipts
    // --------------------------------------------------------------------------------------------
    const long long verified = f.makeTransaction("verified");
    const long long foreignVerified = f.makeTransaction("verified", f.other.id);
    const auto issue = [&](const std::string& session, long long id) {
        return [&f, session, id](pqxx::transaction_base& tx) {
            tx.exec_params("SELECT countersign.tx_advance($1, $2, 'verified', 'completed', '{}', '', NULL, "
                           "'complete', '{}', 'transaction.completed', '{}')",
                           f.opSession, id);
            tx.exec_params("SELECT * FROM countersign.receipt_issue($1, $2)", session, id);
        };
    };
    f.log.attack("issue a receipt with no session", kNoSession, issue("", verified));
    f.log.attack("issue a receipt with an ended session", "has ended", issue(f.endedSession, verified));
    f.log.attack("issue a receipt with another counter's session", kNoSession,
                 issue(f.otherSession, verified));
    f.log.attack(
        "issue a receipt for another counter's transaction", kForeign, [&](pqxx::transaction_base& tx) {
            tx.exec_params("SELECT * FROM countersign.receipt_issue($1, $2)", f.opSession, foreignVerified);
        });
    f.log.attack("issue a receipt for a transaction not completed",
                 "issued only with its transaction's completion", [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.receipt_issue($1, $2)", f.opSession, verified);
                 });
    f.log.attack("insert a receipt in another person's name", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0(
            "INSERT INTO receipts (transaction_id, centre_id, year, number, verification_code, "
            "counter_id, issued_by, content, content_sha256, secret) VALUES ($1, $2, 2026, 7, 'X', "
            "$3, $4, '{}', sha256('{}'), decode(repeat('00', 16), 'hex'))",
            verified, f.database.centreId(), f.database.counterId(), f.op2);
    });
    const auto receipt = test::completeAndIssueReceipt(f.database, *f.counter, Secret(f.opSession), verified);
    CHECK(f.scalar("SELECT issued_by FROM receipts WHERE id = $1", receipt.id) == std::to_string(f.op));
    f.log.attack("issue a second receipt for a completed transaction",
                 "issued only with its transaction's completion", [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.receipt_issue($1, $2)", f.opSession, verified);
                 });
    f.log.attack("read the receipts' secrets", kNoPrivilege,
                 [&](pqxx::transaction_base& tx) { tx.exec("SELECT secret FROM receipts"); });
    f.log.attack("read whole receipt rows (with the secret)", kNoPrivilege,
                 [&](pqxx::transaction_base& tx) { tx.exec("SELECT * FROM receipts"); });
    f.log.attack(
        "compute a receipt's code for altered content", kNoPrivilege, [&](pqxx::transaction_base& tx) {
            tx.exec("SELECT countersign.receipt_code(decode(repeat('00', 16), 'hex'), 'TJ01', 2026, 1, "
                    "sha256('{}'))");
        });
    f.log.attack("rewrite what a receipt says", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE receipts SET content = '{}' WHERE id = $1", receipt.id);
    });
    f.log.attack("count a print that never happened without a session", kNoSession,
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.receipt_printed('', $1, NULL)", receipt.id);
                 });
    f.log.attack("reset a receipt's print count", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0("UPDATE receipts SET printed_count = 0, pdf = NULL WHERE id = $1", receipt.id);
    });
    f.log.attack("void a receipt with no session", kNoSession, [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.receipt_void_by('', $1, 'x', NULL)", receipt.id);
    });
    f.log.attack("void a receipt through 0017's call, unaudited", kNoPrivilege,
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.receipt_void($1, 'x', NULL)", receipt.id);
                 });
    f.log.attack("refund in another person's name (0017's call)", kNoPrivilege,
                 [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.refund_transaction($1, 'x', NULL, true, $2)",
                                    open, f.op2);
                 });
    f.log.attack("refund with no session", kNoSession, [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT * FROM countersign.fee_refund('', $1, 'x', NULL, true)", open);
    });
    {
        // The QR's code still checks, inside the database.
        pqxx::read_transaction tx{*f.counter};
        CHECK(receipts::verifyPayload(tx, receipt.qrPayload).valid);
    }

    // --- invoices: the back office
    // -------------------------------------------------------------------------------
    const long long request = [&] {
        pqxx::work tx{*f.owner};
        const long long id =
            tx.exec_params1("INSERT INTO invoice_requests (transaction_id, buyer_kind, buyer_name, "
                            "delivery_email, amount_fen, requested_by) VALUES ($1, 'individual', '张三', "
                            "'a@example.com', 2600, $2) RETURNING id",
                            open, f.op)[0]
                .as<long long>();
        tx.commit();
        return id;
    }();
    f.log.attack("mark an invoice issued directly", kNoPrivilege, [&](pqxx::transaction_base& tx) {
        tx.exec_params0(
            "UPDATE invoice_requests SET status = 'issued', invoice_number = 'F1', issued_at = now() "
            "WHERE id = $1",
            request);
    });
    f.log.attack("mark an invoice issued with an operator's session",
                 "is operator and this needs supervisor or admin", [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT countersign.invoice_mark_issued($1, $2, 'F1')", f.opSession,
                                    request);
                 });
    f.log.attack("mark an invoice issued with no session", kNoSession, [&](pqxx::transaction_base& tx) {
        tx.exec_params("SELECT countersign.invoice_mark_issued('', $1, 'F1')", request);
    });
    f.log.attack("mark invoices exported with an operator's session",
                 "is operator and this needs supervisor or admin", [&](pqxx::transaction_base& tx) {
                     tx.exec_params("SELECT * FROM countersign.invoice_mark_exported($1, ARRAY[$2::bigint])",
                                    f.opSession, request);
                 });
    {
        pqxx::work tx{*f.counter};
        tx.exec_params("SELECT countersign.invoice_mark_issued($1, $2, 'F1')", f.supSession, request);
        tx.commit();
    }
    CHECK(f.scalar("SELECT status || ' ' || invoice_number FROM invoice_requests WHERE id = $1", request) ==
          "issued F1");
    CHECK(f.scalar("SELECT count(*) FROM audit_log WHERE event = 'invoice.issued' AND actor_staff_id = $1",
                   f.sup) == "1");

    CHECK(f.log.succeeded().empty());
}
