// The checks step as a decision (issue 22): the card on top (company, USCC, the agent with the ID number
// masked as the receipt prints it, the letter, the key), the checks in groups a person understands, a
// refusal leading with what the agent must bring or fix, and the passing step inside the window at 1280×800,
// 1366×768 and 1920×1080 without scrolling. Through the real kiosk, offscreen, against PostgreSQL, SoftHSM2
// and the built-in CA.
#include <catch2/catch.hpp>

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

QQuickItem* itemAt(KioskDriver& ui, const QString& path) {
    auto* item = qobject_cast<QQuickItem*>(ui.find(path));
    REQUIRE(item);
    return item;
}

/// Scans `letter` into a NEW (the papers step showing), then the agent's ID card with the ID reader (the
/// letter's agent, in person), and waits for the checks' verdict.
void scanAndCheck(KioskDriver& ui, const std::string& letter) {
    ui.scan(QString::fromStdString(letter));
    ui.scan(QString::fromLatin1(CounterFixture::kAgentId));
    REQUIRE(ui.waitFor([&] {
        return controllerFlag(ui, "checked") && !controllerFlag(ui, "busy") &&
               ui.exists(QStringLiteral("checksStep/checkList"));
    }));
    ui.settle(100);
}

/// What a person would call a control or a line of text: drawn text, buttons, fields.
bool isControl(QQuickItem* item) {
    return item->inherits("QQuickText") || item->inherits("QQuickControl") ||
           item->inherits("QQuickTextInput") || item->inherits("QQuickTextEdit");
}

/// Every visible control below `root` whose rectangle on the screen is not inside `frame`, named.
void outside(QQuickItem* root, const QRectF& frame, QStringList& out) {
    for (QQuickItem* child : root->childItems()) {
        if (!child->isVisible() || child->opacity() == 0.0)
            continue;
        if (isControl(child) && child->width() > 0 && child->height() > 0) {
            const QRectF r = child->mapRectToScene(QRectF(0, 0, child->width(), child->height()));
            if (!frame.adjusted(-0.5, -0.5, 0.5, 0.5).contains(r))
                out << QStringLiteral("%1 '%2' at %3,%4 %5×%6")
                           .arg(child->objectName().isEmpty()
                                    ? QString::fromLatin1(child->metaObject()->className())
                                    : child->objectName(),
                                child->property("text").toString().left(40))
                           .arg(r.x())
                           .arg(r.y())
                           .arg(r.width())
                           .arg(r.height());
        }
        outside(child, frame, out);
    }
}

QQuickItem* flickableIn(QQuickItem* root) {
    for (QQuickItem* child : root->childItems()) {
        if (child->inherits("QQuickFlickable"))
            return child;
        if (QQuickItem* found = flickableIn(child))
            return found;
    }
    return nullptr;
}

/// The window at `size`: the checks step needs no scrolling and every visible control of it (card, groups,
/// fee summary, the button that goes on) lies inside the window. The screen goes to a PNG when
/// COUNTERSIGN_SCREENSHOTS_DIR is set, to be looked at.
void fitsAt(KioskDriver& ui, QSize size, const QString& language) {
    ui.kiosk().workstation().setLanguage(language);
    ui.settle(200);
    ui.window()->resize(size);
    ui.settle(300);
    INFO(size.width() << "x" << size.height() << " " << language.toStdString());
    REQUIRE(ui.window()->size() == size);
    QQuickItem* step = itemAt(ui, QStringLiteral("checksStep"));
    QQuickItem* flick = flickableIn(step);
    REQUIRE(flick);
    CHECK(flick->property("contentHeight").toDouble() <= flick->height() + 0.5);
    QStringList out;
    outside(step, QRectF(QPointF(0, 0), QSizeF(size)), out);
    INFO(out.join(QStringLiteral("\n")).toStdString());
    CHECK(out.isEmpty());
    for (const char* path : {"checksStep/decisionCard", "checksStep/checkList", "checksStep/feeSummary",
                             "checksStep/proceedButton"}) {
        QQuickItem* item = itemAt(ui, QString::fromLatin1(path));
        const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        INFO(path);
        CHECK(QRectF(QPointF(0, 0), QSizeF(size)).adjusted(-0.5, -0.5, 0.5, 0.5).contains(r));
        // Inside the step's visible part too, not under its bottom line.
        if (std::string(path) != "checksStep/proceedButton")
            CHECK(r.bottom() <=
                  flick->mapRectToScene(QRectF(0, 0, flick->width(), flick->height())).bottom() + 0.5);
    }
    const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        ui.window()->grabWindow().save(QStringLiteral("%1/checks-card-%2x%3.%4.png")
                                           .arg(dir)
                                           .arg(size.width())
                                           .arg(size.height())
                                           .arg(language),
                                       "PNG");
    }
}

} // namespace

