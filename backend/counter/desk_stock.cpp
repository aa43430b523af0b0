// The counter's door for the key models and stock page and the settings page (issue 21, "stock"): the same
// backend countersignctl stock uses (backend/stock/), each method one job on the database thread.
#include <pqxx/transaction>

#include "backend/auth/role.h"
#include "backend/counter/desk.h"
#include "backend/counter/deskimpl.h"
#include "backend/fees/fees.h"
#include "backend/stock/keymodels.h"
#include "backend/stock/stock.h"
#include "db/keymodelstore.h"
#include "db/workstationstore.h"

namespace countersign::counter {

namespace {

long long centreOfCounter(pqxx::transaction_base& tx, long long counterId) {
    return db::WorkstationStore(tx).centreOfCounter(counterId);
}

const Secret& sessionSecret(const auth::SessionToken& session) {
    static const Secret none;
    return session ? *session : none;
}

void requireAdmin(const auth::StaffIdentity& who, const char* what) {
    if (!auth::administers(who.role))
        throw NotAllowed(std::string("only an admin ") + what);
}

} // namespace

std::vector<stock::StockLevel> Desk::stockLevels(long long counterId, int lowLevel) {
    pqxx::read_transaction tx{d.conn};
    return stock::levels(tx, centreOfCounter(tx, counterId), lowLevel);
}

std::vector<stock::StockKey> Desk::stockKeys(long long counterId, const stock::KeyFilter& filter) {
    pqxx::read_transaction tx{d.conn};
    return stock::keys(tx, centreOfCounter(tx, counterId), filter);
}

StockIntake Desk::receiveStock(long long /*counterId: the database takes the connected counter's*/,
                               const auth::StaffIdentity& admin, const auth::SessionToken& session,
                               const std::string& model, const std::vector<std::string>& serials,
                               const std::string& reference) {
    requireAdmin(admin, "receives keys into stock");
    StockIntake r;
    const auto intake = stock::receiveEach(d.conn, sessionSecret(session), model, serials, reference);
    r.count = static_cast<int>(intake.received.size());
    r.refusedSerials = intake.refused;
    return r;
}

std::string Desk::writeOffKey(long long /*counterId: the database takes the connected counter's*/,
                              const auth::StaffIdentity& admin, const auth::SessionToken& session,
                              const std::string& serial, const std::string& reason,
                              const std::string& reference) {
    requireAdmin(admin, "writes keys off");
    pqxx::work tx{d.conn};
    try {
        stock::writeOff(tx, sessionSecret(session), serial, reference, reason);
    } catch (const stock::StockError& e) {
        return e.what();
    }
    tx.commit();
    return {};
}

std::vector<KeyModelRow> Desk::keyModels() {
    std::vector<db::KeyModel> models;
    {
        pqxx::read_transaction tx{d.conn};
        models = db::KeyModelStore{tx}.list();
    }
    // The files are read with no transaction open.
    std::vector<KeyModelRow> rows;
    for (auto& m : models) {
        KeyModelRow row;
        const auto state = stock::factorySoPinState(m);
        row.factorySoPinSet = state.set;
        row.factorySoPinUsable = state.usableHere;
        row.factorySoPinProblem = state.problem;
        row.model = std::move(m);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string Desk::setKeyModel(long long /*counterId*/, const auth::StaffIdentity& admin,
                              const auth::SessionToken& session, const db::KeyModel& model) {
    requireAdmin(admin, "sets key models");
    if (const std::string problem = stock::modelProblem(model); !problem.empty())
        return problem;
    pqxx::work tx{d.conn};
    try {
        stock::setModel(tx, sessionSecret(session), model);
    } catch (const stock::StockError& e) {
        return e.what();
    }
    tx.commit();
    return {};
}

CounterSettings Desk::counterSettings(long long counterId, const std::string& feeScheduleCode) {
    CounterSettings s;
    const std::string host = d.conn.hostname() ? d.conn.hostname() : "";
    s.databaseHost = host.empty() || host.front() == '/' ? "the local socket" : host;
    s.databaseName = d.conn.dbname() ? d.conn.dbname() : "";
    s.databaseUser = d.conn.username() ? d.conn.username() : "";
    pqxx::read_transaction tx{d.conn};
    try {
        const auto schedule =
            fees::scheduleInForce(tx, centreOfCounter(tx, counterId), feeScheduleCode, Date::today());
        s.feeScheduleCode = schedule.code;
        s.feeScheduleName = schedule.name;
        s.feeScheduleFrom = schedule.validFrom;
        s.feeScheduleTo = schedule.validTo;
    } catch (const fees::FeeError& e) {
        s.feeScheduleProblem = e.what();
    }
    return s;
}

} // namespace countersign::counter
