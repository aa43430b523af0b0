#include "qml/logincontroller.h"

#include <memory>

#include <QDateTime>

#include "backend/counter/desk.h"
#include "qml/secrettext.h"

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
            secret->wipe();
            return result;
        },
        [this](const counter::Outcome<auth::LoginResult>& out) {
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

void LoginController::finish(Outcome outcome, const QString& text) {
    m_outcome = outcome;
    m_errorText = text;
    Q_EMIT errorChanged();
    if (outcome != Outcome::Ok)
        Q_EMIT failed(text);
}

} // namespace countersign::qml
