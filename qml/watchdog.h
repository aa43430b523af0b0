#pragma once

#include <chrono>

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QQuickWindow;

namespace countersign::qml {

/// Tells systemd how the kiosk is (countersign@.service: Type=notify, WatchdogSec): READY=1 once the first
/// frame of the login screen is on the screen, then WATCHDOG=1 from the GUI thread's event loop at half the
/// watchdog interval, so a kiosk whose event loop hangs is killed and restarted. Outside systemd (no
/// NOTIFY_SOCKET) it does nothing. The datagram protocol is sd_notify(3)'s; no libsystemd needed.
class SystemdWatchdog : public QObject {
public:
    explicit SystemdWatchdog(QObject* parent = nullptr);

    /// READY=1 after `window`'s first frame, and the watchdog pings from then on.
    void start(QQuickWindow* window);

    /// Sends `state` ("READY=1", "WATCHDOG=1" …) to $NOTIFY_SOCKET. False when there is none or it failed.
    static bool notify(const QByteArray& state);
    /// Half of $WATCHDOG_USEC when the watchdog is meant for this process (or its parent: under cage,
    /// systemd's main process is the compositor), else zero.
    static std::chrono::milliseconds pingInterval();

private:
    QTimer m_ping;
};

} // namespace countersign::qml
