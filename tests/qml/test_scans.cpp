// Evidence scans (issue 22): the letter and the agent's ID card, front and back, attached in the kiosk from
// the scanner's folder as thumbnails and kept with the transaction; which are required is configuration per
// operation (default: the letter and the ID card's front for NEW, REPLACE and UNLOCK), enforced by the
// workflow for the kiosk and countersignctl alike; a file too large or not an image is refused with the
// backend's caps.

#include <fstream>
#include <iostream>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QQuickItem>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <catch2/catch.hpp>

#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

#include "backend/config.h"
#include "backend/papers/demoletterissuer.h"
#include "backend/papers/scan.h"
#include "qml/kioskapp.h"
#include "qml/scancontroller.h"
#include "qml/writer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/kioskdriver.h"
#include "token/keydevice.h"

using namespace countersign;
using Catch::Contains;
using test::CounterFixture;
using test::KioskDriver;

namespace {

const QString kController = QStringLiteral("operationController");

/// A small picture of a card or a page, as a scanner saves it.
QString writePicture(const QString& path, const QString& words, const char* format = "PNG") {
    QImage image(480, 300, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setPen(Qt::black);
    p.drawRect(10, 10, 460, 280);
    p.drawText(image.rect(), Qt::AlignCenter, words);
    p.end();
    REQUIRE(image.save(path, format));
    return path;
}

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

/// The transaction's evidence as the database holds it (read as the owner: counters can't read the bytes).
std::map<std::string, QByteArray> evidenceOf(CounterFixture& f, const std::string& number) {
    auto owner = f.db.connect();
    pqxx::read_transaction tx{*owner};
    std::map<std::string, QByteArray> out;
    for (const auto& row : tx.exec_params("SELECT e.kind, e.bytes FROM countersign.evidence e JOIN "
                                          "countersign.transactions t ON t.id = e.transaction_id "
                                          "WHERE t.number = $1",
                                          number)) {
        const pqxx::binarystring b(row[1]);
        out[row[0].c_str()] = QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<int>(b.size()));
    }
    return out;
}

std::string scannerConfig(const QString& folder, const std::string& more = {}) {
    return "[scanner]\nfolder=" + folder.toStdString() + "\n" + more + "\n[ui]\nlanguage=en\n";
}

QVariantMap slotOf(KioskDriver& ui, const QString& name) {
    auto* scans = qvariant_cast<QObject*>(ui.property(kController, "scans"));
    REQUIRE(scans);
    for (const QVariant& v : scans->property("items").toList())
        if (v.toMap().value(QStringLiteral("name")).toString() == name)
            return v.toMap();
    return {};
}

std::vector<std::string> blankKey() {
    token::KeyDevice device(test::FaultKey::modulePath(), {}, nullptr);
    for (const auto& k : device.keys(false))
        if (k.blank() && !k.serial.empty())
            return {"--key", k.serial};
    return {};
}

} // namespace

TEST_CASE("scans: required per operation from [scanner], letter + ID front by default, unknown names refused",
          "[qml][scans]") {
    const AppConfig defaults;
    CHECK(defaults.requiredScans.at("NEW") == std::vector<std::string>{"letter", "id_front"});
    CHECK(defaults.requiredScans.at("REPLACE") == std::vector<std::string>{"letter", "id_front"});
    CHECK(defaults.requiredScans.at("UNLOCK") == std::vector<std::string>{"letter", "id_front"});
    CHECK(defaults.requiredScans.at("RENEW").empty());
    CHECK(defaults.requiredScans.at("UPGRADE").empty());

    QTemporaryDir dir;
    const auto write = [&](const std::string& text) {
        const std::string path = dir.filePath(QStringLiteral("c.conf")).toStdString();
        std::ofstream(path) << text;
        return QString::fromStdString(path);
    };
    const AppConfig c = loadConfig(write("[scanner]\nrequired_scans_new=letter, id_front, id_back\n"
                                         "required_scans_unlock=none\nrequired_scans_renew=id_back\n"));
    CHECK(c.requiredScans.at("NEW") == std::vector<std::string>{"letter", "id_front", "id_back"});
    CHECK(c.requiredScans.at("UNLOCK").empty());
    CHECK(c.requiredScans.at("RENEW") == std::vector<std::string>{"id_back"});
    CHECK(c.requiredScans.at("REPLACE") == std::vector<std::string>{"letter", "id_front"});
    try {
        loadConfig(write("[scanner]\nrequired_scans_replace=letter, passport\n"));
        FAIL("an unknown scan was accepted");
    } catch (const std::runtime_error& e) {
        CHECK_THAT(e.what(), Contains("scanner/required_scans_replace") && Contains("passport"));
    }
}

