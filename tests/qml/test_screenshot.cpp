#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <QDir>
#include <QFontDatabase>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

#include "printing/cjkfont.h"
#include "tests/support/counterfixture.h"
#include "tests/support/testenv.h"

using namespace countersign;

namespace {

QImage screenshot(const QString& config, const QString& language) {
    const QString path =
        QString::fromStdString(test::scratchDir()) + QStringLiteral("/login-%1.png").arg(language);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(COUNTERSIGN_PATH),
            {QStringLiteral("--config"), config, QStringLiteral("--language"), language,
             QStringLiteral("--screenshot"), path});
    REQUIRE(p.waitForFinished(60000));
    INFO(p.readAllStandardError().toStdString());
    REQUIRE(p.exitCode() == 0);
    QImage image(path);
    REQUIRE_FALSE(image.isNull());
    return image;
}

// How much of the picture is "ink": pixels clearly darker than the light background.
double inkShare(const QImage& image) {
    long dark = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 128)
                ++dark;
    return double(dark) / (double(image.width()) * image.height());
}

int distinctColours(const QImage& image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    return colours.size();
}

} // namespace

TEST_CASE("the login screen renders in Chinese with real glyphs and the demo marking", "[qml][db]") {
    test::TestDatabase database;
    const QString config = QString::fromStdString(test::writeTestConfig(database, "[demo]\nenabled=true\n"));
    const QImage zh = screenshot(config, QStringLiteral("zh_CN"));
    CHECK(zh.width() == 1280);
    CHECK(zh.height() == 800);
    // Not blank: text, fields, buttons and the status bar put ink and many shades on the page.
    CHECK(inkShare(zh) > 0.03);
    CHECK(distinctColours(zh) > 50);

    // Chinese text only renders when a font with those glyphs is installed and chosen.
    const QString family = printing::cjkFontFamily();
    REQUIRE_FALSE(family.isEmpty());
    CHECK(printing::fontCovers(QFont(family), QStringLiteral("证书服务受理台员工登录用户名密码演示模式")));

    // The English screen differs from the Chinese one: the translation is really switched.
    const QImage en = screenshot(config, QStringLiteral("en"));
    CHECK(en.size() == zh.size());
    CHECK(en != zh);
}

