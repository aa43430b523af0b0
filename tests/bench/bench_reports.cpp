// Benchmark: the reports of DESIGN §8 over a year of a province's counters — by default 10,000,000
// transactions over 365 days, 23 centres of 5 counters — bulk-loaded into the real schema
// (tests/support/reportdata.cpp), every day but today closed through the product's close path (snapshot +
// summary), then ANALYZEd. For each report it measures, in the same run and on the same data, the server time
// (planning + execution, from EXPLAIN (ANALYZE, TIMING OFF) of the prepared statement, as the product runs
// it) of the product's statement and of a raw indexed query over the same rows, and prints both, their ratio
// and the goal:
//   daily report of one centre-day        <= 5 ms    (an open day, live; a closed day, its snapshot)
//   month rollup across all centres       <= 100 ms
//   full year (all centres; one centre)   <= 1.5 s
//   countersign_bench_reports [--transactions N] [--centres N] [--counters N] [--days N] [--repeat N]
//   [--plans]
// (--plans: also print each product statement's plan, EXPLAIN (ANALYZE, BUFFERS); --keep DBNAME: keep the
// generated database under that name, on a server the environment names, to look at it afterwards)
// Needs PostgreSQL: COUNTERSIGN_TEST_PGENV (the suite's cluster), PGHOST/PGPORT/PGUSER of a server where it
// may create a database, or it starts a throwaway cluster with tests/support/pgcluster.sh (and removes it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "db/reports.h"
#include "tests/support/benchpostgres.h"
#include "tests/support/reportdata.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

/// Server time of a statement as the product runs it: prepared once, then executed; each measured execution
/// is an EXPLAIN (ANALYZE, TIMING OFF) EXECUTE and its planning + execution time.
class ServerTimer {
public:
    explicit ServerTimer(pqxx::connection& conn)
        : m_conn(conn) {}

    /// EXPLAIN (ANALYZE, BUFFERS) of one execution, as text.
    std::string plan(const std::string& sql, const std::vector<std::string>& params) {
        pqxx::nontransaction tx{m_conn};
        const std::string name = "plan_" + std::to_string(++m_count);
        tx.exec0("PREPARE " + name + " AS " + sql);
        std::string call = "EXPLAIN (ANALYZE, BUFFERS) EXECUTE " + name + "(";
        for (std::size_t i = 0; i < params.size(); ++i)
            call += (i ? ", " : "") + tx.quote(params[i]);
        std::string text;
        for (const auto& r : tx.exec(call + ")"))
            text += std::string(r[0].c_str()) + "\n";
        tx.exec0("DEALLOCATE " + name);
        return text;
    }

    /// Median over `repeat` runs (after three warm-up runs).
    double medianMs(const std::string& sql, const std::vector<std::string>& params, int repeat) {
        pqxx::nontransaction tx{m_conn};
        const std::string name = "bench_" + std::to_string(++m_count);
        tx.exec0("PREPARE " + name + " AS " + sql);
        std::string call = "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) EXECUTE " + name + "(";
        for (std::size_t i = 0; i < params.size(); ++i)
            call += (i ? ", " : "") + tx.quote(params[i]);
        call += ")";
        std::vector<double> ms;
        for (int i = 0; i < repeat + 3; ++i) {
            const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(tx.exec1(call)[0].c_str()));
            const auto o = doc.array().at(0).toObject();
            const double t = o.value(QStringLiteral("Planning Time")).toDouble() +
                             o.value(QStringLiteral("Execution Time")).toDouble();
            if (i >= 3)
                ms.push_back(t);
        }
        tx.exec0("DEALLOCATE " + name);
        return median(ms);
    }

private:
    pqxx::connection& m_conn;
    int m_count = 0;
};

// The raw indexed queries: the same rows counted and summed the plainest way, through the same indexes.
const char* const kRawDayTransactions =
    "SELECT kind, state, count(*) FROM countersign.transactions WHERE centre_id = $1 AND business_date = "
    "$2::date GROUP BY kind, state";
const char* const kRawDayPayments = "SELECT method, count(*), sum(amount_fen) FROM countersign.payments "
                                    "WHERE centre_id = $1 AND business_date = "
                                    "$2::date GROUP BY method";
const char* const kRawRangeTransactions =
    "SELECT centre_id, kind, state, count(*) FROM countersign.transactions WHERE centre_id = "
    "ANY($1::bigint[]) "
    "AND business_date BETWEEN $2::date AND $3::date GROUP BY centre_id, kind, state";
const char* const kRawRangePayments =
    "SELECT centre_id, method, count(*), sum(amount_fen) FROM countersign.payments WHERE centre_id = "
    "ANY($1::bigint[]) AND business_date BETWEEN $2::date AND $3::date GROUP BY centre_id, method";

