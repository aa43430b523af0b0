// The screenshot walk's layout checker (tests/screens/layoutcheck.h) on windows made to be wrong one way
// each: it must name every fault, and nothing on a window laid out right.
#include <catch2/catch.hpp>

#include <memory>

#include <QCoreApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QTest>

#include "tests/screens/layoutcheck.h"

using countersign::test::checkLayout;
using countersign::test::LayoutFinding;

namespace {

struct Shown {
    QQmlEngine engine;
    std::unique_ptr<QQuickWindow> window;
};

/// An ApplicationWindow of 800×600 holding `body`, drawn once (laid out) and ready to check.
std::unique_ptr<Shown> show(const QByteArray& body) {
    auto shown = std::make_unique<Shown>();
    QQmlComponent component(&shown->engine);
    component.setData("import QtQuick\nimport QtQuick.Controls\nimport QtQuick.Layouts\n"
                      "ApplicationWindow { width: 800; height: 600; visible: true; font.pixelSize: 18\n"
                      "footer: Label { text: 'the footer'; height: 30 }\n" +
                          body + "\n}",
                      QUrl(QStringLiteral("file:///layoutcheck/Window.qml")));
    shown->window.reset(qobject_cast<QQuickWindow*>(component.create()));
    INFO(component.errorString().toStdString());
    REQUIRE(shown->window);
    shown->window->grabWindow();
    QTest::qWait(50);
    shown->window->grabWindow();
    return shown;
}

QString all(const QList<LayoutFinding>& found) {
    QStringList lines;
    for (const LayoutFinding& f : found)
        lines << f.text();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

TEST_CASE("the layout checker names a control off-screen, covered, cut off, elided or too small",
          "[qml][layout]") {
    SECTION("a window laid out right has nothing to report") {
        auto w = show("ColumnLayout { anchors.fill: parent\n"
                      "  Button { objectName: 'ok'; text: 'OK' }\n"
                      "  Label { text: 'Some words'; Layout.fillWidth: true; wrapMode: Text.Wrap }\n"
                      "  ScrollView { id: sv; Layout.fillWidth: true; Layout.fillHeight: true; clip: true\n"
                      "    ScrollBar.vertical.policy: ScrollBar.AlwaysOn\n"
                      "    Column { Repeater { model: 40; Button { text: 'row ' + index } } } } }");
        const auto found = checkLayout(w->window.get());
        INFO(all(found).toStdString());
        CHECK(found.isEmpty());
    }
    SECTION("a button partly beyond the window's right edge") {
        auto w = show("Button { objectName: 'tooFar'; x: 740; text: 'Far away' }");
        const QString report = all(checkLayout(w->window.get()));
        INFO(report.toStdString());
        CHECK(report.contains(QStringLiteral("outside the page")));
        CHECK(report.contains(QStringLiteral("tooFar 'Far away'")));
        CHECK(report.contains(QStringLiteral("(Window.qml)")));
    }
    SECTION("a page's control lying on the footer") {
        auto w = show("Button { objectName: 'low'; y: 560; text: 'Low' }");
        const QString report = all(checkLayout(w->window.get()));
        INFO(report.toStdString());
        CHECK(report.contains(QStringLiteral("outside the page")));
        CHECK(report.contains(QStringLiteral("low 'Low'")));
    }
    SECTION("two buttons on top of each other, but not a button and its own text") {
        auto w = show("Button { objectName: 'under'; text: 'Under'; width: 200 }\n"
                      "Button { objectName: 'over'; x: 100; text: 'Over'; width: 200 }");
        const auto found = checkLayout(w->window.get());
        INFO(all(found).toStdString());
        REQUIRE(found.size() == 1);
        CHECK(found[0].problem.startsWith(QStringLiteral("overlaps over 'Over'")));
        CHECK(found[0].item.startsWith(QStringLiteral("under 'Under'")));
    }
    SECTION("a popup's controls are not compared with the page under it") {
        auto w = show("Button { text: 'Page' }\n"
                      "Popup { visible: true; x: 0; y: 0; width: 300; height: 200\n"
                      "  Button { text: 'In the popup' } }");
        const auto found = checkLayout(w->window.get());
        INFO(all(found).toStdString());
        CHECK(found.isEmpty());
    }
    SECTION("an elided label, a label spilling out of its box, and text too small") {
        auto w = show("Column {\n"
                      "  Label { objectName: 'elided'; width: 60; elide: Text.ElideRight;"
                      "    text: 'a long line that cannot fit' }\n"
                      "  Label { objectName: 'spills'; width: 60; text: 'another long line' }\n"
                      "  Label { objectName: 'tiny'; text: 'small print'; font.pixelSize: 10 } }");
        const QString report = all(checkLayout(w->window.get()));
        INFO(report.toStdString());
        CHECK(report.contains(QStringLiteral("text cut short (elided): elided")));
        CHECK(report.contains(QStringLiteral("px wide in a 60 px box: spills")));
        CHECK(report.contains(QStringLiteral("text 10 px, below 14 px: tiny")));
    }
    SECTION("a list that scrolls with no scroll bar to show it; one cut off by a box that doesn't scroll") {
        auto w = show("ScrollView { objectName: 'hiddenBar'; width: 300; height: 200; clip: true\n"
                      "  Column { Repeater { model: 30; Label { text: 'line ' + index } } } }\n"
                      "Item { objectName: 'box'; x: 400; width: 200; height: 100; clip: true\n"
                      "  Button { objectName: 'halfShown'; y: 80; text: 'Half' } }");
        const QString report = all(checkLayout(w->window.get()));
        INFO(report.toStdString());
        CHECK(report.contains(QStringLiteral("without a visible scroll bar")));
        CHECK(report.contains(QStringLiteral("Flickable in Window/hiddenBar")));
        CHECK(report.contains(QStringLiteral("cut off by box")));
        CHECK(report.contains(QStringLiteral("halfShown 'Half'")));
        // The lines scrolled out of the list's view are not findings of their own.
        CHECK_FALSE(report.contains(QStringLiteral("line 29")));
    }
}