TEST_CASE("countersign_screenshots walks every flow on a demo counter in both languages at three sizes, "
          "nothing off-screen, cut off or covered",
          "[qml][ui][workflow][walk]") {
    // A scanner folder: the default scans are required, and the walk scans the papers into it.
    QTemporaryDir scans;
    test::CounterFixture f("tianjin-2018",
                           "[scanner]\nfolder=" + scans.path().toStdString() + "\n\n[demo]\nenabled=true\n");
    // COUNTERSIGN_SCREENSHOTS_DIR keeps them (the suite writes them to <build>/screenshots to look at).
    const char* keep = std::getenv("COUNTERSIGN_SCREENSHOTS_DIR");
    const std::string dir = keep && *keep ? std::string(keep) : f.dir + "/screens";
    QDir(QString::fromStdString(dir)).removeRecursively();
    // The demo's sample letters are signed by the fixture's DEMO tax office ([demo] is the file's last
    // section).
    {
        std::ofstream conf(f.configPath, std::ios::app);
        conf << "letters_dir=" << f.dir << "/taxoffice\n";
    }
    // The back office's walk logs in as an admin with the operator's password.
    f.db.addStaff("adm", test::CounterFixture::kOperatorPassword, "admin");
    // The scanner folder holds the day's earlier scans, as a real one does (the demo's: its letters): the
    // scan picker's list must scroll, with its bar shown.
    for (int i = 0; i < 12; ++i) {
        QImage earlier(64, 48, QImage::Format_RGB32);
        earlier.fill(Qt::white);
        REQUIRE(earlier.save(scans.filePath(QStringLiteral("earlier-%1.png").arg(i)), "PNG"));
    }
    const auto r =
        test::runProcess(COUNTERSIGN_SCREENSHOTS_PATH,
                         {"--config", f.configPath, "--screenshots", dir, "--letters", f.dir + "/taxoffice",
                          "--operator", "op", "--admin", "adm", "--password-fd", "0", "--size", "1280x800",
                          "--size", "1366x768", "--size", "1920x1080", "--check-layout"},
                         std::string(test::CounterFixture::kOperatorPassword) + "\n",
                         {{"QT_QPA_PLATFORM", "offscreen"},
                          {"CSFAULT_STATE_DIR", f.dir + "/faultstate"},
                          {"CSFAULT_WRITER", "blank"}}, // the demo's writer, as deploy/demo.sh has it
                         /*timeoutMs=*/840000); // within the test's ctest TIMEOUT (tests/CMakeLists.txt)
    // 3: the walk went through every screen, and the layout checker found problems (checked at the end).
    {
        INFO(r.out << r.err);
        REQUIRE((r.exitCode == 0 || r.exitCode == 3));
    }
    std::printf("%s", r.out.c_str());
    const QStringList shots = QDir(QString::fromStdString(dir)).entryList({QStringLiteral("*.png")});
    // Every screen in Chinese and in English.
    CHECK(shots.size() >= 40);
    // Every screen of the walk, the back office's included.
    static const char* const kScreens[] = {
        "login",
        "home",
        "new-1-papers",
        "scans-2-thumbnails",
        "scans-3-picker",
        "new-2-checks-refused",
        "new-2-checks-passed",
        "new-4-pin-refused-by-policy",
        "new-4-key-slow-step",
        "new-4-key-pulled-paused",
        "new-5-done",
        "replace-4-key-slow-step",
        "renew-2-checks-refused",
        "replace-1-waiver-approval",
        "replace-3-fee",
        "unlock-4-pin",
        "unlock-5-done",
        "idle-lock",
        "office-home",
        "office-report-daily",
        "office-report-range",
        "office-report-centres",
        "office-report-expiring",
        "office-staff-list",
        "office-staff-reset-password",
        "office-staff-reset-password-confirm",
        "office-fees-list",
        "office-fees-new-version",
        "office-fees-approval",
        "office-trust-list",
        "office-stock",
        "office-stock-models",
        "office-stock-write-off",
        "office-settings",
        "office-search-results",
        "office-transaction-detail",
        "office-void-approval",
        "demo-panel",
        "demo-blank-inserted",
        "demo-sample-letter",
    };
    // At the kiosk's own size under the names README shows; at the others with the size in the name.
    for (const QSize size : {QSize(1280, 800), QSize(1366, 768), QSize(1920, 1080)})
        for (const char* name : kScreens)
            for (const char* language : {"zh_CN", "en"}) {
                const QString file =
                    QStringLiteral("%1.%2%3.png")
                        .arg(QLatin1String(name), QLatin1String(language),
                             size == QSize(1280, 800)
                                 ? QString()
                                 : QStringLiteral(".%1x%2").arg(size.width()).arg(size.height()));
                INFO(file.toStdString());
                REQUIRE(shots.contains(file));
                const QImage image(QString::fromStdString(dir) + QLatin1Char('/') + file);
                CHECK(image.size() == size);
                CHECK(inkShare(image) > 0.01);
            }
    // The languages really differ on a screen full of text.
    CHECK(QImage(QString::fromStdString(dir + "/new-2-checks-passed.zh_CN.png")) !=
          QImage(QString::fromStdString(dir + "/new-2-checks-passed.en.png")));
    CHECK_FALSE(f.auditBrokenAt());
    // Every screen at every size: no control outside the window or cut off, none under another, no text
    // elided or too small, a scroll bar wherever a list scrolls (tests/screens/layoutcheck.h).
    INFO(r.err);
    CHECK(r.exitCode == 0);
}
