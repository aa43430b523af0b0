#include "qml/session.h"

namespace countersign::qml {

void Session::begin(const auth::StaffIdentity& staff) {
    m_staff = staff;
    Q_EMIT changed();
}

void Session::logout() {
    if (!loggedIn())
        return;
    m_staff = {};
    Q_EMIT changed();
}

} // namespace countersign::qml
