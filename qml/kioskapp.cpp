#include "qml/kioskapp.h"

#include <cstdio>

#include "backend/tokensetup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFont>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScreen>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include "backend/config.h"
#include "backend/counter/database.h"
#include "backend/counter/desk.h"
#include "printing/cjkfont.h"
#include "qml/incubationpacer.h"
#include "qml/operationcontroller.h"
#include "qml/registration.h"
#include "qml/session.h"
#include "qml/watchdog.h"
#include "qml/workstation.h"
#include "token/tokenthread.h"

namespace countersign::qml {

bool parseKioskOptions(const QStringList& arguments, KioskOptions& options) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Countersign counter kiosk"));
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("configuration file"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("write a PNG of the login screen to FILE and exit"),
                                        QStringLiteral("FILE"));
    const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("zh_CN or en"),
                                      QStringLiteral("LANG"));
    const QCommandLineOption windowed(QStringLiteral("windowed"),
                                      QStringLiteral("run in a window, not full screen"));
    const QCommandLineOption startupProbe(
        QStringLiteral("startup-probe"),
        QStringLiteral("print the milliseconds from start to the login screen's first frame, then exit "
                       "(benchmark); with 'bare' an empty QML window instead of the kiosk"),
        QStringLiteral("kiosk|bare"));
    parser.addOptions({config, screenshot, language, windowed, startupProbe});
    if (!parser.parse(arguments)) {
        qCritical("%s\n%s", qPrintable(parser.errorText()), qPrintable(parser.helpText()));
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    if (!parser.positionalArguments().isEmpty()) {
        qCritical("unexpected argument %s", qPrintable(parser.positionalArguments().first()));
        return false;
    }
    options.configPath = parser.value(config);
    options.screenshotPath = parser.value(screenshot);
    options.language = parser.value(language);
    options.windowed = parser.isSet(windowed);
    options.startupProbe = parser.value(startupProbe);
    if (!options.startupProbe.isEmpty() && options.startupProbe != QLatin1String("kiosk") &&
        options.startupProbe != QLatin1String("bare")) {
        qCritical("--startup-probe takes kiosk or bare");
        return false;
    }
    if (!options.language.isEmpty() && options.language != QLatin1String("zh_CN") &&
        options.language != QLatin1String("en")) {
        qCritical("--language must be zh_CN or en");
        return false;
    }
    return true;
}

/// Everything the kiosk runs on. The members are declared in the order they are made: the token thread
/// and the database thread outlive every object that hands them jobs.
struct Kiosk::Impl {
    explicit Impl(const AppConfig& c)
        : config(c)
        , database(config.databaseDsn)
        , workstation(config, &database)
        , tokens(token::TokenThread::Options{config.pkcs11Module.toStdString(), config.tokenUri.toStdString(),
                                             deriverOf(config), 250})
        , station(config, tokens)
        , recovery(&station)
        , writer(&station)
        , devices(config)
        , idle(&workstation, &session) {}

    static std::shared_ptr<const token::SoPinDeriver> deriverOf(const AppConfig& config) {
        try {
            return makeSoPinDeriver(config);
        } catch (const std::exception& e) {
            qWarning("SO PIN master secret: %s", e.what());
            return nullptr;
        }
    }

    AppConfig config;
    counter::Database database;
    Workstation workstation;
    Session session;
    // The one thread that talks to the key writer's PKCS#11 module.
    token::TokenThread tokens;
    // The counter's work runs on that thread, through this door.
    counter::Station station;
    Recovery recovery;
    Writer writer;
    KeyboardWedge wedge;
    DeviceStatus devices;
    IdleMonitor idle;
    // Before the engine, which it must outlive.
    IncubationPacer incubation{3};
    std::unique_ptr<QQmlApplicationEngine> engine;
};

Kiosk::Kiosk(const AppConfig& config, const QString& configProblem)
    : d(std::make_unique<Impl>(config)) {
    const QString cjk = printing::cjkFontFamily();
    if (cjk.isEmpty())
        qWarning("no font with Chinese glyphs is installed; Chinese text will not render (install "
                 "fonts-wqy-microhei)");
    else
        QApplication::setFont(QFont(cjk));
    // Once per process: Qt Quick Controls takes the style when QML first imports it.
    static const bool styled = [] {
        QQuickStyle::setStyle(QStringLiteral("Basic"));
        return true;
    }();
    Q_UNUSED(styled);
    auto& workstation = d->workstation;
    auto& session = d->session;
    auto& recovery = d->recovery;
    // Whatever a crash left unfinished at this counter is recovered once someone has logged in.
    QObject::connect(&session, &Session::changed, &recovery, [&workstation, &session, &recovery] {
        if (session.loggedIn() && workstation.counterId() != 0)
            recovery.run(workstation.counterId(), session.staffId(), session.token());
    });
    // A staff session that ends here ends in the database too.
    QObject::connect(&session, &Session::tokenEnded, &d->database,
                     [db = &d->database](const auth::SessionToken& token, const QString& reason) {
                         db->run<bool>(
                             db,
                             [token, why = reason.toStdString()](counter::Desk& desk) {
                                 desk.logout(token, why);
                                 return true;
                             },
                             [](const counter::Outcome<bool>&) {});
                     });
    QObject::connect(&workstation, &Workstation::languageChanged, &recovery, &Recovery::retranslate);
    if (!configProblem.isEmpty())
        workstation.setConfigurationProblem(configProblem);
    WorkstationForeign::instance = &workstation;
    SessionForeign::instance = &session;
    RecoveryForeign::instance = &recovery;
    WriterForeign::instance = &d->writer;
    // A barcode scanner's keystrokes are caught on every screen, before any text field sees them.
    qApp->installEventFilter(&d->wedge);
    KeyboardWedgeForeign::instance = &d->wedge;
    // The CA and the printer are checked off the GUI thread, now and every 30 s.
    DeviceStatusForeign::instance = &d->devices;
    d->devices.start();
    // Any key, click or touch anywhere keeps the screen from locking.
    qApp->installEventFilter(&d->idle);
    IdleMonitorForeign::instance = &d->idle;
}

