#pragma once

#include <QObject>
#include <QPointer>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include "qml/session.h"
#include "qml/workstation.h"

namespace countersign::qml {

/// What a screen's controller made by QML starts from: once QML has made it, it finds the counter's services
/// (Workstation, Session) among its engine's singletons (registration.h singletonOf), as OperationController
/// does. A controller C++ makes (a test) is handed them with the setters.
class CounterController : public QObject, public QQmlParserStatus {
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ANONYMOUS

public:
    using QObject::QObject;

    Workstation* workstation() const { return m_workstation; }
    void setWorkstation(Workstation* workstation);
    Session* session() const { return m_session; }
    void setSession(Session* session);

    void classBegin() override {}
    void componentComplete() override;

Q_SIGNALS:
    /// The services were found or handed over.
    void servicesChanged();

private:
    QPointer<Workstation> m_workstation;
    QPointer<Session> m_session;
};

} // namespace countersign::qml
