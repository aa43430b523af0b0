#include "db/sopinstore.h"

#include "db/prepared.h"

namespace countersign::db {

std::optional<int> SoPinStore::version(const std::string& serial) {
    const auto r = execPrepared1(m_tx, "SELECT countersign.key_so_pin_version($1)", serial);
    if (r[0].is_null())
        return std::nullopt;
    return r[0].as<int>();
}

void SoPinStore::moved(const Secret& session, long long txId, const std::string& serial, int from, int to) {
    execPrepared(m_tx, "SELECT countersign.tx_key_so_pin_moved($1, $2, $3, $4, $5)", session.c_str(), txId,
                 serial, from, to);
}

void SoPinStore::setByAdmin(const Secret& adminSession, long long action, const std::string& serial,
                            int version) {
    execPrepared(m_tx, "SELECT countersign.key_so_pin_recorded($1, $2, $3, $4)", adminSession.c_str(), action,
                 serial, version);
}

long long SoPinStore::finalTryConfirmed(const Secret& session, long long txId,
                                        const Secret& supervisorSession, const std::string& serial,
                                        const std::string& reason) {
    return execPrepared1(m_tx, "SELECT countersign.tx_so_pin_final_try($1, $2, $3, $4, $5)", session.c_str(),
                         txId, supervisorSession.c_str(), serial, reason)[0]
        .as<long long>();
}

} // namespace countersign::db
