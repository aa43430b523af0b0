#pragma once

#include <map>
#include <string>
#include <vector>

#include <QString>
#include <QStringList>

namespace countersign {

/// The workstation's configuration: an INI file (DESIGN §10, deploy/countersign.conf.example lists every
/// key).
struct AppConfig {
    QString path; ///< the file it was read from; empty when none existed
    std::string
        databaseDsn;    ///< [database] dsn — libpq conninfo; empty: PGHOST, PGPORT … from the environment
    QString centreCode; ///< [workstation] centre
    QString counterCode; ///< [workstation] counter
    /// [workstation] timezone — the centre's IANA zone: a letter's dates are days there, not the machine's
    QString timeZone = QStringLiteral("Asia/Shanghai");
    QString language = QStringLiteral("zh_CN"); ///< [ui] language: zh_CN or en
    int idleLockMinutes = 10;                   ///< [security] idle_lock_minutes
    QString pkcs11Module;                       ///< [pkcs11] module — empty: p11-kit's proxy
    QString tokenUri;  ///< [pkcs11] token_uri — RFC 7512 URI selecting the writer (optional)
    bool demo = false; ///< [demo] enabled — shows the demo marking and demo controls
    /// [demo] letters_dir — the DEMO tax office's directory (`letter demo-issuer init`): the demo controls'
    /// sample letters are signed with it. Demo mode only: refused without [demo] enabled=true.
    QString demoLettersDir;

    // The SO-PIN master secrets (DESIGN §2): files readable by their owner only, or a secret key on a token.
    // Each key's SO PIN is derived with the master of the version recorded for it; `version` is the current
    // one.
    QString soPinMasterFile; ///< [sopin] master_file — the current version's (a config of one master)
    /// [sopin] master_file_<N> — the master of version N, one line per version still in use; master_file is
    /// the same as master_file_<version>.
    std::map<int, QString> soPinMasterFiles;
    QString soPinMasterModule;  ///< [sopin] master_module — PKCS#11 module of the token holding it
    QString soPinMasterToken;   ///< [sopin] master_token — that token's label
    QString soPinMasterKey;     ///< [sopin] master_key — the secret key object's label
    QString soPinMasterPinFile; ///< [sopin] master_pin_file — that token's user PIN (a 0600 file)
    int soPinVersion = 1;       ///< [sopin] version — which master secret; recorded with each key
    int soPinLength = 8;        ///< [sopin] length
    QString soPinAlphabet = QStringLiteral("0123456789"); ///< [sopin] alphabet

    // The built-in CA (DESIGN §4).
    QString caKeyFile; ///< [ca] key_file — the issuing CA's private key (mode 0600)
    QString caName = QStringLiteral("Countersign"); ///< [ca] name — used in the CA certificates' names
    int caValidityDays = 365;                       ///< [ca] validity_days — of issued certificates
    int caCrlDays = 7;                              ///< [ca] crl_days — CRL nextUpdate
    QString caCrlUrl; ///< [ca] crl_url — CRL distribution point in certificates
    /// [ca] crl_publish_dir — where the CRL of crl_url is served from: when set, the built-in CA publishes a
    /// fresh CRL there after each revocation, and doctor checks the one there
    QString caCrlPublishDir;
    QString caIssuersUrl;   ///< [ca] ca_issuers_url — AIA caIssuers in certificates
    QString caRootKeyFile;  ///< [ca] root_key_file — default key_file + ".root"
    QString caPkcs11Module; ///< [ca] pkcs11_module — when the issuing key is on a token
    QString caPinFile;      ///< [ca] pin_file — that token's user PIN (a 0600 file)
    QString caConnector = QStringLiteral("builtin"); ///< [ca] connector — builtin or cmp

