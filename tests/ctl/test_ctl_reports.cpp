// countersignctl report and day: the exports (text, CSV, JSON, PDF) hold the figures plain SQL gives for the
// same records, and a day closed from the command line is frozen — over generated records and over the real
// counter operations.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "backend/receipts/receipts.h"
#include "tests/support/counterfixture.h"
#include "tests/support/reportdata.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kPassword = "supervisor-password";

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

std::string yuan(long long fen) {
    return std::to_string(fen / 100) + "." + (fen % 100 < 10 ? "0" : "") + std::to_string(fen % 100);
}

QJsonObject jsonOf(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

test::ProcessResult ctl(const std::string& config, std::vector<std::string> args,
                        const std::string& input = {}) {
    args.insert(args.begin(), {"--config", config});
    return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
}

/// The CSV's lines split into cells (the exports quote nothing in these tests' data).
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
        rows.push_back(cells);
    }
    return rows;
}

/// The row of a CSV whose first cell is `first`, after the header line that starts with `header`.
std::vector<std::string> csvRow(const std::string& csv, const std::string& header, const std::string& first) {
    bool inSection = false;
    for (const auto& row : csvRows(csv)) {
        if (!row.empty() && row[0] == header)
            inSection = true;
        else if (row.empty())
            inSection = false;
        else if (inSection && row[0] == first)
            return row;
    }
    FAIL("no row " << first << " under " << header << " in\n" << csv);
    return {};
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

} // namespace

