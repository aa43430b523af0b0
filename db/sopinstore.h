#pragma once

#include <optional>
#include <string>

#include <pqxx/transaction_base>

#include "token/secret.h"

namespace countersign::db {

/// The SO PIN as the database records it (0025_sopin.sql): each key's SO PIN version, its move to a newer
/// version, and a supervisor's confirmation of the SO PIN's final try. Only the database's functions write.
class SoPinStore {
public:
    explicit SoPinStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// The SO PIN version recorded for the key with this serial; nullopt for a key never recorded.
    std::optional<int> version(const std::string& serial);

    /// The SO PIN of transaction `txId`'s key `serial` moved from version `from` to `to`
    /// (countersign.tx_key_so_pin_moved, with the acting person's session).
    void moved(const Secret& session, long long txId, const std::string& serial, int from, int to);

    /// Key `serial` is on SO PIN version `version` after the admin command `action` (a started token.init or
    /// token.retire of the admin of `adminSession`) initialised it (countersign.key_so_pin_recorded): from
    /// then on its SO PIN is derived, never the factory's.
    void setByAdmin(const Secret& adminSession, long long action, const std::string& serial, int version);

    /// A supervisor's confirmation (their approval session) of the final try of the SO PIN of transaction
    /// `txId`'s key `serial`, recorded and used at once (countersign.tx_so_pin_final_try); the approval's id.
    long long finalTryConfirmed(const Secret& session, long long txId, const Secret& supervisorSession,
                                const std::string& serial, const std::string& reason);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
