// Finished states are constraints in the database (issue "the database is the authority", migration 0013):
// a revocation is final; a completed or compensated transaction, its fee lines, payments and receipt stay as
// recorded; who did a transaction never changes. Each attack is made as counter 01's own login role
// (CounterFixture::conn) on records made by the real workflow, and, where the counters' grants already stop
// it, once more as the database owner to show the rule itself holds for everyone. The honest paths — refund,
// void, printing, recovery, a waiver at the fee step, renewal and replacement revoking certificates — still
// work.
#include <catch2/catch.hpp>

#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/receipts/receipts.h"
#include "tests/support/counterfixture.h"

using namespace countersign;
using test::CounterFixture;

namespace {

/// A statement that must be refused: `conn` runs it in its own database transaction, which is rolled back;
/// the error names `rule`.
template <typename... Args>
void refused(pqxx::connection& conn, const std::string& rule, const std::string& sql, Args... args) {
    INFO(sql);
    pqxx::work tx{conn};
    try {
        tx.exec_params(sql, args...);
        FAIL_CHECK("the database accepted it");
    } catch (const pqxx::sql_error& e) {
        CHECK_THAT(e.what(), Catch::Contains(rule));
    }
}

constexpr const char* kNoPrivilege = "permission denied";

/// A change of a transaction or a certificate by hand: a counter's login may not write them at all (0016,
/// 0019: only through the database's functions), and the rule refuses it even to the owner.
template <typename... Args>
void refusedToBoth(pqxx::connection& counter, pqxx::connection& owner, const std::string& rule,
                   const std::string& sql, Args... args) {
    refused(counter, kNoPrivilege, sql, args...);
    refused(owner, rule, sql, args...);
}
constexpr const char* kRevocationFinal = "a revocation is final";
constexpr const char* kTransactionFinal = "a finished transaction is final";
constexpr const char* kWhoDidIt = "who did a transaction never changes";
constexpr const char* kFeeFixed = "are fixed once its fee is recorded";
constexpr const char* kReceiptWithCompletion = "a receipt is issued only with its transaction's completion";

std::string pw() {
    return std::string(CounterFixture::kOperatorPassword) + "\n";
}

std::string supervisorPw() {
    return std::string(CounterFixture::kSupervisorPassword) + "\n";
}

/// The product's own function, asked for a second receipt of a finished transaction: refused.
void secondReceiptRefused(CounterFixture& f, const std::string& transactionId) {
    const auth::SessionToken session = f.operatorSession();
    pqxx::work tx{*f.conn};
    CHECK_THROWS_WITH(receipts::issueReceipt(tx, *session, std::stoll(transactionId)),
                      Catch::Contains(kReceiptWithCompletion));
}

/// A REPLACE of a lost key with its fee paid, run by countersignctl; returns the transaction's number.
std::string replaceLost(CounterFixture& f, const std::string& oldKey, const std::string& payment) {
    const auto r = f.ctl(CounterFixture::asOperator({"--json", "replace", "--letter-json",
                                                     f.authorizationLetterFile("auth", {"REPLACE"}),
                                                     "--reason", "lost", "--old-key", oldKey, "--alg",
                                                     "ec-p256", "--new-pin-fd", "0", "--payment", payment}),
                         pw() + "246813\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    return f.scalar("SELECT number FROM countersign.transactions WHERE kind = 'REPLACE' AND state = "
                    "'completed' ORDER BY id DESC LIMIT 1");
}

} // namespace