TEST_CASE("Kiosk checks: a passing NEW shows the decision card, its checks grouped, and fits the window at "
          "every size",
          "[qml][ui][checks]") {
    CounterFixture f;
    const std::string no = "UI-CARD-1";
    const std::string letter = f.letter(no);
    const std::string validUntil = f.letterFields(no).expires.iso();
    KioskDriver ui(f.config);
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
    ui.openOperation(QStringLiteral("NEW"));
    scanAndCheck(ui, letter);
    REQUIRE(controllerFlag(ui, "checksPassed"));
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    ui.settle(100);

    // The card: whom the letter names, the agent's ID masked as on the receipt, the letter and the key.
    const auto value = [&](const char* row) {
        return ui.text(QStringLiteral("checksStep/decisionCard/%1/value").arg(QLatin1String(row)));
    };
    CHECK(value("company") == QString::fromUtf8(CounterFixture::kOrg));
    CHECK(value("uscc") == QString::fromLatin1(CounterFixture::kUscc));
    const QString agent = value("agent");
    INFO(agent.toStdString());
    CHECK(agent.contains(QString::fromUtf8(CounterFixture::kAgentName)));
    CHECK(agent.contains(QStringLiteral("110105********002X")));
    CHECK_FALSE(agent.contains(QString::fromLatin1(CounterFixture::kAgentId)));
    CHECK(value("letter").contains(QString::fromStdString(no)));
    CHECK(value("letter").contains(QString::fromStdString(validUntil)));
    CHECK(value("office").contains(QString::fromLatin1(CounterFixture::kOffice)));
    const QVariantMap decision = ui.property(kController, "decision").toMap();
    // The blank key (SoftHSM2's tells its serial only once initialised) and the key pair it will hold.
    const QString keySerial = decision.value(QStringLiteral("keySerial")).toString();
    CHECK(value("key").contains(keySerial.isEmpty() ? QStringLiteral("blank key") : keySerial));
    CHECK(value("key").contains(ui.property(kController, "keyAlgorithm").toString()));
    CHECK(decision.value(QStringLiteral("officeName")).toString() ==
          QString::fromStdString(f.letterFields(no).officeName));
    // The agent's ID card, compared by the checks with the letter's agent.
    CHECK(value("idCard") == QStringLiteral("✓ matches the letter's agent"));
    // A NEW's key carries no certificate yet; no refusal advice on a pass.
    CHECK_FALSE(ui.exists(QStringLiteral("checksStep/decisionCard/certificate")));
    CHECK_FALSE(ui.exists(QStringLiteral("checksStep/bringAdvice")));

    // The groups: one line each, green, closed; every check the backend made is in one of them.
    int grouped = 0;
    for (const char* key : {"letter", "validity", "identity", "key", "counter", "other"}) {
        const QString group = QStringLiteral("checkGroup_%1").arg(QLatin1String(key));
        if (!ui.exists(group))
            continue;
        INFO(key);
        CHECK(ui.property(group, "passed").toBool());
        CHECK_FALSE(ui.property(group, "expanded").toBool());
        grouped += ui.property(group, "checks").toList().size();
    }
    CHECK(grouped == ui.property(kController, "checks").toList().size());
    CHECK_FALSE(ui.exists(QStringLiteral("checkGroup_other")));
    CHECK(ui.text(QStringLiteral("checkGroup_letter/summary"))
              .startsWith(QStringLiteral("The letter is genuine")));
    // Closed, its technical checks are not on the screen; a click opens it to them, another closes it.
    CHECK_FALSE(ui.exists(QStringLiteral("check_signature")));
    ui.click(QStringLiteral("groupLine_letter"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("check_signature")); }));
    CHECK(ui.property(QStringLiteral("check_signature"), "passed").toBool());
    CHECK(ui.text(QStringLiteral("check_signature/title")) == QStringLiteral("Signature is genuine"));
    ui.click(QStringLiteral("groupLine_letter"));
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("check_signature")); }));
    // Enter on a group's line opens it too.
    itemAt(ui, QStringLiteral("groupLine_validity"))->forceActiveFocus();
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("check_unused")); }));
    CHECK(ui.property(QStringLiteral("check_unused"), "passed").toBool());
    ui.press(Qt::Key_Return);
    REQUIRE(ui.waitFor([&] { return !ui.exists(QStringLiteral("check_unused")); }));

    // The whole step inside the window, without scrolling, at each size and in both languages.
    for (const QSize size : {QSize(1280, 800), QSize(1366, 768), QSize(1920, 1080)})
        for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")})
            fitsAt(ui, size, language);
    ui.window()->resize(1280, 800);
    ui.settle(100);
}

