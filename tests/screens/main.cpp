// countersign_screenshots: the screenshot walk (screenshotwalk.h) on the kiosk as it is assembled
// (qml::Kiosk), for ./deploy/demo.sh --screenshots. Built with the tests, never installed: the kiosk itself
// has no such switch.
//   countersign_screenshots --screenshots DIR --letters DIR --operator NAME --password-fd N
//                           [--config FILE] [--language zh_CN|en] [--size WxH]... [--check-layout]
#include <exception>

#include <QApplication>
#include <QCommandLineParser>
#include <QRegularExpression>
#include <QtQml/QQmlExtensionPlugin>

#include "backend/config.h"
#include "backend/opensslexit.h"
#include "backend/secretinput.h"
#include "qml/kioskapp.h"
#include "tests/screens/screenshotwalk.h"

// The kiosk's QML module, linked in statically as in the kiosk itself.
Q_IMPORT_QML_PLUGIN(CountersignPlugin)

using namespace countersign;

namespace {

struct Options {
    qml::KioskOptions kiosk; ///< --config and --language, as the kiosk takes them
    QString dir;
    QString lettersDir;
    QString operatorName;
    QString adminName;
    int passwordFd = -1;
    QList<QSize> sizes;
    bool checkLayout = false;
};

/// Returns false and says why on a mistake (QCommandLineParser::process answers --help and unknown options).
bool parse(const QStringList& arguments, Options& options) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Countersign's screenshot walk on a demo counter"));
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("the kiosk's configuration file"), QStringLiteral("FILE"));
    const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("start in zh_CN or en"),
                                      QStringLiteral("LANG"));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QStringLiteral(
            "walk every screen of every flow on a demo counter, one PNG per screen and language in DIR"),
        QStringLiteral("DIR"));
    const QCommandLineOption letters(
        QStringLiteral("letters"),
        QStringLiteral("the DEMO tax office's directory (letter demo-issuer init)"), QStringLiteral("DIR"));
    const QCommandLineOption operatorName(QStringLiteral("operator"),
                                          QStringLiteral("the account the screenshot walk logs in with"),
                                          QStringLiteral("NAME"));
    const QCommandLineOption passwordFd(QStringLiteral("password-fd"),
                                        QStringLiteral("read that account's password from file descriptor N"),
                                        QStringLiteral("N"));
    const QCommandLineOption adminName(
        QStringLiteral("admin"),
        QStringLiteral("an admin's account with the same password: the walk then shows the back office too"),
        QStringLiteral("NAME"));
    const QCommandLineOption size(
        QStringLiteral("size"),
        QStringLiteral("shoot every screen at this window size too (repeatable; default 1280x800; the walk "
                       "runs at the first)"),
        QStringLiteral("WxH"));
    const QCommandLineOption checkLayout(
        QStringLiteral("check-layout"),
        QStringLiteral("fail (exit status 3) when the layout checker finds a control off-screen, cut off, "
                       "covered, elided or too small on any screen at any size, listing them"));
    parser.addOptions(
        {config, language, screenshots, letters, operatorName, passwordFd, adminName, size, checkLayout});
    parser.process(arguments);
    options.checkLayout = parser.isSet(checkLayout);
    static const QRegularExpression wxh(QStringLiteral("^([0-9]{3,4})x([0-9]{3,4})$"));
    for (const QString& value : parser.values(size)) {
        const QRegularExpressionMatch m = wxh.match(value);
        const QSize s = m.hasMatch() ? QSize(m.captured(1).toInt(), m.captured(2).toInt()) : QSize();
        if (s.width() < 640 || s.height() < 480) {
            qCritical(
                "--size %s: give the window's width and height in pixels, at least 640x480 (e.g. 1366x768)",
                qPrintable(value));
            return false;
        }
        if (!options.sizes.contains(s))
            options.sizes.append(s);
    }
    if (options.sizes.isEmpty())
        options.sizes.append(test::kDefaultShotSize);
    options.dir = parser.value(screenshots);
    options.lettersDir = parser.value(letters);
    options.operatorName = parser.value(operatorName);
    options.adminName = parser.value(adminName);
    options.passwordFd = parser.isSet(passwordFd) ? parser.value(passwordFd).toInt() : -1;
    if (options.dir.isEmpty() || options.lettersDir.isEmpty() || options.operatorName.isEmpty() ||
        options.passwordFd < 0 || !parser.positionalArguments().isEmpty()) {
        qCritical(
            "usage: countersign_screenshots --screenshots DIR --letters DIR --operator NAME --password-fd N "
            "[--admin NAME] [--config FILE] [--language zh_CN|en] [--size WxH]... [--check-layout]");
        return false;
    }
    // The kiosk's own options are the kiosk's to judge.
    QStringList kioskArguments{arguments.value(0)};
    for (const QCommandLineOption& option : {config, language})
        if (parser.isSet(option))
            kioskArguments << QStringLiteral("--") + option.names().constFirst() << parser.value(option);
    return qml::parseKioskOptions(kioskArguments, options.kiosk);
}

} // namespace

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    // QApplication, not QGuiApplication: Qt Charts' QML types need the widgets application object.
    QApplication app(argc, argv);
    // The kiosk's names: its settings and folders are the ones the walk shows.
    QApplication::setApplicationName(QStringLiteral("countersign"));
    QApplication::setOrganizationName(QStringLiteral("countersign"));
    Options options;
    if (!parse(QApplication::arguments(), options))
        return 2;

    AppConfig config;
    QString configProblem;
    const QString& configPath = options.kiosk.configPath;
    try {
        config = loadConfig(configPath.isEmpty() ? defaultConfigPath() : configPath);
    } catch (const std::exception& e) {
        configProblem = QString::fromStdString(e.what());
    }
    if (!options.kiosk.language.isEmpty())
        config.language = options.kiosk.language;

    qml::Kiosk kiosk(config, configProblem);
    test::ScreenshotWalk walk;
    walk.dir = options.dir;
    walk.lettersDir = options.lettersDir;
    walk.operatorName = options.operatorName;
    walk.adminName = options.adminName;
    walk.sizes = options.sizes;
    walk.checkLayout = options.checkLayout;
    try {
        walk.password = readSecretFromFd(options.passwordFd);
    } catch (const std::exception& e) {
        qCritical("%s", e.what());
        return 2;
    }
    return test::runScreenshotWalk(kiosk, std::move(walk));
}
