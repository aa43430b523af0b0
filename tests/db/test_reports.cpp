// The reports of DESIGN §8 against a generated set of records: every figure is checked against plain SQL sums
// over the same rows (tests/support/reportdata.cpp), written apart from the report code; closed days come
// from the summary the day close writes, open ones live. And the plans: a day and a month never scan the
// whole of the transactions.
#include <catch2/catch.hpp>

#include <QJsonDocument>

#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "db/reportexport.h"
#include "db/reports.h"
#include "tests/support/reportcheck.h"
#include "tests/support/reportdata.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

std::string cheapHash() {
    return auth::hashPassword(Secret("supervisor-password"), {10, 8, 1});
}

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

/// The plan of a report statement as PostgreSQL would run it now with these parameters (custom plan), and the
/// generic plan it may switch to once the statement is prepared and has run a few times.
template <typename... Args>
std::pair<std::string, std::string> plans(pqxx::connection& conn, const std::string& sql, Args... args) {
    std::string custom, generic;
    pqxx::nontransaction tx{conn};
    tx.exec0("SET jit = off"); // as the report functions run them
    for (const auto& r : tx.exec_params("EXPLAIN (COSTS OFF) " + sql, args...))
        custom += std::string(r[0].c_str()) + "\n";
    tx.exec0("SET plan_cache_mode = force_generic_plan");
    tx.exec0("PREPARE explained AS " + sql);
    // EXPLAIN EXECUTE takes the parameters as literals: these are test values (ids and ISO dates).
    std::string call = "EXPLAIN (COSTS OFF) EXECUTE explained(";
    std::string sep;
    for (const std::string& a : {std::string(pqxx::to_string(args))...}) {
        call += sep + tx.quote(a);
        sep = ", ";
    }
    for (const auto& r : tx.exec(call + ")"))
        generic += r[0].as<std::string>() + "\n";
    tx.exec0("DEALLOCATE explained");
    tx.exec0("RESET plan_cache_mode");
    return {custom, generic};
}

void checkNoFullScans(const std::string& plan) {
    INFO(plan);
    CHECK(plan.find("Seq Scan on transactions") == std::string::npos);
    CHECK(plan.find("Seq Scan on fee_lines") == std::string::npos);
    CHECK(plan.find("Seq Scan on payments") == std::string::npos);
}

} // namespace

