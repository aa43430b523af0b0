#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <QTimer>

#include "backend/config.h"

namespace countersign::qml {

class CaProbe;

/// Whether the CA and the receipt printer can be used, as the status bar shows them. Both are checked off the
/// GUI thread — the CA on a thread of its own (counter::CaStatus, with its own connection), the printer (CUPS
/// can block) on the thread pool — every `intervalMs` and when asked with refresh(). Made in main() and
/// handed to QML as the singleton `DeviceStatus`.
class DeviceStatus : public QObject {
    Q_OBJECT
    // CaState and PrinterState share value names; QML spells them DeviceStatus.CaState.Up and so on.
    Q_CLASSINFO("RegisterEnumClassesUnscoped", "false")
    Q_PROPERTY(CaState caState READ caState NOTIFY caChanged)
    Q_PROPERTY(QString caMessage READ caMessage NOTIFY caChanged)
    Q_PROPERTY(PrinterState printerState READ printerState NOTIFY printerChanged)
    Q_PROPERTY(QString printerName READ printerName NOTIFY printerChanged)
    Q_PROPERTY(QString printerMessage READ printerMessage NOTIFY printerChanged)
    Q_PROPERTY(bool checking READ checking NOTIFY checkingChanged)

public:
    enum class CaState {
        Unknown, ///< not checked yet
        Up,      ///< the configured CA answered
        Down,    ///< it could not be set up or reached; caMessage says why
    };
    Q_ENUM(CaState)
    enum class PrinterState {
        Unknown,       ///< not checked yet
        Ready,         ///< idle or printing
        NotConfigured, ///< no [printer] name and no default printer
        Down,          ///< the printer is missing, stopped or in error; printerMessage says which
    };
    Q_ENUM(PrinterState)

    /// `config` is copied: the CA check reads it on its own thread. Nothing is checked before start().
    explicit DeviceStatus(AppConfig config, QObject* parent = nullptr);
    ~DeviceStatus() override;

    CaState caState() const { return m_caState; }
    QString caMessage() const { return m_caMessage; }
    PrinterState printerState() const { return m_printerState; }
    /// The printer's description (or queue name) — the configured or the default one.
    QString printerName() const { return m_printerName; }
    QString printerMessage() const { return m_printerMessage; }
    bool checking() const { return m_caBusy || m_printerBusy; }

    int intervalMs() const { return m_timer.interval(); }
    void setIntervalMs(int ms) { m_timer.setInterval(ms); }

    /// Checks both now, then every intervalMs (30 s).
    void start();

public Q_SLOTS:
    /// Checks both now; a device whose check is still running is not asked twice.
    void refresh();

Q_SIGNALS:
    void caChanged();
    void printerChanged();
    void checkingChanged();

private:
    void refreshCa();
    void refreshPrinter();

    const AppConfig m_config;
    QTimer m_timer;
    QThread m_caThread;
    CaProbe* m_caProbe = nullptr; // lives on m_caThread, deleted there
    bool m_caBusy = false;
    bool m_printerBusy = false;
    CaState m_caState = CaState::Unknown;
    QString m_caMessage;
    PrinterState m_printerState = PrinterState::Unknown;
    QString m_printerName;
    QString m_printerMessage;
};

} // namespace countersign::qml
