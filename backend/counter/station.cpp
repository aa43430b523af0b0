#include "backend/counter/station.h"

#include <memory>

#include <pqxx/except>

#include "db/connection.h"

namespace countersign::counter {

Station::Station(const AppConfig& config, token::TokenThread& tokens, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_tokens(tokens) {
    connect(&m_tokens, &token::TokenThread::keysChanged, this, &Station::keysChanged);
    connect(&m_tokens, &token::TokenThread::keyInserted, this, &Station::keyInserted);
    connect(&m_tokens, &token::TokenThread::keyRemoved, this, &Station::keyRemoved);
    connect(&m_tokens, &token::TokenThread::moduleFailed, this, &Station::moduleFailed);
}

QString Station::moduleProblem() const {
    const auto& error = m_tokens.moduleError();
    return error ? QString::fromStdString(error->message(true)) : QString();
}

namespace {

/// The calling thread's database connection, opened on first use and again after it broke: the workflow
/// needs the key, the CA and the database in one place, and the key lives on the token thread.
pqxx::connection& threadConnection(const std::string& dsn) {
    thread_local std::unique_ptr<pqxx::connection> conn;
    thread_local std::string openedWith;
    if (!conn || !conn->is_open() || openedWith != dsn) {
        conn.reset();
        conn = db::openConnection(dsn);
        openedWith = dsn;
    }
    return *conn;
}

/// What a rule of the database said, for the operator: an ended staff session in their words (the database
/// refuses every step without an open one, 0016), anything else quoted.
Phrase refusalPhrase(const std::string& why) {
    if (why.find("staff session") != std::string::npos)
        return Phrase(QT_TRANSLATE_NOOP("Reason",
                                        "your staff session has ended (a newer login of yours at this "
                                        "counter or the screen lock ended it): log in again"));
    return Phrase(QT_TRANSLATE_NOOP("Reason", "the database refused it: %1")).arg(why);
}

} // namespace

void Station::withCounter(const AppConfig& config, long long counterId, token::KeyDevice& keys,
                          const std::function<void(const std::string&)>& hook,
                          const std::function<void(Counter&)>& use) {
    Counter counter(threadConnection(config.databaseDsn), config, counterId, keys, hook);
    use(counter);
}

void Station::attempt(JobStatus& status, const std::function<void()>& work) {
    try {
        work();
        status.kind = JobStatus::Kind::Done;
    } catch (const workflow::Refusal& e) {
        status.kind = JobStatus::Kind::Refused;
        status.checks = e.checks;
        status.message = e.what();
    } catch (const workflow::StepFailed& e) {
        status.kind = JobStatus::Kind::Stopped;
        status.message = e.what();
        status.transactionNumber = e.transactionNumber;
        status.keyRemoved = e.keyRemoved;
    } catch (const pqxx::broken_connection& e) {
        status.kind = JobStatus::Kind::Error;
        status.databaseDown = true;
        status.message = e.what();
    } catch (const pqxx::sql_error& e) {
        status.kind = JobStatus::Kind::Error;
        status.message = e.what();
        if (const auto why = db::databaseRefusal(e)) {
            status.message = *why;
            status.refusal = refusalPhrase(*why);
        }
    } catch (const std::exception& e) {
        status.kind = JobStatus::Kind::Error;
        status.message = e.what();
    }
}

} // namespace countersign::counter