TEST_CASE("scans: a file too large or not an image is refused with the backend's caps, and a new image in "
          "the folder fills the first empty slot",
          "[qml][scans]") {
    QTemporaryDir dir;
    const QString folder = dir.path();
    const QString huge = folder + QStringLiteral("/huge.png");
    {
        QFile f(huge);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\n", 8);
        REQUIRE(f.resize(papers::kMaxScanBytes + 1)); // sparse: quick to make
    }
    const QString notes = folder + QStringLiteral("/notes.jpg");
    {
        QFile f(notes);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("these are not pixels\n");
    }
    qml::ScanController scans;
    scans.setFolder(folder);
    scans.setRequired({"letter", "id_front"});
    CHECK(scans.missing() == QStringLiteral("the letter; the ID card's front"));
    QSignalSpy refused(&scans, &qml::ScanController::refused);

    scans.attach(QStringLiteral("letter"), huge);
    CHECK(scans.busy()); // read on the pool
    REQUIRE(refused.wait(10000));
    CHECK_THAT(scans.message().toStdString(), Contains("huge.png is larger than 20 MB"));
    scans.attach(QStringLiteral("letter"), notes);
    REQUIRE(refused.wait(10000));
    CHECK_THAT(scans.message().toStdString(), Contains("notes.jpg is not an image this counter can read"));
    CHECK(scans.evidence().empty());
    CHECK(scans.missing() == QStringLiteral("the letter; the ID card's front"));

    // Watching: what the scanner writes from now on fills the first empty slot (the required ones first).
    QSignalSpy changed(&scans, &qml::ScanController::scansEdited);
    scans.setWatching(true);
    QTest::qWait(50);
    const QString letter =
        writePicture(folder + QStringLiteral("/scan-0001.jpg"), QStringLiteral("letter"), "JPEG");
    REQUIRE(changed.wait(10000));
    CHECK(scans.message().isEmpty());
    CHECK(scans.missing() == QStringLiteral("the ID card's front"));
    const QString front = writePicture(folder + QStringLiteral("/scan-0002.png"), QStringLiteral("front"));
    REQUIRE(changed.wait(10000));
    CHECK(scans.missing().isEmpty());
    const auto evidence = scans.evidence();
    REQUIRE(evidence.size() == 2);
    CHECK(evidence[0].kind == "letter_scan");
    CHECK(evidence[0].mimeType == "image/jpeg");
    CHECK(QByteArray::fromStdString(evidence[0].bytes) == bytesOf(letter));
    CHECK(evidence[1].kind == "id_card_scan");
    CHECK(QByteArray::fromStdString(evidence[1].bytes) == bytesOf(front));
    const auto items = scans.items();
    CHECK(items[0]
              .toMap()
              .value(QStringLiteral("thumbnail"))
              .toString()
              .startsWith(QStringLiteral("data:image/png;base64,")));
    // Removed: missing again; the same file is not taken again by itself.
    scans.remove(QStringLiteral("id_front"));
    CHECK(scans.missing() == QStringLiteral("the ID card's front"));
    QTest::qWait(1500);
    CHECK(scans.missing() == QStringLiteral("the ID card's front"));
    scans.setWatching(false);
}

