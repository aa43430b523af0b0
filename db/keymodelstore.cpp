#include "db/keymodelstore.h"

#include <algorithm>

#include "db/prepared.h"
#include "db/textarray.h"

namespace countersign::db {

namespace {

const char* const kSelect =
    "SELECT m.name, coalesce(m.manufacturer, ''), coalesce(m.factory_so_pin_file, ''), "
    "coalesce(m.pin_min, 0), coalesce(m.pin_max, 0), array_to_string(m.algorithms, ','), s.username, "
    "to_char(m.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') "
    "FROM countersign.key_models m JOIN countersign.staff s ON s.id = m.updated_by ";

KeyModel modelOf(const pqxx::row& row) {
    KeyModel m;
    m.name = row[0].as<std::string>();
    m.manufacturer = row[1].as<std::string>();
    m.factorySoPinFile = row[2].as<std::string>();
    m.pinMin = row[3].as<int>();
    m.pinMax = row[4].as<int>();
    const std::string algorithms = row[5].as<std::string>();
    for (std::size_t from = 0; from < algorithms.size();) {
        const std::size_t comma = std::min(algorithms.find(',', from), algorithms.size());
        m.algorithms.push_back(algorithms.substr(from, comma - from));
        from = comma + 1;
    }
    m.updatedBy = row[6].as<std::string>();
    m.updatedAt = row[7].as<std::string>();
    return m;
}

} // namespace

std::optional<KeyModel> KeyModelStore::find(const std::string& name) {
    const auto r = execPrepared(m_tx, std::string(kSelect) + "WHERE m.name = $1", name);
    if (r.empty())
        return std::nullopt;
    return modelOf(r[0]);
}

std::vector<KeyModel> KeyModelStore::list() {
    std::vector<KeyModel> out;
    for (const auto& row : execPrepared(m_tx, std::string(kSelect) + "ORDER BY m.name"))
        out.push_back(modelOf(row));
    return out;
}

void KeyModelStore::set(const Secret& adminSession, const KeyModel& model) {
    execPrepared(m_tx,
                 "SELECT countersign.key_model_set($1, $2, $3, $4, nullif($5, 0), nullif($6, 0), $7::text[])",
                 adminSession.c_str(), model.name, model.manufacturer, model.factorySoPinFile, model.pinMin,
                 model.pinMax, TextArray{model.algorithms});
}

} // namespace countersign::db
