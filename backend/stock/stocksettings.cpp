#include "backend/stock/stocksettings.h"

#include <stdexcept>
#include <string>

#include <QFileInfo>
#include <QSettings>

namespace countersign::stock {

namespace {

int wholeNumber(const QSettings& s, const char* key, int fallback, int least) {
    const QVariant v = s.value(QLatin1String(key));
    if (!v.isValid())
        return fallback;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < least)
        throw std::runtime_error(s.fileName().toStdString() + ": " + key + " must be a whole number, " +
                                 std::to_string(least) + " or more");
    return n;
}

} // namespace

StockSettings readStockSettings(const QString& path) {
    StockSettings out;
    if (path.isEmpty() || !QFileInfo::exists(path))
        return out;
    const QSettings s(path, QSettings::IniFormat);
    out.lowLevel = wholeNumber(s, "stock/low_level", out.lowLevel, 0);
    out.retentionEvidenceYears = wholeNumber(s, "retention/evidence_years", out.retentionEvidenceYears, 1);
    return out;
}

} // namespace countersign::stock
