#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/fees/fees.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Matchers::Contains;

namespace {

struct CtlFixture {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> conn = database.connect();
    long long op = database.addStaff("op.li", "operator-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    std::string config = test::writeTestConfig(database, "[fees]\nschedule=tianjin-2018\n");
    int transactions = 0;

    /// countersignctl; the invoice commands are back-office work, run as the supervisor
    /// (0020_money_records.sql).
    test::ProcessResult ctl(std::vector<std::string> args, std::string input = {}) {
        if (input.empty() && std::find(args.begin(), args.end(), "invoices") != args.end()) {
            args.insert(args.end(), {"--operator", "sup.wang", "--password-fd", "0"});
            input = "supervisor-pass\n";
        }
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input, {{"COUNTERSIGN_CONFIG", config}});
    }

    /// A REPLACE transaction with its 26.00 fee paid and, when `buyer` is given, an invoice request.
    long long paidTransaction(const std::optional<std::string>& buyer, fees::PaymentMethod method,
                              std::string* number = nullptr) {
        pqxx::work tx{*conn};
        const std::string no = "TJ01-20260101-" + std::to_string(++transactions);
        const long long id =
            tx.exec_params1(
                  "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id) "
                  "VALUES ($1, 'REPLACE', $2, $3, $4) RETURNING id",
                  no, op, database.counterId(), database.centreId())[0]
                .as<long long>();
        tx.exec_params0("UPDATE transactions SET state = 'papers_checked' WHERE id = $1", id);
        tx.commit();
        auto counter = database.connectAsCounter();
        pqxx::work ctx{*counter};
        const auto q = fees::quote(ctx, database.centreId(), "tianjin-2018", "REPLACE", {}, Date::today());
        std::optional<fees::InvoiceInput> invoice;
        if (buyer) {
            invoice.emplace();
            invoice->buyerName = *buyer;
            invoice->buyerTaxpayerId = "91350100M000100Y43";
            invoice->deliveryEmail = "finance@example.com";
        }
        fees::recordFee(ctx, Secret(test::plantSession(database, op)), id, q,
                        {{method, 2600, method == fees::PaymentMethod::Cash ? "" : "REF-" + no}}, invoice);
        ctx.commit();
        if (number)
            *number = no;
        return id;
    }

    std::string query(const std::string& sql, long long param) {
        pqxx::read_transaction tx{*conn};
        const auto r = tx.exec_params1(sql, param);
        return r[0].is_null() ? std::string("NULL") : r[0].as<std::string>();
    }
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        if (end == std::string::npos) {
            out.push_back(text.substr(start));
            break;
        }
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

} // namespace

TEST_CASE("invoices export writes the pending requests as CSV with RFC 4180 quoting and marks them exported",
          "[ctl][fees]") {
    CtlFixture f;
    std::string first, second;
    const long long a =
        f.paidTransaction(std::string("Acme, \"Best\" Trading Co."), fees::PaymentMethod::Cash, &first);
    const long long b =
        f.paidTransaction(std::string("天津示例科技有限公司"), fees::PaymentMethod::Alipay, &second);
    f.paidTransaction(std::nullopt, fees::PaymentMethod::Cash); // paid, no invoice wanted
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0("UPDATE invoice_requests SET status = 'cancelled' WHERE transaction_id = $1", b);
        tx.commit();
    }

    const auto r = f.ctl({"invoices", "export", "--status", "pending"});
    REQUIRE(r.exitCode == 0);
    const auto rows = lines(r.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].rfind("request_id,transaction_no,receipt_no,status,buyer_kind,buyer_name,", 0) == 0);
    CHECK_THAT(rows[1], Contains("," + first +
                                 ",,pending,enterprise,\"Acme, \"\"Best\"\" Trading Co.\","
                                 "91350100M000100Y43,"));
    CHECK_THAT(rows[1], Contains(",2600,26.00,"));
    CHECK_THAT(r.err, Contains("1 pending marked exported"));
    CHECK(f.query("SELECT exported_at IS NOT NULL FROM invoice_requests WHERE transaction_id = $1", a) ==
          "t");
    CHECK(f.query("SELECT exported_at IS NULL FROM invoice_requests WHERE transaction_id = $1", b) == "t");

    // The export holds buyers' names, taxpayer IDs and bank accounts: written for its owner only (0600), even
    // over a file that was readable by all.
    const std::string out = test::scratchDir() + "/all-" + f.database.name() + ".json";
    test::writeScratchFile("all-" + f.database.name() + ".json", "an older export");
    REQUIRE(::chmod(out.c_str(), 0644) == 0);
    const auto all =
        f.ctl({"--json", "invoices", "export", "--status", "all", "--format", "json", "--out", out});
    REQUIRE(all.exitCode == 0);
    CHECK(QJsonDocument::fromJson(QByteArray::fromStdString(all.out))
              .object()
              .value(QStringLiteral("count"))
              .toInt() == 2);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const auto list = QJsonDocument::fromJson(QByteArray::fromStdString(slurp(out))).array();
    REQUIRE(list.size() == 2);
    const auto firstRow = list.at(0).toObject();
    CHECK(firstRow.value(QStringLiteral("buyer_name")).toString() ==
          QStringLiteral("Acme, \"Best\" Trading Co."));
    CHECK(firstRow.value(QStringLiteral("amount_fen")).toInt() == 2600);
    CHECK(firstRow.value(QStringLiteral("amount_yuan")).toString() == QStringLiteral("26.00"));
    CHECK(firstRow.value(QStringLiteral("transaction_no")).toString() == QString::fromStdString(first));
    CHECK(firstRow.value(QStringLiteral("receipt_no")).isNull());
    CHECK(list.at(1).toObject().value(QStringLiteral("status")).toString() == QStringLiteral("cancelled"));
    CHECK(list.at(1).toObject().value(QStringLiteral("buyer_name")).toString() ==
          QStringLiteral("天津示例科技有限公司"));

    CHECK(f.ctl({"invoices", "export"}).exitCode == 2);
    CHECK(f.ctl({"invoices", "export", "--status", "open"}).exitCode == 2);
    CHECK(f.ctl({"invoices", "export", "--status", "all", "--format", "xml"}).exitCode == 2);
}

