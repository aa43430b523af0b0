#pragma once

#include <optional>
#include <string>

#include <pqxx/transaction_base>

#include "db/counterrecord.h"

namespace countersign::db {

/// Centres and their counters.
class WorkstationStore {
public:
    explicit WorkstationStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    long long addCentre(const std::string& code, const std::string& name, const std::string& region);
    long long addCounter(long long centreId, const std::string& code, const std::string& name);
    std::optional<long long> centreId(const std::string& code);
    std::optional<CounterRecord> findCounter(const std::string& centreCode, const std::string& counterCode);
    /// The centre of a registered counter (pqxx::unexpected_rows when there is no such counter).
    long long centreOfCounter(long long counterId);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
