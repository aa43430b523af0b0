#pragma once

#include <functional>

#include <QString>
#include <QStringList>
#include <QVariant>
#include <QtCore/qnamespace.h>

class QObject;
class QQuickItem;
class QQuickWindow;

namespace countersign::test {

/// Drives the kiosk's window the way a person does — a click at an item's place on the screen, keys typed,
/// a scan as fast keystrokes — through ordinary Qt input events. Items are found by objectName paths. The
/// screenshot walk (countersign_screenshots) and the UI tests use it; it counts the operator's inputs.
class ScreenDriver {
public:
    explicit ScreenDriver(QQuickWindow* window)
        : m_window(window) {}
    virtual ~ScreenDriver() = default;

    /// The visible object at `path`: objectNames separated by '/', each searched below the one before
    /// (through the visual tree, so Repeater delegates and popups are found). Throws when there is none.
    QObject* find(const QString& path) const;
    bool exists(const QString& path) const;
    QVariant property(const QString& path, const char* name) const;
    QString text(const QString& path) const { return property(path, "text").toString(); }

    /// A click (scrolled into view first when a scroll view hides it). Counted.
    void click(const QString& path);
    /// Opens an operation from the home screen (NEW, RENEW …) and waits until its papers step shows. Counted.
    void openOperation(const QString& kind);
    /// Types `text` into a field: its text is set and it has the focus. Counted as one input.
    void type(const QString& path, const QString& text);
    /// … and ends with Enter (still one input).
    void typeAndEnter(const QString& path, const QString& text);
    /// A keyboard-wedge scanner: `text` + Enter as fast key events (one input).
    void scan(const QString& text);
    /// One key pressed and released where the keyboard focus is (Tab, Enter, Esc, a digit). Counted.
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    /// What has the keyboard focus, as a test names it: the focused control's objectName (a ValidatedField's
    /// inner field gives the field's), or "<Type 'text'>" for a control without one; "" when nothing has it.
    QString focused() const;
    /// Presses Tab until the focus comes back to where the first Tab put it: the controls visited, in order,
    /// once each. A control seen twice before that ends the list with its name (a loop that leaves some out);
    /// so does reaching `limit` presses.
    QStringList tabCycle(int limit = 60);
    /// The agent presses `digits` on the PIN pad at `padPath`, then its OK (not the operator's: not counted).
    void pressPin(const QString& padPath, const QString& digits);
    /// Runs the event loop (never blocking it) until `condition` holds; false after `ms`, once gaveUp() has
    /// said what the screen showed then.
    bool waitFor(const std::function<bool()>& condition, int ms = 30000);
    /// What the screen shows, in a line a person reading a failed test can follow: the step's heading, the
    /// open popups, the error lines, what has the focus.
    QString describe() const;
    /// Lets the event loop run for `ms`.
    void settle(int ms);

    /// The window as it is drawn now.
    QQuickWindow* window() const { return m_window; }

    int actions = 0; ///< the operator's inputs so far
    int scrolls = 0; ///< how often an item had to be scrolled into view first

protected:
    /// Called when a waitFor() gives up after `ms`; the tests' driver keeps a screenshot and says where.
    virtual void gaveUp(int ms);

private:
    QQuickItem* item(const QString& path) const;
    void scrollIntoView(QQuickItem* item);
    /// Lets the event loop run until `item` stops moving on the screen (a page's transition is over).
    void waitUntilStill(QQuickItem* item);
    /// Lets the event loop run until the window has drawn a frame (at most `ms`).
    void waitForFrame(int ms);
    void clickAt(QQuickItem* item);
    /// One key pressed and released; `timestamp` as the platform stamps events (0: none).
    void key(int key, const QString& text, Qt::KeyboardModifiers modifiers = Qt::NoModifier,
             quint64 timestamp = 0);

    QQuickWindow* m_window;
};

} // namespace countersign::test
