#pragma once

#include <QString>
#include <QtQml/qqmlregistration.h>

#include "qml/countercontroller.h"

namespace countersign::qml {

/// The login screen's controller: checks the typed credentials on the database thread and opens the session.
class LoginController : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)
    Q_PROPERTY(Outcome lastOutcome READ lastOutcome NOTIFY errorChanged)

public:
    enum class Outcome { None, Ok, WrongCredentials, Locked, Disabled, NotReady, DatabaseError, EmptyInput };
    Q_ENUM(Outcome)

    using CounterController::CounterController;

    bool busy() const { return m_busy; }
    QString errorText() const { return m_errorText; }
    Outcome lastOutcome() const { return m_outcome; }

public Q_SLOTS:
    /// Starts a login; the outcome arrives as succeeded() or failed(). Ignored while one is running.
    void submit(const QString& username, const QString& password);

Q_SIGNALS:
    void busyChanged();
    void errorChanged();
    void succeeded();
    void failed(const QString& errorText);

private:
    void finish(Outcome outcome, const QString& text);

    bool m_busy = false;
    QString m_errorText;
    Outcome m_outcome = Outcome::None;
};

} // namespace countersign::qml