TEST_CASE(
    "Kiosk NEW: the letter image opened for its QR and the ID card's front picked from the scanner folder "
    "are the transaction's evidence, a missing one blocks the check, named, and a file too large is "
    "refused",
    "[qml][ui][workflow][scans]") {
    QTemporaryDir dir;
    const QString folder = dir.path();
    CounterFixture f("tianjin-2018", scannerConfig(folder));
    const QString letterPng = folder + QStringLiteral("/letter.png");
    papers::DemoLetterIssuer::writeQrPng(f.letter("SC-N1"), letterPng.toStdString());
    const QString front =
        writePicture(folder + QStringLiteral("/id-front.png"), QStringLiteral("居民身份证"));
    {
        QFile huge(folder + QStringLiteral("/huge.jpg"));
        REQUIRE(huge.open(QIODevice::WriteOnly));
        huge.write("\xff\xd8\xff\xe0", 4);
        REQUIRE(huge.resize(papers::kMaxScanBytes + 1)); // sparse: quick to make
    }
    std::string txn;
    {
        KioskDriver ui(f.config);
        ui.login(QStringLiteral("op"), QString::fromLatin1(CounterFixture::kOperatorPassword));
        REQUIRE(ui.waitFor([&] { return ui.kiosk().writer().blankCount() >= 1; }));
        ui.actions = 0;
        ui.openOperation(QStringLiteral("NEW"));
        CHECK(ui.text(QStringLiteral("scansMissing")) ==
              QStringLiteral("Still needed: the letter; the ID card's front"));
        ui.click(QStringLiteral("openImageButton"));
        ui.click(QStringLiteral("letterImage_letter.png"));
        const int scanAt = ui.actions;
        // The letter read from the image is its scan too; the ID card's front is still missing: no check yet.
        REQUIRE(ui.waitFor(
            [&] { return slotOf(ui, QStringLiteral("letter")).value(QStringLiteral("attached")).toBool(); }));
        CHECK_FALSE(ui.property(kController, "letterText").toString().isEmpty());
        CHECK(ui.text(QStringLiteral("scansMissing")) == QStringLiteral("Still needed: the ID card's front"));
        CHECK_FALSE(ui.property(QStringLiteral("papersStep/proceedButton"), "enabled").toBool());
        CHECK_FALSE(ui.property(kController, "checked").toBool());
        CHECK(ui.property(QStringLiteral("scanThumb_letter"), "visible").toBool());

        // A file past the backend's cap is refused on the screen, naming it; the slot stays empty.
        ui.click(QStringLiteral("scanPick_id_front"));
        // The folder is listed on the pool: its images appear in the picker a moment later.
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("scanImage_huge.jpg")); }));
        ui.click(QStringLiteral("scanImage_huge.jpg"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("scansMessage")); }));
        CHECK(ui.text(QStringLiteral("scansMessage")) ==
              QStringLiteral(
                  "The file huge.jpg is larger than 20 MB: scan the paper again at a lower resolution."));
        CHECK_FALSE(slotOf(ui, QStringLiteral("id_front")).value(QStringLiteral("attached")).toBool());
        ui.click(QStringLiteral("scanPick_id_front"));
        REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("scanImage_id-front.png")); }));
        ui.click(QStringLiteral("scanImage_id-front.png"));
        REQUIRE(ui.waitFor([&] {
            return slotOf(ui, QStringLiteral("id_front")).value(QStringLiteral("attached")).toBool();
        }));
        CHECK(ui.text(QStringLiteral("scansMissing")) == QStringLiteral("Every required scan is attached."));
        CHECK_FALSE(ui.exists(QStringLiteral("scansMessage"))); // the refusal goes with the good scan
        // The agent's ID card by the ID reader: with the papers and scans complete, it checks them.
        ui.scan(QString::fromLatin1(CounterFixture::kAgentId));
        REQUIRE(ui.waitFor([&] {
            return ui.property(kController, "checked").toBool() && !ui.property(kController, "busy").toBool();
        }));
        std::string failed;
        for (const QVariant& c : ui.property(kController, "checks").toList())
            if (!c.toMap().value(QStringLiteral("passed")).toBool())
                failed += c.toMap().value(QStringLiteral("id")).toString().toStdString() + ": " +
                          c.toMap().value(QStringLiteral("reason")).toString().toStdString() + "\n";
        INFO(ui.property(kController, "errorText").toString().toStdString() << failed);
        REQUIRE(ui.property(kController, "checksPassed").toBool());
        bool scansCheck = false;
        for (const QVariant& c : ui.property(kController, "checks").toList())
            if (c.toMap().value(QStringLiteral("id")).toString() == QLatin1String("scans"))
                scansCheck = c.toMap().value(QStringLiteral("passed")).toBool();
        CHECK(scansCheck);
        ui.click(QStringLiteral("checksStep/proceedButton"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        ui.pressPin(QStringLiteral("keyStep/pinPad"), QStringLiteral("135790"));
        REQUIRE(ui.waitFor([&] { return ui.property(kController, "finished").toBool(); }, 120000));
        txn = ui.property(kController, "transactionNumber").toString().toStdString();
        std::cout << "UI actions, NEW with scans (letter from its QR image, ID front picked): " << ui.actions
                  << " in all, " << ui.actions - scanAt << " after the letter\n";
    }
    const auto evidence = evidenceOf(f, txn);
    REQUIRE(evidence.size() == 2);
    CHECK(evidence.at("letter_scan") == bytesOf(letterPng));
    CHECK(evidence.at("id_card_scan") == bytesOf(front));
    CHECK(f.scalar("SELECT string_agg(mime_type, ',' ORDER BY kind) FROM countersign.evidence") ==
          "image/png,image/png");
}

