#include "db/workstationstore.h"

namespace countersign::db {

namespace {
const char* nullIfEmpty(const std::string& s) {
    return s.empty() ? nullptr : s.c_str();
}
} // namespace

long long WorkstationStore::addCentre(const std::string& code, const std::string& name,
                                      const std::string& region) {
    return m_tx
        .exec_params1("INSERT INTO centres (code, name, region) VALUES ($1, $2, $3) RETURNING id", code, name,
                      nullIfEmpty(region))[0]
        .as<long long>();
}

long long WorkstationStore::addCounter(long long centreId, const std::string& code, const std::string& name) {
    return m_tx
        .exec_params1("INSERT INTO counters (centre_id, code, name) VALUES ($1, $2, $3) RETURNING id",
                      centreId, code, nullIfEmpty(name))[0]
        .as<long long>();
}

void WorkstationStore::bindLogin(long long counterId, const std::string& loginRole) {
    m_tx.exec_params0("UPDATE counters SET login_role = $2 WHERE id = $1", counterId, loginRole);
}

WorkstationStore::Login WorkstationStore::login() {
    const auto r = m_tx.exec1("SELECT session_user, countersign.acting_counter(), "
                              "pg_has_role(session_user, 'countersign_owner', 'MEMBER')");
    Login l;
    l.role = r[0].as<std::string>();
    if (!r[1].is_null())
        l.counterId = r[1].as<long long>();
    l.owner = r[2].as<bool>();
    return l;
}

std::optional<CounterRecord> WorkstationStore::findOwnCounter(const std::string& centreCode,
                                                              const std::string& counterCode) {
    const auto found = findCounter(centreCode, counterCode);
    const Login me = login();
    if (me.counterId && (!found || found->counterId != *me.counterId)) {
        const auto r = m_tx.exec_params1(
            "SELECT ce.code || '/' || co.code FROM counters co JOIN centres ce ON ce.id = co.centre_id "
            "WHERE co.id = $1",
            *me.counterId);
        throw WrongCounter("the database login \"" + me.role + "\" belongs to counter " +
                           r[0].as<std::string>() + ", but this workstation is configured as counter " +
                           centreCode + "/" + counterCode);
    }
    if (!me.counterId && !me.owner)
        throw WrongCounter("the database login \"" + me.role +
                           "\" is not bound to a counter; bind it with: setup.sh counter-role " + me.role +
                           " --centre " + centreCode + " --counter " + counterCode);
    return found;
}

std::optional<long long> WorkstationStore::centreId(const std::string& code) {
    const auto r = m_tx.exec_params("SELECT id FROM centres WHERE code = $1", code);
    if (r.empty())
        return std::nullopt;
    return r[0][0].as<long long>();
}

std::optional<CounterRecord> WorkstationStore::findCounter(const std::string& centreCode,
                                                           const std::string& counterCode) {
    const auto r = m_tx.exec_params(
        "SELECT ce.id, ce.code, ce.name, co.id, co.code, coalesce(co.name, co.code) "
        "FROM counters co JOIN centres ce ON ce.id = co.centre_id WHERE ce.code = $1 AND co.code = $2",
        centreCode, counterCode);
    if (r.empty())
        return std::nullopt;
    const auto row = r[0];
    return CounterRecord{row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>(),
                         row[3].as<long long>(), row[4].as<std::string>(), row[5].as<std::string>()};
}

long long WorkstationStore::centreOfCounter(long long counterId) {
    return m_tx.exec_params1("SELECT centre_id FROM counters WHERE id = $1", counterId)[0].as<long long>();
}

} // namespace countersign::db