Kiosk::~Kiosk() {
    // The screens go first: nothing may hand the threads a job while they stop.
    d->engine.reset();
    qApp->removeEventFilter(&d->wedge);
    qApp->removeEventFilter(&d->idle);
}

QQuickWindow* Kiosk::load() {
    d->engine = std::make_unique<QQmlApplicationEngine>();
    auto& engine = *d->engine;
    // Set before the window is made, which otherwise brings its own (see IncubationPacer).
    engine.setIncubationController(&d->incubation);
    d->workstation.setEngine(&engine);
    d->workstation.setLanguage(d->config.language);
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, qApp, [] { QCoreApplication::exit(1); },
        Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Countersign/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return nullptr;
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
    if (window)
        d->workstation.start();
    return window;
}

Workstation& Kiosk::workstation() {
    return d->workstation;
}
Session& Kiosk::session() {
    return d->session;
}
Writer& Kiosk::writer() {
    return d->writer;
}
token::TokenThread& Kiosk::tokens() {
    return d->tokens;
}
QQmlApplicationEngine& Kiosk::engine() {
    return *d->engine;
}

namespace {

/// --startup-probe: the first frame the window shows ends the run, with the time since the process started.
void exitOnFirstFrame(QQuickWindow* window) {
    QObject::connect(
        window, &QQuickWindow::frameSwapped, window,
        [] {
            std::printf("startup-ms %.1f\n", double(processClock().nsecsElapsed()) / 1e6);
            std::fflush(stdout);
            QCoreApplication::exit(0);
        },
        Qt::QueuedConnection);
}

/// The raw primitive of the startup benchmark: the same application with an empty QML window.
int runBareWindow() {
    QQmlApplicationEngine engine;
    engine.loadData(
        "import QtQuick\nWindow { width: 1280; height: 800; visible: true; Text { text: \"x\" } }");
    if (engine.rootObjects().isEmpty())
        return 1;
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
    if (!window)
        return 1;
    exitOnFirstFrame(window);
    return QCoreApplication::exec();
}

} // namespace

const QElapsedTimer& processClock() {
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock;
}

int runKiosk(const KioskOptions& options) {
    if (options.startupProbe == QLatin1String("bare"))
        return runBareWindow();
    AppConfig config;
    QString configProblem;
    const QString configPath = options.configPath.isEmpty() ? defaultConfigPath() : options.configPath;
    try {
        config = loadConfig(configPath);
    } catch (const std::exception& e) {
        configProblem = QString::fromStdString(e.what());
    }
    if (!options.language.isEmpty())
        config.language = options.language;

    Kiosk kiosk(config, configProblem);
    QQuickWindow* window = kiosk.load();
    if (!window)
        return 1;
    Workstation& workstation = kiosk.workstation();

    if (!options.startupProbe.isEmpty()) {
        window->resize(1280, 800);
        exitOnFirstFrame(window);
    } else if (!options.screenshotPath.isEmpty()) {
        window->resize(1280, 800);
        // Shoot once start-up has settled (database connected or refused) so the screen shows the real state,
        // but never wait longer than 5 s.
        auto shoot = [window, path = options.screenshotPath] {
            QTimer::singleShot(300, window, [window, path] {
                const QImage image = window->grabWindow();
                const bool saved = !image.isNull() && image.save(path, "PNG");
                if (!saved)
                    qCritical("could not write the screenshot to %s", qPrintable(path));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        };
        auto* settled = new QTimer(window);
        settled->setInterval(50);
        QObject::connect(settled, &QTimer::timeout, window, [&workstation, settled, shoot] {
            const bool settledNow =
                !workstation.starting() &&
                (workstation.ready() || workstation.setupProblem() != Workstation::SetupProblem::None);
            if (!settledNow)
                return;
            settled->stop();
            shoot();
        });
        settled->start();
        QTimer::singleShot(5000, window, [settled, shoot] {
            if (settled->isActive()) {
                settled->stop();
                shoot();
            }
        });
    } else if (!options.windowed) {
        // The screen's size first: a Wayland compositor may grant full screen without saying how large (cage
        // 0.1.4 does), and the window would then keep Main.qml's 1280×800 — cut off on a smaller screen, a
        // corner of a larger one.
        if (QScreen* screen = window->screen())
            window->resize(screen->size());
        window->showFullScreen();
        // One line for the journal once the first frame is on the screen: which screen, and that the window
        // covers it.
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [window] {
                const QScreen* screen = window->screen();
                const QSize s = screen ? screen->size() : QSize();
                if (window->size() == s)
                    qInfo("countersign: full screen on %s, %dx%d", qPrintable(screen->name()), s.width(),
                          s.height());
                else
                    qWarning("countersign: the window is %dx%d but screen %s is %dx%d", window->width(),
                             window->height(), screen ? qPrintable(screen->name()) : "?", s.width(),
                             s.height());
            },
            static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
    }
    SystemdWatchdog watchdog; // under systemd: READY=1 once the login screen shows, then the watchdog pings
    watchdog.start(window);
    return QCoreApplication::exec();
}

} // namespace countersign::qml
