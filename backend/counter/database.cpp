#include "backend/counter/database.h"

#include "backend/counter/deskimpl.h"
#include "db/dbthread.h"

namespace countersign::counter {

namespace {

Database::State stateOf(db::DbThread::State state) {
    switch (state) {
    case db::DbThread::State::Up:
        return Database::State::Up;
    case db::DbThread::State::Down:
        return Database::State::Down;
    case db::DbThread::State::Unknown:
        break;
    }
    return Database::State::Unknown;
}

} // namespace

Database::Database(std::string dsn, QObject* parent)
    : QObject(parent)
    , m_thread(std::make_unique<db::DbThread>(std::move(dsn))) {
    connect(m_thread.get(), &db::DbThread::stateChanged, this,
            [this](db::DbThread::State state, const QString& message) {
                Q_EMIT stateChanged(stateOf(state), message);
            });
}

Database::~Database() = default;

Database::State Database::state() const {
    return stateOf(m_thread->state());
}

QString Database::stateMessage() const {
    return m_thread->stateMessage();
}

void Database::probe() {
    m_thread->probe();
}

void Database::submit(QObject* context, std::function<void(Desk&)> work,
                      std::function<void(const std::string& error, bool connectionLost)> finish) {
    m_thread->run<bool>(
        context,
        [work = std::move(work)](pqxx::connection& conn) {
            Desk::Impl impl{conn};
            Desk desk(impl);
            work(desk);
            return true;
        },
        [finish = std::move(finish)](const db::DbOutcome<bool>& out) {
            finish(out.error, out.connectionLost);
        });
}

} // namespace countersign::counter
