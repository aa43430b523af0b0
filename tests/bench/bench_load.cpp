// Benchmark: a centre network's counters recording issuances against one PostgreSQL at once (DESIGN §10:
// every counter of every centre points at one central database). --counters threads (default 100, ten
// counters to a centre), each its own counter with its own connection and login role, record NEW issuances
// for --seconds (default 60): the database part of an operation, the transactions Workflow commits for a NEW,
// with the key and the CA left out —
//   open      the transaction number (the counter's advisory lock), the transaction row, papers_checked and
//             the fee step (a fee line and its cash payment, fee_recorded with the step rows and the audit
//             entries): one database transaction (Workflow's open(), the same calls of the database's API
//             through db::TransactionStore);
//   advance   each step of the key and the CA recorded (key_initialised … verified): the state, its step row
//             and audit entry in one call (Workflow's advance(), the same call);
//   complete  completed, and the receipt issued by countersign.receipt_issue (receipts::issueReceipt, the
//             product's own) in one database transaction (Workflow's complete()).
// The audit entries go through the product's hash-chain trigger (db::AuditLog), the receipt numbers through
// countersign.take_receipt_number: the two places where counters wait for each other.
// Prints throughput and p50/p95/p99 of each recording transaction (each counter's first issuance apart: its
// new connection's backend builds its caches and plans then, once a day for a kiosk), then plain pgbench
// (TPC-B, as many clients, scale = the number of centres, so its hot branch rows match the centres' receipt
// counters) for as long on the same server. Goal (issue): p99 <= 10 ms; receipt numbers still gapless
// (checked at the end). Paced by default: each counter starts an issuance every --interval seconds (default
// 10: 100 counters make 10 issuances a second, some 20 times a busy network's peak, as a real one takes
// minutes at the counter) with
// --step-ms (default 50) between its recording transactions, where the key and the CA work; pgbench then runs
// at the same transaction rate (-R). --interval 0: back to back, the server's capacity (pgbench unthrottled).
//   countersign_bench_load [--counters N] [--seconds S] [--interval S] [--step-ms MS] [--no-pgbench]
// Needs PostgreSQL: COUNTERSIGN_TEST_PGENV (the suite's cluster), PGHOST/PGPORT/PGUSER of a server where it
// may create databases and roles, or it starts a throwaway cluster with tests/support/pgcluster.sh (fsync
// off: give it a real server with PGHOST for figures that count).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/auth/passwordhash.h"
#include "backend/receipts/receipts.h"
#include "db/connection.h"
#include "db/staffstore.h"
#include "db/transactionstore.h"
#include "db/workstationstore.h"
#include "tests/support/benchpostgres.h"
#include "tests/support/newpapers.h"
#include "tests/support/testenv.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

struct Percentiles {
    std::size_t count = 0;
    double p50 = 0, p95 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> ms) {
    Percentiles p;
    p.count = ms.size();
    if (ms.empty())
        return p;
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(std::ceil(q * ms.size())) - 1)];
    };
    p.p50 = at(0.50);
    p.p95 = at(0.95);
    p.p99 = at(0.99);
    p.max = ms.back();
    return p;
}

void printRow(const char* name, const Percentiles& p, double seconds) {
    std::printf("  %-22s %9zu %9.1f/s %8.2f %8.2f %8.2f %8.2f\n", name, p.count, p.count / seconds, p.p50,
                p.p95, p.p99, p.max);
}

/// One simulated counter: its own connection (as its own login role) and the latencies it measured.
struct Counter {
    long long counterId = 0;
    long long centreId = 0;
    long long operatorId = 0;
    std::string username;
    std::string dsn;
    std::vector<double> open, advance, complete, issuance;
    /// The recording transactions of the counter's first issuance, on its new connection: that backend loads
    /// its catalog caches and plans every statement once (a kiosk keeps its connection all day, so it pays
    /// this once a day). Kept apart so the rows above show the steady state; printed on their own.
    std::vector<double> firstTx;
    std::string error;
};

/// How hard the counters work: a new issuance every `interval` (zero: back to back), with `step` between its
/// recording transactions, where the key and the CA work.
struct Pace {
    std::chrono::microseconds interval{0};
    std::chrono::microseconds step{0};
};

/// Sleeps until `until` unless `stop` comes first.
void sleepUntil(Clock::time_point until, const std::atomic<bool>& stop) {
    while (!stop.load() && Clock::now() < until)
        std::this_thread::sleep_for(
            std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(50)));
}

