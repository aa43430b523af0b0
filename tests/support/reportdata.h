#pragma once

#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <QDate>

#include <pqxx/connection>
#include <pqxx/transaction_base>

namespace countersign::test {

/// What to generate: a year of a province's counters, bulk-loaded into the real schema.
struct ReportDataSpec {
    long long transactions = 10'000'000;
    int centres = 23;
    int countersPerCentre = 5;
    int days = 365;            ///< the days end at lastDay
    QDate lastDay;             ///< default: today at the centres (China Standard Time)
    long long chunk = 500'000; ///< transactions per committed batch
    /// Hash of every generated staff account's password (a cheap one in tests: auth::hashPassword with a low
    /// cost); the supervisors can then sign day closes.
    std::string passwordHash;
    std::function<void(const std::string&)> progress; ///< told what is being loaded; may be empty
};

/// What was generated.
struct ReportData {
    std::vector<long long> centreIds; ///< G01, G02 … in order
    std::vector<std::string> centreCodes;
    std::vector<long long> counterIds;    ///< the first counter of each centre
    std::vector<long long> supervisorIds; ///< one per centre ("sup-G01" …)
    QDate firstDay;
    QDate lastDay;
};

/// Bulk-loads transactions over `days` days for `centres` centres of `countersPerCentre` counters (one
/// operator each; odd centres charge the Ningbo fees, even ones Tianjin's): a realistic mix of operations
/// (RENEW 70 %, NEW 10 %, REPLACE 8 %, UNLOCK 7 %, UPGRADE 5 %; 3 % failed, 1.2 % compensated), their fee
/// lines (the 26 CNY media fee and its damage waiver, Ningbo's 150/180/100 CNY), payments by method (cash,
/// bank card, WeChat Pay, Alipay), full refunds of the compensated ones, keys issued from stock and damaged
/// keys handed in (written off 30 days later), letters consumed, and active certificates issued in the first
/// 75 days (which expire in the coming weeks). Rows are written with INSERT … SELECT generate_series under
/// session_replication_role = replica (the load skips the per-row triggers and foreign-key checks — the
/// generator keeps the rows consistent itself; CHECK constraints and indexes apply), then ANALYZEd. Needs a
/// superuser connection and a migrated database. Deterministic: the same spec gives the same rows.
ReportData generateReportData(pqxx::connection& conn, const ReportDataSpec& spec);

/// Closes every centre-day from data.firstDay to the day before `until` the way the product does (the live
/// figures as snapshot, the day_closes row written with its triggers: the checks and the summary), signed by
/// the centre's supervisor with counted cash = expected. Returns the number of days closed.
int closeDays(pqxx::connection& conn, const ReportData& data, const QDate& until,
              const std::function<void(const std::string&)>& progress = {});

/// A day's (or range's) figures summed with plain SQL straight from the records — written apart from the
/// report code, so the reports can be checked against it.
struct PlainSums {
    std::map<std::string, std::array<long long, 4>> byKind; ///< completed, failed, compensated, unfinished
    long long transactions = 0;
    std::map<std::string, long long> paymentsByMethod, paidByMethod, refundsByMethod, refundedByMethod;
    long long paid = 0;
    long long refunded = 0;
    long long cashExpected = 0;
    long long waivers = 0;
    long long waived = 0;
    long long keysIssued = 0;
    long long keysReturnedDamaged = 0;
    long long keysReturnedUnused = 0;
    long long keysWrittenOff = 0;
    long long lettersConsumed = 0;
};
/// centreId 0: every centre.
PlainSums plainSums(pqxx::transaction_base& tx, long long centreId, const QDate& from, const QDate& to);

} // namespace countersign::test
