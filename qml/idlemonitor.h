#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

/// The idle lock (DESIGN §1): while someone is logged in, `timeoutMs` without a key, mouse or touch anywhere
/// in the application locks the screen until the logged-in person types their password again. The screen
/// underneath is left as it is. The password is checked on the database thread exactly as at login, so a
/// wrong one counts towards the account's lockout. Made in main() (or a test), installed as an event filter
/// on the application, and handed to QML as the singleton `IdleMonitor`.
class IdleMonitor : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool locked READ locked NOTIFY lockedChanged)
    Q_PROPERTY(bool active READ active NOTIFY activeChanged)
    Q_PROPERTY(int timeoutMs READ timeoutMs WRITE setTimeoutMs NOTIFY timeoutChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)

public:
    /// The timeout starts as the workstation's [security] idle_lock_minutes.
    IdleMonitor(Workstation* workstation, Session* session, QObject* parent = nullptr);

    bool locked() const { return m_locked; }
    /// Someone is logged in, so idleness is being watched.
    bool active() const { return m_session && m_session->loggedIn(); }
    int timeoutMs() const { return m_timeoutMs; }
    /// Takes effect at once, measured from the last input (tests set a short one).
    void setTimeoutMs(int ms);
    bool busy() const { return m_busy; }
    QString errorText() const { return m_errorText; }

    bool eventFilter(QObject* watched, QEvent* event) override;

public Q_SLOTS:
    /// Locks now (when someone is logged in).
    void lock();
    /// Checks `password` for the logged-in person; unlocked() or failed() follows. Ignored while a check
    /// runs.
    void unlock(const QString& password);
    /// Ends the session from the lock screen; the work underneath is given up.
    void logout();

Q_SIGNALS:
    void lockedChanged();
    void activeChanged();
    void timeoutChanged();
    void busyChanged();
    void errorChanged();
    void unlocked();
    void failed(const QString& errorText);

private:
    void sessionChanged();
    void arm();
    void expire();
    void setLocked(bool locked);
    void setError(const QString& text);

    QPointer<Workstation> m_workstation;
    QPointer<Session> m_session;
    int m_timeoutMs;
    QElapsedTimer m_sinceInput;
    QTimer m_timer;
    bool m_wasActive = false;
    bool m_locked = false;
    bool m_busy = false;
    QString m_errorText;
};

} // namespace countersign::qml
