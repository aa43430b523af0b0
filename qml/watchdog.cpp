#include "qml/watchdog.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QQuickWindow>

namespace countersign::qml {

namespace {

/// A socket file descriptor closed when it goes out of scope.
class Socket {
public:
    Socket()
        : m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
    ~Socket() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int fd() const { return m_fd; }

private:
    int m_fd;
};

} // namespace

SystemdWatchdog::SystemdWatchdog(QObject* parent)
    : QObject(parent) {
    connect(&m_ping, &QTimer::timeout, this, [] { notify("WATCHDOG=1"); });
}

void SystemdWatchdog::start(QQuickWindow* window) {
    if (qEnvironmentVariableIsEmpty("NOTIFY_SOCKET"))
        return;
    auto ready = std::make_shared<QMetaObject::Connection>();
    *ready = connect(window, &QQuickWindow::frameSwapped, this, [this, ready] {
        disconnect(*ready);
        notify("READY=1\nSTATUS=login screen shown");
        const auto interval = pingInterval();
        if (interval.count() > 0) {
            notify("WATCHDOG=1");
            m_ping.start(interval);
        }
    });
}

bool SystemdWatchdog::notify(const QByteArray& state) {
    const QByteArray path = qgetenv("NOTIFY_SOCKET");
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    // A path, or an abstract socket named with a leading '@'.
    if (path.size() < 2 || (path[0] != '/' && path[0] != '@') ||
        static_cast<std::size_t>(path.size()) >= sizeof(address.sun_path))
        return false;
    std::memcpy(address.sun_path, path.constData(), static_cast<std::size_t>(path.size()));
    if (address.sun_path[0] == '@')
        address.sun_path[0] = '\0';
    const Socket socket;
    if (socket.fd() < 0)
        return false;
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
    const ssize_t sent = ::sendto(socket.fd(), state.constData(), static_cast<std::size_t>(state.size()),
                                  MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&address), length);
    return sent == state.size();
}

std::chrono::milliseconds SystemdWatchdog::pingInterval() {
    bool ok = false;
    const qulonglong usec = qEnvironmentVariable("WATCHDOG_USEC").toULongLong(&ok);
    if (!ok || usec == 0)
        return std::chrono::milliseconds(0);
    // systemd names its main process; under cage that is the compositor whose child the kiosk is.
    const QString pid = qEnvironmentVariable("WATCHDOG_PID");
    if (!pid.isEmpty()) {
        const qlonglong watched = pid.toLongLong(&ok);
        if (!ok || (watched != ::getpid() && watched != ::getppid()))
            return std::chrono::milliseconds(0);
    }
    return std::chrono::milliseconds(std::max<qulonglong>(1, usec / 2000));
}

} // namespace countersign::qml
