#include "tests/support/kioskdriver.h"

#include <stdexcept>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QEventLoop>
#include <QtQml/QQmlExtensionPlugin>

#include "qml/kioskapp.h"
#include "qml/workstation.h"

// The kiosk's QML module, linked in statically as in the kiosk itself.
Q_IMPORT_QML_PLUGIN(CountersignPlugin)

namespace countersign::test {

namespace {

bool isVisible(QObject* o) {
    const QVariant v = o->property("visible");
    return !v.isValid() || v.toBool();
}

// Depth first through the visual tree (Repeater delegates and popups live there) and the object tree.
QObject* findVisible(QObject* root, const QString& name) {
    QList<QObject*> below = root->children();
    if (auto* item = qobject_cast<QQuickItem*>(root))
        for (QQuickItem* child : item->childItems())
            if (!below.contains(child))
                below.append(child);
    for (QObject* o : below) {
        if (!isVisible(o))
            continue;
        if (o->objectName() == name)
            return o;
        if (QObject* found = findVisible(o, name))
            return found;
    }
    return nullptr;
}

} // namespace

KioskDriver::KioskDriver(const AppConfig& config)
    : m_kiosk(std::make_unique<qml::Kiosk>(config)) {
    m_window = m_kiosk->load();
    if (!m_window)
        throw std::runtime_error("the kiosk's QML did not load");
    m_window->resize(1280, 800);
    m_window->show();
    if (!waitFor([this] { return m_kiosk->workstation().ready(); }, 30000))
        throw std::runtime_error("the kiosk did not get ready: " +
                                 m_kiosk->workstation().setupDetail().toStdString());
}

KioskDriver::~KioskDriver() = default;

QObject* KioskDriver::find(const QString& path) const {
    QObject* at = m_window->contentItem();
    for (const QString& name : path.split(QLatin1Char('/'))) {
        QObject* next = findVisible(at, name);
        if (!next)
            throw std::runtime_error("no visible " + name.toStdString() + " on the screen (" + path.toStdString() +
                                     ")");
        at = next;
    }
    return at;
}

bool KioskDriver::exists(const QString& path) const {
    try {
        find(path);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

QQuickItem* KioskDriver::item(const QString& path) const {
    auto* i = qobject_cast<QQuickItem*>(find(path));
    if (!i)
        throw std::runtime_error(path.toStdString() + " is not an item on the screen");
    return i;
}

void KioskDriver::scrollIntoView(QQuickItem* target) {
    for (QQuickItem* p = target->parentItem(); p; p = p->parentItem()) {
        if (!p->inherits("QQuickFlickable"))
            continue;
        auto* content = p->property("contentItem").value<QQuickItem*>();
        if (!content)
            continue;
        const QPointF top = target->mapToItem(content, QPointF(0, 0));
        const double y = p->property("contentY").toDouble();
        if (top.y() < y || top.y() + target->height() > y + p->height()) {
            const double maxY = std::max(0.0, p->property("contentHeight").toDouble() - p->height());
            p->setProperty("contentY", std::clamp(top.y() - 20, 0.0, maxY));
            ++scrolls;
            QCoreApplication::processEvents();
        }
    }
}

namespace {

// COUNTERSIGN_UI_SHOTS=DIR: a PNG of the window before every input, to look at what the test drove.
void shoot(QQuickWindow* window, const QString& what) {
    static int n = 0;
    const QByteArray dir = qgetenv("COUNTERSIGN_UI_SHOTS");
    if (dir.isEmpty())
        return;
    window->grabWindow().save(QStringLiteral("%1/%2-%3.png")
                                  .arg(QString::fromLocal8Bit(dir))
                                  .arg(++n, 3, 10, QLatin1Char('0'))
                                  .arg(QString(what).replace(QLatin1Char('/'), QLatin1Char('_'))));
}

} // namespace

void KioskDriver::click(const QString& path) {
    shoot(m_window, path);
    QQuickItem* i = item(path);
    if (!i->isEnabled())
        throw std::runtime_error(path.toStdString() + " is disabled");
    scrollIntoView(i);
    const QPointF centre = i->mapToScene(QPointF(i->width() / 2, i->height() / 2));
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    ++actions;
    QCoreApplication::processEvents();
}

void KioskDriver::type(const QString& path, const QString& text) {
    QQuickItem* i = item(path);
    scrollIntoView(i);
    i->forceActiveFocus();
    i->setProperty("text", text);
    ++actions;
    QCoreApplication::processEvents();
}

void KioskDriver::typeAndEnter(const QString& path, const QString& text) {
    type(path, text);
    QTest::keyClick(m_window, Qt::Key_Return);
    QCoreApplication::processEvents();
}

void KioskDriver::scan(const QString& text) {
    // QTest has no keyClicks for a QWindow: one key per character, as fast as the scanner sends them.
    for (const QChar c : text) {
        QTest::keyClick(m_window, c.toLatin1());
        // Let the event loop breathe between keys as it does between a real scanner's keystrokes.
        QCoreApplication::processEvents();
    }
    QTest::keyClick(m_window, Qt::Key_Return);
    ++actions;
    QCoreApplication::processEvents();
}

void KioskDriver::agentTypesPin(const QString& padPath, const QString& digits) {
    shoot(m_window, padPath);
    for (const QChar c : digits) {
        QQuickItem* key = item(padPath + QStringLiteral("/digit") + c);
        const QPointF centre = key->mapToScene(QPointF(key->width() / 2, key->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        // A person, not a scanner: keep the wedge out of it.
        QTest::qWait(5);
    }
    QQuickItem* ok = item(padPath + QStringLiteral("/ok"));
    const QPointF centre = ok->mapToScene(QPointF(ok->width() / 2, ok->height() / 2));
    QTest::mouseClick(m_window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    QCoreApplication::processEvents();
}

void KioskDriver::login(const QString& user, const QString& password) {
    const int before = actions;
    type(QStringLiteral("username"), user);
    type(QStringLiteral("password"), password);
    click(QStringLiteral("loginButton"));
    actions = before;
    if (!waitFor([this] { return exists(QStringLiteral("operations")); }, 30000))
        throw std::runtime_error("login failed: " + text(QStringLiteral("error")).toStdString());
}

bool KioskDriver::waitFor(const std::function<bool()>& condition, int ms) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > ms)
            return false;
        // Wait in the event loop, as the kiosk does, so the GUI thread is never blocked by the test.
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace countersign::test
