// The back office's key models and stock page and its settings page (issue 21, "stock"), driven like a
// person through the kiosk against PostgreSQL: keys received by scanning show in the levels and a refused
// serial is named with its reason; a key written off with its reason after the confirm step shows in the
// levels and in the audit; a key model whose factory SO PIN file others may read is refused with the reason
// on screen, a good one recorded; and the settings page shows countersignctl doctor's verdicts, a failing
// printer as failing.
#include <catch2/catch.hpp>

#include <iostream>

#include <QElapsedTimer>

#include <sys/stat.h>

#include "tests/support/counterfixture.h"
#include "tests/support/kioskdriver.h"
#include "tests/support/privatecups.h"

using namespace countersign;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kStock = QStringLiteral("stockController");

void openStockPage(KioskDriver& ui) {
    ui.login(QStringLiteral("adm"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
    ui.click(QStringLiteral("office_stock"));
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("stockPage")); }));
    REQUIRE(ui.waitFor([&] { return !ui.property(kStock, "busy").toBool(); }));
}

void idle(KioskDriver& ui) {
    REQUIRE(ui.waitFor([&] { return !ui.property(kStock, "busy").toBool(); }));
}

std::string secretFile(const std::string& name, const std::string& content, mode_t mode) {
    const std::string path = test::writeScratchFile(name, content);
    ::chmod(path.c_str(), mode);
    return path;
}

} // namespace

