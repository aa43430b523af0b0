// The kiosk's input components seen from C++: the PIN entry (digits kept out of QML, policy as typed,
// repeat, hand-over to the controller), the scanner text classifier and the image decoder on real files.
#include <catch2/catch.hpp>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QMetaEnum>
#include <QMetaProperty>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTest>
#include <QVariant>

#include "backend/counter/database.h"
#include "backend/papers/demoletterissuer.h"
#include "qml/imagedecoder.h"
#include "qml/keyboardwedge.h"
#include "qml/pinentry.h"
#include "qml/registration.h"
#include "qml/workstation.h"
#include "tests/support/testenv.h"

using namespace countersign;
using countersign::qml::ImageDecoder;
using countersign::qml::KeyboardWedge;
using countersign::qml::PinEntry;

namespace Catch {
template <> struct StringMaker<QString> {
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
template <> struct StringMaker<QStringList> {
    static std::string convert(const QStringList& list) {
        return '[' + list.join(QStringLiteral(", ")).toStdString() + ']';
    }
};
template <> struct StringMaker<KeyboardWedge::ScanKind> {
    static std::string convert(KeyboardWedge::ScanKind kind) {
        return QMetaEnum::fromType<KeyboardWedge::ScanKind>().valueToKey(int(kind));
    }
};
} // namespace Catch

namespace {

void type(PinEntry& entry, const char* digits) {
    for (const char* d = digits; *d; ++d)
        entry.append(QString(QLatin1Char(*d)));
}

// Every readable property of the entry, as text, so a test can look for the digits anywhere QML could.
QString everythingQmlCanRead(const QObject& object) {
    QString all;
    const QMetaObject* meta = object.metaObject();
    for (int i = 0; i < meta->propertyCount(); ++i)
        all += QStringLiteral("%1=%2\n").arg(QString::fromLatin1(meta->property(i).name()),
                                             meta->property(i).read(&object).toString());
    return all;
}

/// A workstation with `config`, as the kiosk's QML engine hands it out (the Workstation singleton), and an
/// engine that makes objects as the kiosk's screens do.
struct KioskQml {
    explicit KioskQml(AppConfig config)
        : database("host=/nonexistent-socket-dir port=1") // nothing here asks the database
        , workstation(std::move(config), &database) {
        qml::WorkstationForeign::instance = &workstation;
        engine.addImportPath(QStringLiteral("qrc:/"));
    }
    ~KioskQml() { qml::WorkstationForeign::instance = nullptr; }

    /// `type` of the Countersign module, made by the engine.
    template <typename T> std::unique_ptr<T> make(const char* type) {
        QQmlComponent component(&engine);
        component.setData(QByteArray("import Countersign\n") + type + " {}", QUrl());
        std::unique_ptr<QObject> made(component.create());
        INFO(component.errorString().toStdString());
        REQUIRE(qobject_cast<T*>(made.get()));
        return std::unique_ptr<T>(static_cast<T*>(made.release()));
    }

