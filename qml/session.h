#pragma once

#include <QObject>
#include <QString>

#include "backend/auth/authenticator.h"

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
    bool isSupervisor() const { return loggedIn() && m_staff.role != auth::Role::Operator; }
    bool isAdmin() const { return loggedIn() && m_staff.role == auth::Role::Admin; }
    long long staffId() const { return m_staff.id; }

    void begin(const auth::StaffIdentity& staff);

public Q_SLOTS:
    void logout();

Q_SIGNALS:
    void changed();

private:
    auth::StaffIdentity m_staff;
};

} // namespace countersign::qml