TEST_CASE("Kiosk checks: a refused letter leads with what the agent must bring, its group red naming the "
          "failing check",
          "[qml][ui][checks]") {
    CounterFixture f;
    // A letter already used by a completed NEW.
    f.issueNew("UI-CARD-USED");
    const std::string used = f.letter("UI-CARD-USED");
    // A letter whose signature is not the signer's: one character of the signature changed.
    std::string forged = f.letter("UI-CARD-FORGED");
    const std::size_t at = forged.rfind('.') + 10;
    forged[at] = forged[at] == 'A' ? 'B' : 'A';

    KioskDriver ui(f.config);
    ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
    REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));
    ui.openOperation(QStringLiteral("NEW"));

    SECTION("a used letter") {
        scanAndCheck(ui, used);
        REQUIRE_FALSE(controllerFlag(ui, "checksPassed"));
        // First on the screen: what the agent must bring.
        REQUIRE(ui.exists(QStringLiteral("checksStep/bringAdvice")));
        CHECK(ui.text(QStringLiteral("checksStep/bringAdvice/advice_0"))
                  .contains(QStringLiteral("This letter was already used: the agent needs a new letter.")));
        const QRectF advice =
            itemAt(ui, QStringLiteral("checksStep/bringAdvice"))->mapRectToScene(QRectF(0, 0, 1, 1));
        const QRectF groups =
            itemAt(ui, QStringLiteral("checksStep/checkList"))->mapRectToScene(QRectF(0, 0, 1, 1));
        CHECK(advice.top() < groups.top());
        CHECK_FALSE(ui.exists(QStringLiteral("checksStep/decisionCard")));
        // Its group red, open by itself, naming the failing check; the others green and closed.
        CHECK_FALSE(ui.property(QStringLiteral("checkGroup_validity"), "passed").toBool());
        CHECK(ui.property(QStringLiteral("checkGroup_validity"), "expanded").toBool());
        REQUIRE(ui.exists(QStringLiteral("check_unused")));
        CHECK_FALSE(ui.property(QStringLiteral("check_unused"), "passed").toBool());
        const QString summary = ui.text(QStringLiteral("checkGroup_validity/summary"));
        INFO(summary.toStdString());
        CHECK(summary.contains(QStringLiteral("failed")));
        CHECK(summary.contains(ui.text(QStringLiteral("check_unused/title"))));
        CHECK(summary.contains(QStringLiteral("Letter has not been used before")));
        CHECK(ui.property(QStringLiteral("checkGroup_letter"), "passed").toBool());
        CHECK_FALSE(ui.exists(QStringLiteral("check_signature")));
        // In Chinese too, the line names the failing check in the operator's language.
        ui.kiosk().workstation().setLanguage(QStringLiteral("zh_CN"));
        ui.settle(100);
        CHECK(ui.text(QStringLiteral("checkGroup_validity/summary"))
                  .contains(ui.text(QStringLiteral("check_unused/title"))));
        const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
        if (!dir.isEmpty())
            for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
                ui.kiosk().workstation().setLanguage(language);
                ui.settle(200);
                ui.window()->grabWindow().save(
                    QStringLiteral("%1/checks-card-used.%2.png").arg(dir, language));
            }
    }
    SECTION("a forged signature") {
        scanAndCheck(ui, forged);
        REQUIRE_FALSE(controllerFlag(ui, "checksPassed"));
        CHECK(ui.text(QStringLiteral("checksStep/bringAdvice/advice_0"))
                  .contains(QStringLiteral("not a valid letter of a trusted tax office")));
        CHECK_FALSE(ui.property(QStringLiteral("checkGroup_letter"), "passed").toBool());
        REQUIRE(ui.exists(QStringLiteral("check_signature")));
        CHECK_FALSE(ui.property(QStringLiteral("check_signature"), "passed").toBool());
        const QString summary = ui.text(QStringLiteral("checkGroup_letter/summary"));
        INFO(summary.toStdString());
        CHECK(summary.contains(QStringLiteral("Signature is genuine")));
        const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
        if (!dir.isEmpty())
            for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
                ui.kiosk().workstation().setLanguage(language);
                ui.settle(200);
                ui.window()->grabWindow().save(
                    QStringLiteral("%1/checks-card-forged.%2.png").arg(dir, language));
            }
    }
}
