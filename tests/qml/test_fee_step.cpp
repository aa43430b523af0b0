// The fee step (issue 22, part "fees"), driven like an operator through the kiosk against PostgreSQL: the fee
// split over payment lines until nothing remains, and the invoice form checked field by field as typed; what
// the database and the receipt then hold.
#include <catch2/catch.hpp>

#include <iostream>

#include <QDate>
#include <QDir>
#include <QQuickItem>
#include <QQuickWindow>

#include "qml/kioskapp.h"
#include "qml/workstation.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");

bool controllerFlag(KioskDriver& ui, const char* name) {
    return ui.exists(kController) && ui.property(kController, name).toBool();
}

QString remaining(KioskDriver& ui) {
    return ui.text(QStringLiteral("feeStep/remaining"));
}

bool canProceed(KioskDriver& ui) {
    return ui.property(QStringLiteral("feeStep/proceedButton"), "enabled").toBool();
}

QString paymentProblem(KioskDriver& ui) {
    return ui.property(kController, "paymentProblem").toString();
}

/// The sentence under a field of the form, "" when none shows.
QString problemUnder(KioskDriver& ui, const QString& field) {
    const QString path = field + QStringLiteral("/problem");
    return ui.exists(path) ? ui.text(path) : QString();
}

/// A NEW's key in the writer, its enterprise's REPLACE because the key was lost, up to the fee step (Ningbo:
/// 100.00 for a replacement).
void toFeeStep(KioskDriver& ui, const std::string& oldSerial) {
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().state() == qml::Writer::State::EnterpriseKey; }));
    ui.openOperation(QStringLiteral("REPLACE"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("authCompanyName")); }));
    ui.settle(300); // the papers step slides in
    ui.click(QStringLiteral("lostButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("oldKeySerial")); }));
    ui.type(QStringLiteral("oldKeySerial"), QString::fromStdString(oldSerial));
    ui.type(QStringLiteral("authCompanyName"), QString::fromUtf8(CounterFixture::kOrg));
    ui.type(QStringLiteral("authCompanyId"), QString::fromLatin1(CounterFixture::kUscc));
    ui.type(QStringLiteral("authAgentName"), QString::fromUtf8(CounterFixture::kAgentName));
    ui.type(QStringLiteral("authAgentId"), QString::fromLatin1(CounterFixture::kAgentId));
    ui.type(QStringLiteral("authAgentMobile"), QStringLiteral("13800138000"));
    ui.type(QStringLiteral("authValidTo"), QDate::currentDate().addDays(30).toString(Qt::ISODate));
    ui.click(QStringLiteral("authTicked"));
    ui.click(QStringLiteral("authSeal"));
    // The agent's ID card, read by the ID reader: the letter's agent, in person.
    ui.scan(QString::fromLatin1(CounterFixture::kAgentId));
    ui.click(QStringLiteral("papersStep/proceedButton"));
    REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy"); }));
    std::string failed;
    for (const QVariant& c : ui.property(kController, "checks").toList())
        if (!c.toMap().value(QStringLiteral("passed")).toBool())
            failed += c.toMap().value(QStringLiteral("reason")).toString().toStdString() + "\n";
    INFO(ui.property(kController, "errorText").toString().toStdString() << failed);
    REQUIRE(controllerFlag(ui, "checksPassed"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("checksStep/proceedButton")); }));
    ui.click(QStringLiteral("checksStep/proceedButton"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("feeStep/proceedButton")); }));
}

/// The vertical ScrollBar of a ScrollView.
const QQuickItem* verticalBar(const QQuickItem* view) {
    for (const QQuickItem* child : view->childItems())
        if (child->inherits("QQuickScrollBar") && child->property("orientation").toInt() == Qt::Vertical)
            return child;
    return nullptr;
}