    counter::Database database;
    qml::Workstation workstation;
    QQmlEngine engine; // after the workstation, which holds it: it goes first
};

const QString kUscc = QStringLiteral("91350100M000100Y43");
const QString kResidentId = QStringLiteral("11010519491231002X");

QString scratchFolder(const QString& name) {
    const QString dir = QString::fromStdString(test::scratchDir()) + u'/' + name;
    QDir(dir).removeRecursively();
    REQUIRE(QDir().mkpath(dir));
    return dir;
}

void touch(const QString& path, const QDateTime& modified) {
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("x");
    REQUIRE(f.flush()); // else the write at close would stamp the file with the current time again
    REQUIRE(f.setFileTime(modified, QFileDevice::FileModificationTime));
}

} // namespace

TEST_CASE("a PIN entry's digits are never readable from QML", "[qml]") {
    PinEntry entry;
    type(entry, "735194");
    CHECK(entry.length() == 6);
    CHECK(entry.secret().view() == "735194");
    const QString visible = everythingQmlCanRead(entry);
    INFO(visible.toStdString());
    CHECK_FALSE(visible.contains(QStringLiteral("7351")));
    CHECK_FALSE(visible.contains(QStringLiteral("5194")));
    // Nothing invokable hands them out either: only append, backspace and clear are there.
    const QMetaObject* meta = entry.metaObject();
    for (int i = meta->methodOffset(); i < meta->methodCount(); ++i) {
        const QMetaMethod m = meta->method(i);
        if (m.methodType() == QMetaMethod::Method || m.methodType() == QMetaMethod::Slot)
            CHECK(m.returnType() == QMetaType::Void);
    }
}

TEST_CASE("a new PIN is judged by the policy as it is typed", "[qml]") {
    PinEntry entry;
    CHECK(entry.minLength() == 6);
    CHECK(entry.maxLength() == 16);
    CHECK(entry.problem() == QStringLiteral("TooShort"));
    type(entry, "12345");
    CHECK(entry.problem() == QStringLiteral("TooShort"));
    type(entry, "6");
    CHECK(entry.problem() == QStringLiteral("Ascending"));
    CHECK_FALSE(entry.acceptable());
    entry.backspace();
    type(entry, "9");
    CHECK(entry.problem().isEmpty());
    CHECK(entry.acceptable());

    entry.clear();
    CHECK(entry.length() == 0);
    type(entry, "111111");
    CHECK(entry.problem() == QStringLiteral("AllSame"));
    entry.clear();
    type(entry, "987654");
    CHECK(entry.problem() == QStringLiteral("Descending"));

    SECTION("the agent's birth date is refused in its usual forms") {
        entry.setBirthDate(QStringLiteral("19491231"));
        for (const char* form : {"19491231", "491231", "311249"}) {
            entry.clear();
            type(entry, form);
            CHECK(entry.problem() == QStringLiteral("BirthDate"));
        }
        entry.clear();
        type(entry, "491231");
        entry.setBirthDate(QString());
        CHECK(entry.acceptable());
    }

    SECTION("only single digits are taken, and no more than the maximum") {
        entry.clear();
        entry.append(QStringLiteral("a"));
        entry.append(QStringLiteral("12"));
        entry.append(QString());
        CHECK(entry.length() == 0);
        type(entry, "73519462805173519");
        CHECK(entry.length() == 16);
        CHECK(entry.secret().view() == "7351946280517351");
    }
}

TEST_CASE("an existing PIN is taken as typed, without the new-PIN policy", "[qml]") {
    PinEntry entry;
    entry.setNewPin(false);
    CHECK_FALSE(entry.acceptable());
    type(entry, "1111");
    CHECK(entry.acceptable());
    CHECK(entry.problem().isEmpty());
}

TEST_CASE("the repeat of a new PIN must match once it is complete", "[qml]") {
    PinEntry first;
    PinEntry repeat;
    repeat.setConfirmOf(&first);
    type(first, "735194");
    REQUIRE(first.acceptable());

    type(repeat, "7351");
    CHECK(repeat.problem() == QStringLiteral("TooShort")); // unfinished, not yet "different"
    type(repeat, "84");
    CHECK(repeat.problem() == QStringLiteral("Mismatch"));
    CHECK_FALSE(repeat.acceptable());
    repeat.backspace();
    repeat.backspace();
    type(repeat, "94");
    CHECK(repeat.acceptable());

    // Changing the first entry voids the repeat.
    first.backspace();
    CHECK(repeat.length() == 0);
    CHECK_FALSE(repeat.acceptable());
}

TEST_CASE("taking the secret hands the digits over and empties the entry", "[qml]") {
    PinEntry entry;
    type(entry, "735194");
    QSignalSpy changed(&entry, &PinEntry::changed);
    const Secret pin = entry.takeSecret();
    CHECK(pin.view() == "735194");
    CHECK(entry.length() == 0);
    CHECK(entry.secret().empty());
    CHECK(changed.count() == 1);
    CHECK(entry.problem() == QStringLiteral("TooShort"));
}

TEST_CASE("PIN entries follow the configured policy", "[qml]") {
    AppConfig config;
    config.pinMinLength = 8;
    KioskQml kiosk(config);
    const auto made = kiosk.make<PinEntry>("PinEntry");
    PinEntry& entry = *made;
    CHECK(entry.minLength() == 8);
    type(entry, "7351946");
    CHECK(entry.problem() == QStringLiteral("TooShort"));
    type(entry, "2");
    CHECK(entry.acceptable());
}

TEST_CASE("scanned text is told apart: USCC, ID number, licence QR, assistance letter", "[qml]") {
    QString uscc;
    CHECK(KeyboardWedge::classify(kUscc, &uscc) == KeyboardWedge::ScanKind::Uscc);
    CHECK(uscc == kUscc);
    CHECK(KeyboardWedge::classify(QStringLiteral(" 91350100m000100y43\n"), &uscc) ==
          KeyboardWedge::ScanKind::Uscc);
    CHECK(uscc == kUscc);

    CHECK(KeyboardWedge::classify(kResidentId, &uscc) == KeyboardWedge::ScanKind::ResidentId);
    CHECK(uscc.isEmpty());
    CHECK(KeyboardWedge::classify(QStringLiteral("11010519491231002x")) ==
          KeyboardWedge::ScanKind::ResidentId);

    // The licence QR: a URL of the enterprise credit system, or a few lines of text.
    CHECK(KeyboardWedge::classify(
              QStringLiteral("http://www.gsxt.gov.cn/index.html?uniscid=91350100M000100Y43&type=qr"),
              &uscc) == KeyboardWedge::ScanKind::BusinessLicence);
    CHECK(uscc == kUscc);
    CHECK(KeyboardWedge::classify(
              QStringLiteral("名称：演示科技有限公司\n统一社会信用代码：91350100M000100Y43\n"), &uscc) ==
          KeyboardWedge::ScanKind::BusinessLicence);
    CHECK(uscc == kUscc);

    // A real assistance letter from the demo tax office.
    const std::string dir = test::scratchDir() + "/wedge-demo-office";
    papers::DemoLetterIssuer::init(dir);
    papers::AssistanceLetter letter;
    letter.no = "TJ-HP-2024-000123";
    letter.office = "11201010000";
    letter.uscc = kUscc.toStdString();
    letter.org = "演示科技有限公司";
    letter.agentName = "张三";
    letter.agentIdNo = kResidentId.toStdString();
    letter.issued = Date{2024, 5, 1};
    letter.expires = Date{2024, 7, 31};
    letter.biz = {"NEW"};
    const QString jws = QString::fromStdString(papers::DemoLetterIssuer(dir).issue(letter));
    CHECK(KeyboardWedge::classify(jws, &uscc) == KeyboardWedge::ScanKind::AssistanceLetter);
    CHECK(uscc.isEmpty());

    // Near misses stay unknown rather than being read as something they are not.
    CHECK(KeyboardWedge::classify(QStringLiteral("91350100M000100Y44")) == KeyboardWedge::ScanKind::Unknown);
    CHECK(KeyboardWedge::classify(QStringLiteral("11010519491231002Y")) == KeyboardWedge::ScanKind::Unknown);
    CHECK(KeyboardWedge::classify(QStringLiteral("http://www.gsxt.gov.cn/?id=91350100M000100Y44")) ==
          KeyboardWedge::ScanKind::Unknown);
    CHECK(KeyboardWedge::classify(QStringLiteral("x91350100M000100Y43")) == KeyboardWedge::ScanKind::Unknown);
    CHECK(KeyboardWedge::classify(QStringLiteral("a.b.c")) == KeyboardWedge::ScanKind::Unknown);
    CHECK(KeyboardWedge::classify(QStringLiteral("6901234567892")) == KeyboardWedge::ScanKind::Unknown);

    const KeyboardWedge wedge;
    CHECK(wedge.minLength() == 8);      // scanners send 18 (USCC) to 1,000+ (letter) characters …
    CHECK(wedge.maxIntervalMs() == 35); // … a key every 5-30 ms; people type 100+ ms apart
    CHECK(wedge.kindOf(kUscc) == KeyboardWedge::ScanKind::Uscc);
    CHECK(wedge.usccOf(QStringLiteral("uniscid=91350100M000100Y43")) == kUscc);
    CHECK(wedge.usccOf(kResidentId).isEmpty());
}

TEST_CASE("the image decoder reads a letter's QR code from a scanned picture", "[qml]") {
    const QString dir = scratchFolder(QStringLiteral("decoder"));
    const std::string text = "eyJhbGciOiJFUzI1NiJ9.eyJ2ZXIiOjEsIm5vIjoi5ryU56S6In0.c2lnbmF0dXJl";
    const QString png = dir + QStringLiteral("/letter.png");
    papers::DemoLetterIssuer::writeQrPng(text, png.toStdString());

    ImageDecoder decoder;
    QSignalSpy decoded(&decoder, &ImageDecoder::decoded);
    QSignalSpy failed(&decoder, &ImageDecoder::failed);
    decoder.decode(png);
    CHECK(decoder.busy()); // the answer comes later, from the pool
    REQUIRE(decoded.wait(10000));
    CHECK(decoded.first().first().toString().toStdString() == text);
    CHECK(failed.isEmpty());
    CHECK_FALSE(decoder.busy());

    SECTION("a picture without a code, a file that is no picture and a missing file are told apart") {
        QImage blank(400, 300, QImage::Format_RGB32);
        blank.fill(Qt::white);
        REQUIRE(blank.save(dir + QStringLiteral("/blank.png")));
        decoder.decode(dir + QStringLiteral("/blank.png"));
        REQUIRE(failed.wait(10000));
        CHECK(failed.last().first().toString().startsWith(
            QStringLiteral("No QR code could be read in blank.png")));

        touch(dir + QStringLiteral("/notes.png"), QDateTime::currentDateTime());
        decoder.decode(dir + QStringLiteral("/notes.png"));
        REQUIRE(failed.wait(10000));
        CHECK(failed.last().first().toString() ==
              QStringLiteral("The file notes.png is not an image this counter can read."));

        decoder.decode(dir + QStringLiteral("/gone.png"));
        REQUIRE(failed.wait(10000));
        CHECK(failed.last().first().toString() == QStringLiteral("The file gone.png can't be read."));
        CHECK(decoded.count() == 1);
    }

    SECTION("only the latest of several requests is answered") {
        decoder.decode(dir + QStringLiteral("/gone.png"));
        decoder.decode(png);
        REQUIRE(decoded.wait(10000));
        QTest::qWait(100);
        CHECK(failed.isEmpty());
        CHECK(decoded.count() == 2);
        CHECK_FALSE(decoder.busy());
    }
}

TEST_CASE("the scanner folder lists its pictures newest first", "[qml]") {
    const QString dir = scratchFolder(QStringLiteral("scans"));
    const QDateTime now = QDateTime::currentDateTime();
    touch(dir + QStringLiteral("/old.png"), now.addSecs(-3600));
    touch(dir + QStringLiteral("/newest.JPG"), now);
    touch(dir + QStringLiteral("/middle.tif"), now.addSecs(-60));
    touch(dir + QStringLiteral("/scan.bmp"), now.addSecs(-120));
    touch(dir + QStringLiteral("/photo.jpeg"), now.addSecs(-180));
    touch(dir + QStringLiteral("/readme.txt"), now.addSecs(60));
    touch(dir + QStringLiteral("/letter.pdf"), now.addSecs(60));
    const QStringList expected = {dir + QStringLiteral("/newest.JPG"), dir + QStringLiteral("/middle.tif"),
                                  dir + QStringLiteral("/scan.bmp"), dir + QStringLiteral("/photo.jpeg"),
                                  dir + QStringLiteral("/old.png")};

    AppConfig config;
    config.scannerFolder = dir;
    KioskQml kiosk(config);
    const auto made = kiosk.make<ImageDecoder>("ImageDecoder");
    ImageDecoder& decoder = *made;
    CHECK(decoder.folder() == dir);
    CHECK(decoder.images() == expected);

    QSignalSpy listed(&decoder, &ImageDecoder::imagesListed);
    decoder.listImages();
    REQUIRE(listed.wait(10000));
    CHECK(listed.first().at(0).toString() == dir);
    CHECK(listed.first().at(1).toStringList() == expected);

    CHECK(decoder.images(dir + QStringLiteral("/missing")).isEmpty());
    decoder.setFolder(QString());
    CHECK(decoder.images().isEmpty());
}
