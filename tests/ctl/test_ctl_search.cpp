// countersignctl's side of the counter's past (issue "the back office"): `transaction search` by each key,
// `transaction show --operator` (masked, and --reveal-agent by a supervisor, audited), `transaction
// evidence`, and `receipt void` with a supervisor's approval: refused without, the receipt afterwards void to
// `receipt verify`, the fee refunded by its method and the day's report summing it as the SQL does.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

#include "backend/receipts/receipts.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Matchers::Contains;

namespace {

QJsonObject parse(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

struct SearchCtl {
    test::TestDatabase database;
    std::string config = test::writeTestConfig(database);
    long long op = database.addStaff("op.li", "operator-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    long long t = 0;
    long long evidence = 0;
    receipts::ReceiptRecord receipt;

    SearchCtl() {
        auto owner = database.connect();
        {
            pqxx::work tx{*owner};
            tx.exec0("SET LOCAL session_replication_role = replica");
            const auto enterprise =
                tx.exec1("INSERT INTO enterprises (uscc, name) VALUES ('91350100M000100Y43', "
                         "'天津示例科技有限公司') RETURNING id")[0]
                    .as<long long>();
            const auto agent = tx.exec1("INSERT INTO agents (name, id_number, mobile) VALUES ('张伟', "
                                        "'11010519491231002X', '13800138000') RETURNING id")[0]
                                   .as<long long>();
            const auto token = tx.exec_params1("INSERT INTO tokens (serial, model, state, centre_id) VALUES "
                                               "('KEY-C-0001', 'ePass3003', 'active', $1) RETURNING id",
                                               database.centreId())[0]
                                   .as<long long>();
            t = tx.exec_params1(
                      "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id, "
                      "enterprise_id, agent_id, token_id, state) VALUES ('TJ01-C-0001', 'NEW', $1, $2, "
                      "$3, $4, $5, $6, 'verified') RETURNING id",
                      op, database.counterId(), database.centreId(), enterprise, agent, token)[0]
                    .as<long long>();
            tx.exec_params0(
                "INSERT INTO certificates (serial, issuer, token_id, enterprise_id, transaction_id, "
                "subject, not_before, not_after, status, der) VALUES ('7F00AA01', 'CN=Test CA', $1, $2, "
                "$3, 'CN=x', now(), now() + interval '1 year', 'active', '\\x308201'::bytea)",
                token, enterprise, t);
            tx.exec_params0(
                "INSERT INTO fee_lines (transaction_id, description, amount_fen) VALUES ($1, '证书费', "
                "18000)",
                t);
            tx.exec_params0("INSERT INTO payments (transaction_id, centre_id, method, amount_fen, reference, "
                            "received_by) VALUES ($1, $2, 'wechat_pay', 10000, 'WX123', $3), "
                            "($1, $2, 'cash', 8000, NULL, $3)",
                            t, database.centreId(), op);
            tx.exec_params0("INSERT INTO invoice_requests (transaction_id, buyer_name, buyer_taxpayer_id, "
                            "delivery_email, amount_fen, requested_by) VALUES ($1, '天津示例科技有限公司', "
                            "'91350100M000100Y43', 'a@example.com', 18000, $2)",
                            t, op);
            evidence =
                tx.exec_params1(
                      "INSERT INTO evidence (transaction_id, kind, mime_type, bytes, captured_by, sha256) "
                      "VALUES ($1, 'letter_scan', 'image/png', '\\x89504e47'::bytea, $2, "
                      "sha256('\\x89504e47'::bytea)) "
                      "RETURNING id",
                      t, op)[0]
                    .as<long long>();
            tx.commit();
        }
        auto counter = database.connectAsCounter();
        receipt =
            test::completeAndIssueReceipt(database, *counter, Secret(test::plantSession(database, op)), t);
    }

    test::ProcessResult ctl(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }
    std::string query(const std::string& sql) const {
        auto owner = database.connect();
        pqxx::read_transaction tx{*owner};
        const auto r = tx.exec1(sql);
        return r[0].is_null() ? std::string("NULL") : r[0].as<std::string>();
    }
    /// The transaction numbers `transaction search` prints as JSON for `filter`, as the operator.
    std::vector<std::string> search(std::vector<std::string> filter) const {
        std::vector<std::string> args{"--json", "transaction", "search"};
        args.insert(args.end(), filter.begin(), filter.end());
        args.insert(args.end(), {"--operator", "op.li", "--password-fd", "0"});
        const auto r = ctl(args, "operator-pass\n");
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        std::vector<std::string> out;
        for (const auto& v : parse(r.out)[QStringLiteral("transactions")].toArray())
            out.push_back(v.toObject()[QStringLiteral("transaction")].toString().toStdString());
        return out;
    }
};

using Numbers = std::vector<std::string>;

} // namespace

TEST_CASE("ctl search: transaction search finds by each key, the agent masked", "[ctl][search]") {
    SearchCtl f;
    const Numbers one{"TJ01-C-0001"};
    const std::string today = f.query("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text");
    CHECK(f.search({"--number", "TJ01-C-0001"}) == one);
    CHECK(f.search({"--receipt", f.receipt.numberText}) == one);
    CHECK(f.search({"--company", "示例科技"}) == one);
    CHECK(f.search({"--uscc", "91350100M000100Y43"}) == one);
    CHECK(f.search({"--serial", "KEY-C-0001"}) == one);
    CHECK(f.search({"--cert-serial", "7F00AA01"}) == one);
    CHECK(f.search({"--agent-id", "11010519491231002X"}) == one);
    CHECK(f.search({"--from", today, "--to", today}) == one);
    CHECK(f.search({"--state", "completed"}) == one);
    CHECK(f.search({"--operation", "NEW"}) == one);
    CHECK(f.search({"--operation", "RENEW"}).empty());
    CHECK(f.search({"--company", "不存在"}).empty());

    const auto text = f.ctl({"transaction", "search", "--agent-id", "11010519491231002X", "--operator",
                             "op.li", "--password-fd", "0"},
                            "operator-pass\n");
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.out,
               Contains("110105********002X") && Contains("TJ01-C-0001") && Contains("1 transaction found"));
    CHECK_THAT(text.out, !Contains("11010519491231002X"));

    // Bad input: a clear error, before anyone logs in.
    const auto badDay =
        f.ctl({"transaction", "search", "--from", "2026-02-31", "--operator", "op.li", "--password-fd", "0"},
              "operator-pass\n");
    CHECK(badDay.exitCode == 1);
    CHECK_THAT(badDay.err, Contains("YYYY-MM-DD"));
    CHECK(f.ctl({"transaction", "search", "--limit", "0", "--operator", "op.li"}).exitCode == 2);
    CHECK(f.ctl({"transaction", "search", "--bogus", "x", "--operator", "op.li"}).exitCode == 2);
}

TEST_CASE("ctl search: transaction show masks the agent; a supervisor reveals and opens evidence, audited",
          "[ctl][search]") {
    SearchCtl f;
    const auto shown =
        f.ctl({"transaction", "show", "TJ01-C-0001", "--operator", "op.li", "--password-fd", "0"},
              "operator-pass\n");
    INFO(shown.err);
    REQUIRE(shown.exitCode == 0);
    CHECK_THAT(shown.out, Contains("110105********002X") && Contains("138****8000") && Contains("证书费") &&
                              Contains("wechat_pay") && Contains("7F00AA01") &&
                              Contains(f.receipt.numberText) && Contains("letter_scan, 4 bytes"));
    CHECK_THAT(shown.out, !Contains("11010519491231002X"));

    const auto refused = f.ctl(
        {"transaction", "show", "TJ01-C-0001", "--reveal-agent", "--operator", "op.li", "--password-fd", "0"},
        "operator-pass\n");
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Contains("supervisor's act"));
    const std::string out = test::scratchDir() + "/scan-" + f.database.name() + ".png";
    const auto opEvidence = f.ctl({"transaction", "evidence", std::to_string(f.evidence), "--out", out,
                                   "--operator", "op.li", "--password-fd", "0"},
                                  "operator-pass\n");
    CHECK(opEvidence.exitCode == 1);
    CHECK(f.query("SELECT count(*) FROM audit_log WHERE event = 'evidence.opened'") == "0");