TEST_CASE("final states: the counters' login may update only the columns the product writes", "[db][final]") {
    test::TestDatabase database;
    auto conn = database.connectAsCounter();
    pqxx::read_transaction tx{*conn};
    const auto writable = [&](const std::string& table) {
        return tx
            .exec_params1(
                "SELECT coalesce(string_agg(a.attname, ',' ORDER BY a.attname), '') FROM "
                "pg_attribute a WHERE a.attrelid = ('countersign.' || $1)::regclass AND a.attnum > 0 "
                "AND NOT a.attisdropped AND has_column_privilege(a.attrelid, a.attnum, 'UPDATE')",
                table)[0]
            .as<std::string>();
    };
    // Keys and certificates are written only by the database's functions (0019_key_records.sql); receipts
    // (issued, printed, voided), receipt numbers and invoice requests too (0017, 0020_money_records.sql):
    // counters update none of their columns.
    CHECK(writable("certificates").empty());
    CHECK(writable("tokens").empty());
    for (const char* table : {"transactions", "fee_lines", "payments", "fee_rules", "fee_schedules",
                              "receipts", "invoice_requests", "receipt_counters"}) {
        INFO(table);
        CHECK(writable(table).empty());
    }
    // No DELETE anywhere, as before; and since 0022 no INSERT or UPDATE either, of a table or of any column:
    // counters act only through the database's functions, whatever a later migration adds.
    CHECK(tx.exec("SELECT count(*) FROM pg_class WHERE relnamespace = 'countersign'::regnamespace AND "
                  "relkind = 'r' AND has_table_privilege(oid, 'DELETE')")[0][0]
              .as<int>() == 0);
    CHECK(tx.exec1("SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class WHERE "
                   "relnamespace = 'countersign'::regnamespace AND relkind IN ('r', 'p') AND "
                   "(has_table_privilege(oid, 'INSERT') OR has_table_privilege(oid, 'UPDATE') OR "
                   "has_any_column_privilege(oid, 'INSERT') OR has_any_column_privilege(oid, 'UPDATE'))")[0]
              .as<std::string>() == "");
}

