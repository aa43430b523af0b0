#include "qml/settingsoffice.h"

#include <algorithm>

#include <QTime>
#include <QtConcurrent/QtConcurrentRun>

#include "backend/counter/desk.h"
#include "qml/registration.h"
#include "qml/writer.h"

namespace countersign::qml {

namespace {

QVariant text(const std::string& s) {
    return QVariant(QString::fromStdString(s));
}

const ListModel::Columns<doctor::CheckResult> kChecks = {
    {"name", [](const doctor::CheckResult& c) { return text(c.name); }},
    {"verdict",
     [](const doctor::CheckResult& c) { return QVariant(QLatin1String(doctor::verdictName(c.verdict))); }},
    {"detail", [](const doctor::CheckResult& c) { return text(c.detail); }},
};

/// The "pkcs11" check as the kiosk sees it: the module its key thread loaded and what the writer shows.
doctor::CheckResult writerCheck(const AppConfig& config, const Writer* writer) {
    const std::string module = config.pkcs11Module.isEmpty() ? std::string("p11-kit's proxy (the default)")
                                                             : config.pkcs11Module.toStdString();
    if (!writer)
        return {"pkcs11", doctor::Verdict::Warn, "module " + module + ": this screen has no writer to ask"};
    switch (writer->state()) {
    case Writer::State::NotConnected:
        return {"pkcs11", doctor::Verdict::Fail,
                "module " + module + " is not in use: " +
                    (writer->problem().isEmpty() ? std::string("it did not load")
                                                 : writer->problem().toStdString())};
    case Writer::State::NoKey:
        return {"pkcs11", doctor::Verdict::Fail,
                "module " + module +
                    " loads, but the writer shows no key: is it plugged in, with a key in it?"};
    default:
        break;
    }
    const auto keys = writer->keys().size();
    const int blank = writer->blankCount();
    return {"pkcs11", doctor::Verdict::Ok,
            "module " + module + " loaded by this kiosk; the writer holds " + std::to_string(keys) +
                (keys == 1 ? " key" : " keys") +
                (blank ? " (" + std::to_string(blank) + " blank)" : std::string())};
}

} // namespace

DoctorChecksModel::DoctorChecksModel(QObject* parent)
    : ListModel(kChecks, parent) {}

void DoctorChecksModel::setRows(std::vector<doctor::CheckResult> rows) {
    show(std::move(rows), kChecks);
}

void SettingsOffice::componentComplete() {
    CounterController::componentComplete();
    m_writer = singletonOf<Writer>(this, "Writer");
    if (m_loadWanted)
        load();
}

void SettingsOffice::fillFromConfiguration() {
    Workstation* w = workstation();
    if (!w)
        return;
    const AppConfig& c = w->config();
    const bool cmp = c.caConnector == QLatin1String("cmp");
    m_settings[QStringLiteral("centre")] =
        w->centreName() + QStringLiteral(" (") + w->centreCode() + QLatin1Char(')');
    m_settings[QStringLiteral("counter")] =
        w->counterName() + QStringLiteral(" (") + w->counterCode() + QLatin1Char(')');
    m_settings[QStringLiteral("caKind")] = cmp ? QStringLiteral("cmp") : QStringLiteral("builtin");
    m_settings[QStringLiteral("caUrl")] = cmp ? c.cmpServer + c.cmpPath : c.caName;
    m_settings[QStringLiteral("crlUrl")] = cmp ? c.cmpCrlUrl : c.caCrlUrl;
    m_settings[QStringLiteral("pkcs11Module")] = c.pkcs11Module;
    m_settings[QStringLiteral("tokenUri")] = c.tokenUri;
    m_settings[QStringLiteral("printer")] = c.printerName;
    m_settings[QStringLiteral("paper")] = c.printerPaper;
    m_settings[QStringLiteral("keyAlgorithms")] = c.keyAlgorithms.join(QStringLiteral(", "));
    m_settings[QStringLiteral("pinMinLength")] = c.pinMinLength;
    // Only whether there is one: the default PIN itself is a PIN.
    m_settings[QStringLiteral("defaultPin")] = !c.defaultPin.isEmpty();
    m_settings[QStringLiteral("idleLockMinutes")] = c.idleLockMinutes;
    m_settings[QStringLiteral("language")] = w->language();
    m_settings[QStringLiteral("demo")] = c.demo;
    m_settings[QStringLiteral("retentionYears")] = c.retentionEvidenceYears;
    m_settings[QStringLiteral("stockLowLevel")] = c.stockLowLevel;
    m_settings[QStringLiteral("soPinVersion")] = c.soPinVersion;
    QStringList versions;
    for (const auto& [version, file] : c.soPinMasterFiles)
        versions << QString::number(version);
    m_settings[QStringLiteral("soPinVersions")] = versions.join(QStringLiteral(", "));
}

void SettingsOffice::load() {
    // The back office may open on this page while QML is still making it: load once the services are found.
    m_loadWanted = !workstation();
    if (m_loadWanted)
        return;
    fillFromConfiguration();
    Q_EMIT settingsChanged();
    runChecks();
    Workstation* w = workstation();
    if (!w || !w->ready())
        return;
    const long long counter = w->counterId();
    const std::string schedule = w->config().feeSchedule.toStdString();
    w->database()->run<counter::CounterSettings>(
        this, [counter, schedule](counter::Desk& desk) { return desk.counterSettings(counter, schedule); },
        [this](const counter::Outcome<counter::CounterSettings>& out) {
            if (!out.ok()) {
                m_error = out.connectionLost ? tr("The database cannot be reached.")
                                             : QString::fromStdString(out.error);
                Q_EMIT settingsChanged();
                return;
            }
            const auto& s = *out.value;
            m_error.clear();
            m_settings[QStringLiteral("databaseHost")] = QString::fromStdString(s.databaseHost);
            m_settings[QStringLiteral("databaseName")] = QString::fromStdString(s.databaseName);
            m_settings[QStringLiteral("databaseUser")] = QString::fromStdString(s.databaseUser);
            m_settings[QStringLiteral("feeSchedule")] =
                s.feeScheduleCode.empty()
                    ? QString::fromStdString(s.feeScheduleProblem)
                    : QString::fromStdString(s.feeScheduleName + " (" + s.feeScheduleCode + "), " +
                                             s.feeScheduleFrom + " – " + s.feeScheduleTo);
            m_settings[QStringLiteral("feeScheduleInForce")] = !s.feeScheduleCode.empty();
            Q_EMIT settingsChanged();
        });
}

void SettingsOffice::runChecks() {
    Workstation* w = workstation();
    if (!w || m_checking)
        return;
    m_checking = true;
    Q_EMIT checksChanged();
    const AppConfig config = w->config();
    doctor::Options options;
    const doctor::CheckResult seen = writerCheck(config, m_writer);
    options.pkcs11 = [seen] { return seen; };
    options.openMasterToken = false;
    options.setConnectTimeout = false;
    QtConcurrent::run([config, options] {
        return doctor::run(config, options);
    }).then(this, [this](std::vector<doctor::CheckResult> results) {
        m_failed = 0;
        for (const auto& r : results)
            m_failed += r.passed() ? 0 : 1;
        // What needs someone's attention first, then the rest in doctor's order: a failing check is never
        // below the page's fold.
        std::stable_sort(results.begin(), results.end(),
                         [](const doctor::CheckResult& a, const doctor::CheckResult& b) {
                             return static_cast<int>(a.verdict) > static_cast<int>(b.verdict);
                         });
        m_checks.setRows(std::move(results));
        m_checking = false;
        m_checkedAt = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
        Q_EMIT checksChanged();
    });
}

} // namespace countersign::qml