TEST_CASE("invoices mark-issued sets the invoice number and refuses to mark the same request twice",
          "[ctl][fees]") {
    CtlFixture f;
    std::string number;
    const long long a = f.paidTransaction(std::string("Acme Trading"), fees::PaymentMethod::Cash, &number);
    const long long b = f.paidTransaction(std::string("Beta Trading"), fees::PaymentMethod::Cash);
    const std::string requestA = f.query("SELECT id FROM invoice_requests WHERE transaction_id = $1", a);
    const std::string requestB = f.query("SELECT id FROM invoice_requests WHERE transaction_id = $1", b);

    const std::string csv =
        test::writeScratchFile("issued-" + f.database.name() + ".csv",
                               "request_id,invoice_number\r\n" + requestA + ",24120000000000012345\r\n");
    const auto first = f.ctl({"invoices", "mark-issued", "--file", csv});
    INFO(first.err);
    REQUIRE(first.exitCode == 0);
    CHECK_THAT(first.out, Contains("1 invoice request marked issued"));
    CHECK(f.query("SELECT status || ' ' || invoice_number FROM invoice_requests WHERE transaction_id = $1",
                  a) == "issued 24120000000000012345");
    CHECK(f.query("SELECT count(*) FROM audit_log WHERE event = 'invoice.issued' AND subject = "
                  "(SELECT number FROM transactions WHERE id = $1)",
                  a) == "1");

    const auto again = f.ctl({"invoices", "mark-issued", "--file", csv});
    CHECK(again.exitCode == 1);
    CHECK_THAT(again.err, Contains("request " + requestA) && Contains("already") && Contains("not pending"));

    // All or nothing: B is pending, but A in the same file is not, so B stays pending.
    const std::string json =
        test::writeScratchFile("issued-" + f.database.name() + ".json",
                               "[{\"request_id\": " + requestB +
                                   ", \"invoice_number\": \"24120000000000099999\"},"
                                   " {\"transaction_no\": \"" +
                                   number + "\", \"invoice_number\": \"24120000000000088888\"}]");
    const auto mixed = f.ctl({"invoices", "mark-issued", "--file", json});
    CHECK(mixed.exitCode == 1);
    CHECK_THAT(mixed.err, Contains("row 2") && Contains("nothing was marked"));
    CHECK(f.query("SELECT status FROM invoice_requests WHERE transaction_id = $1", b) == "pending");

    // An exported CSV with the numbers filled in is taken as it is (by transaction number here).
    const std::string byNumber = test::writeScratchFile(
        "issued2-" + f.database.name() + ".csv",
        "transaction_no,buyer_name,invoice_number\nTJ01-20260101-2,\"Beta, Trading\",INV-0002\n");
    CHECK(f.ctl({"invoices", "mark-issued", "--file", byNumber}).exitCode == 0);
    CHECK(f.query("SELECT invoice_number FROM invoice_requests WHERE transaction_id = $1", b) == "INV-0002");

    const std::string bad = test::writeScratchFile("issued3-" + f.database.name() + ".csv",
                                                   "request_id,invoice_number\n999999,'; DROP TABLE x; --\n");
    const auto hostile = f.ctl({"invoices", "mark-issued", "--file", bad});
    CHECK(hostile.exitCode == 1);
    CHECK_THAT(hostile.err, Contains("only letters, digits and '-'"));
    CHECK(f.ctl({"invoices", "mark-issued"}).exitCode == 2);
}