    const auto revealed = f.ctl({"--json", "transaction", "show", "TJ01-C-0001", "--reveal-agent",
                                 "--operator", "sup.wang", "--password-fd", "0"},
                                "supervisor-pass\n");
    INFO(revealed.err);
    REQUIRE(revealed.exitCode == 0);
    CHECK(parse(revealed.out)[QStringLiteral("agent")].toObject()[QStringLiteral("id_number")].toString() ==
          QStringLiteral("11010519491231002X"));
    const auto opened = f.ctl({"transaction", "evidence", std::to_string(f.evidence), "--out", out,
                               "--operator", "sup.wang", "--password-fd", "0"},
                              "supervisor-pass\n");
    INFO(opened.err);
    REQUIRE(opened.exitCode == 0);
    CHECK(
        f.query("SELECT string_agg(s.username, ',') FROM audit_log a JOIN staff s ON s.id = a.actor_staff_id "
                "WHERE a.event = 'evidence.opened'") == "sup.wang,sup.wang");
}

TEST_CASE("ctl search: receipt void needs a supervisor, refunds by method and the day's report sums it",
          "[ctl][search][receipts]") {
    SearchCtl f;
    const std::string number = f.receipt.numberText;
    const auto refunded = [&] { return f.query("SELECT coalesce(sum(amount_fen), 0) FROM refunds"); };

    const auto alone = f.ctl(
        {"receipt", "void", number, "--reason", "wrong company", "--operator", "op.li", "--password-fd", "0"},
        "operator-pass\n");
    CHECK(alone.exitCode == 1);
    CHECK_THAT(alone.err, Contains("supervisor"));
    const auto wrong =
        f.ctl({"receipt", "void", number, "--reason", "wrong company", "--operator", "op.li", "--password-fd",
               "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
              "operator-pass\nnot-the-password\n");
    CHECK(wrong.exitCode == 1);
    CHECK_THAT(wrong.err, Contains("not approved"));
    CHECK(f.ctl({"receipt", "void", number, "--operator", "op.li"}).exitCode == 2);
    CHECK(refunded() == "0");
    CHECK(f.query("SELECT count(*) FROM receipts WHERE voided_at IS NOT NULL") == "0");

    const auto ok =
        f.ctl({"--json", "receipt", "void", number, "--reason", "wrong company", "--operator", "op.li",
               "--password-fd", "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
              "operator-pass\nsupervisor-pass\n");
    INFO(ok.err);
    REQUIRE(ok.exitCode == 0);
    const auto doc = parse(ok.out);
    CHECK(doc[QStringLiteral("total_fen")].toInteger() == 18000);
    CHECK(doc[QStringLiteral("approved_by")].toString() == QStringLiteral("sup.wang"));
    // Each payment paid back by its own method, under the one void approval.
    CHECK(f.query(
              "SELECT string_agg(p.method || ':' || r.amount_fen || ':' || a.kind, ',' ORDER BY p.id) FROM "
              "refunds r JOIN payments p ON p.id = r.payment_id JOIN approvals a ON a.id = r.approval_id") ==
          "wechat_pay:10000:void,cash:8000:void");
    CHECK(f.query("SELECT count(*) FROM approvals WHERE kind = 'void' AND consumed_at IS NOT NULL") == "1");
    CHECK(f.query("SELECT status FROM invoice_requests") == "cancelled");
    CHECK(
        f.query("SELECT string_agg(event, ',' ORDER BY id) FROM audit_log WHERE event IN ('receipt.voided', "
                "'fee.refunded')") == "receipt.voided,fee.refunded");

    // Twice is refused, and nothing more is refunded.
    const auto again =
        f.ctl({"receipt", "void", number, "--reason", "wrong company", "--operator", "op.li", "--password-fd",
               "0", "--supervisor", "sup.wang", "--supervisor-password-fd", "0"},
              "operator-pass\nsupervisor-pass\n");
    CHECK(again.exitCode == 1);
    CHECK_THAT(again.err, Contains("void already"));
    CHECK(refunded() == "18000");

    // The receipt stays, and its QR now says it is void.
    const auto verify = f.ctl({"receipt", "verify", f.receipt.qrPayload});
    CHECK(verify.exitCode != 0);
    CHECK_THAT(verify.out + verify.err, Contains("void"));
    const auto shown =
        f.ctl({"transaction", "show", "TJ01-C-0001", "--operator", "op.li", "--password-fd", "0"},
              "operator-pass\n");
    CHECK_THAT(shown.out, Contains(number + " 作废") && Contains("refunded 100.00 by wechat_pay"));

    // The day's report sums the refunds as the SQL does.
    const std::string today = f.query("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text");
    const auto report = f.ctl({"--json", "report", "daily", "--centre", "TJ01", "--date", today});
    INFO(report.out << report.err);
    REQUIRE(report.exitCode == 0);
    const auto totals =
        parse(report.out)[QStringLiteral("figures")].toObject()[QStringLiteral("totals")].toObject();
    CHECK(totals[QStringLiteral("refunded_fen")].toInteger() == std::stoll(refunded()));
    CHECK(totals[QStringLiteral("paid_fen")].toInteger() ==
          std::stoll(f.query("SELECT sum(amount_fen) FROM payments")));
}
