#pragma once

#include <QString>
#include <QtQml/qqmlregistration.h>

#include "backend/counter/database.h"
#include "qml/countercontroller.h"

namespace countersign::qml {

/// What the back office's page controllers share (BackOffice, FeesController, TrustController, StockOffice,
/// SearchController, StaffAdmin): a `busy` flag while any of their jobs runs, the last refusal or failure
/// (`errorText`) and the last thing done (`message`), and `runJob`, which runs a piece of the counter's door
/// (counter::Desk) on the database thread — the GUI thread never waits on the database.
class OfficeController : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)

public:
    /// What a job's start clears: nothing (a page whose refusal or message outlives the reload that follows a
    /// change), the last error, or both.
    enum class StartClears { Nothing, Error, ErrorAndMessage };

    explicit OfficeController(QObject* parent = nullptr, StartClears clears = StartClears::Error)
        : CounterController(parent)
        , m_clears(clears) {}

    bool busy() const { return m_pending > 0; }
    QString errorText() const { return m_error; }
    QString message() const { return m_message; }

Q_SIGNALS:
    void busyChanged();
    void changed();

protected:
    /// Runs `job(desk, counterId)` on the database thread and hands its value to `done` on this thread; a
    /// failure becomes `errorText` in the operator's words (a lost connection: nothing was changed). Refused
    /// with "not ready" when the counter is not.
    template <typename R, typename Job, typename Done> void runJob(Job job, Done done) {
        Workstation* w = workstation();
        if (!w || !w->ready()) {
            m_error = notReady();
            Q_EMIT changed();
            return;
        }
        jobStarted();
        if (m_clears != StartClears::Nothing)
            m_error.clear();
        if (m_clears == StartClears::ErrorAndMessage)
            m_message.clear();
        const long long counter = w->counterId();
        w->database()->run<R>(
            this, [job, counter](counter::Desk& desk) { return job(desk, counter); },
            [this, done](const counter::Outcome<R>& out) {
                jobFinished();
                if (!out.ok())
                    m_error = out.connectionLost ? connectionLost() : QString::fromStdString(out.error);
                else
                    done(*out.value);
                Q_EMIT changed();
            });
    }

    /// For a job run some other way (an approval's own answers): busy until it is finished.
    void jobStarted() {
        ++m_pending;
        Q_EMIT busyChanged();
    }
    void jobFinished() {
        --m_pending;
        Q_EMIT busyChanged();
    }

    QString m_error, m_message;

private:
    static QString notReady();
    static QString connectionLost();

    StartClears m_clears;
    int m_pending = 0;
};

} // namespace countersign::qml
