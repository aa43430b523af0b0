#include "qml/countercontroller.h"

#include "qml/registration.h"

namespace countersign::qml {

void CounterController::setWorkstation(Workstation* workstation) {
    m_workstation = workstation;
    Q_EMIT servicesChanged();
}

void CounterController::setSession(Session* session) {
    m_session = session;
    Q_EMIT servicesChanged();
}

void CounterController::componentComplete() {
    m_workstation = singletonOf<Workstation>(this, "Workstation");
    m_session = singletonOf<Session>(this, "Session");
    Q_EMIT servicesChanged();
}

} // namespace countersign::qml
