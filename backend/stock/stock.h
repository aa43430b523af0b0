#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "backend/stock/stocklevel.h"
#include "token/secret.h"

namespace countersign::stock {

/// A stock change that can't be made: unknown serial, a key in the wrong state, a duplicate.
class StockError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Receives blank keys into the stock of the acting counter's centre as the admin whose staff session is
/// `adminSession` (countersign.stock_receive, 0018_admin_commands.sql): the database checks the admin and
/// records them; a tokens row in state in_stock and a "receive" movement per serial, audited
/// "stock.received". A serial already known is refused naming its state; nothing is received then. StockError
/// with the database's words when it refuses. Returns the token ids in the order of `serials`.
std::vector<long long> receive(pqxx::transaction_base& tx, const Secret& adminSession,
                               const std::string& model, const std::vector<std::string>& serials,
                               const std::string& reference);

// Keys issued to a transaction, returned unused or handed in damaged are the workflow's records, made by the
// database with the step they belong to (db/migrations/0019_key_records.sql: tx_key_take, tx_key_returned,
// tx_replace_revoked).

/// Writes a key of the acting counter's centre off as the admin of `adminSession`
/// (countersign.stock_write_off): in_stock or damaged → retired, "write_off" with its reference, audited
/// "stock.written_off". StockError with the database's words when it refuses (not an admin, no such key, a
/// key in another state or centre).
void writeOff(pqxx::transaction_base& tx, const Secret& adminSession, const std::string& serial,
              const std::string& reference, const std::string& note);

/// Keys in the centre's stock by model.
std::vector<StockLevel> levels(pqxx::transaction_base& tx, long long centreId);

/// One key held by a centre: in stock, or damaged and not yet written off.
struct StockKey {
    std::string serial;
    std::string model;
    std::string state;      ///< in_stock or damaged
    std::string receivedAt; ///< "YYYY-MM-DD HH:MM" China Standard Time, empty when unknown
};
/// The keys a centre holds (in stock or damaged), by model, state and serial.
std::vector<StockKey> keys(pqxx::transaction_base& tx, long long centreId);

} // namespace countersign::stock