    // An external CA over CMP ([cmp]).
    QString cmpServer;           ///< [cmp] server — host:port or http://host:port/path
    QString cmpPath;             ///< [cmp] path
    QStringList cmpTrustedCerts; ///< [cmp] trusted_certs — PEM files, comma separated
    QStringList cmpCaChain;      ///< [cmp] ca_chain — PEM files, issuing CA first
    QString cmpCrlUrl;           ///< [cmp] crl_url
    QString cmpReference;        ///< [cmp] reference — with secret_file: shared-secret authentication
    QString cmpSecretFile;       ///< [cmp] secret_file (mode 0600)
    QString cmpClientCert;       ///< [cmp] client_cert — or a client certificate …
    QString cmpClientKey;        ///< [cmp] client_key — … and its key (mode 0600)
    int cmpMessageTimeout = 30;  ///< [cmp] message_timeout — seconds
    int cmpTotalTimeout = 120;   ///< [cmp] total_timeout — seconds

    int pinMinLength = 6; ///< [pin] min_length
    /// [profile] key_algorithms — the key pair algorithms the certificate profile allows, in order of
    /// preference (rsa2048, rsa3072, ec-p256): a new key pair gets the first the key offers; a renewal keeps
    /// the old pair's when it is allowed.
    QStringList keyAlgorithms{QStringLiteral("rsa2048"), QStringLiteral("ec-p256"),
                              QStringLiteral("rsa3072")};
    // The rules of DESIGN §2 that differ between centres ([rules]).
    int renewWindowDaysBefore = 60; ///< [rules] renew_days_before — renewal opens this long before expiry
    int renewGraceDaysAfter = 365; ///< [rules] renew_days_after — an expired one renews up to this long after
    QString upgradeCutoff;         ///< [rules] upgrade_cutoff — certificates issued before it are upgraded
    /// [trust] legacy_ca_file — PEM bundle of the CAs that issued keys before Countersign: a certificate a
    /// key brings counts when it chains to one of them or to the CA's own chain; empty: none.
    QString legacyCaFile;
    QString defaultPin; ///< [pin] default_pin — non-empty: keys are handed out with it, to be changed

    QString feeSchedule; ///< [fees] schedule

    int stockLowLevel = 5; ///< [stock] low_level — a model with fewer keys in stock shows LOW; 0: never
    /// [reports] export_dir — where the back office writes exported reports; empty: "Countersign reports" in
    /// the documents folder.
    QString reportsExportDir;
    /// [retention] evidence_years — personal data is kept this many years after the certificate expires
    /// (DESIGN §11), 1 to 100.
    int retentionEvidenceYears = 3;
    QString retentionDsn; ///< [retention] dsn — the nightly purge's own database login; empty: [database] dsn

    int letterMaxValidityDays =
        90; ///< [letters] max_validity_days — expires − issued of an assistance letter

    QString scannerFolder; ///< [scanner] folder — where the document scanner saves images; empty: none
    /// [scanner] required_scans_new, _renew, _upgrade, _replace, _unlock — the scans (backend/scans.h:
    /// letter, id_front, id_back) an operation must have attached before it starts, by operation code ("NEW"
    /// …); "none" or an empty value: none. Default: the letter and the ID card's front for NEW, REPLACE and
    /// UNLOCK.
    std::map<std::string, std::vector<std::string>> requiredScans{{"NEW", {"letter", "id_front"}},
                                                                  {"RENEW", {}},
                                                                  {"UPGRADE", {}},
                                                                  {"REPLACE", {"letter", "id_front"}},
                                                                  {"UNLOCK", {"letter", "id_front"}}};

    QString printerName; ///< [printer] name — the CUPS queue for receipts; empty: the default printer
    QString printerPaper = QStringLiteral("a5"); ///< [printer] paper — receipt layout: a5, a4 or roll80
};

/// The configuration file to read: COUNTERSIGN_CONFIG if set, else /etc/xdg/countersign/countersign.conf.
QString defaultConfigPath();

/// Reads the INI file at `path`. A missing file gives the defaults; an unreadable or malformed one throws
/// std::runtime_error naming the file.
AppConfig loadConfig(const QString& path);

} // namespace countersign
