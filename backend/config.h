#pragma once

#include <string>

#include <QString>

namespace countersign {

/// The workstation's configuration: an INI file (DESIGN §10, deploy/countersign.conf.example lists every
/// key).
struct AppConfig {
    QString path; ///< the file it was read from; empty when none existed
    std::string
        databaseDsn;    ///< [database] dsn — libpq conninfo; empty: PGHOST, PGPORT … from the environment
    QString centreCode; ///< [workstation] centre
    QString counterCode;                        ///< [workstation] counter
    QString language = QStringLiteral("zh_CN"); ///< [ui] language: zh_CN or en
    int idleLockMinutes = 10;                   ///< [security] idle_lock_minutes
    int maxFailedLogins = 5;                    ///< [security] max_failed_logins
    int loginLockMinutes = 15;                  ///< [security] login_lock_minutes
    QString pkcs11Module;                       ///< [pkcs11] module — empty: p11-kit's proxy
    QString tokenUri;  ///< [pkcs11] token_uri — RFC 7512 URI selecting the writer (optional)
    bool demo = false; ///< [demo] enabled — shows the demo marking and demo controls
};

/// The configuration file to read: COUNTERSIGN_CONFIG if set, else /etc/xdg/countersign/countersign.conf.
QString defaultConfigPath();

/// Reads the INI file at `path`. A missing file gives the defaults; an unreadable or malformed one throws
/// std::runtime_error naming the file.
AppConfig loadConfig(const QString& path);

} // namespace countersign
