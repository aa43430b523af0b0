#pragma once

#include <functional>
#include <memory>

#include <QString>
#include <QVariant>

#include "backend/config.h"

class QObject;
class QQuickItem;
class QQuickWindow;

namespace countersign::qml {
class Kiosk;
}

namespace countersign::test {

/// The real kiosk (qml::Kiosk: every service, Main.qml) in this process, driven the way an operator does:
/// clicks at an item's place on the screen, scans as fast keystrokes, typed fields. It counts the operator's
/// inputs (clicks, scans, fields typed) so tests can hold a flow to its action budget; the agent's PIN-pad
/// presses are not the operator's and are not counted.
class KioskDriver {
public:
    explicit KioskDriver(const AppConfig& config);
    ~KioskDriver();

    qml::Kiosk& kiosk() { return *m_kiosk; }
    QQuickWindow* window() const { return m_window; }

    /// The visible object at `path`: objectNames separated by '/', each searched below the one before
    /// (anywhere in the window for the first). Throws when there is none.
    QObject* find(const QString& path) const;
    /// Whether a visible object exists at `path`.
    bool exists(const QString& path) const;
    QVariant property(const QString& path, const char* name) const { return find(path)->property(name); }
    QString text(const QString& path) const { return property(path, "text").toString(); }

    /// The operator clicks the item (scrolled into view first when a scroll view hides it).
    void click(const QString& path);
    /// The operator types `text` into a field (counted as one input).
    void type(const QString& path, const QString& text);
    /// … and ends it with Enter (still one input).
    void typeAndEnter(const QString& path, const QString& text);
    /// A keyboard-wedge scanner sends `text` + Enter as fast keystrokes (one input).
    void scan(const QString& text);
    /// The agent types `digits` on the PIN pad at `padPath` and presses its OK (not counted).
    void agentTypesPin(const QString& padPath, const QString& digits);
    /// Logs in at the login screen (not counted).
    void login(const QString& user, const QString& password);

    /// Runs the event loop until `condition` holds; false after `ms`.
    bool waitFor(const std::function<bool()>& condition, int ms = 30000);

    int actions = 0;  ///< the operator's inputs so far
    int scrolls = 0;  ///< how often an item had to be scrolled into view first

private:
    QQuickItem* item(const QString& path) const;
    void scrollIntoView(QQuickItem* item);

    std::unique_ptr<qml::Kiosk> m_kiosk;
    QQuickWindow* m_window = nullptr;
};

} // namespace countersign::test
