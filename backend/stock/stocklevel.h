#pragma once

#include <string>

// A plain value without the database, so the kiosk's back office can show it (stock.h reads it).
namespace countersign::stock {

/// How many keys of one model a centre holds, has issued and has written off.
struct StockLevel {
    std::string model;
    long long inStock = 0;
    long long damaged = 0;    ///< returned damaged, not yet written off
    long long issued = 0;     ///< issued from this centre's stock and still with a customer (not returned)
    long long writtenOff = 0; ///< written off by this centre
    bool low = false;         ///< fewer in stock than the low level ([stock] low_level)
};

/// One key of a centre's stock, now or before.
struct StockKey {
    std::string serial;
    std::string model;
    std::string state;      ///< the key's state: in_stock, damaged, active, locked, lost, blank, retired
    std::string status;     ///< in the stock's words: in_stock, damaged, issued, written_off
    std::string receivedAt; ///< "YYYY-MM-DD HH:MM" China Standard Time, empty when unknown
    std::string note;       ///< a written-off key's reason (or its form's reference)
};

/// Which keys `keys` lists.
struct KeyFilter {
    /// in_stock, damaged, issued, written_off or all; empty: the keys the centre holds (in stock and
    /// damaged).
    std::string status;
    std::string model; ///< exactly; empty: every model
};

} // namespace countersign::stock
