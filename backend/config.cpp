#include "backend/config.h"
#include "backend/identifiers/date.h"
#include "backend/scans.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <QFileInfo>
#include <QSettings>
#include <QTimeZone>

namespace countersign {

QString defaultConfigPath() {
    const QByteArray env = qgetenv("COUNTERSIGN_CONFIG");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    return QStringLiteral("/etc/xdg/countersign/countersign.conf");
}

namespace {
int positiveInt(const QSettings& s, const char* key, int fallback) {
    const QVariant v = s.value(QLatin1String(key));
    if (!v.isValid())
        return fallback;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n <= 0)
        throw std::runtime_error(s.fileName().toStdString() + ": " + key +
                                 " must be a positive whole number");
    return n;
}
int wholeNumberIn(const QSettings& s, const char* key, int fallback, int least, int most) {
    const QVariant v = s.value(QLatin1String(key));
    if (!v.isValid())
        return fallback;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < least || n > most)
        throw std::runtime_error(s.fileName().toStdString() + ": " + key + " must be a whole number from " +
                                 std::to_string(least) + " to " + std::to_string(most));
    return n;
}
// [sopin] master_file_<N>: one master secret per version; master_file is the current version's.
void readSoPinMasters(QSettings& s, AppConfig& c) {
    const std::string file = s.fileName().toStdString();
    s.beginGroup(QStringLiteral("sopin"));
    const QStringList keys = s.childKeys();
    for (const QString& key : keys) {
        if (!key.startsWith(QLatin1String("master_file_")))
            continue;
        bool ok = false;
        const int version = key.mid(12).toInt(&ok);
        if (!ok || version <= 0)
            throw std::runtime_error(file + ": sopin/" + key.toStdString() +
                                     " must name a version: master_file_1, master_file_2 …");
        c.soPinMasterFiles[version] = s.value(key).toString();
    }
    s.endGroup();
    if (c.soPinMasterFile.isEmpty() && !c.soPinMasterFiles.empty()) {
        const auto current = c.soPinMasterFiles.find(c.soPinVersion);
        if (current == c.soPinMasterFiles.end())
            throw std::runtime_error(file + ": sopin/version is " + std::to_string(c.soPinVersion) +
                                     " but no sopin/master_file_" + std::to_string(c.soPinVersion) +
                                     " names its master secret");
        c.soPinMasterFile = current->second;
    } else if (!c.soPinMasterFile.isEmpty()) {
        const auto same = c.soPinMasterFiles.emplace(c.soPinVersion, c.soPinMasterFile);
        if (same.first->second != c.soPinMasterFile)
            throw std::runtime_error(file + ": sopin/master_file and sopin/master_file_" +
                                     std::to_string(c.soPinVersion) + " name different files");
    }
}

// [scanner] required_scans_<operation>: names of backend/scans.h, comma separated (QSettings gives a list).
void readRequiredScans(const QSettings& s, AppConfig& c) {
    for (auto& [operation, scans] : c.requiredScans) {
        const std::string key =
            "scanner/required_scans_" + QString::fromStdString(operation).toLower().toStdString();
        const QVariant v = s.value(QString::fromStdString(key));
        if (!v.isValid())
            continue;
        std::vector<std::string> names;
        for (const QString& part : v.toStringList())
            for (const QString& n : part.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const std::string name = n.trimmed().toStdString();
                if (name.empty() || name == "none")
                    continue;
                if (!findScanKind(name) || name != findScanKind(name)->name)
                    throw std::runtime_error(s.fileName().toStdString() + ": " + key + " names \"" + name +
                                             "\", not a scan: letter, id_front, id_back (or none)");
                if (std::find(names.begin(), names.end(), name) == names.end())
                    names.push_back(name);
            }
        scans = names;
    }
}

} // namespace