TEST_CASE("fees: countersignctl fees show prints the schedule configured for the centre and its rules",
          "[ctl][fees]") {
    CtlFixture f;
    const auto tianjin = f.ctl({"fees", "show", "--operation", "REPLACE"});
    REQUIRE(tianjin.exitCode == 0);
    CHECK_THAT(tianjin.out, Contains("tianjin-2018") && Contains("26.00") && Contains("USB-KEY media fee") &&
                                Contains("-26.00") && Contains("exterior intact"));
    CHECK_THAT(tianjin.out, !Contains("UNLOCK"));

    f.config = test::writeTestConfig(f.database, "[fees]\nschedule=ningbo\n");
    const auto ningbo = f.ctl({"--json", "fees", "show"});
    REQUIRE(ningbo.exitCode == 0);
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(ningbo.out)).object();
    CHECK(doc.value(QStringLiteral("schedule")).toObject().value(QStringLiteral("code")).toString() ==
          QStringLiteral("ningbo"));
    bool further = false;
    for (const auto& v : doc.value(QStringLiteral("rules")).toArray()) {
        const auto rule = v.toObject();
        if (rule.value(QStringLiteral("condition")).toString() == QStringLiteral("further_certificate")) {
            further = true;
            CHECK(rule.value(QStringLiteral("amount_yuan")).toString() == QStringLiteral("180.00"));
        }
    }
    CHECK(further);

    f.config = test::writeTestConfig(f.database);
    const auto ambiguous = f.ctl({"fees", "show"});
    CHECK(ambiguous.exitCode == 1);
    CHECK_THAT(ambiguous.err, Contains("more than one fee schedule") && Contains("[fees] schedule"));
}

TEST_CASE("fees: refund through countersignctl needs a supervisor and pays back what was paid",
          "[ctl][fees]") {
    CtlFixture f;
    std::string number;
    const long long t =
        f.paidTransaction(std::string("Acme Trading"), fees::PaymentMethod::WeChatPay, &number);
    const auto refunded = [&] {
        return f.query(
            "SELECT coalesce(sum(r.amount_fen), 0) FROM refunds r JOIN payments p ON p.id = r.payment_id "
            "WHERE p.transaction_id = $1",
            t);
    };

    const auto alone = f.ctl({"refund", number, "--reason", "key could not be issued", "--operator", "op.li",
                              "--password-fd", "0"},
                             "operator-pass\n");
    CHECK(alone.exitCode == 1);
    CHECK_THAT(alone.err, Contains("needs a supervisor's approval"));
    CHECK(refunded() == "0");

    const auto wrong =
        f.ctl({"refund", number, "--reason", "key could not be issued", "--operator", "op.li",
               "--password-fd", "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
              "operator-pass\nnot-the-password\n");
    CHECK(wrong.exitCode == 1);
    CHECK_THAT(wrong.err, Contains("not approved") && Contains("wrong user name or password"));
    CHECK(f.query("SELECT failed_logins FROM staff WHERE id = $1", f.sup) == "1");
    CHECK(refunded() == "0");

    const auto self = f.ctl({"refund", number, "--reason", "x", "--operator", "sup.wang", "--password-fd",
                             "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
                            "supervisor-pass\nsupervisor-pass\n");
    CHECK(self.exitCode == 1);
    CHECK_THAT(self.err, Contains("second person"));

    CHECK(f.ctl({"refund", number, "--operator", "op.li"}).exitCode == 2);
    CHECK(f.ctl({"refund", "--reason", "r"}).exitCode == 2);
    CHECK(f.ctl({"refund", "NO-SUCH", "--reason", "r", "--operator", "op.li", "--password-fd", "0"},
                "operator-pass\n")
              .exitCode == 1);

    const auto ok =
        f.ctl({"--json", "refund", number, "--reason", "key could not be issued", "--operator", "op.li",
               "--password-fd", "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
              "operator-pass\nsupervisor-pass\n");
    INFO(ok.err);
    REQUIRE(ok.exitCode == 0);
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(ok.out)).object();
    CHECK(doc.value(QStringLiteral("total_yuan")).toString() == QStringLiteral("26.00"));
    CHECK(doc.value(QStringLiteral("refunds"))
              .toArray()
              .at(0)
              .toObject()
              .value(QStringLiteral("method"))
              .toString() == QStringLiteral("wechat_pay"));
    CHECK(refunded() == "2600");
    CHECK(f.query("SELECT status FROM invoice_requests WHERE transaction_id = $1", t) == "cancelled");
    CHECK(f.query("SELECT count(*) FROM approvals WHERE transaction_id = $1 AND kind = 'refund'", t) == "1");
    CHECK(f.query("SELECT count(*) FROM audit_log WHERE event = 'fee.refunded' AND actor_staff_id = $1",
                  f.op) == "1");

    const auto twice = f.ctl({"refund", number, "--reason", "again", "--operator", "op.li", "--password-fd",
                              "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
                             "operator-pass\nsupervisor-pass\n");
    CHECK(twice.exitCode == 1);
    CHECK_THAT(twice.err, Contains("refunded in full already"));
}
