#include "qml/session.h"

namespace countersign::qml {

void Session::begin(const auth::StaffIdentity& staff, auth::SessionToken token) {
    endToken(QStringLiteral("logout"));
    m_staff = staff;
    m_token = std::move(token);
    Q_EMIT changed();
}

void Session::suspend() {
    endToken(QStringLiteral("idle_lock"));
}

void Session::resume(auth::SessionToken token) {
    endToken(QStringLiteral("logout"));
    m_token = std::move(token);
}

void Session::logout() {
    if (!loggedIn())
        return;
    endToken(QStringLiteral("logout"));
    m_staff = {};
    Q_EMIT changed();
}

void Session::endToken(const QString& reason) {
    if (!m_token)
        return;
    const auth::SessionToken ended = std::move(m_token);
    m_token.reset();
    Q_EMIT tokenEnded(ended, reason);
}

} // namespace countersign::qml
