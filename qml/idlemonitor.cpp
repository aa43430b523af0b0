#include "qml/idlemonitor.h"

#include <algorithm>
#include <memory>

#include <QDateTime>
#include <QEvent>

#include "backend/counter/desk.h"
#include "qml/secrettext.h"

namespace countersign::qml {

IdleMonitor::IdleMonitor(Workstation* workstation, Session* session, QObject* parent)
    : QObject(parent)
    , m_workstation(workstation)
    , m_session(session)
    , m_timeoutMs(workstation ? workstation->idleLockMinutes() * 60 * 1000 : 0) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IdleMonitor::expire);
    if (m_session)
        connect(m_session, &Session::changed, this, &IdleMonitor::sessionChanged);
    m_sinceInput.start();
    sessionChanged();
}

void IdleMonitor::setTimeoutMs(int ms) {
    if (ms == m_timeoutMs)
        return;
    m_timeoutMs = ms;
    Q_EMIT timeoutChanged();
    arm();
}

bool IdleMonitor::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::InputMethod:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TouchEnd:
    case QEvent::TabletPress:
    case QEvent::TabletMove:
    case QEvent::TabletRelease:
        // Only restarts the clock: the timer looks at it when it fires, so a moving mouse costs nothing more.
        // Hover events are left out: Qt Quick makes them up when something moves under a resting mouse.
        if (!m_locked)
            m_sinceInput.restart();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void IdleMonitor::sessionChanged() {
    const bool nowActive = active();
    if (nowActive == m_wasActive)
        return;
    m_wasActive = nowActive;
    setError(QString());
    if (!nowActive)
        setLocked(false);
    m_sinceInput.restart();
    arm();
    Q_EMIT activeChanged();
}

void IdleMonitor::arm() {
    if (!active() || m_locked || m_timeoutMs <= 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(static_cast<int>(std::max<qint64>(0, m_timeoutMs - m_sinceInput.elapsed())));
}

void IdleMonitor::expire() {
    if (!active() || m_locked || m_timeoutMs <= 0)
        return;
    if (m_sinceInput.elapsed() >= m_timeoutMs)
        lock();
    else
        arm();
}

void IdleMonitor::lock() {
    if (!active() || m_locked)
        return;
    setError(QString());
    setLocked(true);
    m_timer.stop();
    if (m_session)
        m_session->suspend();
}

void IdleMonitor::logout() {
    if (m_session)
        m_session->logout();
}

void IdleMonitor::unlock(const QString& password) {
    if (m_busy || !m_locked)
        return;
    if (password.isEmpty()) {
        setError(tr("Enter your password."));
        Q_EMIT failed(m_errorText);
        return;
    }
    if (!m_workstation || !m_session || !m_workstation->ready()) {
        setError(tr("This counter is not ready; the password cannot be checked."));
        Q_EMIT failed(m_errorText);
        return;
    }
    m_busy = true;
    Q_EMIT busyChanged();

    auto secret = secretOf(password);
    const std::string name = m_session->username().toStdString();
    const long long staffId = m_session->staffId();

    m_workstation->database()->run<auth::LoginResult>(
        this,
        [name, secret](counter::Desk& desk) {
            // Audited as "unlock.*", not as a new login; a wrong password still counts towards the lockout.
            auto result = desk.login(auth::LoginPurpose::Unlock, name, *secret);
            secret->wipe();
            return result;
        },
        [this, staffId](const counter::Outcome<auth::LoginResult>& out) {
            m_busy = false;
            Q_EMIT busyChanged();
            // Logged out from the lock screen while the check ran: nothing is left to unlock.
            if (!m_locked || !m_session || m_session->staffId() != staffId)
                return;
            QString error;
            if (!out.ok()) {
                error =
                    out.connectionLost
                        ? tr("The database cannot be reached, so the password cannot be checked. Try again "
                             "when the status bar shows the database as connected.")
                        : tr("The password could not be checked: %1").arg(QString::fromStdString(out.error));
            } else {
                const auth::LoginResult& r = *out.value;
                switch (r.status) {
                case auth::LoginStatus::Ok:
                    if (r.staff.id == staffId && r.mustChangePassword) {
                        // An admin reset the password meanwhile: the database would refuse this session
                        // everything, so it ends here and the person chooses a new password at the login.
                        const auth::SessionToken opened = r.session;
                        m_workstation->database()->run<bool>(
                            this,
                            [opened](counter::Desk& desk) {
                                desk.logout(opened, "logout");
                                return true;
                            },
                            [](const counter::Outcome<bool>&) {});
                        error = tr("Your password was reset by an admin. Log out, then log in with it to "
                                   "choose a new one.");
                        break;
                    }
                    if (r.staff.id == staffId) {
                        m_session->resume(r.session);
                        setError(QString());
                        setLocked(false);
                        m_sinceInput.restart();
                        arm();
                        Q_EMIT unlocked();
                        return;
                    }
                    error = tr("Wrong password.");
                    break;
                case auth::LoginStatus::WrongCredentials:
                    error = tr("Wrong password.");
                    break;
                case auth::LoginStatus::Locked: {
                    const QDateTime until =
                        QDateTime::fromString(QString::fromStdString(r.lockedUntil), Qt::ISODate);
                    const QString when = until.isValid()
                                             ? until.toLocalTime().toString(QStringLiteral("HH:mm"))
                                             : QString::fromStdString(r.lockedUntil);
                    error = tr("Too many wrong passwords: the account is locked until %1. Log out so that "
                               "someone else can work here.")
                                .arg(when);
                    break;
                }
                case auth::LoginStatus::Disabled:
                    error = tr("This account has been disabled. Log out so that someone else can work here.");
                    break;
                }
            }
            setError(error);
            Q_EMIT failed(error);
        });
}

void IdleMonitor::setLocked(bool locked) {
    if (locked == m_locked)
        return;
    m_locked = locked;
    Q_EMIT lockedChanged();
}

void IdleMonitor::setError(const QString& text) {
    if (text == m_errorText)
        return;
    m_errorText = text;
    Q_EMIT errorChanged();
}

} // namespace countersign::qml
