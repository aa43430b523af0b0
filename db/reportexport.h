#pragma once

#include <string>

#include <QJsonObject>

#include "db/reports.h"

// The reports as JSON (also the format of a day close's snapshot) and as CSV (UTF-8, comma separated, RFC
// 4180 quoting, money as yuan with two decimals, codes not names).
namespace countersign::reports {

QJsonObject toJson(const DailyReport& report);
QJsonObject toJson(const RangeReport& report);
QJsonObject toJson(const CentresReport& report);
QJsonObject toJson(const ExpiringReport& report);

/// A daily report back from toJson() (a closed day's snapshot). ReportError when it is not one.
DailyReport dailyFromJson(const QJsonObject& json);

/// Daily: sections (operations, operators, payment methods, totals, stock), each a header line and rows,
/// separated by an empty line. Range: one row per day and a TOTAL row. Centres: one row per centre and a
/// TOTAL row. Expiring: one row per certificate.
std::string toCsv(const DailyReport& report);
std::string toCsv(const RangeReport& report);
std::string toCsv(const CentresReport& report);
std::string toCsv(const ExpiringReport& report);

} // namespace countersign::reports
