// The kiosk under systemd (countersign@.service: Type=notify, WatchdogSec): it says READY=1 once its login
// screen is on the screen and then pings WATCHDOG=1 from its event loop, over the datagram socket systemd
// names in NOTIFY_SOCKET. Here the test plays systemd.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <QProcess>
#include <QProcessEnvironment>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tests/support/testenv.h"

namespace {

/// systemd's end of the notification socket.
class NotifySocket {
public:
    explicit NotifySocket(const std::string& path)
        : m_path(path)
        , m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof a.sun_path);
        path.copy(a.sun_path, path.size());
        ::unlink(path.c_str());
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    }
    ~NotifySocket() {
        ::close(m_fd);
        ::unlink(m_path.c_str());
    }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    /// The next message, or empty after `timeoutMs`.
    std::string receive(int timeoutMs) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) != 1)
            return {};
        char buffer[4096];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

private:
    std::string m_path;
    int m_fd;
};

} // namespace

TEST_CASE("the kiosk tells systemd it is ready once the login screen shows, then pings the watchdog",
          "[deploy][qml]") {
    NotifySocket notify(countersign::test::scratchDir() + "/notify-" + std::to_string(::getpid()));
    QProcess kiosk;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(
        QStringLiteral("NOTIFY_SOCKET"),
        QString::fromStdString(countersign::test::scratchDir() + "/notify-" + std::to_string(::getpid())));
    env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("600000"));   // pings every 0.3 s
    env.insert(QStringLiteral("WATCHDOG_PID"), QString::number(::getpid())); // the kiosk's parent, as cage is
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    kiosk.setProcessEnvironment(env);
    kiosk.start(QStringLiteral(COUNTERSIGN_PATH),
                {QStringLiteral("--config"), QStringLiteral("/nonexistent"), QStringLiteral("--windowed")});
    REQUIRE(kiosk.waitForStarted(10000));

    std::vector<std::string> messages;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int pings = 0;
    while (pings < 3 && std::chrono::steady_clock::now() < deadline) {
        const std::string m = notify.receive(500);
        if (m.empty())
            continue;
        messages.push_back(m);
        pings += m == "WATCHDOG=1" ? 1 : 0;
    }
    kiosk.kill();
    kiosk.waitForFinished(10000);

    INFO("messages: " << messages.size());
    REQUIRE_FALSE(messages.empty());
    CHECK(messages.front().rfind("READY=1", 0) == 0);
    CHECK(pings >= 3);
}

TEST_CASE("outside systemd the kiosk sends nothing and a watchdog meant for another process is ignored",
          "[deploy][qml]") {
    // No NOTIFY_SOCKET: nothing to do (the kiosk starts as usual; covered by every other kiosk test). A
    // WATCHDOG_PID naming neither the kiosk nor its parent: that watchdog is someone else's.
    NotifySocket notify(countersign::test::scratchDir() + "/notify-other-" + std::to_string(::getpid()));
    QProcess kiosk;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NOTIFY_SOCKET"),
               QString::fromStdString(countersign::test::scratchDir() + "/notify-other-" +
                                      std::to_string(::getpid())));
    env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("600000"));
    env.insert(QStringLiteral("WATCHDOG_PID"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    kiosk.setProcessEnvironment(env);
    kiosk.start(QStringLiteral(COUNTERSIGN_PATH),
                {QStringLiteral("--config"), QStringLiteral("/nonexistent"), QStringLiteral("--windowed")});
    REQUIRE(kiosk.waitForStarted(10000));
    std::string first;
    for (int i = 0; i < 60 && first.empty(); ++i)
        first = notify.receive(500);
    const std::string second = notify.receive(1500);
    kiosk.kill();
    kiosk.waitForFinished(10000);
    CHECK(first.rfind("READY=1", 0) == 0);
    CHECK(second.empty());
}
