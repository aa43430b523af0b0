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

/// Who does a stock change, and where.
struct StockActor {
    long long centreId = 0;
    long long counterId = 0;
    long long staffId = 0;
};

/// Receives blank keys into the stock of the acting counter's centre as the admin whose staff session is
/// `adminSession` (countersign.stock_receive, 0018_admin_commands.sql): the database checks the admin and
/// records them; a tokens row in state in_stock and a "receive" movement per serial, audited
/// "stock.received". A serial already known is refused naming its state; nothing is received then. StockError
/// with the database's words when it refuses. Returns the token ids in the order of `serials`.
std::vector<long long> receive(pqxx::transaction_base& tx, const Secret& adminSession,
                               const std::string& model, const std::vector<std::string>& serials,
                               const std::string& reference);

/// The same with the counter's own grants and a staff id the caller vouches for: the kiosk's back office
/// (Desk::receiveStock) until it passes the admin's session too.
std::vector<long long> receive(pqxx::transaction_base& tx, const StockActor& actor, const std::string& model,
                               const std::vector<std::string>& serials, const std::string& reference);

/// Issues the key `serial` to a transaction: in_stock → blank and an "issue" movement (audited
/// "stock.issued"). A key that is not known yet is received first when `autoReceive` (a "receive" movement
/// noting it was received at the counter: the demo's SoftHSM2 keys get their serial only when initialised);
/// otherwise, and for a known key that is not in stock, StockError. Issuing a key again to the transaction it
/// was last issued to (a resumed step) changes nothing and returns its id. Returns the token id.
/// `transactionNumber`: the transaction's number when the caller has it (read from the database otherwise).
long long issueToTransaction(pqxx::transaction_base& tx, const StockActor& actor, const std::string& serial,
                             const std::string& model, const std::string& manufacturer,
                             long long transactionId, bool autoReceive,
                             const std::string& transactionNumber = {});

/// A key issued to a transaction that could not finish goes back to stock: blank → in_stock, "return_unused".
void returnUnused(pqxx::transaction_base& tx, const StockActor& actor, long long tokenId,
                  long long transactionId);

/// A damaged key handed in (REPLACE): → damaged and a "return_damaged" movement naming the replacing
/// transaction.
void returnDamaged(pqxx::transaction_base& tx, const StockActor& actor, long long tokenId,
                   long long transactionId, const std::string& note);

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
