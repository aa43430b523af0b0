// The back office's reports beside the daily one (issue 21): the range of days, the centres side by side and
// the certificates expiring soon show on screen the figures plain SQL sums from the records, over
// transactions seeded across days at two centres; each export writes a CSV whose rows are the screen's and a
// PDF with the figures; and the counter's door decides from the session's role who reads what. Offscreen,
// against the real kiosk and PostgreSQL.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTest>

#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/auth/passwordhash.h"
#include "backend/counter/database.h"
#include "backend/counter/desk.h"
#include "qml/kioskapp.h"
#include "qml/workstation.h"
#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"
#include "tests/support/reportdata.h"
#include "tests/support/testenv.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

std::string yuanText(long long fen) {
    return (fen < 0 ? "-" : "") + std::to_string(std::llabs(fen) / 100) + "." +
           (std::llabs(fen) % 100 < 10 ? "0" : "") + std::to_string(std::llabs(fen) % 100);
}

/// The CSV's lines split into cells (these tests' data quote nothing).
std::vector<std::vector<std::string>> csvRows(const std::string& csv) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream l(line);
        while (std::getline(l, cell, ','))
            cells.push_back(cell);
        if (!line.empty() && line.back() == ',')
            cells.emplace_back();
        rows.push_back(cells);
    }
    return rows;
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string pdfText(const std::string& path) {
    const auto r = test::runProcess("pdftotext", {"-layout", path, "-"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

/// The generated records of centre `from` become centre `to`'s (the counter's own centre): the owner moves
/// them with the triggers off, as the generator wrote them. Counters and staff stay where they are.
void moveRecords(pqxx::connection& conn, long long from, long long to) {
    pqxx::work tx{conn};
    tx.exec0("SET LOCAL session_replication_role = replica");
    const auto tables = tx.exec(
        "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
        "WHERE c.table_schema = 'countersign' AND c.column_name = 'centre_id' "
        "AND c.table_name NOT IN ('counters', 'staff')");
    for (const auto& t : tables)
        tx.exec_params0("UPDATE countersign." + tx.quote_name(t[0].as<std::string>()) +
                            " SET centre_id = $1 WHERE centre_id = $2",
                        to, from);
    tx.commit();
}

QVariantMap reportOf(KioskDriver& ui) {
    return ui.property(QStringLiteral("officeReports"), "report").toMap();
}

QVariantMap cellsOf(KioskDriver& ui, const QString& label) {
    const QString row = QStringLiteral("reportRow_") + label;
    REQUIRE(ui.exists(row));
    return ui.property(row, "cells").toMap();
}

/// Every cell of the CSV's rows that the screen shows equals what it shows; returns the data rows compared.
int csvMatchesScreen(KioskDriver& ui, const std::string& csv, bool prefix = false) {
    const auto rows = csvRows(csv);
    REQUIRE(rows.size() >= 1);
    const auto& header = rows[0];
    int compared = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const QVariantMap cells = cellsOf(ui, QString::fromStdString(rows[i][0]));
        int shown = 0;
        for (std::size_t c = 0; c < header.size() && c < rows[i].size(); ++c) {
            const QString key = QString::fromStdString(header[c]);
            if (!cells.contains(key))
                continue;
            ++shown;
            INFO("row " << rows[i][0] << ", column " << header[c]);
            const std::string onScreen = cells.value(key).toString().toStdString();
            // Times: the screen shows the day of the CSV's full time.
            if (prefix && header[c] == "not_after")
                CHECK(rows[i][c].rfind(onScreen, 0) == 0);
            else
                CHECK(onScreen == rows[i][c]);
        }
        CHECK(shown >= 5);
        ++compared;
    }
    return compared;
}

QString errorOf(KioskDriver& ui) {
    return ui.property(QStringLiteral("officeReports"), "errorText").toString();
}

QString messageOf(KioskDriver& ui) {
    return ui.property(QStringLiteral("officeReports"), "message").toString();
}

/// Clicks an export button and returns the file it names ("Saved as PATH").
std::string exported(KioskDriver& ui, const char* button) {
    REQUIRE(ui.waitFor([&] { return ui.property(QString::fromLatin1(button), "enabled").toBool(); }));
    const QString before = messageOf(ui);
    ui.click(QString::fromLatin1(button));
    REQUIRE(ui.waitFor([&] {
        const QString now = messageOf(ui);
        return now.startsWith(QStringLiteral("Saved as ")) && now != before;
    }));
    // The page says where it went; the file is its owner's only.
    CHECK(ui.text(QStringLiteral("reportsMessage")) == messageOf(ui));
    const std::string path = messageOf(ui).mid(9).toStdString();
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    return path;
}

void show(KioskDriver& ui, const QString& kind, const char* button) {
    ui.click(QString::fromLatin1(button));
    REQUIRE(ui.waitFor([&] {
        return ui.property(QStringLiteral("officeReports"), "kind").toString() == kind &&
               !ui.property(QStringLiteral("officeReports"), "busy").toBool();
    }));
}

/// Waits until no report is loading (Show is disabled meanwhile).
void idle(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] {
        return ui.exists(QStringLiteral("officeReports")) &&
               !ui.property(QStringLiteral("officeReports"), "busy").toBool();
    }));
}