TEST_CASE("countersignctl new: the required ID card scan is asked for by name, and with --id-scan and "
          "--id-back-scan the NEW completes and keeps them, each named in the back office's detail",
          "[ctl][qml][ui][workflow][scans]") {
    QTemporaryDir dir;
    CounterFixture f("tianjin-2018", scannerConfig(dir.path()));
    const std::string letter =
        writePicture(dir.filePath(QStringLiteral("letter.png")), QStringLiteral("letter")).toStdString();
    const std::string front =
        writePicture(dir.filePath(QStringLiteral("front.png")), QStringLiteral("front")).toStdString();
    const std::string back =
        writePicture(dir.filePath(QStringLiteral("back.jpg")), QStringLiteral("back"), "JPEG").toStdString();
    const std::string password = std::string(CounterFixture::kOperatorPassword) + "\n";

    auto args =
        CounterFixture::asOperator({"new", "--letter-qr-file", f.letterFile("SC-C1"), "--new-pin-fd", "0",
                                    "--letter-scan", letter, "--id-card", CounterFixture::kAgentId});
    for (const auto& a : blankKey())
        args.push_back(a);
    const auto refused = f.ctl(args, password + "135790\n");
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.err, Contains("scans") && Contains("a required scan is missing: the ID card's front"));
    CHECK(f.scalar("SELECT count(*) FROM countersign.transactions") == "0");
    CHECK(f.scalar("SELECT count(*) FROM countersign.evidence") == "0");

    args.insert(args.end(), {"--id-scan", front, "--id-back-scan", back});
    const auto done = f.ctl(args, password + "135790\n");
    INFO(done.out << done.err);
    REQUIRE(done.exitCode == 0);
    const std::string number =
        f.scalar("SELECT number FROM countersign.transactions WHERE state = 'completed'");
    const auto evidence = evidenceOf(f, number);
    REQUIRE(evidence.size() == 3);
    CHECK(evidence.at("letter_scan") == bytesOf(QString::fromStdString(letter)));
    CHECK(evidence.at("id_card_scan") == bytesOf(QString::fromStdString(front)));
    CHECK(evidence.at("id_card_back_scan") == bytesOf(QString::fromStdString(back)));

    // The database knows the kinds: the ID card's back is one, anything else is refused even to its owner.
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        CHECK_THROWS_AS(
            tx.exec_params("INSERT INTO countersign.evidence (transaction_id, kind, mime_type, bytes, "
                           "captured_by) SELECT id, 'passport_scan', 'image/png', '\\x89'::bytea, $1 "
                           "FROM countersign.transactions",
                           f.operatorId),
            pqxx::check_violation);
    }

    // The back office's detail names each scan; a supervisor's open (recorded) shows it as a thumbnail.
    const auto idOf = [&](const char* kind) {
        return QString::fromStdString(
            f.scalar("SELECT id::text FROM countersign.evidence WHERE kind = $1", kind));
    };
    KioskDriver ui(f.config);
    ui.login(QStringLiteral("sup"), QString::fromLatin1(CounterFixture::kSupervisorPassword));
    ui.click(QStringLiteral("office_search"));
    const QString result = QStringLiteral("result_") + QString::fromStdString(number);
    REQUIRE(ui.waitFor([&] { return ui.exists(result); }));
    ui.click(result);
    const QString backId = idOf("id_card_back_scan");
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("evidenceKind_") + backId); }));
    CHECK(ui.text(QStringLiteral("evidenceKind_") + backId) == QStringLiteral("ID card back"));
    CHECK(ui.text(QStringLiteral("evidenceKind_") + idOf("id_card_scan")) == QStringLiteral("ID card front"));
    CHECK(ui.text(QStringLiteral("evidenceKind_") + idOf("letter_scan")) == QStringLiteral("Letter"));
    const QString letterId = idOf("letter_scan");
    CHECK_FALSE(ui.exists(QStringLiteral("evidenceImage_") + letterId));
    // With the keyboard (Space on the focused button): at 1280×800 the detail's last rows can lie under the
    // status bar, where a click does not reach (a layout matter of the back office's frame, not of the
    // scans).
    qobject_cast<QQuickItem*>(ui.find(QStringLiteral("openEvidence_") + letterId))->forceActiveFocus();
    ui.press(Qt::Key_Space);
    REQUIRE(ui.waitFor([&] { return ui.exists(QStringLiteral("evidenceImage_") + letterId); }));
    CHECK(ui.property(QStringLiteral("evidenceImage_") + letterId, "source")
              .toString()
              .startsWith(QStringLiteral("data:image/png;base64,")));
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'evidence.opened'") == "1");
}