TEST_CASE("Stock page: keys scanned in show in the levels, a refused serial is named with its reason, and a "
          "key written off with its reason after the confirm step leaves the levels, audited",
          "[qml][ui][stock]") {
    CounterFixture f;
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    REQUIRE(f.ctl({"stock", "receive", "--model", "ePass3003", "--serial", "SP-OLD1", "--operator", "adm",
                   "--password-fd", "0"},
                  std::string(CounterFixture::kSupervisorPassword) + "\n")
                .exitCode == 0);
    const std::string before =
        f.scalar("SELECT count(*) FROM countersign.tokens WHERE model = 'ePass3003' AND state = 'in_stock'");
    const long long inStock = std::stoll(before);
    {
        KioskDriver ui(f.config);
        openStockPage(ui);
        const QString line = QStringLiteral("level_ePass3003");
        REQUIRE(ui.waitFor([&] { return ui.exists(line); }));
        CHECK(ui.property(line, "inStock").toLongLong() == inStock);

        // Three serials scanned with the wedge, one of them known already.
        ui.type(QStringLiteral("stockModel"), QStringLiteral("ePass3003"));
        ui.click(QStringLiteral("stockSerials"));
        ui.scan(QStringLiteral("SP-0001"));
        ui.scan(QStringLiteral("SP-OLD1"));
        ui.scan(QStringLiteral("SP-0002"));
        CHECK(ui.text(QStringLiteral("stockSerials")).split(QLatin1Char('\n'), Qt::SkipEmptyParts) ==
              (QStringList{QStringLiteral("SP-0001"), QStringLiteral("SP-OLD1"), QStringLiteral("SP-0002")}));
        ui.click(QStringLiteral("receiveStock"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("refused_SP-OLD1")); }));
        idle(ui);
        CHECK_THAT(ui.text(QStringLiteral("refused_SP-OLD1")).toStdString(),
                   Catch::Contains("key SP-OLD1 is already known (state in_stock"));
        CHECK_THAT(ui.text(QStringLiteral("stockMessage")).toStdString(), Catch::Contains("2"));
        CHECK(ui.exists(QStringLiteral("stockError")));
        REQUIRE(ui.waitFor([&] { return ui.property(line, "inStock").toLongLong() == inStock + 2; }));

        // The write-off: the key, the reason, the confirm step.
        ui.click(QStringLiteral("stockView_writeoff"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("held_SP-0001")); }));
        ui.click(QStringLiteral("held_SP-0001"));
        CHECK(ui.text(QStringLiteral("writeOffSerial")) == QStringLiteral("SP-0001"));
        CHECK_FALSE(ui.property(QStringLiteral("writeOffButton"), "enabled").toBool()); // no reason yet
        ui.type(QStringLiteral("writeOffReason"), QStringLiteral("casing cracked in the delivery"));
        ui.click(QStringLiteral("writeOffButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("confirmWriteOff")); }));
        CHECK_THAT(ui.text(QStringLiteral("writeOffSummary")).toStdString(),
                   Catch::Contains("SP-0001") && Catch::Contains("casing cracked in the delivery"));
        // Nothing happens before it is confirmed.
        CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = 'SP-0001'") == "in_stock");
        ui.click(QStringLiteral("confirmWriteOff"));
        REQUIRE(ui.waitFor([&] {
            return ui.exists(QStringLiteral("stockMessage")) &&
                   ui.text(QStringLiteral("stockMessage")).contains(QStringLiteral("SP-0001"));
        }));
        idle(ui);
        CHECK_FALSE(ui.exists(QStringLiteral("held_SP-0001")));
        ui.click(QStringLiteral("stockView_levels"));
        REQUIRE(ui.waitFor([&] { return ui.exists(line); }));
        CHECK(ui.property(line, "inStock").toLongLong() == inStock + 1);
        CHECK(ui.property(line, "writtenOff").toLongLong() == 1);
        CHECK(ui.text(line).contains(QStringLiteral("1")));

        // A key that is not in stock is refused in the database's words.
        ui.click(QStringLiteral("stockView_writeoff"));
        ui.type(QStringLiteral("writeOffSerial"), QStringLiteral("SP-0001"));
        ui.type(QStringLiteral("writeOffReason"), QStringLiteral("again"));
        ui.click(QStringLiteral("writeOffButton"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("confirmWriteOff")); }));
        ui.click(QStringLiteral("confirmWriteOff"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("stockError")); }));
        CHECK_THAT(ui.text(QStringLiteral("stockError")).toStdString(),
                   Catch::Contains("SP-0001 is retired"));
    }
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = 'SP-0001'") == "retired");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = 'SP-0002'") == "in_stock");
    CHECK(f.scalar("SELECT s.username || ' ' || (a.detail ->> 'note') FROM countersign.audit_log a JOIN "
                   "countersign.staff s ON s.id = a.actor_staff_id WHERE a.event = 'stock.written_off' AND "
                   "a.subject "
                   "= 'SP-0001'") == "adm casing cracked in the delivery");
    CHECK(
        f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'stock.received' AND subject LIKE "
                 "'SP-000%'") == "2");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Stock page: a key model whose factory SO PIN file others may read is refused with the reason on "
          "screen; a file of mode 0600 is recorded and shown usable, never the PIN",
          "[qml][ui][stock][keymodels]") {
    CounterFixture f;
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    const std::string open = secretFile("page-open.sopin", "40961357\n", 0644);
    const std::string good = secretFile("page-good.sopin", "40961357\n", 0600);
    {
        KioskDriver ui(f.config);
        openStockPage(ui);
        ui.click(QStringLiteral("stockView_models"));
        ui.type(QStringLiteral("modelName"), QStringLiteral("ePass3003"));
        ui.type(QStringLiteral("modelManufacturer"), QStringLiteral("Feitian"));
        ui.type(QStringLiteral("modelSoPinFile"), QString::fromStdString(open));
        ui.type(QStringLiteral("modelPinMin"), QStringLiteral("6"));
        ui.type(QStringLiteral("modelPinMax"), QStringLiteral("8"));
        ui.click(QStringLiteral("alg_rsa2048"));
        ui.click(QStringLiteral("saveModel"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("stockError")); }));
        idle(ui);
        const std::string refusal = ui.text(QStringLiteral("stockError")).toStdString();
        CHECK_THAT(refusal, Catch::Contains("must be readable by its owner only (chmod 600)"));
        CHECK_THAT(refusal, Catch::Contains(open));
        CHECK_THAT(refusal, Catch::Contains("nothing was recorded"));
        CHECK(f.scalar("SELECT count(*) FROM countersign.key_models") == "0");

        ui.type(QStringLiteral("modelSoPinFile"), QString::fromStdString(good));
        ui.click(QStringLiteral("saveModel"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("model_ePass3003/factorySoPin")); }));
        idle(ui);
        CHECK(ui.text(QStringLiteral("stockMessage")).contains(QStringLiteral("ePass3003")));
        CHECK(ui.property(QStringLiteral("model_ePass3003"), "factorySoPinUsable").toBool());
        const QString state = ui.text(QStringLiteral("model_ePass3003/factorySoPin"));
        CHECK(state.contains(QString::fromStdString(good)));
        CHECK_FALSE(state.contains(QStringLiteral("40961357")));
    }
    CHECK(f.scalar(
              "SELECT manufacturer || ' ' || pin_min || '-' || pin_max || ' ' || array_to_string(algorithms, "
              "',') || ' ' || factory_so_pin_file FROM countersign.key_models WHERE name = 'ePass3003'") ==
          "Feitian 6-8 rsa2048 " + good);
    CHECK(f.scalar("SELECT s.username FROM countersign.audit_log a JOIN countersign.staff s ON s.id = "
                   "a.actor_staff_id "
                   "WHERE a.event = 'stock.model_set' AND a.subject = 'ePass3003'") == "adm");
}

