#pragma once

#include <string>
#include <vector>

// A plain value without the database, so the kiosk's stock page can show it (keymodelstore.h reads it).
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

} // namespace countersign::db
