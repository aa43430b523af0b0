#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <QObject>
#include <QString>

#include "db/dboutcome.h"

namespace countersign::db {
class DbThread;
}

namespace countersign::counter {

class Desk;

/// What a job on the database thread produced: a value, or an error a person can read (`connectionLost`:
/// the database could not be reached; retry once it is back).
template <typename R> using Outcome = db::DbOutcome<R>;

/// The kiosk's door to the database: jobs run one at a time, in the order given, on the database thread
/// (db::DbThread: a thread of its own with its own connection) against a Desk — the counter's typed
/// operations — and their outcome comes back queued to the caller's thread, so the GUI thread never waits on
/// PostgreSQL, a PDF or the printer. Made once in main() (or a test).
class Database : public QObject {
    Q_OBJECT
public:
    enum class State { Unknown, Up, Down };
    Q_ENUM(State)

    explicit Database(std::string dsn, QObject* parent = nullptr);
    ~Database() override;

    /// Runs `job(Desk&) -> R` on the database thread, then `done(const Outcome<R>&)` on this object's thread
    /// unless `context` was destroyed meanwhile.
    template <typename R, typename Job, typename Done> void run(QObject* context, Job job, Done done) {
        auto out = std::make_shared<Outcome<R>>();
        submit(
            context, [job = std::move(job), out](Desk& desk) { out->value.emplace(job(desk)); },
            [done = std::move(done), out](const std::string& error, bool connectionLost) {
                out->error = error;
                out->connectionLost = connectionLost;
                done(*out);
            });
    }

    State state() const;
    QString stateMessage() const;

public Q_SLOTS:
    /// Checks the connection (reconnecting if it was lost) and reports through stateChanged.
    void probe();

Q_SIGNALS:
    /// The connection came up or went down (db::DbThread::stateChanged).
    void stateChanged(countersign::counter::Database::State state, const QString& message);

private:
    void submit(QObject* context, std::function<void(Desk&)> work,
                std::function<void(const std::string& error, bool connectionLost)> finish);

    std::unique_ptr<db::DbThread> m_thread;
};

} // namespace countersign::counter
