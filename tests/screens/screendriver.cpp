#include "tests/screens/screendriver.h"

#include <algorithm>
#include <stdexcept>

#include <QCoreApplication>
#include <QDebug>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

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

QObject* ScreenDriver::find(const QString& path) const {
    QObject* at = m_window->contentItem();
    for (const QString& name : path.split(QLatin1Char('/'))) {
        at = findVisible(at, name);
        if (!at)
            throw std::runtime_error("no visible " + name.toStdString() + " on the screen (" +
                                     path.toStdString() + ")");
    }
    return at;
}

bool ScreenDriver::exists(const QString& path) const {
    try {
        find(path);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

QVariant ScreenDriver::property(const QString& path, const char* name) const {
    return find(path)->property(name);
}

QQuickItem* ScreenDriver::item(const QString& path) const {
    auto* i = qobject_cast<QQuickItem*>(find(path));
    if (!i)
        throw std::runtime_error(path.toStdString() + " is not an item on the screen");
    return i;
}

void ScreenDriver::scrollIntoView(QQuickItem* target) {
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

// Notes which items a mouse press is delivered to (the window hands it to the items under the point, topmost
// first, until one takes it).
class PressWitness : public QObject {
public:
    PressWitness() { QCoreApplication::instance()->installEventFilter(this); }
    ~PressWitness() override { QCoreApplication::instance()->removeEventFilter(this); }
    QList<QQuickItem*> reached;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::MouseButtonPress)
            if (auto* item = qobject_cast<QQuickItem*>(watched))
                reached.append(item);
        return false;
    }
};

QString nameOf(QQuickItem* item) {
    QString type = QString::fromLatin1(item->metaObject()->className()).section(QLatin1Char('_'), 0, 0);
    type.remove(QStringLiteral("QQuick"));
    const QString text = item->property("text").toString();
    return (item->objectName().isEmpty()
                ? type
                : item->objectName() + QStringLiteral(" (") + type + QLatin1Char(')')) +
           (text.isEmpty() ? QString() : QStringLiteral(" '") + text + QLatin1Char('\''));
}

} // namespace