TEST_CASE("final states: a certificate revoked or superseded through the workflow stays so, and on the CRL",
          "[db][final][workflow]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    auto owner = f.db.connect();
    // The honest ways a certificate stops being live: a renewal supersedes the old one, a replacement of a
    // lost key revokes the key's certificate for key compromise.
    const std::string key = f.issueNew("TJ-FC1");
    const std::string first = f.certificateOnKey(key).serial;
    const auto renewed = f.ctl(
        CounterFixture::asOperator({"--json", "renew", "--key", key, "--alg", "ec-p256", "--pin-fd", "0"}),
        pw() + "135790\n");
    INFO(renewed.out << renewed.err);
    REQUIRE(renewed.exitCode == 0);
    const std::string second = f.certificateOnKey(key).serial;
    replaceLost(f, key, "cash:26.00");
    const std::string live = f.scalar("SELECT serial FROM countersign.certificates WHERE status = 'active'");
    REQUIRE(
        f.scalar("SELECT status || ' ' || revocation_reason FROM countersign.certificates WHERE serial = $1",
                 first) == "superseded superseded");
    REQUIRE(
        f.scalar("SELECT status || ' ' || revocation_reason FROM countersign.certificates WHERE serial = $1",
                 second) == "revoked keyCompromise");
    const std::string revokedAt =
        f.scalar("SELECT revoked_at::text FROM countersign.certificates WHERE serial = $1", second);

    // As the counter's own login (no grant at all since 0019), and as the owner (the rule).
    for (const auto& serial : {first, second}) {
        refusedToBoth(
            *f.conn, *owner, kRevocationFinal,
            "UPDATE countersign.certificates SET status = 'active', revocation_reason = NULL, revoked_at = "
            "NULL WHERE serial = $1",
            serial);
        refusedToBoth(
            *f.conn, *owner, kRevocationFinal,
            "UPDATE countersign.certificates SET status = 'issued', revocation_reason = NULL, revoked_at = "
            "NULL WHERE serial = $1",
            serial);
    }
    refusedToBoth(*f.conn, *owner, kRevocationFinal,
                  "UPDATE countersign.certificates SET revocation_reason = 'removeFromCRL' WHERE serial = $1",
                  second);
    refusedToBoth(
        *f.conn, *owner, kRevocationFinal,
        "UPDATE countersign.certificates SET revoked_at = revoked_at + interval '1 year' WHERE serial = $1",
        second);
    refusedToBoth(*f.conn, *owner, kRevocationFinal,
                  "UPDATE countersign.certificates SET status = 'superseded' WHERE serial = $1", second);
    refusedToBoth(*f.conn, *owner, "is recorded once and never changes",
                  "UPDATE countersign.certificates SET revoked_by_transaction_id = NULL WHERE serial = $1",
                  second);
    refusedToBoth(*f.conn, *owner, "is recorded once and never changes",
                  "UPDATE countersign.certificates SET replaced_by_certificate_id = NULL WHERE serial = $1",
                  first);
    refusedToBoth(*f.conn, *owner, "status only moves forward",
                  "UPDATE countersign.certificates SET status = 'issued' WHERE serial = $1", live);
    // What the CRL is built from (the issuer and serial of a revoked row) is not the counters' to write, and
    // the rule holds for the owner too.
    refused(*f.conn, kNoPrivilege,
            "UPDATE countersign.certificates SET issuer = 'CN=elsewhere' WHERE serial = $1", second);
    refused(*f.conn, kNoPrivilege, "DELETE FROM countersign.certificates WHERE serial = $1", second);
    refused(*owner, "what a certificate says never changes",
            "UPDATE countersign.certificates SET issuer = 'CN=elsewhere' WHERE serial = $1", second);
    refused(*owner, "what a certificate says never changes",
            "UPDATE countersign.certificates SET serial = serial || '00' WHERE serial = $1", second);
    refused(*owner, "is never deleted", "DELETE FROM countersign.certificates WHERE serial = $1", second);
    refused(
        *owner, kRevocationFinal,
        "UPDATE countersign.certificates SET status = 'active', revocation_reason = NULL, revoked_at = NULL "
        "WHERE serial = $1",
        second);
    refused(*owner, "may not be emptied", "TRUNCATE countersign.certificates CASCADE");

    // Revoking again through the CA (an admin's work) changes nothing, and both stay on the CRL as they were.
    f.db.addStaff("admin.final", "admin-password", "admin");
    const auto again = f.ctl(
        {"ca", "revoke", second, "--reason", "superseded", "--operator", "admin.final", "--password-fd", "0"},
        "admin-password\n");
    INFO(again.out << again.err);
    CHECK(again.exitCode == 0);
    CHECK(f.scalar("SELECT status || ' ' || revocation_reason || ' ' || revoked_at::text FROM "
                   "countersign.certificates WHERE serial = $1",
                   second) == "revoked keyCompromise " + revokedAt);
    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(first));
    CHECK_THAT(crl, Catch::Contains(second));
    CHECK_THAT(crl, Catch::Contains("Key Compromise"));
    CHECK_THAT(crl, Catch::Contains("Superseded"));
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("final states: a completed transaction, its fee lines, payments and receipt stay as recorded, and "
          "refund, void and printing still work",
          "[db][final][workflow][fees][receipts]") {
    CounterFixture f("ningbo");
    auto owner = f.db.connect();
    const std::string number = replaceLost(f, f.issueNew("NB-FT1"), "wechat_pay:100.00:WX20261122001");
    const std::string id =
        f.scalar("SELECT id::text FROM countersign.transactions WHERE number = $1", number);
    const auto record = [&] {
        return f.scalar(
            "SELECT concat_ws(' | ', t.state, t.operator_staff_id, t.counter_id, t.enterprise_id, "
            "t.agent_id, t.letter_id, t.number, (SELECT string_agg(l.amount_fen::text, ',' ORDER BY "
            "l.id) FROM countersign.fee_lines l WHERE l.transaction_id = t.id), (SELECT "
            "string_agg(p.method || ':' || p.amount_fen, ',' ORDER BY p.id) FROM "
            "countersign.payments p WHERE p.transaction_id = t.id), (SELECT r.number || ' ' || "
            "r.content_sha256::text FROM countersign.receipts r WHERE r.transaction_id = t.id ORDER "
            "BY r.id LIMIT 1)) FROM countersign.transactions t WHERE t.number = $1",
            number);
    };
    const std::string before = record();
    REQUIRE_THAT(before, Catch::StartsWith("completed | " + std::to_string(f.operatorId)));
    REQUIRE_THAT(before, Catch::Contains("10000 | wechat_pay:10000"));

    // The transaction itself.
    refusedToBoth(*f.conn, *owner, kTransactionFinal,
                  "UPDATE countersign.transactions SET state = 'verified' WHERE number = $1", number);
    refusedToBoth(
        *f.conn, *owner, kTransactionFinal,
        "UPDATE countersign.transactions SET state = 'failed', failure_reason = 'undo' WHERE number = $1",
        number);
    refusedToBoth(
        *f.conn, *owner, kTransactionFinal,
        "UPDATE countersign.transactions SET enterprise_id = NULL, agent_id = NULL WHERE number = $1",
        number);
    refusedToBoth(*f.conn, *owner, kTransactionFinal,
                  "UPDATE countersign.transactions SET letter_id = NULL WHERE number = $1", number);
    refusedToBoth(
        *f.conn, *owner, kTransactionFinal,
        "UPDATE countersign.transactions SET work = work || '{\"cert_serial\": \"00\"}' WHERE number = $1",
        number);
    refused(*f.conn, kNoPrivilege,
            "UPDATE countersign.transactions SET operator_staff_id = $2 WHERE number = $1", number,
            f.operator2Id);
    refused(*f.conn, kNoPrivilege,
            "UPDATE countersign.transactions SET number = number || '-X' WHERE number = $1", number);
    refused(*owner, kWhoDidIt, "UPDATE countersign.transactions SET operator_staff_id = $2 WHERE number = $1",
            number, f.operator2Id);
    refused(*owner, "number, kind, counter, centre, day and start never change",
            "UPDATE countersign.transactions SET number = number || '-X', business_date = business_date - 1 "
            "WHERE number = $1",
            number);
    refused(*owner, kTransactionFinal,
            "UPDATE countersign.transactions SET state = 'verified', finished_at = NULL WHERE number = $1",
            number);
    refused(*owner, kTransactionFinal, "DELETE FROM countersign.transactions WHERE number = $1", number);

    // Its fee lines and payments: nothing added, changed or deleted after the fee step.
    refusedToBoth(*f.conn, *owner, kFeeFixed,
                  "INSERT INTO countersign.fee_lines (transaction_id, description, amount_fen) VALUES ($1, "
                  "'extra', 5000)",
                  id);
    refusedToBoth(
        *f.conn, *owner, kFeeFixed,
        "INSERT INTO countersign.fee_lines (transaction_id, description, amount_fen, waiver_reason, "
        "attested_by) VALUES ($1, 'waived after all', -10000, 'goodwill', $2)",
        id, f.operatorId);
    refusedToBoth(
        *f.conn, *owner, kFeeFixed,
        "INSERT INTO countersign.payments (transaction_id, centre_id, method, amount_fen, received_by) "
        "SELECT id, centre_id, 'cash', 100, operator_staff_id FROM countersign.transactions WHERE id = $1",
        id);
    refused(*f.conn, kNoPrivilege,
            "UPDATE countersign.fee_lines SET amount_fen = 0 WHERE transaction_id = $1", id);
    refused(*f.conn, kNoPrivilege, "UPDATE countersign.payments SET amount_fen = 1 WHERE transaction_id = $1",
            id);
    refused(*owner, kFeeFixed, "UPDATE countersign.fee_lines SET amount_fen = 0 WHERE transaction_id = $1",
            id);
    refused(*owner, kFeeFixed, "UPDATE countersign.payments SET amount_fen = 1 WHERE transaction_id = $1",
            id);
    refused(*owner, kFeeFixed, "DELETE FROM countersign.payments WHERE transaction_id = $1", id);
    refused(*owner, kFeeFixed, "DELETE FROM countersign.fee_lines WHERE transaction_id = $1", id);

    // Its receipt: printing stores the document once (the product's own statement) and counts the prints.
    const long long receiptId = std::stoll(
        f.scalar("SELECT id::text FROM countersign.receipts WHERE transaction_id = $1::bigint", id));
    {
        const auth::SessionToken session = f.operatorSession();
        pqxx::work tx{*f.conn};
        CHECK_FALSE(receipts::recordPrint(tx, *session, receiptId, std::string("%PDF-1.4 as handed out")));
        CHECK(receipts::recordPrint(tx, *session, receiptId, std::string("%PDF-1.4 another")));
        tx.commit();
    }
    const std::string pdfSha = "receipt's stored PDF is written once";
    refusedToBoth(*f.conn, *owner, pdfSha, "UPDATE countersign.receipts SET pdf = $2 WHERE id = $1",
                  receiptId, pqxx::binarystring(std::string("%PDF-1.4 a different receipt")));
    refusedToBoth(*f.conn, *owner, pdfSha, "UPDATE countersign.receipts SET pdf = NULL WHERE id = $1",
                  receiptId);
    refusedToBoth(
        *f.conn, *owner, "print counts only go up",
        "UPDATE countersign.receipts SET printed_count = 0, reprinted_count = 0, first_printed_at = NULL "
        "WHERE id = $1",
        receiptId);
    refused(*f.conn, kNoPrivilege, "UPDATE countersign.receipts SET content = '{}' WHERE id = $1", receiptId);
    refused(*owner, "a receipt is never deleted", "DELETE FROM countersign.receipts WHERE id = $1",
            receiptId);
    CHECK(f.scalar("SELECT convert_from(pdf, 'UTF8') || ' ' || printed_count || ' ' || reprinted_count FROM "
                   "countersign.receipts WHERE id = $1::bigint",
                   std::to_string(receiptId)) == "%PDF-1.4 as handed out 2 1");

    // The honest ways back: the fee is refunded (a refund row, with a supervisor's approval) and the receipt
    // voided (with one); the transaction, its fee lines and payments stay as they were.
    const auto refund =
        f.ctl({"--json", "refund", number, "--reason", "customer withdrew", "--operator", "op",
               "--password-fd", "0", "--supervisor", "sup", "--supervisor-password-fd", "0"},
              pw() + supervisorPw());
    INFO(refund.out << refund.err);
    REQUIRE(refund.exitCode == 0);
    CHECK(f.scalar("SELECT sum(r.amount_fen)::text FROM countersign.refunds r JOIN countersign.payments p ON "
                   "p.id = r.payment_id WHERE p.transaction_id = $1::bigint",
                   id) == "10000");
    {
        const auto approver = f.supervisorApproval();
        const auth::SessionToken session = f.operatorSession();
        pqxx::work tx{*f.conn};
        approvals::ApprovalRequest request;
        request.kind = approvals::ApprovalKind::Void;
        request.requestedBy = f.operatorId;
        request.counterId = f.db.counterId();
        request.transactionId = std::stoll(id);
        request.reason = "fee refunded";
        request.approves = receipts::voidApprovalText(
            *receipts::findByTransaction(tx, request.transactionId.value()), "fee refunded");
        const long long approval = approvals::recordApproval(tx, request, approver);
        receipts::voidReceipt(tx, *session, receiptId, "fee refunded", approval);
        tx.commit();
    }
    CHECK(record() == before);

    // A void is final, and no second receipt can be issued for the transaction now: not even by the
    // product's own function.
    refused(*owner, "a voided receipt stays void",
            "UPDATE countersign.receipts SET voided_at = NULL, void_reason = NULL, void_approval_id = NULL "
            "WHERE id = $1",
            receiptId);
    secondReceiptRefused(f, id);
    CHECK(f.scalar("SELECT count(*)::text FROM countersign.receipts") == "2"); // the NEW's and this one
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("final states: recovery still compensates with its refund, a waiver is still recorded at the fee "
          "step, and a compensated transaction is final",
          "[db][final][workflow][fees]") {
    CounterFixture f("tianjin-2018");
    auto owner = f.db.connect();
    // A waiver is a negative fee line written with its approval at the fee step.
    f.issueNew("TJ-FW1");
    const auto waived =
        f.ctl(CounterFixture::asOperator(
                  {"--json", "replace", "--letter-json", f.authorizationLetterFile("auth", {"REPLACE"}),
                   "--reason", "damaged", "--waiver", "--supervisor", "sup", "--supervisor-password-fd", "0",
                   "--alg", "ec-p256", "--new-pin-fd", "0"}),
              pw() + supervisorPw() + "246813\n");
    INFO(waived.out << waived.err);
    REQUIRE(waived.exitCode == 0);
    CHECK(f.scalar("SELECT string_agg(amount_fen::text, ',' ORDER BY id) FROM countersign.fee_lines") ==
          "0,2600,-2600");

    // A REPLACE paid in cash, killed once the CA issued its certificate; recovery gives it up: the
    // certificate is revoked and the fee refunded.
    const std::string lost = f.issueNew("TJ-FW2");
    try {
        f.ctlCrashingAt("done:cert_issued",
                        CounterFixture::asOperator({"replace", "--letter-json",
                                                    f.authorizationLetterFile("auth", {"REPLACE"}),
                                                    "--reason", "lost", "--old-key", lost, "--alg", "ec-p256",
                                                    "--new-pin-fd", "0", "--payment", "cash:26.00"}),
                        pw() + "246813\n");
        FAIL("the replacement was not killed");
    } catch (const std::runtime_error& e) {
        REQUIRE_THAT(e.what(), Catch::Contains("did not finish normally"));
    }
    const auto recovered = f.ctl(CounterFixture::asOperator({"recover"}), pw());
    INFO(recovered.out << recovered.err);
    REQUIRE(recovered.exitCode == 0);
    const std::string number =
        f.scalar("SELECT number FROM countersign.transactions WHERE state = 'compensated'");
    REQUIRE_FALSE(number.empty());
    const std::string id =
        f.scalar("SELECT id::text FROM countersign.transactions WHERE number = $1", number);
    CHECK(f.scalar("SELECT r.amount_fen || ' ' || r.by_recovery FROM countersign.refunds r JOIN "
                   "countersign.payments p ON p.id = r.payment_id WHERE p.transaction_id = $1::bigint",
                   id) == "2600 true");
    const std::string issued =
        f.scalar("SELECT c.serial FROM countersign.certificates c JOIN countersign.ca_requests q ON "
                 "q.certificate_id = c.id WHERE q.request_id = $1",
                 number);
    CHECK(
        f.scalar("SELECT status || ' ' || revocation_reason FROM countersign.certificates WHERE serial = $1",
                 issued) == "revoked cessationOfOperation");

    // The compensated transaction is final.
    refusedToBoth(*f.conn, *owner, kTransactionFinal,
                  "UPDATE countersign.transactions SET state = 'failed' WHERE number = $1", number);
    refusedToBoth(*f.conn, *owner, kTransactionFinal,
                  "UPDATE countersign.transactions SET failure_reason = 'nothing happened' WHERE number = $1",
                  number);
    refused(*owner, kWhoDidIt, "UPDATE countersign.transactions SET operator_staff_id = $2 WHERE number = $1",
            number, f.operator2Id);
    refusedToBoth(
        *f.conn, *owner, kFeeFixed,
        "INSERT INTO countersign.payments (transaction_id, centre_id, method, amount_fen, received_by) "
        "SELECT id, centre_id, 'cash', 2600, operator_staff_id FROM countersign.transactions WHERE id = $1",
        id);
    secondReceiptRefused(f, id);
    refusedToBoth(
        *f.conn, *owner, kRevocationFinal,
        "UPDATE countersign.certificates SET status = 'active', revocation_reason = NULL, revoked_at = NULL "
        "WHERE serial = $1",
        issued);

    // Who did a transaction never changes, even while it is open.
    {
        pqxx::work tx{*owner};
        tx.exec_params0("INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
                        "centre_id) VALUES ('TJ01-OPEN-1', 'RENEW', $1, $2, $3)",
                        f.operatorId, f.db.counterId(), f.db.centreId());
        tx.commit();
    }
    refused(*owner, kWhoDidIt,
            "UPDATE countersign.transactions SET operator_staff_id = $1 WHERE number = 'TJ01-OPEN-1'",
            f.operator2Id);
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", number) == "compensated");
    CHECK_FALSE(f.auditBrokenAt());
}
