#pragma once

#include <string>

// A plain value without the database, so the kiosk's back office can show it (stock.h reads it).
namespace countersign::stock {

/// How many keys of one model a centre holds.
struct StockLevel {
    std::string model;
    long long inStock = 0;
    long long damaged = 0; ///< returned damaged, not yet written off
};

} // namespace countersign::stock
