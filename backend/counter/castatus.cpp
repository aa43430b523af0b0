#include "backend/counter/castatus.h"

#include <pqxx/except>

#include "backend/ca/caconnector.h"
#include "db/connection.h"

namespace countersign::counter {

struct CaStatus::Impl {
    const AppConfig config;
    std::unique_ptr<pqxx::connection> conn;
    std::unique_ptr<ca::CaConnector> connector; // uses *conn: declared after it, destroyed before it

    void reset() {
        connector.reset();
        conn.reset();
    }
};

CaStatus::CaStatus(AppConfig config)
    : d(std::make_unique<Impl>(Impl{std::move(config), nullptr, nullptr})) {}

CaStatus::~CaStatus() = default;

CaStatus::Check CaStatus::check() {
    try {
        if (!d->conn)
            d->conn = db::openConnection(d->config.databaseDsn);
        if (!d->connector)
            d->connector = std::make_unique<ca::CaConnector>(d->config, *d->conn);
        try {
            // A serial nobody was given: an answer of any kind means the CA is there.
            d->connector->ca().status("01");
        } catch (const ca::CaError& e) {
            if (e.code != ca::CaErrorCode::NotFound)
                throw;
        }
        return {State::Up, {}};
    } catch (const ca::CaError& e) {
        d->reset();
        return {State::Down, e.reason};
    } catch (const pqxx::broken_connection&) {
        d->reset();
        return {State::DatabaseUnreachable, {}};
    } catch (const std::exception& e) {
        d->reset();
        return {State::Down, db::describeDatabaseError(e)};
    }
}

} // namespace countersign::counter
