#include "backend/stock/stock.h"

#include <algorithm>
#include <iterator>

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

Intake receiveEach(pqxx::connection_base& conn, const Secret& adminSession, const std::string& model,
                   const std::vector<std::string>& serials, const std::string& reference) {
    Intake out;
    for (const auto& serial : serials) {
        pqxx::work one{conn};
        try {
            receive(one, adminSession, model, {serial}, reference);
            one.commit();
            out.received.push_back(serial);
        } catch (const StockError& e) {
            // Received one by one: the others were, whatever the database's words say of the lot.
            std::string why = e.what();
            const std::string lot = "; nothing was received";
            if (why.size() > lot.size() && why.compare(why.size() - lot.size(), lot.size(), lot) == 0)
                why.resize(why.size() - lot.size());
            out.refused.emplace_back(serial, why);
        }
    }
    return out;
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

namespace {

// The keys of centre $1 with their status in the stock's words: held (in stock, damaged), issued from its
// stock and still out, written off by it; NULL for the others (a key it received and issued that came back,
// …).
const char* const kCentreKeys = R"(
WITH k AS (
  SELECT t.serial, t.model, t.state, t.received_at,
         CASE WHEN t.centre_id = $1 AND t.state IN ('in_stock', 'damaged') THEN t.state
              WHEN t.state = 'retired' AND EXISTS (SELECT 1 FROM stock_movements m WHERE m.token_id = t.id
                                                      AND m.centre_id = $1 AND m.kind = 'write_off')
                   THEN 'written_off'
              WHEN t.state NOT IN ('in_stock', 'damaged', 'retired')
                   AND EXISTS (SELECT 1 FROM stock_movements m WHERE m.token_id = t.id AND m.centre_id = $1
                                  AND m.kind = 'issue')
                   THEN 'issued'
         END AS status,
         (SELECT coalesce(m.note, m.reference, '') FROM stock_movements m WHERE m.token_id = t.id
             AND m.kind = 'write_off' ORDER BY m.id DESC LIMIT 1) AS note
    FROM tokens t
   WHERE t.id IN (SELECT x.id FROM tokens x WHERE x.centre_id = $1
                  UNION SELECT m.token_id FROM stock_movements m WHERE m.centre_id = $1))
)";

} // namespace

const char* const kKeyStatuses = "in_stock, damaged, issued, written_off or all";

std::vector<StockLevel> levels(pqxx::transaction_base& tx, long long centreId, int lowLevel) {
    std::vector<StockLevel> out;
    for (const auto& row : db::execPrepared(
             tx,
             std::string(kCentreKeys) +
                 "SELECT model, count(*) FILTER (WHERE status = 'in_stock'), "
                 "count(*) FILTER (WHERE status = 'damaged'), count(*) FILTER (WHERE status = 'issued'), "
                 "count(*) FILTER (WHERE status = 'written_off') FROM ("
                 "SELECT model, status FROM k WHERE status IS NOT NULL "
                 "UNION ALL SELECT name, NULL FROM countersign.key_models) x GROUP BY model ORDER BY model",
             centreId)) {
        StockLevel level;
        level.model = row[0].as<std::string>();
        level.inStock = row[1].as<long long>();
        level.damaged = row[2].as<long long>();
        level.issued = row[3].as<long long>();
        level.writtenOff = row[4].as<long long>();
        level.low = lowLevel > 0 && level.inStock < lowLevel;
        out.push_back(level);
    }
    return out;
}

std::vector<StockKey> keys(pqxx::transaction_base& tx, long long centreId, const KeyFilter& filter) {
    static const char* const known[] = {"", "in_stock", "damaged", "issued", "written_off", "all"};
    if (std::find(std::begin(known), std::end(known), filter.status) == std::end(known))
        throw StockError("no key status \"" + filter.status + "\": " + kKeyStatuses);
    std::vector<StockKey> out;
    for (const auto& row : db::execPrepared(
             tx,
             std::string(kCentreKeys) +
                 "SELECT serial, model, state, status, coalesce(to_char(received_at AT TIME ZONE "
                 "'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), ''), coalesce(note, '') FROM k "
                 "WHERE status IS NOT NULL AND (CASE $2 WHEN '' THEN status IN ('in_stock', 'damaged') "
                 "WHEN 'all' THEN true ELSE status = $2 END) AND ($3 = '' OR model = $3) "
                 "ORDER BY model, state, serial",
             centreId, filter.status, filter.model)) {
        StockKey key;
        key.serial = row[0].as<std::string>();
        key.model = row[1].as<std::string>();
        key.state = row[2].as<std::string>();
        key.status = row[3].as<std::string>();
        key.receivedAt = row[4].as<std::string>();
        key.note = row[5].as<std::string>();
        out.push_back(key);
    }
    return out;
}

} // namespace countersign::stock
