#pragma once

#include <QString>

namespace countersign::stock {

/// The settings the stock and settings pages read besides AppConfig, from the same configuration file:
/// [stock] low_level (a model with fewer keys in stock shows as low; 0: never) and [retention]
/// evidence_years (how long evidence scans are kept after the certificate expires, DESIGN §11).
/// Merge note: these belong in AppConfig (backend/config.h); kept apart so this branch did not rebuild
/// every file that includes the configuration.
struct StockSettings {
    int lowLevel = 5;
    int retentionEvidenceYears = 3;
};

/// Reads them from the configuration file at `path` (the defaults when it has none); std::runtime_error
/// naming the file and key for a value that is not a whole number (low_level ≥ 0, evidence_years ≥ 1).
StockSettings readStockSettings(const QString& path);

} // namespace countersign::stock