void showDates(KioskDriver& ui, const QDate& from, const QDate& to) {
    idle(ui);
    ui.type(QStringLiteral("reportFrom"), from.toString(Qt::ISODate));
    ui.type(QStringLiteral("reportTo"), to.toString(Qt::ISODate));
    ui.click(QStringLiteral("reportShow"));
    REQUIRE(ui.waitFor([&] {
        return reportOf(ui).value(QStringLiteral("from")).toString() == from.toString(Qt::ISODate) &&
               reportOf(ui).value(QStringLiteral("to")).toString() == to.toString(Qt::ISODate) &&
               !ui.property(QStringLiteral("officeReports"), "busy").toBool();
    }));
}

/// The pages in both languages next to the screenshot walk's (COUNTERSIGN_SCREENSHOTS_DIR), when it is set.
void saveScreen(KioskDriver& ui, const QString& name) {
    const QString dir = qEnvironmentVariable("COUNTERSIGN_SCREENSHOTS_DIR");
    auto* window = qobject_cast<QQuickWindow*>(ui.kiosk().engine().rootObjects().value(0));
    if (dir.isEmpty() || !window)
        return;
    QDir().mkpath(dir);
    qml::Workstation& w = ui.kiosk().workstation();
    const QString original = w.language();
    for (const QString& language : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
        w.setLanguage(language);
        ui.settle(300);
        CHECK(window->grabWindow().save(QStringLiteral("%1/%2.%3.png").arg(dir, name, language), "PNG"));
    }
    w.setLanguage(original);
    ui.settle(60);
}

/// Runs `job` on the database thread through the door and waits for its outcome.
template <typename R, typename Job> counter::Outcome<R> through(counter::Database& door, Job job) {
    std::optional<counter::Outcome<R>> got;
    QObject context;
    door.run<R>(&context, job, [&got](const counter::Outcome<R>& out) { got = out; });
    REQUIRE(QTest::qWaitFor([&] { return got.has_value(); }, 20000));
    return *got;
}

} // namespace

