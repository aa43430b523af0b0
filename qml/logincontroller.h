#pragma once

#include <memory>

#include <QString>
#include <QtQml/qqmlregistration.h>

#include "backend/auth/login.h"
#include "qml/countercontroller.h"

namespace countersign::qml {

/// The login screen's controller: checks the typed credentials on the database thread and opens the session.
class LoginController : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)
    Q_PROPERTY(Outcome lastOutcome READ lastOutcome NOTIFY errorChanged)
    /// The password was reset by an admin: the person chooses a new one (changePassword) before the session
    /// opens; the database refuses that session everything else meanwhile.
    Q_PROPERTY(bool mustChangePassword READ mustChangePassword NOTIFY mustChangePasswordChanged)

public:
    enum class Outcome {
        None,
        Ok,
        WrongCredentials,
        Locked,
        Disabled,
        NotReady,
        DatabaseError,
        EmptyInput,
        MustChangePassword, ///< logged in, and the password must be changed before the session opens
        PasswordRefused,    ///< the new password was refused (the words say why); asked again
    };
    Q_ENUM(Outcome)

    using CounterController::CounterController;

    bool busy() const { return m_busy; }
    QString errorText() const { return m_errorText; }
    Outcome lastOutcome() const { return m_outcome; }
    bool mustChangePassword() const { return m_pending.session != nullptr; }

public Q_SLOTS:
    /// Starts a login; the outcome arrives as succeeded() or failed(). Ignored while one is running.
    void submit(const QString& username, const QString& password);
    /// The new password, typed twice, for a login whose password must be changed; on success the session
    /// opens (succeeded()).
    void changePassword(const QString& password, const QString& again);
    /// Gives up the change: the waiting session ends, the login screen asks again.
    void cancelPasswordChange();

Q_SIGNALS:
    void busyChanged();
    void errorChanged();
    void succeeded();
    void failed(const QString& errorText);
    void mustChangePasswordChanged();

private:
    void finish(Outcome outcome, const QString& text);
    void setBusy(bool busy);
    /// Forgets the waiting login and wipes the password it was opened with.
    void dropPending();

    bool m_busy = false;
    QString m_errorText;
    Outcome m_outcome = Outcome::None;
    // A login whose password must be changed: its session, and the password it was opened with (the
    // database checks it again when the new one is set).
    auth::LoginResult m_pending;
    std::shared_ptr<Secret> m_pendingPassword;
};

} // namespace countersign::qml