TEST_CASE("the daily, range and centres reports add up to plain SQL sums over the same records, open days "
          "live and closed days from their summary",
          "[db][reports]") {
    test::TestDatabase database;
    auto conn = database.connect();
    test::ReportDataSpec spec;
    spec.transactions = 30'000;
    spec.centres = 3;
    spec.countersPerCentre = 3;
    spec.days = 40;
    spec.chunk = 10'000;
    spec.passwordHash = cheapHash();
    const auto data = test::generateReportData(*conn, spec);
    // The first 36 days are closed, the last four open (today among them).
    const QDate firstOpen = data.firstDay.addDays(36);
    REQUIRE(test::closeDays(*conn, data, firstOpen) == 36 * 3);

    pqxx::read_transaction tx{*conn};
    for (const QDate day :
         {data.firstDay, data.firstDay.addDays(5), data.firstDay.addDays(35), firstOpen, data.lastDay}) {
        for (std::size_t c = 0; c < data.centreIds.size(); ++c) {
            INFO("centre " << data.centreCodes[c] << " day " << iso(day));
            const auto r = reports::daily(tx, data.centreIds[c], day);
            CHECK(r.closed() == (day < firstOpen));
            CHECK(r.centre.code == data.centreCodes[c]);
            test::checkFigures(r.figures, test::plainSums(tx, data.centreIds[c], day, day));
            // Each operator's rows add up to the day.
            reports::Counts byPeople;
            for (const auto& o : r.figures.byOperator)
                byPeople += o.counts;
            CHECK(byPeople.total() == r.figures.counts.total());
            if (r.closed()) {
                CHECK(r.close->closedBy == "sup-" + data.centreCodes[c]);
                CHECK(r.close->differenceFen() == 0);
            }
        }
    }
    // The generated mix has every kind of figure in it.
    const auto all = test::plainSums(tx, 0, data.firstDay, data.lastDay);
    CHECK(all.waivers > 0);
    CHECK(all.refunded > 0);
    CHECK(all.keysReturnedDamaged > 0);
    CHECK(all.keysWrittenOff > 0);
    CHECK(all.paidByMethod.size() == 4);

    const auto range = reports::range(tx, data.centreIds[1], data.firstDay, data.lastDay);
    CHECK(range.days.size() == 40);
    CHECK(range.closedDays() == 36);
    test::checkFigures(range.totals, test::plainSums(tx, data.centreIds[1], data.firstDay, data.lastDay));
    for (const auto& d : range.days) {
        INFO("range day " << iso(d.date));
        test::checkFigures(d.figures, test::plainSums(tx, data.centreIds[1], d.date, d.date));
    }
    // A range across the close: half from the summary, half live.
    const auto across = reports::range(tx, data.centreIds[0], firstOpen.addDays(-2), firstOpen.addDays(1));
    CHECK(across.closedDays() == 2);
    test::checkFigures(across.totals,
                       test::plainSums(tx, data.centreIds[0], firstOpen.addDays(-2), firstOpen.addDays(1)));

    const auto centres = reports::centres(tx, data.firstDay, data.lastDay);
    test::checkFigures(centres.totals, all);
    for (const auto& c : centres.centres) {
        INFO("centre " << c.centre.code);
        const bool generated = c.centre.code.rfind("G", 0) == 0;
        CHECK(c.closedDays == (generated ? 36 : 0));
        CHECK(c.closedDays + c.openDays == 40);
        test::checkFigures(c.figures, test::plainSums(tx, c.centre.id, data.firstDay, data.lastDay));
    }

    // Certificates issued in the first days expire about a year later; those within the next 365 days are the
    // active ones with not_after from now on.
    const auto expiring = reports::expiring(tx, 365);
    const long long expected =
        tx.exec1("SELECT count(*) FROM countersign.certificates WHERE status = 'active' "
                 "AND not_after >= now() AND not_after < now() + interval '365 days'")[0]
            .as<long long>();
    CHECK(expected > 0);
    CHECK(static_cast<long long>(expiring.certificates.size()) == expected);
    for (std::size_t i = 1; i < expiring.certificates.size(); ++i)
        CHECK(expiring.certificates[i - 1].notAfter <= expiring.certificates[i].notAfter);
    const auto one = reports::expiring(tx, 365, data.centreIds[2]);
    for (const auto& c : one.certificates)
        CHECK(c.centreCode == data.centreCodes[2]);
}

TEST_CASE("a closed day's summary equals the live figures it was made from, and its report is the snapshot",
          "[db][reports]") {
    test::TestDatabase database;
    auto conn = database.connect();
    test::ReportDataSpec spec;
    spec.transactions = 4'000;
    spec.centres = 2;
    spec.countersPerCentre = 2;
    spec.days = 4;
    spec.passwordHash = cheapHash();
    const auto data = test::generateReportData(*conn, spec);
    test::closeDays(*conn, data, data.lastDay);
    pqxx::read_transaction tx{*conn};
    const QDate day = data.firstDay.addDays(1);
    const auto closed = reports::daily(tx, data.centreIds[0], day);
    REQUIRE(closed.closed());
    const auto live = reports::dailyLive(tx, data.centreIds[0], day);
    CHECK(QJsonDocument(reports::toJson(live)["figures"].toObject()) ==
          QJsonDocument(reports::toJson(closed)["figures"].toObject()));
    // The snapshot stored is the report read back.
    const auto stored =
        tx.exec_params1("SELECT snapshot::text FROM countersign.day_closes WHERE centre_id = $1 "
                        "AND business_date = $2::date",
                        data.centreIds[0], iso(day))[0]
            .as<std::string>();
    const auto snapshot =
        reports::dailyFromJson(QJsonDocument::fromJson(QByteArray::fromStdString(stored)).object());
    CHECK(QJsonDocument(reports::toJson(snapshot)["figures"].toObject()) ==
          QJsonDocument(reports::toJson(closed)["figures"].toObject()));
    // Summary rows: one per kind and operator that worked, per method paid, per stock movement kind.
    CHECK(
        tx.exec_params1("SELECT sum(completed + failed + compensated) FROM countersign.report_day_operations "
                        "WHERE centre_id = $1 AND business_date = $2::date",
                        data.centreIds[0], iso(day))[0]
            .as<long long>() == closed.figures.counts.total());
    CHECK(tx.exec_params1("SELECT coalesce(sum(paid_fen), 0) FROM countersign.report_day_money "
                          "WHERE centre_id = $1 AND business_date = $2::date",
                          data.centreIds[0], iso(day))[0]
              .as<long long>() == closed.figures.paidFen);
}

