#pragma once

#include <optional>
#include <string>

#include <QDate>

#include <pqxx/transaction_base>

#include "db/reportdata.h"

// The reports of DESIGN §8, read from PostgreSQL: a centre's day, a range of days, every centre over a range,
// and the certificates about to expire. Plain values; money in fen. Every function runs its statements in the
// caller's transaction (a pqxx::read_transaction is enough) on the calling thread — in the kiosk, the
// database thread that owns the connection.
//
// The functions switch PostgreSQL's JIT compilation off for the rest of the caller's transaction (SET LOCAL
// jit = off): compiling costs far more than these statements take.
//
// A closed day's figures are those signed at the day close (day_closes.snapshot and the summary tables that
// 0008 fills from the same functions); an open day's are read live from its rows.
namespace countersign::reports {

/// The centre with this code, if any.
std::optional<Centre> findCentre(pqxx::transaction_base& tx, const std::string& code);
/// The centre with this id; ReportError when there is none.
Centre centreById(pqxx::transaction_base& tx, long long centreId);
/// Today at the centres (China Standard Time), by the database's clock.
QDate businessToday(pqxx::transaction_base& tx);

/// The daily report: the snapshot when the day is closed, else the live figures.
DailyReport daily(pqxx::transaction_base& tx, long long centreId, const QDate& date);
/// The live figures of a day, closed or not (what a day close signs). `close` is left empty.
DailyReport dailyLive(pqxx::transaction_base& tx, long long centreId, const QDate& date);
/// from..to of one centre (at most kMaxRangeDays days).
RangeReport range(pqxx::transaction_base& tx, long long centreId, const QDate& from, const QDate& to);
/// Every centre from..to (at most kMaxRangeDays days).
CentresReport centres(pqxx::transaction_base& tx, const QDate& from, const QDate& to);
/// Active certificates whose validity ends within the next `days` days, of one centre or all.
ExpiringReport expiring(pqxx::transaction_base& tx, int days = 60, std::optional<long long> centreId = {});

/// The statements the reports run, for tests and benchmarks that look at their plans (EXPLAIN) with the
/// same parameters: kDailyLive and kClosedDay ($1 centre id, $2 date), kRange ($1 centre id, $2 from, $3 to),
/// kCentres ($1 from, $2 to); dates as 'YYYY-MM-DD'. daily() runs kClosedDay, then kDailyLive when the day is
/// open. Run them with jit = off, as the functions do.
namespace sql {
extern const char* const kClosedDay;
extern const char* const kDailyLive;
extern const char* const kRange;
extern const char* const kCentres;
} // namespace sql

} // namespace countersign::reports
