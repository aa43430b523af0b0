#include "qml/counterworkflow.h"

#include <memory>

#include <pqxx/nontransaction>

#include "backend/ca/caconnector.h"
#include "db/connection.h"
#include "db/workstationstore.h"

namespace countersign::qml {

namespace {

/// The token thread's database connection: the workflow needs the key, the CA and the database in one
/// place, and the key lives on that thread.
pqxx::connection& tokenThreadConnection(const std::string& dsn) {
    thread_local std::unique_ptr<pqxx::connection> conn;
    thread_local std::string openedWith;
    if (!conn || !conn->is_open() || openedWith != dsn) {
        conn.reset();
        conn = db::openConnection(dsn);
        openedWith = dsn;
    }
    return *conn;
}

} // namespace

void withCounterWorkflow(const AppConfig& config, long long counterId, token::KeyDevice& keys,
                         std::function<void(const std::string&)> hook,
                         const std::function<void(workflow::Workflow&)>& use) {
    auto& conn = tokenThreadConnection(config.databaseDsn);
    long long centreId = 0;
    {
        pqxx::nontransaction tx{conn};
        centreId = db::WorkstationStore(tx).centreOfCounter(counterId);
    }
    ca::CaConnector connector(config, conn);
    workflow::Workflow flow(
        workflow::Services{conn, keys, connector.ca(), config, counterId, centreId, std::move(hook)});
    use(flow);
}

} // namespace countersign::qml
