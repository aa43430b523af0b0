#include "tests/support/privatecups.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDir>
#include <QFile>

#include "printing/printqueue.h"

namespace countersign::test {

namespace {

// A port nothing listens on now: the kernel's pick for a socket bound to port 0.
int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    REQUIRE(bound);
    return ntohs(address.sin_port);
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

PrivateCups::PrivateCups() {
    m_port = freeLoopbackPort();
    m_dir = scratchDir() + "/cups-" + std::to_string(m_port);
    const auto started = runProcess(COUNTERSIGN_CUPSD_SCRIPT, {"start", m_dir, std::to_string(m_port)});
    INFO("cupsd.sh start: " << started.out << started.err);
    REQUIRE(started.exitCode == 0);
    if (const char* previous = std::getenv("CUPS_SERVER")) {
        m_hadServer = true;
        m_previousServer = previous;
    }
    setenv("CUPS_SERVER", server().c_str(), 1);
    // CUPS keeps the server per thread from its first use: this thread follows the new setting at once.
    printing::rereadPrintServer();
}

PrivateCups::~PrivateCups() {
    try {
        runProcess(COUNTERSIGN_CUPSD_SCRIPT, {"stop", m_dir});
    } catch (const std::exception&) {
    }
    if (m_hadServer)
        setenv("CUPS_SERVER", m_previousServer.c_str(), 1);
    else
        unsetenv("CUPS_SERVER");
    printing::rereadPrintServer();
}

std::string PrivateCups::server() const {
    return "127.0.0.1:" + std::to_string(m_port);
}

ProcessResult PrivateCups::tool(const std::string& program, const std::vector<std::string>& args) const {
    const auto r = runProcess(program, args, {}, {{"CUPS_SERVER", server()}});
    INFO(program << ": " << r.out << r.err);
    REQUIRE(r.exitCode == 0);
    return r;
}

void PrivateCups::addCaptureQueue(const std::string& name) const {
    tool("lpadmin",
         {"-p", name, "-v", "capture:" + m_dir + "/jobs", "-o", "printer-error-policy=abort-job", "-E"});
}

std::string PrivateCups::waitForJob(int jobId, int timeoutMs) const {
    const std::string path = m_dir + "/jobs/job-" + std::to_string(jobId) + ".pdf";
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < until) {
        if (QFile::exists(QString::fromStdString(path)))
            return readAll(path);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {};
}

std::vector<int> PrivateCups::capturedJobs() const {
    std::vector<int> ids;
    const QStringList files =
        QDir(QString::fromStdString(m_dir + "/jobs")).entryList({QStringLiteral("job-*.pdf")}, QDir::Files);
    for (const QString& f : files)
        ids.push_back(f.mid(4, f.size() - 8).toInt());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void PrivateCups::setOutOfPaper(bool out) const {
    const QString flag = QString::fromStdString(m_dir + "/jobs/media-empty");
    if (out) {
        QFile f(flag);
        REQUIRE(f.open(QIODevice::WriteOnly));
    } else {
        QFile::remove(flag);
    }
}

std::string writeBytes(const std::string& name, const std::string& bytes) {
    return writeScratchFile(name, bytes);
}

std::string pdfText(const std::string& pdfPath) {
    const auto r = runProcess("pdftotext", {"-enc", "UTF-8", pdfPath, "-"});
    INFO("pdftotext " << pdfPath << ": " << r.err);
    REQUIRE(r.exitCode == 0);
    return r.out;
}

} // namespace countersign::test