struct Line {
    std::string what;
    double productMs = 0;
    double rawMs = 0;
    double goalMs = 0;
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    test::ReportDataSpec spec;
    spec.transactions = 10'000'000;
    int repeat = 15;
    bool plans = false;
    std::string keep;
    for (int i = 1; i < argc; ++i) {
        const auto value = [&](const char* name) -> long long {
            if (std::strcmp(argv[i], name) != 0 || i + 1 >= argc)
                return -1;
            return std::atoll(argv[++i]);
        };
        long long v = 0;
        if (std::strcmp(argv[i], "--plans") == 0)
            plans = true;
        else if (std::strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
            keep = argv[++i];
        else if ((v = value("--transactions")) > 0)
            spec.transactions = v;
        else if ((v = value("--centres")) > 0)
            spec.centres = static_cast<int>(v);
        else if ((v = value("--counters")) > 0)
            spec.countersPerCentre = static_cast<int>(v);
        else if ((v = value("--days")) > 0)
            spec.days = static_cast<int>(v);
        else if ((v = value("--repeat")) > 0)
            repeat = static_cast<int>(v);
        else {
            std::fprintf(stderr,
                         "usage: countersign_bench_reports [--transactions N] [--centres N] [--counters N] "
                         "[--days N] [--repeat N] [--plans] [--keep DBNAME]\n");
            return 2;
        }
    }
    spec.passwordHash = auth::hashPassword(Secret("bench-password"), {10, 8, 1});
    spec.chunk = std::min<long long>(500'000, std::max<long long>(10'000, spec.transactions / 20));
    const auto started = Clock::now();
    spec.progress = [started](const std::string& what) {
        std::fprintf(stderr, "  %7.1f s  %s\n", secondsSince(started), what.c_str());
    };

