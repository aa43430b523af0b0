#include "backend/secretinput.h"

#include <cerrno>
#include <cstdio>
#include <stdexcept>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace countersign {

namespace {

Secret readLine(int fd) {
    std::string line;
    char c = 0;
    for (;;) {
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n')
            break;
        line.push_back(c);
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return Secret::take(line);
}

/// Restores the terminal's echo however the read ends.
class EchoOff {
public:
    explicit EchoOff(int fd)
        : m_fd(fd) {
        if (tcgetattr(fd, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            m_active = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~EchoOff() {
        if (m_active)
            tcsetattr(m_fd, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    int m_fd;
    termios m_saved{};
    bool m_active = false;
};

} // namespace

Secret readSecretFromFd(int fd) {
    if (fd < 0 || fcntl(fd, F_GETFD) < 0)
        throw std::runtime_error("file descriptor " + std::to_string(fd) + " is not open");
    Secret s = readLine(fd);
    if (s.empty())
        throw std::runtime_error("nothing to read on file descriptor " + std::to_string(fd));
    return s;
}

Secret readSecretFromTerminal(const std::string& prompt) {
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0)
        throw std::runtime_error("no terminal to ask for the password on; use --password-fd N");
    Secret s;
    {
        EchoOff quiet(tty);
        (void)!::write(tty, prompt.data(), prompt.size());
        s = readLine(tty);
        (void)!::write(tty, "\n", 1);
    }
    ::close(tty);
    return s;
}

} // namespace countersign
