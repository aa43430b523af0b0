#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "token/secret.h"

namespace countersign::db {

/// A key model as the stock records it (0029_keymodels.sql): what a vendor's keys of that model are like. The
/// factory SO PIN is never here, only the path of the file that holds it on the counter machines.
struct KeyModel {
    std::string name; ///< as the key reports it (CK_TOKEN_INFO.model), what tokens.model holds
    std::string manufacturer;
    std::string factorySoPinFile; ///< absolute path of a 0600 file; empty: none recorded
    int pinMin = 0;               ///< the shortest user PIN the model takes; 0: no limit recorded
    int pinMax = 0;               ///< the longest; 0: no limit recorded
    /// Of "rsa2048", "rsa3072", "ec-p256", sorted; empty: whatever the key's mechanism list offers.
    std::vector<std::string> algorithms;
    std::string updatedBy; ///< the admin who set it last (username)
    std::string updatedAt; ///< "YYYY-MM-DD HH:MM" China Standard Time
};

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
