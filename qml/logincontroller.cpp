#include "qml/logincontroller.h"

#include <memory>

#include <QDateTime>

#include "backend/counter/desk.h"
#include "qml/secrettext.h"
#include "qml/staffadmin.h"

namespace countersign::qml {

void LoginController::submit(const QString& username, const QString& password) {
    if (m_busy)
        return;
    const QString user = username.trimmed();
    if (user.isEmpty() || password.isEmpty()) {
        finish(Outcome::EmptyInput, tr("Enter your username and password."));
        return;
    }
    if (!workstation() || !session() || !workstation()->ready()) {
        finish(Outcome::NotReady, tr("This counter is not ready yet; see the message above."));
        return;
    }
    m_busy = true;
    Q_EMIT busyChanged();

    auto secret = secretOf(password);
    const std::string name = user.toStdString();

    workstation()->database()->run<auth::LoginResult>(
        this,
        [name, secret](counter::Desk& desk) {
            auto result = desk.login(auth::LoginPurpose::Login, name, *secret);
            // Kept only while a password that must be changed is being changed.
            if (!(result.status == auth::LoginStatus::Ok && result.mustChangePassword))
                secret->wipe();
            return result;
        },
        [this, secret](const counter::Outcome<auth::LoginResult>& out) {
            m_busy = false;
            Q_EMIT busyChanged();
            if (!out.ok()) {
                finish(Outcome::DatabaseError,
                       out.connectionLost
                           ? tr("The database cannot be reached. Nothing was changed; try again "
                                "when the status bar shows the database as connected.")
                           : tr("The login could not be checked: %1").arg(QString::fromStdString(out.error)));
                return;
            }
            const auth::LoginResult& r = *out.value;
            switch (r.status) {
            case auth::LoginStatus::Ok:
                if (r.mustChangePassword) {
                    dropPending();
                    m_pending = r;
                    m_pendingPassword = secret;
                    Q_EMIT mustChangePasswordChanged();
                    finish(Outcome::MustChangePassword,
                           tr("Your password was reset by an admin. Choose a new password to go on."));
                    return;
                }
                session()->begin(r.staff, r.session);
                finish(Outcome::Ok, QString());
                Q_EMIT succeeded();
                return;
            case auth::LoginStatus::WrongCredentials:
                finish(Outcome::WrongCredentials, tr("Wrong username or password."));
                return;
            case auth::LoginStatus::Locked: {
                const QDateTime until =
                    QDateTime::fromString(QString::fromStdString(r.lockedUntil), Qt::ISODate);
                const QString when = until.isValid() ? until.toLocalTime().toString(QStringLiteral("HH:mm"))
                                                     : QString::fromStdString(r.lockedUntil);
                finish(Outcome::Locked,
                       r.lockedNow ? tr("Too many wrong passwords: the account is locked until %1.").arg(when)
                                   : tr("This account is locked until %1. A supervisor or admin can "
                                        "help in the meantime.")
                                         .arg(when));
                return;
            }
            case auth::LoginStatus::Disabled:
                finish(Outcome::Disabled, tr("This account is disabled. Ask an admin."));
                return;
            }
        });
}

void LoginController::setBusy(bool busy) {
    m_busy = busy;
    Q_EMIT busyChanged();
}

void LoginController::dropPending() {
    if (m_pendingPassword)
        m_pendingPassword->wipe();
    m_pendingPassword.reset();
    const bool was = mustChangePassword();
    m_pending = {};
    if (was)
        Q_EMIT mustChangePasswordChanged();
}

void LoginController::changePassword(const QString& password, const QString& again) {
    if (m_busy || !mustChangePassword())
        return;
    if (password != again) {
        finish(Outcome::PasswordRefused, tr("The two entries differ. Type the new password twice."));
        return;
    }
    if (password.size() < 8) {
        finish(Outcome::PasswordRefused, tr("A password has at least 8 characters."));
        return;
    }
    if (!workstation() || !session() || !workstation()->ready()) {
        finish(Outcome::NotReady, tr("This counter is not ready yet; see the message above."));
        return;
    }
    setBusy(true);
    const auth::SessionToken token = m_pending.session;
    // The desk wipes what it is given: a copy of the old password, kept for another try.
    auto old = std::make_shared<Secret>(m_pendingPassword->view());
    auto next = secretOf(password);
    workstation()->database()->run<counter::StaffChange>(
        this, [token, old, next](counter::Desk& desk) { return desk.changeOwnPassword(token, old, next); },
        [this](const counter::Outcome<counter::StaffChange>& out) {
            setBusy(false);
            if (!out.ok()) {
                finish(Outcome::DatabaseError,
                       out.connectionLost
                           ? tr("The database cannot be reached. Nothing was changed; try again "
                                "when the status bar shows the database as connected.")
                           : StaffAdmin::plainWords(out.error));
                return;
            }
            if (!out.value->done()) {
                finish(Outcome::PasswordRefused, StaffAdmin::plainWords(out.value->refused));
                return;
            }
            const auth::LoginResult opened = m_pending;
            dropPending();
            session()->begin(opened.staff, opened.session);
            finish(Outcome::Ok, QString());
            Q_EMIT succeeded();
        });
}

void LoginController::cancelPasswordChange() {
    if (m_busy || !mustChangePassword())
        return;
    const auth::SessionToken token = m_pending.session;
    dropPending();
    finish(Outcome::None, QString());
    if (workstation() && workstation()->ready())
        workstation()->database()->run<bool>(
            this,
            [token](counter::Desk& desk) {
                desk.logout(token, "logout");
                return true;
            },
            [](const counter::Outcome<bool>&) {});
}

void LoginController::finish(Outcome outcome, const QString& text) {
    m_outcome = outcome;
    m_errorText = text;
    Q_EMIT errorChanged();
    if (outcome != Outcome::Ok && outcome != Outcome::None && outcome != Outcome::MustChangePassword)
        Q_EMIT failed(text);
}

} // namespace countersign::qml