void ScreenDriver::clickAt(QQuickItem* i) {
    const QPointF pos = i->mapToScene(QPointF(i->width() / 2, i->height() / 2));
    const QPointF global = m_window->mapToGlobal(pos.toPoint());
    QMouseEvent press(QEvent::MouseButtonPress, pos, global, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    PressWitness witness;
    QCoreApplication::sendEvent(m_window, &press);
    // A control that takes clicks itself must be the one the press reached: a click that lands on whatever
    // covers it (a popup, a page still sliding in, a row made after the control was placed) says so here
    // instead of leaving the test to wait for a screen that never comes.
    if ((i->acceptedMouseButtons() & Qt::LeftButton) &&
        std::none_of(witness.reached.begin(), witness.reached.end(),
                     [i](QQuickItem* r) { return r == i || i->isAncestorOf(r); })) {
        QMouseEvent cancel(QEvent::MouseButtonRelease, pos, global, Qt::LeftButton, Qt::NoButton,
                           Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &cancel);
        throw std::runtime_error(
            QStringLiteral("the click on %1 at (%2, %3) reached %4 instead; the screen shows: %5")
                .arg(nameOf(i))
                .arg(pos.x())
                .arg(pos.y())
                .arg(witness.reached.isEmpty() ? QStringLiteral("nothing") : nameOf(witness.reached.first()))
                .arg(describe())
                .toStdString());
    }
    QMouseEvent release(QEvent::MouseButtonRelease, pos, global, Qt::LeftButton, Qt::NoButton,
                        Qt::NoModifier);
    QCoreApplication::sendEvent(m_window, &release);
    QCoreApplication::processEvents();
}

void ScreenDriver::key(int k, const QString& text, Qt::KeyboardModifiers modifiers, quint64 timestamp) {
    QKeyEvent press(QEvent::KeyPress, k, modifiers, text);
    press.setTimestamp(timestamp);
    QCoreApplication::sendEvent(m_window, &press);
    QKeyEvent release(QEvent::KeyRelease, k, modifiers, text);
    release.setTimestamp(timestamp);
    QCoreApplication::sendEvent(m_window, &release);
}

void ScreenDriver::waitForFrame(int ms) {
    QEventLoop loop;
    const auto drawn = QObject::connect(m_window, &QQuickWindow::frameSwapped, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    m_window->update();
    loop.exec();
    QObject::disconnect(drawn);
}

void ScreenDriver::waitUntilStill(QQuickItem* i) {
    // A page sliding in moves its controls under the pointer, and so does a layout not laid out yet (a row
    // that just became visible sits at its parent's corner until the next frame places it); a person waits
    // for it to stop, and so does this: two frames drawn one after the other show it at the same place.
    QPointF before = i->mapToScene(QPointF(0, 0));
    for (int tries = 0; tries < 150; ++tries) {
        waitForFrame(100);
        const QPointF now = i->mapToScene(QPointF(0, 0));
        if (now == before)
            return;
        before = now;
    }
}

void ScreenDriver::click(const QString& path) {
    QQuickItem* i = item(path);
    if (!i->isEnabled())
        throw std::runtime_error(path.toStdString() + " is disabled");
    scrollIntoView(i);
    waitUntilStill(i);
    clickAt(i);
    ++actions;
}

void ScreenDriver::openOperation(const QString& kind) {
    click(QStringLiteral("operation_") + kind);
    if (!waitFor([this] { return exists(QStringLiteral("papersStep")); }, 10000))
        throw std::runtime_error("the " + kind.toStdString() + " flow did not open");
}

void ScreenDriver::type(const QString& path, const QString& text) {
    QQuickItem* i = item(path);
    scrollIntoView(i);
    i->forceActiveFocus();
    i->setProperty("text", text);
    ++actions;
    QCoreApplication::processEvents();
}

void ScreenDriver::typeAndEnter(const QString& path, const QString& text) {
    type(path, text);
    key(Qt::Key_Return, QStringLiteral("\r"));
    QCoreApplication::processEvents();
}

void ScreenDriver::scan(const QString& text) {
    // A scanner types a key every couple of milliseconds, however busy the machine is, and the platform
    // stamps each key with the time it came: so do these keys, 2 ms apart (the keyboard wedge reads the
    // stamps). The event loop runs between the keys, as it does between a real scanner's; but when this
    // driver itself was held up (a loaded machine), the next keys come as a burst the GUI thread finds
    // queued, with no turn of the loop between them, as a real scanner's keys would be.
    static QElapsedTimer clock;
    static quint64 last = 0;
    if (!clock.isValid())
        clock.start();
    quint64 stamp = std::max<quint64>(last + 1000, static_cast<quint64>(clock.elapsed()) + 1000000);
    QElapsedTimer sinceKey;
    sinceKey.start();
    for (const QChar c : text) {
        const char ch = c.toLatin1();
        int k = ch;
        if (ch >= 'a' && ch <= 'z')
            k = Qt::Key_A + (ch - 'a');
        key(k, QString(c), Qt::NoModifier, stamp);
        stamp += 2;
        if (sinceKey.restart() < 10)
            QCoreApplication::processEvents();
    }
    key(Qt::Key_Return, QStringLiteral("\r"), Qt::NoModifier, stamp);
    last = stamp;
    ++actions;
    QCoreApplication::processEvents();
}

void ScreenDriver::press(int k, Qt::KeyboardModifiers modifiers) {
    QString text;
    switch (k) {
    case Qt::Key_Tab:
        text = QStringLiteral("\t");
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        text = QStringLiteral("\r");
        break;
    case Qt::Key_Escape:
        text = QString(QChar(0x1b));
        break;
    case Qt::Key_Space:
        text = QStringLiteral(" ");
        break;
    default:
        if (k >= Qt::Key_0 && k <= Qt::Key_9)
            text = QString(QChar('0' + (k - Qt::Key_0)));
    }
    key(k, text, modifiers);
    ++actions;
    // The keyboard wedge holds printable keys back for a moment to tell a person from a scanner.
    if (!text.isEmpty() && text.at(0).isPrint())
        settle(80);
    QCoreApplication::processEvents();
}

QString ScreenDriver::focused() const {
    QQuickItem* at = m_window->activeFocusItem();
    if (!at || at == m_window->contentItem())
        return {};
    // A ValidatedField's TextField is "field": the test names the ValidatedField.
    if (at->objectName() == QLatin1String("field"))
        for (QQuickItem* p = at->parentItem(); p; p = p->parentItem())
            if (!p->objectName().isEmpty())
                return p->objectName();
    if (!at->objectName().isEmpty())
        return at->objectName();
    QString type = QString::fromLatin1(at->metaObject()->className());
    type = type.section(QLatin1Char('_'), 0, 0).remove(QStringLiteral("QQuick"));
    return QStringLiteral("<%1 '%2'>").arg(type, at->property("text").toString());
}

QStringList ScreenDriver::tabCycle(int limit) {
    QStringList names;
    QList<QQuickItem*> seen;
    for (int i = 0; i < limit; ++i) {
        press(Qt::Key_Tab);
        QQuickItem* at = m_window->activeFocusItem();
        if (!seen.isEmpty() && at == seen.first())
            return names;
        names.append(focused());
        if (seen.contains(at))
            return names;
        seen.append(at);
    }
    return names;
}

void ScreenDriver::pressPin(const QString& padPath, const QString& digits) {
    waitUntilStill(item(padPath));
    for (const QChar c : digits)
        clickAt(item(padPath + QStringLiteral("/digit") + c));
    clickAt(item(padPath + QStringLiteral("/ok")));
}

bool ScreenDriver::waitFor(const std::function<bool()>& condition, int ms) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > ms) {
            gaveUp(ms);
            return false;
        }
        settle(2);
    }
    return true;
}

void ScreenDriver::gaveUp(int ms) {
    qWarning().noquote() << "waited" << ms << "ms in vain; the screen shows:" << describe();
}

QString ScreenDriver::describe() const {
    QStringList headings, popups, errors;
    std::function<void(QQuickItem*)> walk = [&](QQuickItem* at) {
        for (QQuickItem* child : at->childItems()) {
            if (!child->isVisible())
                continue;
            const QString name = child->objectName();
            const QString text = child->property("text").toString();
            if (name == QLatin1String("stepHeading") && !text.isEmpty())
                headings << text;
            else if ((name == QLatin1String("stepError") || name == QLatin1String("error")) &&
                     !text.isEmpty())
                errors << text;
            if (child->inherits("QQuickPopupItem"))
                popups << (child->parent() ? child->parent()->objectName() : QString());
            walk(child);
        }
    };
    walk(m_window->contentItem());
    QStringList parts;
    parts << QStringLiteral("heading [%1]").arg(headings.join(QStringLiteral(" | ")));
    if (!popups.isEmpty())
        parts << QStringLiteral("popups [%1]").arg(popups.join(QStringLiteral(", ")));
    if (!errors.isEmpty())
        parts << QStringLiteral("errors [%1]").arg(errors.join(QStringLiteral(" | ")));
    parts << QStringLiteral("focus [%1]").arg(focused());
    return parts.join(QStringLiteral("; "));
}

void ScreenDriver::settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace countersign::test
