#include "backend/stock/stock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::stock {

namespace {

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