TEST_CASE("Settings page: what is in force at this counter, and countersignctl doctor's checks with their "
          "verdicts — a missing printer queue shown failing",
          "[qml][ui][settings]") {
    CounterFixture f;
    f.db.addStaff("adm", CounterFixture::kSupervisorPassword, "admin");
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    f.config.printerName = QStringLiteral("NO_SUCH_QUEUE");
    KioskDriver ui(f.config);
    ui.login(QStringLiteral("adm"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
    ui.click(QStringLiteral("office_settings"));
    const QString settings = QStringLiteral("settingsController");
    REQUIRE(ui.waitFor(
        [&] {
            return !ui.property(settings, "checking").toBool() &&
                   !ui.property(settings, "checkedAt").toString().isEmpty();
        },
        60000));
    // A failing check is listed first, above the fold.
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("check_printer")); }));

    CHECK(ui.property(QStringLiteral("check_printer"), "verdict").toString() == QStringLiteral("fail"));
    INFO(ui.text(QStringLiteral("check_printer/detail")).toStdString());
    // The printing layer's words for the queue CUPS doesn't have (which words depend on how CUPS answers).
    CHECK(ui.text(QStringLiteral("check_printer/detail")).contains(QStringLiteral("CUPS")));
    for (const char* ok : {"check_database", "check_schema", "check_workstation", "check_master_secret"}) {
        INFO(ok << ": " << ui.text(QString::fromLatin1(ok) + QStringLiteral("/detail")).toStdString());
        CHECK(ui.property(QString::fromLatin1(ok), "verdict").toString() == QStringLiteral("ok"));
    }
    CHECK(ui.property(settings, "failedCount").toInt() >= 1);
    CHECK(ui.property(QStringLiteral("doctorSummary"), "color") !=
          ui.property(QStringLiteral("check_database/verdict"), "color"));

    // What is in force: names and places, never a password.
    REQUIRE(ui.waitFor(
        [&] { return !ui.text(QStringLiteral("setting_database")).startsWith(QStringLiteral("…")); }));
    CHECK(ui.text(QStringLiteral("setting_database")).contains(QString::fromStdString(f.db.name())));
    CHECK(ui.text(QStringLiteral("setting_printer")).contains(QStringLiteral("NO_SUCH_QUEUE")));
    CHECK(ui.text(QStringLiteral("setting_idle")).contains(QString::number(f.config.idleLockMinutes)));
    CHECK(ui.text(QStringLiteral("setting_sopin")).startsWith(QString::number(f.config.soPinVersion)));
    CHECK_FALSE(ui.text(QStringLiteral("setting_fees")).isEmpty());

    // Again on request: the checks run off the GUI thread, the page stays usable.
    const QString first = ui.property(settings, "checkedAt").toString();
    ui.settle(1100);
    QElapsedTimer took;
    took.start();
    ui.click(QStringLiteral("runChecks"));
    REQUIRE(ui.waitFor(
        [&] {
            return !ui.property(settings, "checking").toBool() &&
                   ui.property(settings, "checkedAt").toString() != first;
        },
        60000));
    std::cout << "doctor's checks on the settings page, run again: " << took.elapsed() << " ms\n";
    CHECK(ui.property(QStringLiteral("check_printer"), "verdict").toString() == QStringLiteral("fail"));
}