    QTemporaryDir scratch;
    test::BenchPostgres postgres(scratch.path().toStdString());
    if (!postgres.ok()) {
        std::fprintf(stderr, "bench_reports: no PostgreSQL\n");
        return 1;
    }
    int status = 0;
    try {
        test::TestDatabase database;
        auto conn = database.connect();
        std::printf("reports benchmark: %lld transactions, %d centres x %d counters, %d days\n",
                    spec.transactions, spec.centres, spec.countersPerCentre, spec.days);
        const auto loadStart = Clock::now();
        const auto data = test::generateReportData(*conn, spec);
        const double loadSeconds = secondsSince(loadStart);
        const auto closeStart = Clock::now();
        const int closed = test::closeDays(*conn, data, data.lastDay, spec.progress);
        const double closeSeconds = secondsSince(closeStart);
        long long rows = 0;
        std::string size;
        {
            pqxx::nontransaction tx{*conn};
            tx.exec0("VACUUM (ANALYZE)");
            rows = tx.exec1("SELECT count(*) FROM countersign.transactions")[0].as<long long>();
            size =
                tx.exec1("SELECT pg_size_pretty(pg_database_size(current_database()))")[0].as<std::string>();
        }
        std::printf(
            "load: %.1f s bulk (transactions, fee lines, payments, refunds, keys, letters, certificates); "
            "%d centre-days closed in %.1f s (%.1f ms each: snapshot + summary); %lld transactions, "
            "database %s\n\n",
            loadSeconds, closed, closeSeconds, 1000 * closeSeconds / std::max(1, closed), rows, size.c_str());

        {
            // As the report functions do (SET LOCAL jit = off): see db/reports.cpp.
            pqxx::nontransaction tx{*conn};
            tx.exec0("SET jit = off");
        }
        ServerTimer timer(*conn);
        std::string allCentres = "{";
        for (std::size_t i = 0; i < data.centreIds.size(); ++i)
            allCentres += (i ? "," : "") + std::to_string(data.centreIds[i]);
        allCentres += "}";
        const std::string centre = std::to_string(data.centreIds[data.centreIds.size() / 2]);
        const std::string one = "{" + centre + "}";
        const QDate today = data.lastDay;
        const QDate yesterday = today.addDays(-1);
        // The last whole calendar month (every day closed), and this month so far (today open).
        QDate monthFrom(today.year(), today.month(), 1);
        const QDate thisMonth = monthFrom;
        monthFrom = monthFrom.addMonths(-1);
        const QDate monthTo = thisMonth.addDays(-1);
        const auto raw = [&](const char* a, const char* b, const std::vector<std::string>& params) {
            return timer.medianMs(a, params, repeat) + timer.medianMs(b, params, repeat);
        };

        std::vector<Line> lines;
        const double rawToday = raw(kRawDayTransactions, kRawDayPayments, {centre, iso(today)});
        lines.push_back({"daily, one centre, open day (live)",
                         timer.medianMs(reports::sql::kClosedDay, {centre, iso(today)}, repeat) +
                             timer.medianMs(reports::sql::kDailyLive, {centre, iso(today)}, repeat),
                         rawToday, 5});
        const double rawYesterday = raw(kRawDayTransactions, kRawDayPayments, {centre, iso(yesterday)});
        lines.push_back({"daily, one centre, closed day (snapshot)",
                         timer.medianMs(reports::sql::kClosedDay, {centre, iso(yesterday)}, repeat),
                         rawYesterday, 5});
        if (monthFrom >= data.firstDay) {
            lines.push_back(
                {"month, all centres, " + iso(monthFrom).substr(0, 7) + " (closed)",
                 timer.medianMs(reports::sql::kCentres, {iso(monthFrom), iso(monthTo)}, repeat),
                 raw(kRawRangeTransactions, kRawRangePayments, {allCentres, iso(monthFrom), iso(monthTo)}),
                 100});
        }
        lines.push_back(
            {"month, all centres, " + iso(thisMonth).substr(0, 7) + " to date (today open)",
             timer.medianMs(reports::sql::kCentres, {iso(thisMonth), iso(today)}, repeat),
             raw(kRawRangeTransactions, kRawRangePayments, {allCentres, iso(thisMonth), iso(today)}), 100});
        lines.push_back(
            {"full year, all centres",
             timer.medianMs(reports::sql::kCentres, {iso(data.firstDay), iso(today)}, repeat),
             raw(kRawRangeTransactions, kRawRangePayments, {allCentres, iso(data.firstDay), iso(today)}),
             1500});
        lines.push_back(
            {"full year, one centre, per day",
             timer.medianMs(reports::sql::kRange, {centre, iso(data.firstDay), iso(today)}, repeat),
             raw(kRawRangeTransactions, kRawRangePayments, {one, iso(data.firstDay), iso(today)}), 1500});

        std::printf(
            "server time, median of %d (planning + execution, EXPLAIN ANALYZE of the prepared statement):\n",
            repeat);
        std::printf("  %-52s %12s %12s %8s %10s\n", "report", "product ms", "raw ms", "ratio", "goal ms");
        for (const auto& l : lines) {
            const bool met = l.productMs <= l.goalMs;
            std::printf("  %-52s %12.2f %12.2f %8.2f %10.0f %s\n", l.what.c_str(), l.productMs, l.rawMs,
                        l.rawMs > 0 ? l.productMs / l.rawMs : 0.0, l.goalMs, met ? "met" : "MISSED");
        }

        if (plans) {
            std::printf("\n--- daily, open day\n%s",
                        timer.plan(reports::sql::kDailyLive, {centre, iso(today)}).c_str());
            std::printf("\n--- month, all centres, to date\n%s",
                        timer.plan(reports::sql::kCentres, {iso(thisMonth), iso(today)}).c_str());
            std::printf("\n--- year, one centre\n%s",
                        timer.plan(reports::sql::kRange, {centre, iso(data.firstDay), iso(today)}).c_str());
        }

        // What a caller waits for, through the product's functions (client time, one run each).
        {
            pqxx::read_transaction tx{*conn};
            const auto wall = [](auto f) {
                const auto start = Clock::now();
                f();
                return 1000 * secondsSince(start);
            };
            std::printf("\nclient time through db/reports (one run, incl. the round trips and building the "
                        "structs):\n");
            std::printf(
                "  daily (open) %.2f ms, daily (closed) %.2f ms, month all centres %.2f ms, year all centres "
                "%.2f ms, year one centre %.2f ms\n",
                wall([&] { reports::daily(tx, std::stoll(centre), today); }),
                wall([&] { reports::daily(tx, std::stoll(centre), yesterday); }),
                wall([&] { reports::centres(tx, thisMonth, today); }),
                wall([&] { reports::centres(tx, data.firstDay, today); }),
                wall([&] { reports::range(tx, std::stoll(centre), data.firstDay, today); }));
        }
        if (!keep.empty()) {
            conn.reset();
            pqxx::connection admin{"dbname=postgres"};
            pqxx::nontransaction a{admin};
            a.exec0("ALTER DATABASE " + a.quote_name(database.name()) + " RENAME TO " + a.quote_name(keep));
            std::printf("kept the database as %s\n", keep.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "countersign_bench_reports: %s\n", e.what());
        status = 1;
    }
    if (!postgres.stop())
        std::fprintf(stderr, "bench_reports: the throwaway cluster could not be stopped\n");
    return status;
}
