#include "backend/stock/stock.h"

#include <set>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

#include "db/auditlog.h"
#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::stock {

namespace {

std::string compact(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

const char* nullIfEmpty(const std::string& s) {
    return s.empty() ? nullptr : s.c_str();
}

struct Token {
    long long id = 0;
    std::string serial;
    std::string state;
    std::optional<long long> centreId;
    std::string centreCode;
};

std::optional<Token> lockToken(pqxx::transaction_base& tx, const char* where, const std::string& key) {
    const auto rows =
        db::execPrepared(tx,
                         std::string("SELECT k.id, k.serial, k.state, k.centre_id, coalesce(c.code, '') "
                                     "FROM tokens k LEFT JOIN centres c ON c.id = k.centre_id WHERE ") +
                             where + " FOR UPDATE OF k",
                         key);
    if (rows.empty())
        return std::nullopt;
    Token t;
    t.id = rows[0][0].as<long long>();
    t.serial = rows[0][1].as<std::string>();
    t.state = rows[0][2].as<std::string>();
    if (!rows[0][3].is_null())
        t.centreId = rows[0][3].as<long long>();
    t.centreCode = rows[0][4].as<std::string>();
    return t;
}

Token requireTokenById(pqxx::transaction_base& tx, long long tokenId) {
    const auto t = lockToken(tx, "k.id = $1::bigint", std::to_string(tokenId));
    if (!t)
        throw StockError("no key with id " + std::to_string(tokenId));
    return *t;
}

std::string transactionNumber(pqxx::transaction_base& tx, long long transactionId) {
    const auto rows = db::execPrepared(tx, "SELECT number FROM transactions WHERE id = $1", transactionId);
    if (rows.empty())
        throw StockError("no transaction with id " + std::to_string(transactionId));
    return rows[0][0].as<std::string>();
}

// The code's side of the transition table the database enforces too: a clear message instead of a trigger's.
// The check and the change are one statement: the row is locked (lockToken), so its state is token.state.
void changeState(pqxx::transaction_base& tx, const Token& token, const std::string& to, long long centreId) {
    const auto changed = db::execPrepared(
        tx,
        "UPDATE tokens SET state = $2, centre_id = $3 WHERE id = $1 AND EXISTS (SELECT 1 FROM "
        "token_state_transitions WHERE from_state = tokens.state AND to_state = $2) RETURNING id",
        token.id, to, centreId);
    if (changed.empty())
        throw StockError("key " + token.serial + " is " + token.state + ": it can't become " + to);
}

void addMovement(pqxx::transaction_base& tx, long long tokenId, const StockActor& actor, const char* kind,
                 std::optional<long long> transactionId, const std::string& reference,
                 const std::string& note) {
    db::execPrepared0(
        tx,
        "INSERT INTO stock_movements (token_id, centre_id, kind, transaction_id, staff_id, reference, "
        "note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        tokenId, actor.centreId, kind, transactionId, actor.staffId, nullIfEmpty(reference),
        nullIfEmpty(note));
}

void audit(pqxx::transaction_base& tx, const StockActor& actor, const char* event, const std::string& serial,
           const QJsonObject& detail) {
    db::AuditLog{tx}.append({actor.counterId, actor.staffId, event, serial, compact(detail)});
}

long long insertReceived(pqxx::transaction_base& tx, const StockActor& actor, const std::string& serial,
                         const std::string& model, const std::string& manufacturer) {
    return db::execPrepared1(
               tx,
               "INSERT INTO tokens (serial, model, manufacturer, state, centre_id, received_at) "
               "VALUES ($1, $2, $3, 'in_stock', $4, now()) RETURNING id",
               serial, model, nullIfEmpty(manufacturer), actor.centreId)[0]
        .as<long long>();
}

// The database's refusal as a StockError in its own words; any other error as it is.
[[noreturn]] void refuse(const pqxx::sql_error& e) {
    if (const auto why = db::databaseRefusal(e))
        throw StockError(*why);
    throw;
}

} // namespace

std::vector<long long> receive(pqxx::transaction_base& tx, const Secret& adminSession,
                               const std::string& model, const std::vector<std::string>& serials,
                               const std::string& reference) {
    QJsonArray list;
    for (const auto& serial : serials)
        list.append(QString::fromStdString(serial));
    std::vector<long long> ids;
    try {
        for (const auto& row : db::execPrepared(
                 tx,
                 "SELECT unnest(countersign.stock_receive($1, $2, NULL, ARRAY(SELECT s FROM "
                 "jsonb_array_elements_text($3::jsonb) WITH ORDINALITY AS a(s, n) ORDER BY n), $4))",
                 adminSession.c_str(), model,
                 QJsonDocument(list).toJson(QJsonDocument::Compact).toStdString(), reference))
            ids.push_back(row[0].as<long long>());
    } catch (const pqxx::sql_error& e) {
        refuse(e);
    }
    return ids;
}

std::vector<long long> receive(pqxx::transaction_base& tx, const StockActor& actor, const std::string& model,
                               const std::vector<std::string>& serials, const std::string& reference) {
    if (model.empty())
        throw StockError("a key model is needed to receive keys");
    if (serials.empty())
        throw StockError("no key serial given: nothing to receive");
    std::set<std::string> seen;
    for (const auto& serial : serials) {
        if (serial.empty())
            throw StockError("an empty key serial can't be received");
        if (!seen.insert(serial).second)
            throw StockError("key " + serial + " is listed twice; nothing was received");
    }
    // Every serial is checked before any is received, so a refusal leaves nothing half done.
    for (const auto& serial : serials) {
        if (const auto known = lockToken(tx, "k.serial = $1", serial)) {
            std::string where = known->centreCode.empty() ? "" : " at centre " + known->centreCode;
            throw StockError("key " + serial + " is already known (state " + known->state + where +
                             "); nothing was received");
        }
    }
    std::vector<long long> ids;
    for (const auto& serial : serials) {
        long long id = 0;
        try {
            id = insertReceived(tx, actor, serial, model, "");
        } catch (const pqxx::unique_violation&) {
            throw StockError("key " + serial +
                             " was received by another counter at the same moment; nothing "
                             "was received");
        }
        addMovement(tx, id, actor, "receive", std::nullopt, reference, "");
        audit(tx, actor, "stock.received", serial,
              {{QStringLiteral("model"), QString::fromStdString(model)},
               {QStringLiteral("reference"), QString::fromStdString(reference)}});
        ids.push_back(id);
    }
    return ids;
}

long long issueToTransaction(pqxx::transaction_base& tx, const StockActor& actor, const std::string& serial,
                             const std::string& model, const std::string& manufacturer,
                             long long transactionId, bool autoReceive, const std::string& knownNumber) {
    const std::string number = knownNumber.empty() ? transactionNumber(tx, transactionId) : knownNumber;
    auto token = lockToken(tx, "k.serial = $1", serial);
    if (!token) {
        if (!autoReceive)
            throw StockError("key " + serial + " is not in stock: it was never received");
        const long long id =
            insertReceived(tx, actor, serial, model.empty() ? "unknown" : model, manufacturer);
        addMovement(tx, id, actor, "receive", std::nullopt, "", "received at the counter when first used");
        audit(tx, actor, "stock.received", serial,
              {{QStringLiteral("model"), QString::fromStdString(model)},
               {QStringLiteral("at_counter"), true},
               {QStringLiteral("transaction"), QString::fromStdString(number)}});
        // Inserted (and so locked) by this transaction just now: in this centre's stock.
        token = Token{id, serial, "in_stock", actor.centreId, {}};
    }
    if (token->state == "blank") {
        // A resumed step may issue the same key to the same transaction again: that is not a second issue.
        const auto last =
            db::execPrepared(tx,
                             "SELECT kind, transaction_id FROM stock_movements WHERE token_id = $1 "
                             "ORDER BY id DESC LIMIT 1",
                             token->id);
        if (!last.empty() && last[0][0].as<std::string>() == "issue" && !last[0][1].is_null() &&
            last[0][1].as<long long>() == transactionId)
            return token->id;
    }
    if (token->state != "in_stock")
        throw StockError("key " + serial + " is not in stock: it is " + token->state);
    if (token->centreId != actor.centreId)
        throw StockError("key " + serial + " is in the stock of centre " + token->centreCode +
                         ", not this one");
    changeState(tx, *token, "blank", actor.centreId);
    addMovement(tx, token->id, actor, "issue", transactionId, "", "");
    audit(tx, actor, "stock.issued", serial,
          {{QStringLiteral("transaction"), QString::fromStdString(number)}});
    return token->id;
}

void returnUnused(pqxx::transaction_base& tx, const StockActor& actor, long long tokenId,
                  long long transactionId) {
    const std::string number = transactionNumber(tx, transactionId);
    const Token token = requireTokenById(tx, tokenId);
    if (token.state != "blank")
        throw StockError("key " + token.serial + " is " + token.state +
                         ": only a blank key issued to a transaction goes back to stock unused");
    changeState(tx, token, "in_stock", actor.centreId);
    addMovement(tx, token.id, actor, "return_unused", transactionId, "", "");
    audit(tx, actor, "stock.returned_unused", token.serial,
          {{QStringLiteral("transaction"), QString::fromStdString(number)}});
}

void returnDamaged(pqxx::transaction_base& tx, const StockActor& actor, long long tokenId,
                   long long transactionId, const std::string& note) {
    const std::string number = transactionNumber(tx, transactionId);
    const Token token = requireTokenById(tx, tokenId);
    if (token.state != "active" && token.state != "locked" && token.state != "blank")
        throw StockError("key " + token.serial + " is " + token.state +
                         ": only an active, locked or blank key can be handed in damaged");
    changeState(tx, token, "damaged", actor.centreId);
    addMovement(tx, token.id, actor, "return_damaged", transactionId, "", note);
    audit(tx, actor, "stock.returned_damaged", token.serial,
          {{QStringLiteral("transaction"), QString::fromStdString(number)},
           {QStringLiteral("note"), QString::fromStdString(note)}});
}

void writeOff(pqxx::transaction_base& tx, const Secret& adminSession, const std::string& serial,
              const std::string& reference, const std::string& note) {
    try {
        db::execPrepared(tx, "SELECT countersign.stock_write_off($1, $2, $3, $4)", adminSession.c_str(),
                         serial, reference, note);
    } catch (const pqxx::sql_error& e) {
        refuse(e);
    }
}

std::vector<StockLevel> levels(pqxx::transaction_base& tx, long long centreId) {
    std::vector<StockLevel> out;
    for (const auto& row : db::execPrepared(tx,
                                            "SELECT model, count(*) FILTER (WHERE state = 'in_stock'), "
                                            "count(*) FILTER (WHERE state = 'damaged') FROM tokens "
                                            "WHERE centre_id = $1 AND state IN ('in_stock', 'damaged') "
                                            "GROUP BY model ORDER BY model",
                                            centreId)) {
        StockLevel level;
        level.model = row[0].as<std::string>();
        level.inStock = row[1].as<long long>();
        level.damaged = row[2].as<long long>();
        out.push_back(level);
    }
    return out;
}

std::vector<StockKey> keys(pqxx::transaction_base& tx, long long centreId) {
    std::vector<StockKey> out;
    for (const auto& row : db::execPrepared(
             tx,
             "SELECT serial, model, state, coalesce(to_char(received_at AT TIME ZONE 'Asia/Shanghai', "
             "'YYYY-MM-DD HH24:MI'), '') FROM tokens WHERE centre_id = $1 AND state IN ('in_stock', "
             "'damaged') ORDER BY model, state, serial",
             centreId)) {
        StockKey key;
        key.serial = row[0].as<std::string>();
        key.model = row[1].as<std::string>();
        key.state = row[2].as<std::string>();
        key.receivedAt = row[3].as<std::string>();
        out.push_back(key);
    }
    return out;
}

} // namespace countersign::stock