TEST_CASE(
    "Back-office reports: days, centres and expiring certificates on screen are plain SQL's figures, and "
    "their CSV and PDF exports hold the screen's rows",
    "[qml][ui][reports]") {
    const std::string exportDir = test::scratchDir() + "/office-reports";
    CounterFixture f("tianjin-2018", "[reports]\nexport_dir=" + exportDir + "\n");
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    const long long ownCentre =
        std::stoll(f.scalar("SELECT id FROM countersign.centres WHERE code = 'TJ01'"));
    auto owner = f.db.connect();
    test::ReportDataSpec spec;
    spec.transactions = 1'200;
    spec.centres = 2;
    spec.countersPerCentre = 1;
    spec.days = 6;
    spec.passwordHash = auth::hashPassword(Secret(std::string("unused")), {10, 8, 1});
    const auto data = test::generateReportData(*owner, spec);
    // Two centres with records across six days: this counter's (TJ01, G01's records moved to it) and G02.
    moveRecords(*owner, data.centreIds[0], ownCentre);
    const long long otherCentre = data.centreIds[1];

    KioskDriver ui(f.config);
    ui.kiosk().workstation().setLanguage(QStringLiteral("en"));

    SECTION("a supervisor: this centre's days and its expiring certificates; no centres side by side") {
        ui.login(QStringLiteral("sup"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        ui.click(QStringLiteral("office_report"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("tab_reports")); }));
        ui.click(QStringLiteral("tab_reports"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("reportShow")); }));
        idle(ui);
        CHECK_FALSE(ui.exists(QStringLiteral("reportKind_centres")));
        CHECK(ui.exists(QStringLiteral("reportKind_expiring")));

        // Dates are checked before anything is asked.
        ui.type(QStringLiteral("reportFrom"), QString::fromStdString(iso(data.lastDay)));
        ui.type(QStringLiteral("reportTo"), QString::fromStdString(iso(data.firstDay)));
        ui.click(QStringLiteral("reportShow"));
        CHECK(ui.text(QStringLiteral("reportsError")) == QStringLiteral("The range ends before it starts."));
        CHECK(errorOf(ui) == QStringLiteral("The range ends before it starts."));
        ui.type(QStringLiteral("reportFrom"), QString::fromStdString(iso(data.lastDay.addDays(-400))));
        ui.type(QStringLiteral("reportTo"), QString::fromStdString(iso(data.lastDay)));
        ui.click(QStringLiteral("reportShow"));
        CHECK(ui.text(QStringLiteral("reportsError")) == QStringLiteral("A report covers at most 366 days."));
        ui.type(QStringLiteral("reportFrom"), QStringLiteral("2026-02-30"));
        ui.click(QStringLiteral("reportShow"));
        CHECK(ui.text(QStringLiteral("reportsError")).contains(QStringLiteral("is not a date")));

        showDates(ui, data.firstDay, data.lastDay);
        CHECK(errorOf(ui).isEmpty());
        CHECK(reportOf(ui).value(QStringLiteral("centreCode")).toString() == QStringLiteral("TJ01"));
        {
            pqxx::read_transaction tx{*owner};
            for (QDate d = data.firstDay; d <= data.lastDay; d = d.addDays(1)) {
                auto plain = test::plainSums(tx, ownCentre, d, d);
                const QVariantMap cells = cellsOf(ui, d.toString(Qt::ISODate));
                INFO("day " << iso(d));
                CHECK(cells.value("transactions").toString().toStdString() ==
                      std::to_string(plain.transactions));
                CHECK(cells.value("completed").toString().toStdString() ==
                      std::to_string(plain.byKind["NEW"][0] + plain.byKind["RENEW"][0] +
                                     plain.byKind["UPGRADE"][0] + plain.byKind["REPLACE"][0] +
                                     plain.byKind["UNLOCK"][0]));
                CHECK(cells.value("paid").toString().toStdString() == yuanText(plain.paid));
                CHECK(cells.value("refunded").toString().toStdString() == yuanText(plain.refunded));
                CHECK(cells.value("expected_cash").toString().toStdString() == yuanText(plain.cashExpected));
            }
            const auto all = test::plainSums(tx, ownCentre, data.firstDay, data.lastDay);
            REQUIRE(all.transactions > 0);
            const QVariantMap total = cellsOf(ui, QStringLiteral("TOTAL"));
            CHECK(total.value("transactions").toString().toStdString() == std::to_string(all.transactions));
            CHECK(total.value("paid").toString().toStdString() == yuanText(all.paid));
            CHECK(ui.text(QStringLiteral("reportsTile_total/value")).toStdString() ==
                  std::to_string(all.transactions));

            saveScreen(ui, QStringLiteral("office-report-range-seeded"));
            const std::string csv = exported(ui, "reportsExportCsv");
            CHECK(csv == exportDir + "/range-TJ01-" + iso(data.firstDay) + "-" + iso(data.lastDay) + ".csv");
            CHECK(csvMatchesScreen(ui, fileText(csv)) == spec.days + 1);
            const std::string pdf = exported(ui, "reportsExportPdf");
            const std::string text = pdfText(pdf);
            INFO(text);
            CHECK_THAT(text, Catch::Contains(yuanText(all.paid)));
            CHECK_THAT(text, Catch::Contains(std::to_string(all.transactions)));
            CHECK_THAT(text, Catch::Contains("TJ01"));
        }

        // Expiring: the default 60 days, this centre's certificates, soonest first.
        show(ui, QStringLiteral("expiring"), "reportKind_expiring");
        CHECK(ui.text(QStringLiteral("reportDays")) == QStringLiteral("60"));
        idle(ui);
        ui.type(QStringLiteral("reportDays"), QStringLiteral("400"));
        ui.click(QStringLiteral("reportShow"));
        REQUIRE(ui.waitFor([&] { return reportOf(ui).value(QStringLiteral("days")).toInt() == 400; }));
        idle(ui);
        const pqxx::result expected = [&] {
            pqxx::read_transaction tx{*owner};
            return tx.exec_params(
                "SELECT c.serial FROM countersign.certificates c "
                "LEFT JOIN countersign.transactions t ON t.id = c.transaction_id "
                "LEFT JOIN countersign.tokens k ON k.id = c.token_id "
                "WHERE c.status = 'active' AND c.not_after BETWEEN now() AND now() + interval '400 days' "
                "AND coalesce(t.centre_id, k.centre_id) = $1 ORDER BY c.not_after, c.serial",
                ownCentre);
        }();
        REQUIRE(expected.size() > 0);
        const QVariantList shown = reportOf(ui).value(QStringLiteral("certificates")).toList();
        REQUIRE(static_cast<std::size_t>(shown.size()) == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            CHECK(shown[static_cast<int>(i)].toMap().value("serial").toString().toStdString() ==
                  expected[static_cast<pqxx::result::size_type>(i)][0].as<std::string>());
        CHECK(ui.text(QStringLiteral("reportsTitle")).startsWith(QString::number(expected.size())));
        saveScreen(ui, QStringLiteral("office-report-expiring-seeded"));
        const std::string csv = exported(ui, "reportsExportCsv");
        CHECK(csvMatchesScreen(ui, fileText(csv), true) == static_cast<int>(expected.size()));
        const std::string text = pdfText(exported(ui, "reportsExportPdf"));
        CHECK_THAT(text, Catch::Contains("共 " + std::to_string(expected.size()) + " 张"));
        CHECK_THAT(text, Catch::Contains("TJ01"));

        idle(ui);
        ui.type(QStringLiteral("reportDays"), QStringLiteral("0"));
        ui.click(QStringLiteral("reportShow"));
        CHECK(ui.text(QStringLiteral("reportsError")).contains(QStringLiteral("from 1 to 3660")));
    }

    SECTION("an admin: every centre side by side") {
        ui.login(QStringLiteral("adm"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
        ui.click(QStringLiteral("office_report"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("tab_reports")); }));
        ui.click(QStringLiteral("tab_reports"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("reportShow")); }));
        show(ui, QStringLiteral("centres"), "reportKind_centres");
        showDates(ui, data.firstDay, data.lastDay);
        pqxx::read_transaction tx{*owner};
        for (const auto& [code, id] : std::vector<std::pair<QString, long long>>{
                 {QStringLiteral("TJ01"), ownCentre}, {QStringLiteral("G02"), otherCentre}, {"TOTAL", 0}}) {
            const auto plain = test::plainSums(tx, id, data.firstDay, data.lastDay);
            const QVariantMap cells = cellsOf(ui, code);
            INFO("centre " << code.toStdString());
            CHECK(plain.transactions > 0);
            CHECK(cells.value("transactions").toString().toStdString() == std::to_string(plain.transactions));
            CHECK(cells.value("paid").toString().toStdString() == yuanText(plain.paid));
            CHECK(cells.value("refunded").toString().toStdString() == yuanText(plain.refunded));
            CHECK(cells.value("expected_cash").toString().toStdString() == yuanText(plain.cashExpected));
        }
        saveScreen(ui, QStringLiteral("office-report-centres-seeded"));
        const std::string csv = exported(ui, "reportsExportCsv");
        CHECK(csv == exportDir + "/centres-" + iso(data.firstDay) + "-" + iso(data.lastDay) + ".csv");
        CHECK(csvMatchesScreen(ui, fileText(csv)) == 4); // G01 (now empty), G02, TJ01, TOTAL
        const auto all = test::plainSums(tx, 0, data.firstDay, data.lastDay);
        const std::string text = pdfText(exported(ui, "reportsExportPdf"));
        CHECK_THAT(text, Catch::Contains(yuanText(all.paid)));
        CHECK_THAT(text, Catch::Contains("G02"));

        // Every centre's expiring certificates.
        show(ui, QStringLiteral("expiring"), "reportKind_expiring");
        idle(ui);
        ui.type(QStringLiteral("reportDays"), QStringLiteral("400"));
        ui.click(QStringLiteral("reportAllCentres"));
        REQUIRE(ui.waitFor([&] {
            return reportOf(ui).value(QStringLiteral("days")).toInt() == 400 &&
                   reportOf(ui).value(QStringLiteral("centreCode")).toString().isEmpty();
        }));
        CHECK(reportOf(ui).value(QStringLiteral("count")).toLongLong() ==
              tx.exec1("SELECT count(*) FROM countersign.certificates WHERE status = 'active' AND not_after "
                       "BETWEEN now() AND now() + interval '400 days'")[0]
                  .as<long long>());
    }
}

