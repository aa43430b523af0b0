#pragma once

#include <functional>
#include <memory>
#include <string>

#include <QObject>
#include <QPointer>
#include <QThread>

#include <pqxx/connection>

#include "db/dboutcome.h"

namespace countersign::db {

class DbWorker;

/// The database thread: one QThread named "countersign-db" owning one connection. Callers on the GUI thread
/// hand it jobs; each job runs there with the connection and its outcome comes back queued to the caller's
/// thread, so the GUI thread never waits on PostgreSQL (libpqxx connections belong to one thread).
class DbThread : public QObject {
    Q_OBJECT
public:
    enum class State { Unknown, Up, Down };
    Q_ENUM(State)

    explicit DbThread(std::string dsn, QObject* parent = nullptr);
    ~DbThread() override;

    /// Runs `job(pqxx::connection&) -> R` on the database thread, then `done(DbOutcome<R>)` on this object's
    /// thread unless `context` was destroyed meanwhile. Jobs run one at a time in the order given.
    template <typename R, typename Job, typename Done> void run(QObject* context, Job job, Done done) {
        QPointer<QObject> guard(context);
        enqueue([this, guard, job = std::move(job), done = std::move(done)](pqxx::connection* conn,
                                                                            const std::string& connectError) {
            auto out = std::make_shared<DbOutcome<R>>();
            if (!conn) {
                out->error = connectError;
                out->connectionLost = true;
            } else {
                try {
                    out->value.emplace(job(*conn));
                } catch (...) {
                    classify(std::current_exception(), out->error, out->connectionLost);
                }
            }
            QMetaObject::invokeMethod(
                this,
                [guard, done, out] {
                    if (guard)
                        done(*out);
                },
                Qt::QueuedConnection);
        });
    }

    State state() const { return m_state; }
    QString stateMessage() const { return m_stateMessage; }

public Q_SLOTS:
    /// Checks the connection (reconnecting if it was lost) and reports through stateChanged.
    void probe();

Q_SIGNALS:
    void stateChanged(countersign::db::DbThread::State state, const QString& message);

private:
    using Task = std::function<void(pqxx::connection*, const std::string&)>;
    void enqueue(Task task);
    // Turns an exception from a job into a message; marks the connection lost when it is.
    void classify(std::exception_ptr error, std::string& message, bool& connectionLost);
    void setState(State state, const QString& message);

    QThread m_thread;
    DbWorker* m_worker = nullptr; // lives on m_thread, deleted there
    State m_state = State::Unknown;
    QString m_stateMessage;
};

} // namespace countersign::db