/// Records NEW issuances until `stop`, as Workflow commits them.
void runCounter(Counter& c, const std::atomic<bool>& stop, Pace pace, unsigned seed) {
    try {
        auto conn = db::openConnection(c.dsn);
        // The counter's operator logs in once (not measured): every recording call takes the session.
        const auto login = auth::logIn(*conn, auth::LoginPurpose::Login, c.username,
                                       Secret(std::string("operator-password")));
        if (login.status != auth::LoginStatus::Ok)
            throw std::runtime_error(c.username + " could not log in");
        const Secret& session = *login.session;
        // The fee step of a NEW: its line and the cash that pays it, received by the session's person.
        db::FeeRecord fee;
        fee.scheduleCode = "bench";
        fee.linesJson = R"([{"description":"证书费","amount_fen":18000}])";
        fee.paymentsJson = R"([{"method":"cash","amount_fen":18000}])";
        // Counters don't start in step: the first issuance comes at a random point of the first interval.
        auto next = Clock::now() +
                    std::chrono::microseconds(pace.interval.count() ? seed % pace.interval.count() : 0);
        while (!stop.load()) {
            sleepUntil(next, stop);
            if (stop.load())
                break;
            next += pace.interval;
            const auto issuanceStart = Clock::now();
            // --- open(): numbered and started, papers_checked (audited), fee_recorded with the step rows:
            // three calls, one commit.
            auto t0 = Clock::now();
            long long id = 0;
            std::string number;
            {
                pqxx::work tx{*conn};
                db::TransactionStore store{tx};
                const auto opened = store.open(session, "NEW", R"({"algorithm":"ec-p256","bench":true})");
                id = opened.id;
                number = opened.number;
                store.recordPapers(session, id, test::newPapers(number), R"({"kind":"NEW","checks":[]})");
                store.recordFee(session, id, fee, R"({"checks":[]})");
                tx.commit();
            }
            c.open.push_back(msSince(t0));
            // --- advance(): each outside step recorded on its own, one call, one round trip.
            static const char* const steps[][3] = {{"fee_recorded", "key_initialised", "key.initialised"},
                                                   {"key_initialised", "key_generated", "key.generated"},
                                                   {"key_generated", "cert_issued", "certificate.issued"},
                                                   {"cert_issued", "cert_written", "certificate.written"},
                                                   {"cert_written", "verified", "key.verified"}};
            const auto step = [&](pqxx::transaction_base& tx, const char* from, const char* to,
                                  const char* name, const char* event) {
                db::StepRecord r;
                r.transactionId = id;
                r.from = from;
                r.to = to;
                r.step = name;
                r.event = event;
                r.auditDetailJson = std::string(R"({"state":")") + to + R"(","kind":"NEW"})";
                if (!db::TransactionStore{tx}.advance(session, r))
                    throw std::runtime_error(number + " was not in state " + from);
            };
            for (const auto& s : steps) {
                std::this_thread::sleep_for(pace.step);
                t0 = Clock::now();
                pqxx::nontransaction tx{*conn};
                step(tx, s[0], s[1], s[2], s[2]);
                c.advance.push_back(msSince(t0));
            }
            // --- complete(): completed and the receipt, one commit.
            std::this_thread::sleep_for(pace.step);
            t0 = Clock::now();
            {
                pqxx::work tx{*conn};
                step(tx, "verified", "completed", "complete", "transaction.completed");
                receipts::issueReceipt(tx, session, id);
                tx.commit();
            }
            c.complete.push_back(msSince(t0));
            c.issuance.push_back(msSince(issuanceStart));
            if (c.firstTx.empty()) { // this was the connection's first issuance: its figures go apart
                c.firstTx.push_back(c.open.back());
                c.firstTx.insert(c.firstTx.end(), c.advance.end() - 5, c.advance.end());
                c.firstTx.push_back(c.complete.back());
                c.open.pop_back();
                c.advance.resize(c.advance.size() - 5);
                c.complete.pop_back();
                c.issuance.pop_back();
            }
        }
    } catch (const std::exception& e) {
        c.error = db::describeDatabaseError(e);
    }
}

std::string option(const QStringList& args, const char* name, const char* fallback) {
    const int at = args.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < args.size() ? args[at + 1].toStdString() : std::string(fallback);
}

/// Latencies (ms) from pgbench's per-transaction logs in `dir` (-l).
std::vector<double> pgbenchLatencies(const QString& dir) {
    std::vector<double> ms;
    for (const auto& name : QDir(dir).entryList({QStringLiteral("pgbench_log.*")}, QDir::Files)) {
        std::ifstream in((dir + QLatin1Char('/') + name).toStdString());
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            // client, transaction, latency, script, epoch, µs; with -R the schedule lag, counted in: an agent
            // waits for that too.
            long long client = 0, tx = 0, us = 0, script = 0, epoch = 0, epochUs = 0, lag = 0;
            if (!(fields >> client >> tx >> us))
                continue;
            if (fields >> script >> epoch >> epochUs >> lag)
                us += lag;
            ms.push_back(us / 1000.0);
        }
    }
    return ms;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const int counters = std::max(1, std::stoi(option(args, "--counters", "100")));
    const int seconds = std::max(1, std::stoi(option(args, "--seconds", "60")));
    const bool withPgbench = !args.contains(QStringLiteral("--no-pgbench"));
    const double interval = std::max(0.0, std::stod(option(args, "--interval", "10")));
    Pace pace;
    pace.interval = std::chrono::microseconds(static_cast<long long>(interval * 1e6));
    pace.step = std::chrono::milliseconds(std::stoi(option(args, "--step-ms", interval > 0 ? "50" : "0")));
    const int centres = (counters + 9) / 10;

    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/countersign-bench-load-XXXXXX"));
    test::BenchPostgres postgres(scratch.path().toStdString());
    if (!postgres.ok()) {
        std::fprintf(stderr, "no PostgreSQL to run against\n");
        return 1;
    }
    int status = 0;
    {
        std::printf("countersign_bench_load: %d counters in %d centres, %d s, one connection each; ",
                    counters, centres, seconds);
        if (interval > 0)
            std::printf(
                "each counter starts an issuance every %.1f s, %lld ms between its recording transactions "
                "(the key and the CA)\n",
                interval, static_cast<long long>(pace.step.count() / 1000));
        else
            std::printf("back to back (saturation)\n");
        test::TestDatabase db(/*migrated=*/true, /*withCounter=*/false);
        std::vector<Counter> all(static_cast<std::size_t>(counters));
        {
            auto conn = db.connect();
            pqxx::work tx{*conn};
            db::WorkstationStore stations{tx};
            std::vector<long long> centreIds;
            for (int i = 0; i < centres; ++i) {
                char code[16];
                std::snprintf(code, sizeof code, "C%03d", i + 1);
                centreIds.push_back(stations.addCentre(code, std::string("压力测试中心 ") + code, "天津"));
            }
            for (int i = 0; i < counters; ++i) {
                auto& c = all[static_cast<std::size_t>(i)];
                c.centreId = centreIds[static_cast<std::size_t>(i / 10)];
                char code[16];
                std::snprintf(code, sizeof code, "%02d", i % 10 + 1);
                c.counterId = stations.addCounter(c.centreId, code, std::string(code) + "号窗口");
            }
            tx.commit();
        }
        {
            auto conn = db.connect();
            test::registerNewPapersSigner(*conn);
        }
        // Each counter connects as its own login role, as in a centre.
        for (auto& c : all)
            c.dsn = db.bindCounterLogin(c.counterId).dsn;
        {
            // One operator a counter; the lowest scrypt cost, as the tests' staff (logins are not measured).
            const auto hash = auth::hashPassword(Secret(std::string("operator-password")), {10, 8, 1});
            auto conn = db.connect();
            pqxx::work tx{*conn};
            for (int i = 0; i < counters; ++i) {
                auto& c = all[static_cast<std::size_t>(i)];
                c.username = "op" + std::to_string(i);
                c.operatorId = db::StaffStore{tx}.add(c.username, "受理员 " + std::to_string(i), "operator",
                                                      hash, c.centreId);
            }
            tx.commit();
        }

        std::atomic<bool> stop{false};
        std::vector<std::thread> threads;
        const auto start = Clock::now();
        unsigned seed = 12345;
        for (auto& c : all) {
            seed = seed * 1103515245u + 12345u;
            threads.emplace_back([&c, &stop, pace, seed] { runCounter(c, stop, pace, seed); });
        }
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        stop = true;
        for (auto& t : threads)
            t.join();
        const double elapsed = msSince(start) / 1000.0;

        std::vector<double> open, advance, complete, issuance, all_tx, firstTx;
        int errors = 0;
        for (const auto& c : all) {
            firstTx.insert(firstTx.end(), c.firstTx.begin(), c.firstTx.end());
            open.insert(open.end(), c.open.begin(), c.open.end());
            advance.insert(advance.end(), c.advance.begin(), c.advance.end());
            complete.insert(complete.end(), c.complete.begin(), c.complete.end());
            issuance.insert(issuance.end(), c.issuance.begin(), c.issuance.end());
            if (!c.error.empty()) {
                if (++errors <= 3)
                    std::fprintf(stderr, "counter %lld: %s\n", c.counterId, c.error.c_str());
            }
        }
        all_tx = open;
        all_tx.insert(all_tx.end(), advance.begin(), advance.end());
        all_tx.insert(all_tx.end(), complete.begin(), complete.end());
        const auto completeP = percentiles(complete);
        const auto allP = percentiles(all_tx);
        std::printf(
            "\nrecording issuances (ms)       count   throughput      p50      p95      p99      max\n");
        printRow("issuance (7 commits)", percentiles(issuance), elapsed);
        printRow("open", percentiles(open), elapsed);
        printRow("advance", percentiles(advance), elapsed);
        printRow("complete + receipt", completeP, elapsed);
        printRow("every recording tx", allP, elapsed);
        std::printf("  (above: each counter's issuances after its first; the first, on a new connection:)\n");
        printRow("first issuance's txs", percentiles(firstTx), elapsed);
        std::vector<double> everything = all_tx;
        everything.insert(everything.end(), firstTx.begin(), firstTx.end());
        printRow("every tx, first included", percentiles(everything), elapsed);

        // Receipt numbers: per centre and year 1, 2, 3 … with no gap and no duplicate, one per issuance.
        auto conn = db.connect();
        pqxx::read_transaction tx{*conn};
        const auto gaps =
            tx.exec("SELECT centre_id, year, count(*), count(DISTINCT number), min(number), max(number) FROM "
                    "receipts "
                    "GROUP BY centre_id, year HAVING count(*) <> count(DISTINCT number) OR min(number) <> 1 "
                    "OR max(number) <> count(*)");
        const long long receipts = tx.exec1("SELECT count(*) FROM receipts")[0].as<long long>();
        const long long completed =
            tx.exec1("SELECT count(*) FROM transactions WHERE state = 'completed'")[0].as<long long>();
        std::printf("\nreceipts: %lld for %lld completed issuances; %s\n", receipts, completed,
                    gaps.empty() && receipts == completed ? "gapless in every centre" : "GAPS OR DUPLICATES");
        if (!gaps.empty() || receipts != completed || errors > 0)
            status = 1;
        if (errors > 0)
            std::printf("%d counters stopped on an error\n", errors);
        std::printf(
            "goal p99 <= 10 ms (after each connection's first issuance): complete + receipt %.2f ms, every "
            "recording transaction %.2f ms: %s\n",
            completeP.p99, allP.p99, completeP.p99 <= 10.0 && allP.p99 <= 10.0 ? "met" : "NOT met");

        if (withPgbench) {
            // Plain pgbench on the same server, same clients, same duration.
            const QString dir = scratch.path() + QStringLiteral("/pgbench");
            QDir().mkpath(dir);
            const std::string pgbenchDb = db.name() + "_pgbench";
            {
                auto admin = std::make_unique<pqxx::connection>("dbname=postgres");
                pqxx::nontransaction a{*admin};
                const std::string statement = "CREATE DATABASE " + a.quote_name(pgbenchDb);
                a.exec0(statement);
            }
            QProcess init;
            init.setWorkingDirectory(dir);
            init.start(QStringLiteral("pgbench"),
                       {QStringLiteral("-i"), QStringLiteral("-q"), QStringLiteral("-s"),
                        QString::number(centres), QString::fromStdString(pgbenchDb)});
            init.waitForFinished(600000);
            QProcess run;
            run.setWorkingDirectory(dir);
            QStringList pgbenchArgs{QStringLiteral("-n"),       QStringLiteral("-M"),
                                    QStringLiteral("prepared"), QStringLiteral("-c"),
                                    QString::number(counters),  QStringLiteral("-j"),
                                    QStringLiteral("2"),        QStringLiteral("-T"),
                                    QString::number(seconds),   QStringLiteral("-l")};
            // Paced: as many transactions a second as the counters' recording made (pgbench -R; its latency
            // then includes any wait behind schedule).
            const double rate = interval > 0 ? (all_tx.size() + firstTx.size()) / elapsed : 0;
            if (rate > 0)
                pgbenchArgs << QStringLiteral("-R") << QString::number(rate, 'f', 1);
            pgbenchArgs << QString::fromStdString(pgbenchDb);
            run.start(QStringLiteral("pgbench"), pgbenchArgs);
            run.waitForFinished((seconds + 120) * 1000);
            const auto lat = percentiles(pgbenchLatencies(dir));
            if (init.exitCode() != 0 || run.exitCode() != 0 || lat.count == 0) {
                std::printf("pgbench failed: %s%s\n", init.readAllStandardError().constData(),
                            run.readAllStandardError().constData());
                status = 1;
            } else {
                std::printf(
                    "\npgbench TPC-B (-M prepared, -c %d -j 2, scale %d, %d s%s), same server (ms):\n",
                    counters, centres, seconds,
                    rate > 0 ? (", -R " + std::to_string(static_cast<int>(rate)) + "/s").c_str() : "");
                std::printf("                                 count   throughput      p50      p95      p99  "
                            "    max\n");
                printRow("pgbench transaction", lat, seconds);
            }
            try {
                auto admin = std::make_unique<pqxx::connection>("dbname=postgres");
                pqxx::nontransaction a{*admin};
                const std::string statement =
                    "DROP DATABASE IF EXISTS " + a.quote_name(pgbenchDb) + " WITH (FORCE)";
                a.exec0(statement);
            } catch (const std::exception&) {
            }
        }
    }
    if (!postgres.stop())
        status = 1;
    return status;
}