TEST_CASE("the counter's door decides from the session's role who reads which report", "[db][qml][reports]") {
    test::TestDatabase database;
    database.addStaff("op", "pw", "operator");
    database.addStaff("sup", "pw", "supervisor");
    database.addStaff("adm", "pw", "admin");
    const long long counter = database.counterId();
    counter::Database door(database.counterDsn());
    pqxx::connection counterConn{database.counterDsn()};
    auto sessionOf = [&](const char* who) {
        const auto login =
            auth::logIn(counterConn, auth::LoginPurpose::Login, who, Secret(std::string("pw")));
        REQUIRE(login.status == auth::LoginStatus::Ok);
        return login.session;
    };
    const QDate today = QDate::currentDate();
    auto read = [&](const auth::SessionToken& session, counter::ReportAsk::Kind kind, bool all = false) {
        counter::ReportAsk ask;
        ask.kind = kind;
        ask.from = today.addDays(-3);
        ask.to = today;
        ask.allCentres = all;
        return through<counter::OfficeReport>(door, [counter, session, ask](counter::Desk& desk) {
            return desk.officeReport(counter, session, ask);
        });
    };
    using K = counter::ReportAsk::Kind;
    const auto op = sessionOf("op"), sup = sessionOf("sup"), adm = sessionOf("adm");

    const auto byOperator = read(op, K::Range);
    CHECK_FALSE(byOperator.ok());
    CHECK_THAT(byOperator.error, Catch::Contains("only a supervisor or an admin"));
    CHECK(read(sup, K::Range).ok());
    CHECK(read(sup, K::Expiring).ok());
    const auto supCentres = read(sup, K::Centres);
    CHECK_FALSE(supCentres.ok());
    CHECK_THAT(supCentres.error, Catch::Contains("only an admin"));
    CHECK_FALSE(read(sup, K::Expiring, true).ok());
    const auto admCentres = read(adm, K::Centres);
    REQUIRE(admCentres.ok());
    CHECK(admCentres.value->centres.has_value());
    CHECK(read(adm, K::Expiring, true).ok());
    // A session that is no one's is refused by the database.
    const auto nobody = read(std::make_shared<const Secret>(std::string(64, 'a')), K::Range);
    CHECK_FALSE(nobody.ok());
    CHECK_THAT(nobody.error, Catch::Contains("log in again"));
}