/// The window at `size`, as a PNG next to the walk's (COUNTERSIGN_SCREENSHOTS_DIR), and every named control
/// of the fee step checked: inside the window across, and down either inside it or in the step's scrolling
/// area (whose bar then shows).
void checkFits(KioskDriver& ui, QSize size, const QString& name, const QStringList& controls) {
    QQuickWindow* window = ui.window();
    window->resize(size);
    ui.settle(300);
    INFO(name.toStdString() << " at " << size.width() << "x" << size.height());
    const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        CHECK(window->grabWindow().save(
            QStringLiteral("%1/%2-%3x%4.en.png").arg(dir, name).arg(size.width()).arg(size.height()), "PNG"));
    }
    for (const QString& path : controls) {
        INFO(path.toStdString());
        auto* item = qobject_cast<QQuickItem*>(ui.find(path));
        REQUIRE(item);
        const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        CHECK(r.left() >= 0);
        CHECK(r.right() <= size.width());
        CHECK(r.width() > 0);
        // Down: within the window, or in a flickable that scrolls to it (the driver scrolls before a click),
        // whose scroll bar then shows for good.
        bool scrolls = false;
        for (QQuickItem* p = item->parentItem(); p; p = p->parentItem()) {
            if (p->inherits("QQuickFlickable") && p->property("contentHeight").toDouble() > p->height())
                scrolls = true;
            if (scrolls && p->inherits("QQuickScrollView")) {
                const QQuickItem* bar = verticalBar(p);
                REQUIRE(bar);
                CHECK(bar->isVisible());
                CHECK(bar->property("policy").toInt() == 2); // ScrollBar.AlwaysOn
                break;
            }
        }
        if (!scrolls)
            CHECK(r.bottom() <= size.height());
    }
    window->resize(1280, 800);
    ui.settle(200);
}

} // namespace

