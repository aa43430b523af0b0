#include "db/dbthread.h"

#include <pqxx/except>
#include <pqxx/nontransaction>

#include "db/connection.h"

namespace countersign::db {

/// Owns the connection; every member runs on the database thread.
class DbWorker : public QObject {
public:
    explicit DbWorker(std::string dsn)
        : m_dsn(std::move(dsn)) {}

    // Returns the live connection, opening it when there is none; on failure nullptr and the reason.
    pqxx::connection* connection(std::string& error) {
        if (m_conn && m_conn->is_open())
            return m_conn.get();
        try {
            m_conn = openConnection(m_dsn);
            return m_conn.get();
        } catch (const std::exception& e) {
            m_conn.reset();
            error = describeDatabaseError(e);
            return nullptr;
        }
    }

    void drop() { m_conn.reset(); }

private:
    std::string m_dsn;
    std::unique_ptr<pqxx::connection> m_conn;
};

DbThread::DbThread(std::string dsn, QObject* parent)
    : QObject(parent) {
    m_thread.setObjectName(QStringLiteral("countersign-db"));
    m_worker = new DbWorker(std::move(dsn));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

DbThread::~DbThread() {
    m_thread.quit();
    m_thread.wait();
}

void DbThread::enqueue(Task task) {
    DbWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [this, worker, task = std::move(task)] {
            std::string error;
            pqxx::connection* conn = worker->connection(error);
            const bool wasUp = conn != nullptr;
            task(conn, error);
            // A job that found the server gone drops the connection in classify(); report the change.
            std::string after;
            const bool up = wasUp && worker->connection(after) != nullptr;
            const QString message = up ? QString() : QString::fromStdString(error.empty() ? after : error);
            QMetaObject::invokeMethod(
                this, [this, up, message] { setState(up ? State::Up : State::Down, message); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void DbThread::classify(std::exception_ptr error, std::string& message, bool& connectionLost) {
    try {
        std::rethrow_exception(error);
    } catch (const pqxx::broken_connection& e) {
        m_worker->drop();
        message = "the database connection was lost: " + describeDatabaseError(e);
        connectionLost = true;
    } catch (const pqxx::in_doubt_error& e) {
        m_worker->drop();
        message = "the database connection was lost while committing; the outcome is unknown: " +
                  describeDatabaseError(e);
        connectionLost = true;
    } catch (const std::exception& e) {
        message = describeDatabaseError(e);
    } catch (...) {
        message = "unknown error";
    }
}

void DbThread::probe() {
    run<bool>(
        this,
        [](pqxx::connection& conn) {
            pqxx::nontransaction tx{conn};
            tx.exec1("SELECT 1");
            return true;
        },
        [](const DbOutcome<bool>&) {});
}

void DbThread::setState(State state, const QString& message) {
    if (state == m_state && message == m_stateMessage)
        return;
    m_state = state;
    m_stateMessage = message;
    Q_EMIT stateChanged(state, message);
}

} // namespace countersign::db
