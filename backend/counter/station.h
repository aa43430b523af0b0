#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QString>

#include "backend/config.h"
#include "backend/counter/counter.h"
#include "backend/phrase.h"
#include "token/tokenthread.h"

namespace countersign::counter {

/// A key in the writer as the token thread last saw it.
using KeyInfo = token::TokenInfo;

/// How a job on the counter ended, in the terms a screen shows: done, refused by the checks (nothing
/// changed), stopped at a step (the transaction waits to be resumed or given up), or failed.
struct JobStatus {
    enum class Kind { Done, Refused, Stopped, Error } kind = Kind::Error;
    std::vector<workflow::Check> checks; ///< Refused: every check, with the failed ones
    std::string message;                 ///< the backend's own words (English)
    std::string transactionNumber;       ///< Stopped (and Error, when one was open)
    bool keyRemoved = false;
    bool databaseDown = false;
    /// The key writer's module could not be loaded: said in the operator's language by text().
    std::optional<token::TokenError> writerError;
    /// A rule of the database refused it (an ended staff session, a record another person must make …):
    /// said in the operator's language by text().
    std::optional<Phrase> refusal;

    bool ok() const { return kind == Kind::Done; }
    /// The error in words: the writer's or the database's refusal in the operator's language, else the
    /// backend's message.
    std::string text(bool chinese) const {
        if (writerError)
            return writerError->message(chinese);
        return refusal ? refusal->translated().toStdString() : message;
    }
};

/// A job's status and, when it is done, its value.
template <typename R> struct JobResult : JobStatus { std::optional<R> value; };

/// The kiosk's door to the counter's work: the one thread that talks to the key writer (token::TokenThread),
/// on which a Counter is assembled for each job with that thread's own database connection, so the key, the
/// CA and the database are in one place and the GUI thread never waits on any of them. It also tells the
/// screens what is in the writer.
class Station : public QObject {
    Q_OBJECT
public:
    Station(const AppConfig& config, token::TokenThread& tokens, QObject* parent = nullptr);

    /// Runs `job(Counter&) -> R` on the token thread with the counter `counterId` assembled there (`hook`
    /// hears the workflow's crash points, on that thread), then `done(const JobResult<R>&)` on this object's
    /// thread unless `context` is gone. Whatever the assembly or the job throws comes back sorted into the
    /// result's kind.
    template <typename R, typename Job, typename Done>
    void run(QObject* context, long long counterId, std::function<void(const std::string&)> hook, Job job,
             Done done) {
        runOnKeys<R>(
            context,
            [config = m_config, counterId, hook = std::move(hook),
             job = std::move(job)](token::KeyDevice& keys) {
                std::optional<R> value;
                withCounter(config, counterId, keys, hook,
                            [&](Counter& counter) { value.emplace(job(counter)); });
                return std::move(*value);
            },
            std::move(done));
    }

    /// Runs `job(token::KeyDevice&) -> R` on the token thread with no counter assembled (the demo's writer
    /// controls, backend/counter/demo.h), then `done(const JobResult<R>&)` on this object's thread unless
    /// `context` is gone.
    template <typename R, typename Job, typename Done> void runOnKeys(QObject* context, Job job, Done done) {
        m_tokens.run<JobResult<R>>(
            context,
            [job = std::move(job)](token::KeyDevice& keys) {
                JobResult<R> r;
                attempt(r, [&] { r.value.emplace(job(keys)); });
                return r;
            },
            [done = std::move(done)](const token::TokenOutcome<JobResult<R>>& out) {
                if (out.ok()) {
                    done(*out.value);
                    return;
                }
                JobResult<R> r;
                r.writerError = out.error;
                r.message = out.error->message(false);
                done(r);
            });
    }

    /// What each job of run() does on the token thread, for a caller that is that thread itself (the failover
    /// test's counter): assembles the counter `counterId` with the calling thread's own database connection —
    /// opened on first use and again after it broke — and hands it to `use`.
    static void withCounter(const AppConfig& config, long long counterId, token::KeyDevice& keys,
                            const std::function<void(const std::string&)>& hook,
                            const std::function<void(Counter&)>& use);

    /// The keys in the writer as last seen.
    const std::vector<KeyInfo>& keys() const { return m_tokens.keys(); }
    /// Set when the key writer's module could not be loaded: the writer is then unusable.
    QString moduleProblem() const;

Q_SIGNALS:
    /// The set of keys or the state of one changed.
    void keysChanged();
    /// A key appeared in the writer; `serial` is empty for a blank key without one.
    void keyInserted(const QString& serial);
    void keyRemoved(const QString& serial);
    void moduleFailed(const QString& message);

private:
    /// Runs `work`: `status` is Done when it returns, else says what it threw.
    static void attempt(JobStatus& status, const std::function<void()>& work);

    AppConfig m_config;
    token::TokenThread& m_tokens;
};

} // namespace countersign::counter
