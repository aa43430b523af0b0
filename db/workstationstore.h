#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <pqxx/transaction_base>

#include "db/counterrecord.h"

namespace countersign::db {

/// The configured counter is not the one the database login belongs to, or the login is no counter's.
class WrongCounter : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Centres and their counters.
class WorkstationStore {
public:
    explicit WorkstationStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    long long addCentre(const std::string& code, const std::string& name, const std::string& region);
    long long addCounter(long long centreId, const std::string& code, const std::string& name);
    /// Names the database login role a counter connects as (0009_counter_logins.sql): from then on the
    /// database knows that counter from the connection alone. Owner only.
    void bindLogin(long long counterId, const std::string& loginRole);
    std::optional<long long> centreId(const std::string& code);
    std::optional<CounterRecord> findCounter(const std::string& centreCode, const std::string& counterCode);
    /// Who the connected database login is: the counter it is bound to (0009_counter_logins.sql), or none;
    /// and whether it may act as the owner (the installer's login, a superuser).
    struct Login {
        std::string role;
        std::optional<long long> counterId;
        bool owner = false;
    };
    Login login();
    /// The registered counter (centreCode, counterCode) this connection may act for: the one its login role
    /// is bound to, or any when the login is the owner's. Throws WrongCounter naming both otherwise.
    std::optional<CounterRecord> findOwnCounter(const std::string& centreCode,
                                                const std::string& counterCode);
    /// The centre of a registered counter (pqxx::unexpected_rows when there is no such counter).
    long long centreOfCounter(long long counterId);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
