// The kiosk's search page and transaction detail (issue "the back office"), driven the way an operator and a
// supervisor do: a transaction found by each key, its detail with the agent masked, its receipt reprinted
// (补打) on a private CUPS queue, voided with a supervisor's approval (the receipt then VOID, the fee
// refunded by its methods), and a completed transaction refunded. Checked on screen, on the paper and in the
// database.
#include <catch2/catch.hpp>

#include <string>

#include <pqxx/transaction>

#include "backend/receipts/receipts.h"
#include "qml/kioskapp.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"
#include "tests/support/privatecups.h"
#include "tests/support/testenv.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// A completed NEW planted by the owner and completed, its receipt issued, the product's way: company, agent,
/// key, certificate, a fee of 180 yuan paid 100 by WeChat Pay and 80 in cash. Returns the receipt.
receipts::ReceiptRecord plantCompleted(CounterFixture& f, const std::string& number, const std::string& uscc,
                                       const std::string& company, const std::string& keySerial) {
    long long t = 0;
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        tx.exec0("SET LOCAL session_replication_role = replica");
        const auto enterprise =
            tx.exec_params1("INSERT INTO countersign.enterprises (uscc, name) VALUES ($1, $2) RETURNING id",
                            uscc, company)[0]
                .as<long long>();
        const auto agent =
            tx.exec1("INSERT INTO countersign.agents (name, id_number, mobile) VALUES ('张伟', "
                     "'11010519491231002X', '13800138000') ON CONFLICT (id_number) DO UPDATE SET "
                     "name = EXCLUDED.name RETURNING id")[0]
                .as<long long>();
        const auto token = tx.exec_params1("INSERT INTO countersign.tokens (serial, model, state, centre_id) "
                                           "VALUES ($1, 'ePass3003', 'active', $2) RETURNING id",
                                           keySerial, f.db.centreId())[0]
                               .as<long long>();
        t = tx.exec_params1(
                  "INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
                  "centre_id, enterprise_id, agent_id, token_id, state) VALUES ($1, 'NEW', $2, $3, $4, "
                  "$5, $6, $7, 'verified') RETURNING id",
                  number, f.operatorId, f.db.counterId(), f.db.centreId(), enterprise, agent, token)[0]
                .as<long long>();
        tx.exec_params0(
            "INSERT INTO countersign.certificates (serial, issuer, token_id, enterprise_id, "
            "transaction_id, subject, not_before, not_after, status, der) VALUES ($1, 'CN=Test CA', "
            "$2, $3, $4, 'CN=x', now(), now() + interval '1 year', 'active', convert_to($1, 'UTF8'))",
            "C0" + keySerial, token, enterprise, t);
        tx.exec_params0(
            "INSERT INTO countersign.fee_lines (transaction_id, description, amount_fen) VALUES ($1, "
            "'further certificate', 18000)",
            t);
        tx.exec_params0("INSERT INTO countersign.payments (transaction_id, centre_id, method, amount_fen, "
                        "reference, received_by) VALUES ($1, $2, 'wechat_pay', 10000, 'WX1', $3), "
                        "($1, $2, 'cash', 8000, NULL, $3)",
                        t, f.db.centreId(), f.operatorId);
        tx.commit();
    }
    auto counter = f.db.connectAsCounter();
    return test::completeAndIssueReceipt(f.db, *counter, Secret(test::plantSession(f.db, f.operatorId)), t);
}

/// Types `text` into the search field `field` alone and searches; returns the numbers listed.
QStringList searchBy(KioskDriver& ui, const QString& field, const QString& text) {
    ui.click(QStringLiteral("searchClear"));
    ui.type(field, text);
    ui.click(QStringLiteral("searchButton"));
    REQUIRE(ui.waitFor([&] { return !ui.property(QStringLiteral("searchController"), "busy").toBool(); }));
    ui.settle(50);
    QStringList numbers;
    for (const char* n : {"TJ01-UI-S1", "TJ01-UI-S2"})
        if (ui.exists(QStringLiteral("result_") + QLatin1String(n)))
            numbers << QLatin1String(n);
    return numbers;
}