TEST_CASE("Kiosk fee step: a replacement paid part cash, part WeChat Pay with its reference, with an invoice "
          "checked as typed: the payments, the invoice request and the receipt hold every line",
          "[qml][ui][fees]") {
    CounterFixture f("ningbo");
    const std::string oldSerial = f.issueNew("FS-R1");
    const QString reference = QStringLiteral("WX20261207093015");
    std::string txn;
    {
        KioskDriver ui(f.config);
        ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
        toFeeStep(ui, oldSerial);
        CHECK(ui.text(QStringLiteral("feeStep/feeTotal")) == QStringLiteral("¥100.00"));

        // The common case costs nothing: one cash line of the whole amount, nothing remains.
        const QVariantList start = ui.property(kController, "payments").toList();
        REQUIRE(start.size() == 1);
        CHECK(start[0].toMap().value(QStringLiteral("method")) == QStringLiteral("cash"));
        CHECK(ui.text(QStringLiteral("payment_0/amount")) == QStringLiteral("100.00"));
        CHECK(remaining(ui) == QStringLiteral("Remaining: ¥0.00"));
        CHECK(canProceed(ui));

        // Part cash: the remaining amount follows what is typed.
        ui.type(QStringLiteral("payment_0/amount"), QString());
        CHECK(remaining(ui) == QStringLiteral("Remaining: ¥100.00"));
        CHECK_FALSE(canProceed(ui));
        ui.type(QStringLiteral("payment_0/amount"), QStringLiteral("60.005"));
        CHECK(problemUnder(ui, QStringLiteral("payment_0/amount")) ==
              QStringLiteral("Write the amount in yuan, e.g. 60 or 60.50"));
        CHECK_FALSE(canProceed(ui));
        ui.type(QStringLiteral("payment_0/amount"), QStringLiteral("160"));
        CHECK(remaining(ui) == QStringLiteral("Over-paid: ¥60.00"));
        CHECK_THAT(paymentProblem(ui).toStdString(), Catch::Contains("Over-payment refused") &&
                                                         Catch::Contains("¥160.00") &&
                                                         Catch::Contains("¥60.00 more than the ¥100.00 due"));
        CHECK(ui.exists(QStringLiteral("feeStep/paymentProblem")));
        CHECK_FALSE(canProceed(ui));
        // The split itself, counted: the cash amount, "+ WeChat Pay", its reference.
        const int before = ui.actions;
        ui.type(QStringLiteral("payment_0/amount"), QStringLiteral("60.00"));
        CHECK(problemUnder(ui, QStringLiteral("payment_0/amount")).isEmpty());
        CHECK(remaining(ui) == QStringLiteral("Remaining: ¥40.00"));
        CHECK_THAT(paymentProblem(ui).toStdString(), Catch::Contains("¥40.00 is still to be paid"));
        CHECK_FALSE(canProceed(ui));

        // Part WeChat Pay: the new line is for what remains, and needs its reference.
        ui.click(QStringLiteral("add_wechat_pay"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("payment_1/reference")); }));
        CHECK(ui.text(QStringLiteral("payment_1/method")) == QStringLiteral("WeChat Pay"));
        CHECK(ui.text(QStringLiteral("payment_1/amount")) == QStringLiteral("40.00"));
        CHECK(remaining(ui) == QStringLiteral("Remaining: ¥0.00"));
        CHECK_THAT(paymentProblem(ui).toStdString(),
                   Catch::Contains("Payment 2 (WeChat Pay)") && Catch::Contains("reference number"));
        CHECK_FALSE(canProceed(ui));
        ui.type(QStringLiteral("payment_1/reference"), reference);
        CHECK(paymentProblem(ui).isEmpty());
        CHECK(canProceed(ui));
        const int splitActions = ui.actions - before;
        std::cout << "UI actions, fee split over cash and WeChat Pay: " << splitActions << "\n";
        CHECK(splitActions == 3);

        // A line added by mistake is removed again.
        ui.click(QStringLiteral("add_alipay"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("payment_2/removePayment")); }));
        CHECK_FALSE(canProceed(ui));
        ui.click(QStringLiteral("payment_2/removePayment"));
        REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("payment_2")); }));
        CHECK(ui.property(kController, "payments").toList().size() == 2);
        CHECK(canProceed(ui));

        // The invoice: every field labelled above it, prefilled from the checks.
        ui.click(QStringLiteral("invoiceWanted"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("buyerName")); }));
        CHECK(ui.text(QStringLiteral("buyerName")) == QString::fromUtf8(CounterFixture::kOrg));
        CHECK(ui.text(QStringLiteral("buyerTaxpayerId")) == QString::fromLatin1(CounterFixture::kUscc));
        for (const char* field : {"buyerTaxpayerId", "buyerName", "addressPhone", "bankAccount",
                                  "deliveryEmail", "deliveryMobile"}) {
            INFO(field);
            const QString name = QString::fromLatin1(field);
            auto* label = qobject_cast<QQuickItem*>(ui.find(name + QStringLiteral("/label")));
            auto* input = qobject_cast<QQuickItem*>(ui.find(name + QStringLiteral("/field")));
            REQUIRE(label);
            REQUIRE(input);
            CHECK_FALSE(label->property("text").toString().isEmpty());
            CHECK(label->mapToScene({0, label->height()}).y() <= input->mapToScene({0, 0}).y());
        }
        CHECK(ui.text(QStringLiteral("buyerTaxpayerId/label")) == QStringLiteral("Taxpayer ID (USCC)"));
        CHECK(ui.text(QStringLiteral("addressPhone/label")) ==
              QStringLiteral("Address and phone (optional)"));
        CHECK(ui.text(QStringLiteral("bankAccount/label")) == QStringLiteral("Bank and account (optional)"));
        // Somewhere to deliver it to is still missing.
        CHECK_FALSE(canProceed(ui));
        CHECK_THAT(paymentProblem(ui).toStdString(), Catch::Contains("e-mail address or a mobile number"));

        // Refused as typed, the reason under the field, and the step can't go on.
        ui.type(QStringLiteral("buyerTaxpayerId"), QStringLiteral("91350100M000100Y4"));
        CHECK(problemUnder(ui, QStringLiteral("buyerTaxpayerId")) ==
              QStringLiteral("15, 18 or 20 characters needed (17 so far)"));
        ui.type(QStringLiteral("buyerTaxpayerId"), QStringLiteral("91350100M000100Y40"));
        CHECK(problemUnder(ui, QStringLiteral("buyerTaxpayerId")) ==
              QStringLiteral("The check character is wrong: a character was probably mistyped"));
        ui.type(QStringLiteral("deliveryEmail"), QStringLiteral("finance at example.cn"));
        CHECK_THAT(
            problemUnder(ui, QStringLiteral("deliveryEmail")).toStdString(),
            Catch::StartsWith("The delivery e-mail \"finance at example.cn\" is not an e-mail address"));
        ui.type(QStringLiteral("bankAccount"), QStringLiteral("=HYPERLINK(\"http://x\")"));
        CHECK_THAT(problemUnder(ui, QStringLiteral("bankAccount")).toStdString(),
                   Catch::Contains("must not begin with ="));
        CHECK_FALSE(canProceed(ui));
        CHECK_THAT(paymentProblem(ui).toStdString(), Catch::StartsWith("Invoice:"));
        const QStringList controls = {QStringLiteral("feeStep/feeTotal"),
                                      QStringLiteral("feeStep/remaining"),
                                      QStringLiteral("payment_0/amount"),
                                      QStringLiteral("payment_1/reference"),
                                      QStringLiteral("payment_1/removePayment"),
                                      QStringLiteral("add_alipay"),
                                      QStringLiteral("buyerKind"),
                                      QStringLiteral("buyerTaxpayerId/problem"),
                                      QStringLiteral("buyerName"),
                                      QStringLiteral("bankAccount/problem"),
                                      QStringLiteral("deliveryEmail/problem"),
                                      QStringLiteral("deliveryMobile"),
                                      QStringLiteral("feeStep/proceedButton")};
        for (const QSize size : {QSize(1280, 800), QSize(1366, 768), QSize(1920, 1080)})
            checkFits(ui, size, QStringLiteral("fee-step-invoice-refused"), controls);

        // Put right: no problem shows, and the step goes on.
        ui.type(QStringLiteral("buyerTaxpayerId"), QString::fromLatin1(CounterFixture::kUscc));
        ui.type(QStringLiteral("addressPhone"), QStringLiteral("天津市河西区友谊路 20 号 022-23456789"));
        ui.type(QStringLiteral("bankAccount"),
                QStringLiteral("中国工商银行天津河西支行 0302000012345678901"));
        ui.type(QStringLiteral("deliveryEmail"), QStringLiteral("finance@example.cn"));
        ui.type(QStringLiteral("deliveryMobile"), QStringLiteral("13800138000"));
        for (const char* field :
             {"buyerTaxpayerId", "buyerName", "addressPhone", "bankAccount", "deliveryEmail",
              "deliveryMobile", "payment_0/amount", "payment_1/amount", "payment_1/reference"})
            CHECK(problemUnder(ui, QString::fromLatin1(field)).isEmpty());
        INFO(paymentProblem(ui).toStdString());
        REQUIRE(canProceed(ui));

        // Everything fits each screen size, the form open (and with the problems above: it scrolls to them).
        QStringList filled = controls;
        filled.replaceInStrings(QStringLiteral("/problem"), QString());
        for (const QSize size : {QSize(1280, 800), QSize(1366, 768), QSize(1920, 1080)})
            checkFits(ui, size, QStringLiteral("fee-step-split-invoice"), filled);

        ui.click(QStringLiteral("feeStep/proceedButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("keyStep/pinPad")); }));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("246813"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("246813"));
        REQUIRE(ui.waitFor([&] { return controllerFlag(ui, "finished") || controllerFlag(ui, "paused"); },
                           120000));
        INFO(ui.property(kController, "errorText").toString().toStdString());
        REQUIRE(controllerFlag(ui, "finished"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("doneStep/transactionNumber")); }));
        txn = ui.text(QStringLiteral("doneStep/transactionNumber")).toStdString();
    }
    REQUIRE_FALSE(txn.empty());
    // Both payments, with their methods, amounts and the reference, received by the operator.
    CHECK(
        f.scalar("SELECT string_agg(p.method || ' ' || p.amount_fen || ' ' || coalesce(p.reference, '-'), "
                 "', ' ORDER BY p.id) FROM countersign.payments p JOIN countersign.transactions t ON t.id = "
                 "p.transaction_id WHERE t.number = $1",
                 txn) == "cash 6000 -, wechat_pay 4000 " + reference.toStdString());
    CHECK(f.scalar(
              "SELECT count(DISTINCT s.username) FROM countersign.payments p JOIN countersign.transactions "
              "t ON t.id = p.transaction_id JOIN countersign.staff s ON s.id = p.received_by "
              "WHERE t.number = $1 AND s.username = 'op'",
              txn) == "1");
    // The invoice request with every field as typed.
    CHECK(
        f.scalar("SELECT concat_ws(' | ', i.buyer_kind, i.buyer_name, i.buyer_taxpayer_id, i.address_phone, "
                 "i.bank_account, i.delivery_email, i.delivery_mobile, i.amount_fen, i.status) FROM "
                 "countersign.invoice_requests i JOIN countersign.transactions t ON t.id = i.transaction_id "
                 "WHERE t.number = $1",
                 txn) == std::string("enterprise | ") + CounterFixture::kOrg + " | " + CounterFixture::kUscc +
                             " | 天津市河西区友谊路 20 号 022-23456789 | 中国工商银行天津河西支行 "
                             "0302000012345678901 | finance@example.cn | 13800138000 | 10000 | pending");
    // The receipt lists both payments.
    CHECK(f.scalar(
              "SELECT string_agg((p->>'method') || ' ' || (p->>'amount_fen') || ' ' || coalesce(p->>"
              "'reference', '-'), ', ') FROM countersign.receipts r JOIN countersign.transactions t ON t.id "
              "= r.transaction_id, jsonb_array_elements(r.content->'payments') p WHERE t.number = $1",
              txn) == "cash 6000 -, wechat_pay 4000 " + reference.toStdString());
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Kiosk fee step: an individual buyer needs no taxpayer ID, an enterprise buyer does",
          "[qml][ui][fees]") {
    CounterFixture f("ningbo");
    const std::string oldSerial = f.issueNew("FS-R2");
    KioskDriver ui(f.config);
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    toFeeStep(ui, oldSerial);
    ui.click(QStringLiteral("invoiceWanted"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("buyerName")); }));
    ui.type(QStringLiteral("deliveryMobile"), QStringLiteral("13800138000"));
    REQUIRE(canProceed(ui));
    // An enterprise buyer without its taxpayer ID: refused under the field.
    ui.type(QStringLiteral("buyerTaxpayerId"), QString());
    CHECK_FALSE(canProceed(ui));
    CHECK_THAT(paymentProblem(ui).toStdString(),
               Catch::Contains("an enterprise buyer needs its taxpayer ID"));
    // The agent as the buyer: the agent's name, no taxpayer ID needed.
    auto* kind = ui.find(QStringLiteral("buyerKind"));
    QMetaObject::invokeMethod(kind, "activated", Q_ARG(int, 1));
    REQUIRE(ui.waitFor([&] {
        return ui.property(kController, "invoice").toMap().value(QStringLiteral("buyerKind")).toString() ==
               QStringLiteral("individual");
    }));
    CHECK(ui.text(QStringLiteral("buyerName")) == QString::fromUtf8(CounterFixture::kAgentName));
    CHECK(ui.text(QStringLiteral("buyerTaxpayerId/label")) == QStringLiteral("Taxpayer ID (optional)"));
    CHECK(canProceed(ui));
    // A mobile that is no phone number is refused under it.
    ui.type(QStringLiteral("deliveryMobile"), QStringLiteral("138-0013"));
    CHECK_THAT(problemUnder(ui, QStringLiteral("deliveryMobile")).toStdString(),
               Catch::Contains("is not a phone number"));
    CHECK_FALSE(canProceed(ui));
}
