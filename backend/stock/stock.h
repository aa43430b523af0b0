#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <utility>

#include <pqxx/connection_base>
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

/// What receiving serials one by one gave: those received, and each refused with the database's words.
struct Intake {
    std::vector<std::string> received;
    std::vector<std::pair<std::string, std::string>> refused; ///< serial, why
};

/// Receives each of `serials` on its own (countersign.stock_receive, one transaction each on `conn`), so a
/// serial the database refuses (known already, listed twice, empty) is named with its reason and the others
/// are still received: the kiosk's intake by scanning. The rules are the database's, as for receive().
Intake receiveEach(pqxx::connection_base& conn, const Secret& adminSession, const std::string& model,
                   const std::vector<std::string>& serials, const std::string& reference);

// Keys issued to a transaction, returned unused or handed in damaged are the workflow's records, made by the
// database with the step they belong to (db/migrations/0019_key_records.sql: tx_key_take, tx_key_returned,
// tx_replace_revoked).

/// Writes a key of the acting counter's centre off as the admin of `adminSession`
/// (countersign.stock_write_off): in_stock or damaged → retired, "write_off" with its reference (the form's
/// number) and its reason (`note`), at least one of them, audited "stock.written_off". StockError with the
/// database's words when it refuses (not an admin, no reference nor reason, no such key, a key in another
/// state or centre).
void writeOff(pqxx::transaction_base& tx, const Secret& adminSession, const std::string& serial,
              const std::string& reference, const std::string& note);

/// The centre's keys by model: in stock, damaged, issued and still out, written off; every recorded key model
/// (countersign.key_models) too, with no keys of it. A model with fewer than `lowLevel` keys in stock is low
/// (0: none is).
std::vector<StockLevel> levels(pqxx::transaction_base& tx, long long centreId, int lowLevel = 0);

/// The statuses a KeyFilter takes, for messages.
extern const char* const kKeyStatuses;

/// The centre's keys the filter picks, by model, state and serial. StockError for a status it doesn't know.
std::vector<StockKey> keys(pqxx::transaction_base& tx, long long centreId, const KeyFilter& filter = {});

} // namespace countersign::stock