TEST_CASE("countersignctl report gives the same figures as plain SQL in text, CSV, JSON and PDF",
          "[ctl][reports]") {
    test::TestDatabase database;
    auto conn = database.connect();
    test::ReportDataSpec spec;
    spec.transactions = 6'000;
    spec.centres = 2;
    spec.countersPerCentre = 2;
    spec.days = 6;
    spec.passwordHash = auth::hashPassword(Secret(kPassword), {10, 8, 1});
    const auto data = test::generateReportData(*conn, spec);
    test::closeDays(*conn, data, data.firstDay.addDays(3));
    const std::string config = test::writeTestConfig(database);
    const QDate day = data.firstDay.addDays(4); // open
    test::PlainSums plain, plainClosed, plainRange, plainAll;
    {
        pqxx::read_transaction tx{*conn};
        plain = test::plainSums(tx, data.centreIds[1], day, day);
        plainClosed = test::plainSums(tx, data.centreIds[1], data.firstDay, data.firstDay);
        plainRange = test::plainSums(tx, data.centreIds[1], data.firstDay, data.lastDay);
        plainAll = test::plainSums(tx, 0, data.firstDay, data.lastDay);
    }

    SECTION("CSV") {
        const auto r =
            ctl(config, {"report", "daily", "--centre", "G02", "--date", iso(day), "--format", "csv"});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        const auto renew = csvRow(r.out, "operation", "RENEW");
        CHECK(renew[1] == std::to_string(plain.byKind["RENEW"][0]));
        CHECK(renew[2] == std::to_string(plain.byKind["RENEW"][1]));
        CHECK(csvRow(r.out, "operation", "TOTAL")[5] == std::to_string(plain.transactions));
        CHECK(csvRow(r.out, "method", "wechat_pay")[2] == yuan(plain.paidByMethod["wechat_pay"]));
        CHECK(csvRow(r.out, "method", "TOTAL")[2] == yuan(plain.paid));
        CHECK(csvRow(r.out, "item", "expected_cash")[1] == yuan(plain.cashExpected));
        CHECK(csvRow(r.out, "item", "keys_issued")[1] == std::to_string(plain.keysIssued));
        CHECK(csvRow(r.out, "item", "letters_consumed")[1] == std::to_string(plain.lettersConsumed));

        const auto range =
            ctl(config, {"report", "range", "--centre", "G02", "--from", iso(data.firstDay), "--to",
                         iso(data.lastDay), "--format", "csv", "--out", test::scratchDir() + "/range.csv"});
        INFO(range.err);
        REQUIRE(range.exitCode == 0);
        const auto rows = csvRows(fileText(test::scratchDir() + "/range.csv"));
        REQUIRE(rows.size() == 1 + 6 + 1);
        CHECK(rows[0][0] == "date");
        CHECK(rows[1][0] == iso(data.firstDay));
        CHECK(rows[1][1] == "yes");
        CHECK(rows[5][1] == "no");
        CHECK(rows[7][0] == "TOTAL");
        CHECK(rows[7][2] == std::to_string(plainRange.transactions));
    }
    SECTION("JSON") {
        const auto r =
            ctl(config, {"--json", "report", "daily", "--centre", "G02", "--date", iso(data.firstDay)});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        const auto o = jsonOf(r.out);
        CHECK(o["closed"].toBool());
        CHECK(o["close"].toObject()["closed_by"].toString() == QStringLiteral("sup-G02"));
        const auto totals = o["figures"].toObject()["totals"].toObject();
        CHECK(totals["total"].toInteger() == plainClosed.transactions);
        CHECK(totals["paid_fen"].toInteger() == plainClosed.paid);
        CHECK(totals["refunded_fen"].toInteger() == plainClosed.refunded);
        CHECK(totals["expected_cash_fen"].toInteger() == plainClosed.cashExpected);
        CHECK(totals["waivers"].toInteger() == plainClosed.waivers);

        const auto c = ctl(config, {"report", "centres", "--from", iso(data.firstDay), "--to",
                                    iso(data.lastDay), "--format", "json"});
        REQUIRE(c.exitCode == 0);
        const auto centres = jsonOf(c.out);
        CHECK(centres["totals"].toObject()["totals"].toObject()["total"].toInteger() ==
              plainAll.transactions);
        CHECK(centres["totals"].toObject()["totals"].toObject()["paid_fen"].toInteger() == plainAll.paid);
        CHECK(centres["centres"].toArray().size() == 3); // G01, G02 and the test database's TJ01

        const auto e = ctl(config, {"--json", "report", "expiring", "--days", "365"});
        REQUIRE(e.exitCode == 0);
        pqxx::read_transaction tx{*conn};
        CHECK(
            jsonOf(e.out)["count"].toInteger() ==
            tx.exec1("SELECT count(*) FROM countersign.certificates WHERE status = 'active' AND not_after >= "
                     "now() AND not_after < now() + interval '365 days'")[0]
                .as<long long>());
    }
    SECTION("PDF") {
        const std::string daily = test::scratchDir() + "/daily.pdf";
        const auto r = ctl(config, {"report", "daily", "--centre", "G02", "--date", iso(day), "--format",
                                    "pdf", "--out", daily});
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        struct stat st {};
        REQUIRE(::stat(daily.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600); // a report is for its owner only
        const std::string text = pdfText(daily);
        INFO(text);
        CHECK_THAT(text, Catch::Contains("G02"));
        CHECK_THAT(text, Catch::Contains("日报"));
        CHECK_THAT(text, Catch::Contains(iso(day)));
        CHECK_THAT(text, Catch::Contains(yuan(plain.paid)));
        CHECK_THAT(text, Catch::Contains(yuan(plain.cashExpected)));
        CHECK_THAT(text, Catch::Contains(yuan(plain.paidByMethod["wechat_pay"])));
        CHECK_THAT(text, Catch::Contains(std::to_string(plain.transactions)));
        // A rendering that is not blank: pdftoppm draws it.
        const auto png = test::runProcess(
            "pdftoppm", {"-r", "40", "-png", "-f", "1", "-l", "1", daily, test::scratchDir() + "/daily"});
        CHECK(png.exitCode == 0);

        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"range", "--centre", "G02", "--from", iso(data.firstDay), "--to", iso(data.lastDay)},
                 {"centres", "--from", iso(data.firstDay), "--to", iso(data.lastDay)},
                 {"expiring", "--days", "400"}}) {
            const std::string out = test::scratchDir() + "/" + args[0] + ".pdf";
            auto full = args;
            full.insert(full.begin(), "report");
            for (const auto& a : {"--format", "pdf", "--out"})
                full.push_back(a);
            full.push_back(out);
            const auto made = ctl(config, full);
            INFO(args[0] << made.err);
            REQUIRE(made.exitCode == 0);
            const std::string t = pdfText(out);
            if (args[0] == "range")
                CHECK_THAT(t, Catch::Contains(yuan(plainRange.paid)));
            if (args[0] == "centres")
                CHECK_THAT(t, Catch::Contains(yuan(plainAll.paid)));
        }
    }
    SECTION("text and usage") {
        const auto r = ctl(config, {"report", "daily", "--centre", "G02", "--date", iso(day)});
        REQUIRE(r.exitCode == 0);
        CHECK_THAT(r.out, Catch::Contains("expected cash: " + yuan(plain.cashExpected)));
        CHECK(ctl(config, {"report", "daily", "--centre", "G02", "--date", "2026-13-01"}).exitCode == 2);
        CHECK(ctl(config, {"report", "daily", "--centre", "G02", "--date", iso(day), "--format", "pdf"})
                  .exitCode == 2);
        CHECK(ctl(config, {"report", "daily", "--centre", "NOPE", "--date", iso(day)}).exitCode == 1);
        CHECK(
            ctl(config, {"report", "range", "--centre", "G02", "--from", "2025-01-01", "--to", "2026-02-01"})
                .exitCode == 1);
    }
}

