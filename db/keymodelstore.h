#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "db/keymodel.h"
#include "token/secret.h"

namespace countersign::db {

/// The key models: read by anyone at a counter, set only by an admin's session (countersign.key_model_set,
/// audited "stock.model_set").
class KeyModelStore {
public:
    explicit KeyModelStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// The model named `name` exactly, when one is recorded.
    std::optional<KeyModel> find(const std::string& name);
    /// Every model, by name.
    std::vector<KeyModel> list();
    /// Sets `model` whole (name, manufacturer, factory SO PIN file, PIN lengths, algorithms) as the admin of
    /// `adminSession`. Throws pqxx::sql_error when the database refuses (db::databaseRefusal words it).
    void set(const Secret& adminSession, const KeyModel& model);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