void approve(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
    ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
    ui.type(QStringLiteral("approvalPassword"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
    ui.click(QStringLiteral("approvalSubmit"));
}

} // namespace

TEST_CASE("Kiosk search: found by each key, detail masked, reprint 补打, void with approval, refund",
          "[qml][ui][search][print]") {
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    CounterFixture f("tianjin-2018", "[printer]\nname=RECEIPTS\npaper=roll80\n\n[ui]\nlanguage=en\n");
    const auto r1 =
        plantCompleted(f, "TJ01-UI-S1", "91120116MA05JKLM33", "天津海河科技有限公司", "UIS-KEY-1");
    const auto r2 =
        plantCompleted(f, "TJ01-UI-S2", "91110000600037341L", "北京测试商贸有限公司", "UIS-KEY-2");
    // Printed once already, as at the end of the operation: the detail's print is a reprint.
    {
        auto counter = f.db.connectAsCounter();
        pqxx::work tx{*counter};
        receipts::recordPrint(tx, Secret(test::plantSession(f.db, f.operatorId)), r1.id);
        tx.commit();
    }
    const QStringList one{QStringLiteral("TJ01-UI-S1")};
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        // One button on the home screen, for an operator too.
        ui.click(QStringLiteral("office_search"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("searchButton")); }));
        // The page opens with the newest transactions this operator may see: both, this counter's.
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("result_TJ01-UI-S2")); }));
        CHECK(ui.exists(QStringLiteral("result_TJ01-UI-S1")));
        CHECK(searchBy(ui, QStringLiteral("searchNumber"), QStringLiteral("TJ01-UI-S1")) == one);
        CHECK(searchBy(ui, QStringLiteral("searchReceipt"), QString::fromStdString(r1.numberText)) == one);
        CHECK(searchBy(ui, QStringLiteral("searchCompany"), QStringLiteral("海河")) == one);
        CHECK(searchBy(ui, QStringLiteral("searchUscc"), QStringLiteral("91120116MA05JKLM33")) == one);
        CHECK(searchBy(ui, QStringLiteral("searchKeySerial"), QStringLiteral("UIS-KEY-1")) == one);
        CHECK(searchBy(ui, QStringLiteral("searchCertSerial"), QStringLiteral("C0UIS-KEY-1")) == one);
        CHECK(searchBy(ui, QStringLiteral("searchCompany"), QStringLiteral("不存在")).isEmpty());
        CHECK(ui.text(QStringLiteral("searchMessage")) == QStringLiteral("No transaction matches."));
        const QStringList both{QStringLiteral("TJ01-UI-S1"), QStringLiteral("TJ01-UI-S2")};
        CHECK(searchBy(ui, QStringLiteral("searchAgentId"), QStringLiteral("11010519491231002X")) == both);
        CHECK(ui.text(QStringLiteral("searchMessage")) == QStringLiteral("2 transaction(s) found."));
        CHECK(searchBy(ui, QStringLiteral("searchFrom"), QStringLiteral("2001-01-01")) == both);

        // The detail: the agent masked; an operator may not show it whole.
        ui.click(QStringLiteral("result_TJ01-UI-S1"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("detailAgent")); }));
        CHECK(ui.text(QStringLiteral("detailAgent")).contains(QStringLiteral("110105********002X")));
        CHECK(ui.text(QStringLiteral("detailAgent")).contains(QStringLiteral("138****8000")));
        CHECK_FALSE(ui.exists(QStringLiteral("detailRevealAgent")));

        // Reprint on the real queue: the paper says 补打.
        ui.click(QStringLiteral("detailReprint"));
        REQUIRE(ui.waitFor([&] { return cups.capturedJobs().size() == 1; }, 30000));
        const std::string paper =
            test::pdfText(test::writeBytes("search-reprint.pdf", cups.waitForJob(cups.capturedJobs()[0])));
        CHECK(contains(paper, "补打 / REPRINT"));
        CHECK(contains(paper, r1.numberText));

        // Void: the confirm step, then a supervisor's approval; a wrong password changes nothing.
        ui.click(QStringLiteral("detailVoid"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("pastReason")); }));
        CHECK(ui.text(QStringLiteral("pastConfirmText")).contains(QStringLiteral("180.00")));
        ui.type(QStringLiteral("pastReason"), QStringLiteral("wrong company on the receipt"));
        ui.click(QStringLiteral("pastContinue"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalUser")); }));
        ui.type(QStringLiteral("approvalUser"), QStringLiteral("sup"));
        ui.type(QStringLiteral("approvalPassword"), QStringLiteral("not-the-password"));
        ui.click(QStringLiteral("approvalSubmit"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("approvalFailure")); }));
        CHECK(f.scalar("SELECT count(*) FROM countersign.refunds") == "0");
        ui.click(QStringLiteral("approvalCancel"));
        ui.click(QStringLiteral("detailVoid"));
        ui.type(QStringLiteral("pastReason"), QStringLiteral("wrong company on the receipt"));
        ui.click(QStringLiteral("pastContinue"));
        approve(ui);
        const QString receiptLine = QStringLiteral("detailReceipt_") + QString::fromStdString(r1.numberText);
        REQUIRE(ui.waitFor(
            [&] { return ui.exists(receiptLine) && ui.text(receiptLine).contains(QStringLiteral("VOID")); }));
        CHECK(ui.text(QStringLiteral("detailMessage")) == QStringLiteral("Receipt voided; 180.00 refunded."));
        CHECK_FALSE(ui.exists(QStringLiteral("detailVoid")));
        ui.click(QStringLiteral("detailBack"));

        // Refund a completed transaction (its receipt stays valid).
        ui.click(QStringLiteral("result_TJ01-UI-S2"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("detailRefund")); }));
        ui.click(QStringLiteral("detailRefund"));
        ui.type(QStringLiteral("pastReason"), QStringLiteral("customer withdrew"));
        ui.click(QStringLiteral("pastContinue"));
        approve(ui);
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("detailMessage")) &&
                   ui.text(QStringLiteral("detailMessage")) == QStringLiteral("180.00 refunded.");
        }));
        CHECK_FALSE(ui.exists(QStringLiteral("detailRefund")));
    }
    CHECK(f.scalar(
              "SELECT string_agg(t.number || ':' || p.method || ':' || r.amount_fen || ':' || a.kind, ',' "
              "ORDER BY r.id) FROM countersign.refunds r JOIN countersign.payments p ON p.id = r.payment_id "
              "JOIN countersign.transactions t ON t.id = p.transaction_id JOIN countersign.approvals a ON "
              "a.id = r.approval_id") ==
          "TJ01-UI-S1:wechat_pay:10000:void,TJ01-UI-S1:cash:8000:void,TJ01-UI-S2:wechat_pay:10000:refund,"
          "TJ01-UI-S2:cash:8000:refund");
    CHECK(f.scalar("SELECT void_reason FROM countersign.receipts WHERE id = $1", std::to_string(r1.id)) ==
          "wrong company on the receipt");
    CHECK(f.scalar("SELECT count(*) FROM countersign.receipts WHERE id = $1 AND voided_at IS NULL",
                   std::to_string(r2.id)) == "1");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'receipt.reprinted'") == "1");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk search: a supervisor opens the agent's number and a scan, each recorded",
          "[qml][ui][search]") {
    CounterFixture f("tianjin-2018", "[ui]\nlanguage=en\n");
    plantCompleted(f, "TJ01-UI-S1", "91120116MA05JKLM33", "天津海河科技有限公司", "UIS-KEY-1");
    std::string evidence;
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        evidence =
            tx.exec_params1("INSERT INTO countersign.evidence (transaction_id, kind, mime_type, bytes, "
                            "captured_by) SELECT id, 'id_card_scan', 'image/png', decode($1, 'base64'), $2 "
                            "FROM countersign.transactions WHERE number = 'TJ01-UI-S1' RETURNING id",
                            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAA"
                            "AABJRU5ErkJggg==",
                            f.operatorId)[0]
                .as<std::string>();
        tx.commit();
    }
    KioskDriver ui(f.config);
    ui.login(QStringLiteral("sup"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
    ui.click(QStringLiteral("office_search"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("result_TJ01-UI-S1")); }));
    CHECK(searchBy(ui, QStringLiteral("searchNumber"), QStringLiteral("TJ01-UI-S1")) ==
          QStringList{QStringLiteral("TJ01-UI-S1")});
    ui.click(QStringLiteral("result_TJ01-UI-S1"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("detailRevealAgent")); }));
    CHECK_FALSE(ui.exists(QStringLiteral("evidenceImage_") + QString::fromStdString(evidence)));
    ui.click(QStringLiteral("detailRevealAgent"));
    REQUIRE(ui.waitFor([&] {
        return ui.text(QStringLiteral("detailAgent")).contains(QStringLiteral("11010519491231002X"));
    }));
    ui.click(QStringLiteral("openEvidence_") + QString::fromStdString(evidence));
    REQUIRE(ui.waitFor(
        [&] { return ui.exists(QStringLiteral("evidenceImage_") + QString::fromStdString(evidence)); }));
    CHECK(f.scalar(
              "SELECT string_agg(s.username, ',') FROM countersign.audit_log a JOIN countersign.staff s ON "
              "s.id = a.actor_staff_id WHERE a.event = 'evidence.opened'") == "sup,sup");
}