TEST_CASE("countersignctl day close signs the day with the supervisor's password from a descriptor and the "
          "database then refuses changes to it",
          "[ctl][dayclose]") {
    test::TestDatabase database;
    auto conn = database.connect();
    test::ReportDataSpec spec;
    spec.transactions = 800;
    spec.centres = 2;
    spec.countersPerCentre = 1;
    spec.days = 3;
    spec.passwordHash = auth::hashPassword(Secret(kPassword), {10, 8, 1});
    const auto data = test::generateReportData(*conn, spec);
    const std::string config = test::writeTestConfig(database);
    const QDate day = data.lastDay.addDays(-1);

    const auto preview = ctl(config, {"--json", "day", "preview", "--centre", "G02", "--date", iso(day)});
    INFO(preview.out << preview.err);
    REQUIRE(preview.exitCode == 0);
    const long long expected = jsonOf(preview.out)["expected_cash_fen"].toInteger();
    CHECK(
        ctl(config, {"day", "preview", "--centre", "G02", "--date", iso(data.lastDay.addDays(1))}).exitCode ==
        1);

    // The password is never an argument.
    CHECK(ctl(config, {"day", "close", "--centre", "G02", "--date", iso(day), "--counted-cash", "1.00",
                       "--supervisor", "sup-G02", "--supervisor-password", kPassword})
              .exitCode == 2);
    const auto wrong = ctl(config,
                           {"day", "close", "--centre", "G02", "--date", iso(day), "--counted-cash", "0",
                            "--supervisor", "sup-G02", "--supervisor-password-fd", "0"},
                           "not-the-password\n");
    CHECK(wrong.exitCode == 1);
    CHECK_THAT(wrong.err, Catch::Contains("wrong user name or password"));

    const auto closed =
        ctl(config,
            {"--json", "day", "close", "--centre", "G02", "--date", iso(day), "--counted-cash",
             yuan(expected + 1000), "--supervisor", "sup-G02", "--supervisor-password-fd", "0"},
            std::string(kPassword) + "\n");
    INFO(closed.out << closed.err);
    REQUIRE(closed.exitCode == 0);
    const auto o = jsonOf(closed.out);
    CHECK(o["closed"].toBool());
    CHECK(o["close"].toObject()["difference_fen"].toInteger() == 1000);
    CHECK(o["close"].toObject()["counted_cash_fen"].toInteger() == expected + 1000);
    const auto again = ctl(config,
                           {"day", "close", "--centre", "G02", "--date", iso(day), "--counted-cash", "0",
                            "--supervisor", "sup-G02", "--supervisor-password-fd", "0"},
                           std::string(kPassword) + "\n");
    CHECK(again.exitCode == 1);
    CHECK_THAT(again.err, Catch::Contains("already closed"));

    const auto text = ctl(config, {"report", "daily", "--centre", "G02", "--date", iso(day)});
    CHECK_THAT(text.out, Catch::Contains("CLOSED"));
    CHECK_THAT(text.out, Catch::Contains("difference 10.00"));

    pqxx::work tx{*conn};
    CHECK_THROWS_WITH(
        tx.exec_params0("UPDATE countersign.transactions SET failure_reason = 'x' WHERE centre_id = "
                        "$1 AND business_date = $2::date",
                        data.centreIds[1], iso(day)),
        Catch::Contains("is closed"));
}