AppConfig loadConfig(const QString& path) {
    AppConfig c;
    const QFileInfo info(path);
    if (!info.exists())
        return c;
    if (!info.isReadable())
        throw std::runtime_error("cannot read configuration file " + path.toStdString());
    QSettings s(path, QSettings::IniFormat);
    if (s.status() != QSettings::NoError)
        throw std::runtime_error("configuration file " + path.toStdString() + " is not a valid INI file");
    c.path = path;
    // QSettings splits an unquoted value at commas, and a DSN naming a primary and a standby has them
    // (host=a,b port=5432,5432): put the pieces back together.
    c.databaseDsn =
        s.value(QStringLiteral("database/dsn")).toStringList().join(QLatin1Char(',')).toStdString();
    c.centreCode = s.value(QStringLiteral("workstation/centre")).toString();
    c.counterCode = s.value(QStringLiteral("workstation/counter")).toString();
    c.timeZone = s.value(QStringLiteral("workstation/timezone"), c.timeZone).toString().trimmed();
    if (!QTimeZone::isTimeZoneIdAvailable(c.timeZone.toUtf8()))
        throw std::runtime_error(path.toStdString() +
                                 ": workstation/timezone must be a time zone such as "
                                 "Asia/Shanghai, not \"" +
                                 c.timeZone.toStdString() + "\"");
    c.language = s.value(QStringLiteral("ui/language"), c.language).toString();
    if (c.language != QLatin1String("zh_CN") && c.language != QLatin1String("en"))
        throw std::runtime_error(path.toStdString() + ": ui/language must be zh_CN or en");
    c.idleLockMinutes = positiveInt(s, "security/idle_lock_minutes", c.idleLockMinutes);
    c.pkcs11Module = s.value(QStringLiteral("pkcs11/module")).toString();
    c.tokenUri = s.value(QStringLiteral("pkcs11/token_uri")).toString();
    c.demo = s.value(QStringLiteral("demo/enabled"), false).toBool();
    c.demoLettersDir = s.value(QStringLiteral("demo/letters_dir")).toString().trimmed();
    if (!c.demoLettersDir.isEmpty() && !c.demo)
        throw std::runtime_error(path.toStdString() +
                                 ": demo/letters_dir is for demo mode only (demo/enabled=true): a counter "
                                 "never signs letters of its own");
    c.soPinMasterFile = s.value(QStringLiteral("sopin/master_file")).toString();
    c.soPinMasterModule = s.value(QStringLiteral("sopin/master_module")).toString();
    c.soPinMasterToken = s.value(QStringLiteral("sopin/master_token")).toString();
    c.soPinMasterKey = s.value(QStringLiteral("sopin/master_key")).toString();
    c.soPinMasterPinFile = s.value(QStringLiteral("sopin/master_pin_file")).toString();
    c.soPinVersion = positiveInt(s, "sopin/version", c.soPinVersion);
    readSoPinMasters(s, c);
    c.soPinLength = positiveInt(s, "sopin/length", c.soPinLength);
    c.soPinAlphabet = s.value(QStringLiteral("sopin/alphabet"), c.soPinAlphabet).toString();
    c.pinMinLength = positiveInt(s, "pin/min_length", c.pinMinLength);
    c.renewWindowDaysBefore = positiveInt(s, "rules/renew_days_before", c.renewWindowDaysBefore);
    c.renewGraceDaysAfter = positiveInt(s, "rules/renew_days_after", c.renewGraceDaysAfter);
    c.upgradeCutoff =
        s.value(QStringLiteral("rules/upgrade_cutoff"), QStringLiteral("2018-09-18")).toString();
    if (!c.upgradeCutoff.isEmpty() && !Date::parse(c.upgradeCutoff.toStdString()))
        throw std::runtime_error(path.toStdString() + ": rules/upgrade_cutoff must be a date YYYY-MM-DD");
    c.legacyCaFile = s.value(QStringLiteral("trust/legacy_ca_file")).toString();
    c.stockLowLevel = wholeNumberIn(s, "stock/low_level", c.stockLowLevel, 0, 1000000);
    c.reportsExportDir = s.value(QStringLiteral("reports/export_dir")).toString().trimmed();
    c.retentionEvidenceYears = wholeNumberIn(s, "retention/evidence_years", c.retentionEvidenceYears, 1, 100);
    c.retentionDsn = s.value(QStringLiteral("retention/dsn")).toString().trimmed();
    {
        // A comma in an INI value makes QSettings give a list.
        QStringList algorithms;
        for (const QString& part :
             s.value(QStringLiteral("profile/key_algorithms"), c.keyAlgorithms).toStringList())
            for (const QString& a : part.split(QLatin1Char(','), Qt::SkipEmptyParts))
                algorithms << a.trimmed();
        if (!algorithms.isEmpty())
            c.keyAlgorithms = algorithms;
    }
    c.caKeyFile = s.value(QStringLiteral("ca/key_file")).toString();
    c.caName = s.value(QStringLiteral("ca/name"), c.caName).toString();
    c.caValidityDays = positiveInt(s, "ca/validity_days", c.caValidityDays);
    c.caCrlDays = positiveInt(s, "ca/crl_days", c.caCrlDays);
    c.caCrlUrl = s.value(QStringLiteral("ca/crl_url")).toString();
    c.caCrlPublishDir = s.value(QStringLiteral("ca/crl_publish_dir")).toString();
    c.caIssuersUrl = s.value(QStringLiteral("ca/ca_issuers_url")).toString();
    c.caRootKeyFile = s.value(QStringLiteral("ca/root_key_file")).toString();
    c.caPkcs11Module = s.value(QStringLiteral("ca/pkcs11_module")).toString();
    c.caPinFile = s.value(QStringLiteral("ca/pin_file")).toString();
    c.caConnector = s.value(QStringLiteral("ca/connector"), c.caConnector).toString();
    if (c.caConnector != QLatin1String("builtin") && c.caConnector != QLatin1String("cmp"))
        throw std::runtime_error(path.toStdString() + ": ca/connector must be builtin or cmp");
    c.cmpServer = s.value(QStringLiteral("cmp/server")).toString();
    c.cmpPath = s.value(QStringLiteral("cmp/path")).toString();
    c.cmpTrustedCerts = s.value(QStringLiteral("cmp/trusted_certs")).toStringList();
    c.cmpCaChain = s.value(QStringLiteral("cmp/ca_chain")).toStringList();
    c.cmpCrlUrl = s.value(QStringLiteral("cmp/crl_url")).toString();
    c.cmpReference = s.value(QStringLiteral("cmp/reference")).toString();
    c.cmpSecretFile = s.value(QStringLiteral("cmp/secret_file")).toString();
    c.cmpClientCert = s.value(QStringLiteral("cmp/client_cert")).toString();
    c.cmpClientKey = s.value(QStringLiteral("cmp/client_key")).toString();
    c.cmpMessageTimeout = positiveInt(s, "cmp/message_timeout", c.cmpMessageTimeout);
    c.cmpTotalTimeout = positiveInt(s, "cmp/total_timeout", c.cmpTotalTimeout);
    c.defaultPin = s.value(QStringLiteral("pin/default_pin")).toString();
    c.feeSchedule = s.value(QStringLiteral("fees/schedule")).toString();
    c.letterMaxValidityDays = positiveInt(s, "letters/max_validity_days", c.letterMaxValidityDays);
    c.scannerFolder = s.value(QStringLiteral("scanner/folder")).toString();
    readRequiredScans(s, c);
    c.printerName = s.value(QStringLiteral("printer/name")).toString();
    c.printerPaper = s.value(QStringLiteral("printer/paper"), c.printerPaper).toString().trimmed().toLower();
    if (c.printerPaper != QLatin1String("a5") && c.printerPaper != QLatin1String("a4") &&
        c.printerPaper != QLatin1String("roll80"))
        throw std::runtime_error(path.toStdString() + ": printer/paper must be a5, a4 or roll80");
    return c;
}

} // namespace countersign
