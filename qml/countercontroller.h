#pragma once

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

/// What a screen's controller made by QML starts from: QML hands it the counter's services as properties
/// (`workstation: Workstation`, `session: Session`), the one way services reach the objects QML makes. Tests
/// set them the same way.
class CounterController : public QObject {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(
        countersign::qml::Workstation* workstation READ workstation WRITE setWorkstation NOTIFY wiringChanged)
    Q_PROPERTY(countersign::qml::Session* session READ session WRITE setSession NOTIFY wiringChanged)

public:
    using QObject::QObject;

    Workstation* workstation() const { return m_workstation; }
    void setWorkstation(Workstation* workstation) {
        m_workstation = workstation;
        Q_EMIT wiringChanged();
    }
    Session* session() const { return m_session; }
    void setSession(Session* session) {
        m_session = session;
        Q_EMIT wiringChanged();
    }

Q_SIGNALS:
    void wiringChanged();

private:
    QPointer<Workstation> m_workstation;
    QPointer<Session> m_session;
};

} // namespace countersign::qml