TEST_CASE("real counter operations show in the daily report as plain SQL sums them, and the closed day is "
          "frozen",
          "[ctl][dayclose][workflow]") {
    test::CounterFixture f("ningbo", "[rules]\nrenew_days_before=400\n");
    // A first certificate (free in Ningbo), a renewal paid in cash, a lost key replaced and paid by WeChat,
    // then that replacement refunded with a supervisor's approval.
    const std::string serial = f.issueNew("NB-R1");
    const auto pw = std::string(test::CounterFixture::kOperatorPassword) + "\n";
    const auto renew =
        f.ctl(test::CounterFixture::asOperator({"--json", "renew", "--key", serial, "--pin-fd", "0", "--alg",
                                                "ec-p256", "--payment", "cash:150.00"}),
              pw + "135790\n");
    INFO(renew.out << renew.err);
    REQUIRE(renew.exitCode == 0);
    const auto replace =
        f.ctl(test::CounterFixture::asOperator({"--json", "replace", "--letter-json",
                                                f.authorizationLetterFile("auth", {"REPLACE"}), "--reason",
                                                "lost", "--old-key", serial, "--alg", "ec-p256",
                                                "--new-pin-fd", "0", "--payment", "wechat_pay:100.00:WX-R1"}),
              pw + "246813\n");
    INFO(replace.out << replace.err);
    REQUIRE(replace.exitCode == 0);
    const std::string replaceNo = jsonOf(replace.out)["transaction"].toString().toStdString();
    const auto refund =
        f.ctl(test::CounterFixture::asOperator({"refund", replaceNo, "--reason", "customer changed mind",
                                                "--supervisor", "sup", "--supervisor-password-fd", "0"}),
              pw + test::CounterFixture::kSupervisorPassword + "\n");
    INFO(refund.out << refund.err);
    REQUIRE(refund.exitCode == 0);

    const std::string today = f.scalar("SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text");
    const QDate day = QDate::fromString(QString::fromStdString(today), Qt::ISODate);
    test::PlainSums plain;
    {
        pqxx::read_transaction tx{*f.conn};
        plain = test::plainSums(tx, f.db.centreId(), day, day);
    }
    CHECK(plain.transactions == 3);
    CHECK(plain.paidByMethod["cash"] == 15000);
    CHECK(plain.refundedByMethod["wechat_pay"] == 10000);
    const auto r = f.ctl({"--json", "report", "daily", "--date", today});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto figures = jsonOf(r.out)["figures"].toObject();
    const auto totals = figures["totals"].toObject();
    CHECK(totals["total"].toInteger() == plain.transactions);
    CHECK(totals["completed"].toInteger() == 3);
    CHECK(totals["paid_fen"].toInteger() == plain.paid);
    CHECK(totals["refunded_fen"].toInteger() == plain.refunded);
    CHECK(totals["expected_cash_fen"].toInteger() == 15000);
    CHECK(figures["stock"].toObject()["issued"].toInteger() == plain.keysIssued);
    CHECK(totals["letters_consumed"].toInteger() == plain.lettersConsumed);
    CHECK(plain.lettersConsumed == 2);
    std::map<QString, long long> byKind;
    for (const auto& v : figures["by_operation"].toArray())
        byKind[v.toObject()["kind"].toString()] = v.toObject()["completed"].toInteger();
    CHECK(byKind[QStringLiteral("NEW")] == 1);
    CHECK(byKind[QStringLiteral("RENEW")] == 1);
    CHECK(byKind[QStringLiteral("REPLACE")] == 1);
    const auto people = figures["by_operator"].toArray();
    REQUIRE(people.size() == 1);
    CHECK(people[0].toObject()["username"].toString() == QStringLiteral("op"));

    // The supervisor closes today with the cash counted; afterwards the receipts can be printed again but
    // not voided, and nothing of today can be changed.
    const auto closed = f.ctl({"--json", "day", "close", "--date", today, "--counted-cash", "150.00",
                               "--supervisor", "sup", "--supervisor-password-fd", "0"},
                              std::string(test::CounterFixture::kSupervisorPassword) + "\n");
    INFO(closed.out << closed.err);
    REQUIRE(closed.exitCode == 0);
    CHECK(jsonOf(closed.out)["close"].toObject()["difference_fen"].toInteger() == 0);
    CHECK(f.scalar("SELECT count(*)::text FROM countersign.audit_log WHERE event = 'day.closed'") == "1");
    CHECK_FALSE(f.auditBrokenAt());

    auto counter = std::make_unique<pqxx::connection>(f.db.counterDsn());
    {
        // Printed again by the operator (countersign.receipt_printed, 0020_money_records.sql).
        const auth::SessionToken session = f.operatorSession();
        pqxx::work tx{*counter};
        for (const auto& row : tx.exec("SELECT id FROM countersign.receipts"))
            receipts::recordPrint(tx, *session, row[0].as<long long>());
        tx.commit();
    }
    {
        // Voids are written only by countersign.receipt_void (0017); the freeze stops even the owner's.
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        CHECK_THROWS_WITH(tx.exec0("UPDATE countersign.receipts SET voided_at = now(), void_reason = 'late'"),
                          Catch::Contains("is closed"));
    }
    {
        // Transactions a counter's login may not write at all (0016); the freeze stops the owner.
        pqxx::work tx{*counter};
        CHECK_THROWS_WITH(tx.exec0("UPDATE countersign.transactions SET failure_reason = 'late'"),
                          Catch::Contains("permission denied"));
    }
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        CHECK_THROWS_WITH(tx.exec0("UPDATE countersign.transactions SET failure_reason = 'late'"),
                          Catch::Contains("is closed"));
    }
    // A new operation today is refused by the database itself.
    const auto late =
        f.ctl(test::CounterFixture::asOperator(
                  {"--json", "renew", "--key", jsonOf(replace.out)["key_serial"].toString().toStdString(),
                   "--pin-fd", "0", "--alg", "ec-p256", "--payment", "cash:150.00"}),
              pw + "246813\n");
    CHECK(late.exitCode != 0);
    CHECK_THAT(late.out + late.err, Catch::Contains("is closed"));
}