TEST_CASE("reports refuse a range the wrong way round or longer than a year", "[db][reports]") {
    test::TestDatabase database;
    auto conn = database.connect();
    pqxx::read_transaction tx{*conn};
    const QDate d(2026, 3, 1);
    CHECK_THROWS_AS(reports::range(tx, database.centreId(), d, d.addDays(-1)), reports::ReportError);
    CHECK_THROWS_AS(reports::centres(tx, d, d.addDays(366)), reports::ReportError);
    CHECK_NOTHROW(reports::centres(tx, d, d.addDays(365)));
    CHECK_THROWS_AS(reports::daily(tx, 999999, d), reports::ReportError);
    // An empty day is all zeros, every kind and method listed.
    const auto empty = reports::daily(tx, database.centreId(), d);
    CHECK(empty.figures.byOperation.size() == 5);
    CHECK(empty.figures.byMethod.size() == 4);
    CHECK(empty.figures.counts.total() == 0);
    CHECK_FALSE(empty.closed());
}

TEST_CASE("the daily and month reports use no sequential scan of the transactions",
          "[db][reports][explain]") {
    test::TestDatabase database;
    auto conn = database.connect();
    test::ReportDataSpec spec;
    spec.transactions = 200'000;
    spec.centres = 8;
    spec.countersPerCentre = 5;
    spec.days = 40;
    spec.chunk = 100'000;
    spec.passwordHash = cheapHash();
    const auto data = test::generateReportData(*conn, spec);
    const QDate day = data.lastDay.addDays(-3);
    const QDate monthFrom = data.lastDay.addDays(-29);

    const auto checkAll = [&](const char* when) {
        INFO(when);
        {
            INFO("daily");
            const auto p = plans(*conn, reports::sql::kDailyLive, data.centreIds[3], iso(day));
            checkNoFullScans(p.first);
            checkNoFullScans(p.second);
            CHECK(p.first.find("transactions_centre_day_report_idx") != std::string::npos);
        }
        {
            INFO("month of one centre");
            const auto p =
                plans(*conn, reports::sql::kRange, data.centreIds[3], iso(monthFrom), iso(data.lastDay));
            checkNoFullScans(p.first);
            checkNoFullScans(p.second);
        }
        {
            INFO("month of every centre");
            const auto p = plans(*conn, reports::sql::kCentres, iso(monthFrom), iso(data.lastDay));
            checkNoFullScans(p.first);
            checkNoFullScans(p.second);
        }
    };
    // Every day open: everything is read live, a centre-day at a time.
    checkAll("all days open");
    // The usual case: every day before today closed, its summary read.
    test::closeDays(*conn, data, data.lastDay);
    checkAll("all days but today closed");

    // And the figures still add up.
    pqxx::read_transaction tx{*conn};
    test::checkFigures(reports::centres(tx, monthFrom, data.lastDay).totals,
                       test::plainSums(tx, 0, monthFrom, data.lastDay));
}
