#pragma once

#include <QObject>
#include <QString>

#include "backend/auth/login.h"

namespace countersign::qml {

/// Who is logged in at this counter. Made in main() and handed to QML as the singleton `Session`.
class Session : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool loggedIn READ loggedIn NOTIFY changed)
    Q_PROPERTY(QString username READ username NOTIFY changed)
    Q_PROPERTY(QString displayName READ displayName NOTIFY changed)
    Q_PROPERTY(Role role READ role NOTIFY changed)
    Q_PROPERTY(bool isSupervisor READ isSupervisor NOTIFY changed)
    Q_PROPERTY(bool isAdmin READ isAdmin NOTIFY changed)

public:
    enum class Role { Operator, Supervisor, Admin };
    Q_ENUM(Role)

    using QObject::QObject;

    bool loggedIn() const { return m_staff.id != 0; }
    QString username() const { return QString::fromStdString(m_staff.username); }
    QString displayName() const { return QString::fromStdString(m_staff.displayName); }
    Role role() const { return static_cast<Role>(m_staff.role); }
    /// Someone who does a supervisor's work is logged in (auth::supervises decides who does).
    bool isSupervisor() const { return loggedIn() && auth::supervises(m_staff.role); }
    /// Someone who does an admin's work is logged in (auth::administers).
    bool isAdmin() const { return loggedIn() && auth::administers(m_staff.role); }
    long long staffId() const { return m_staff.id; }
    /// Who is logged in, as the counter's door takes them.
    const auth::StaffIdentity& staff() const { return m_staff; }

    /// Someone logged in; `token` is the staff session the database opened for them
    /// (0010_staff_sessions.sql).
    void begin(const auth::StaffIdentity& staff, auth::SessionToken token = {});
    /// The database session of the person logged in; empty while the idle lock is on.
    const auth::SessionToken& token() const { return m_token; }
    /// The idle lock closed the screen: the database session ends ("idle_lock").
    void suspend();
    /// The idle lock was opened with the same person's password, which opened a new database session.
    void resume(auth::SessionToken token);

public Q_SLOTS:
    void logout();

Q_SIGNALS:
    void changed();
    /// A database session ended here ("logout", "idle_lock"): the kiosk tells the database
    /// (counter::Desk::logout). Emitted directly, on the GUI thread.
    void tokenEnded(const countersign::auth::SessionToken& token, const QString& reason);

private:
    void endToken(const QString& reason);

    auth::StaffIdentity m_staff;
    auth::SessionToken m_token;
};

} // namespace countersign::qml
