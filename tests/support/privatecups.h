#pragma once

#include <string>
#include <vector>

#include "tests/support/testenv.h"

namespace countersign::test {

/// A private CUPS scheduler for one test (tests/support/cupsd.sh, STACK.md §9): its own configuration and
/// spool on a free loopback port, stopped when it goes. While it lives, CUPS_SERVER points this process (and
/// every program it starts) at it. A missing cupsd or CUPS tool fails the test; it never skips it.
class PrivateCups {
public:
    PrivateCups();
    ~PrivateCups();
    PrivateCups(const PrivateCups&) = delete;
    PrivateCups& operator=(const PrivateCups&) = delete;

    /// "127.0.0.1:PORT", what CUPS_SERVER says.
    std::string server() const;
    /// Adds a raw queue (no driver: the PDF arrives as QPrinter made it) whose jobs the capture backend
    /// keeps, enabled and accepting jobs.
    void addCaptureQueue(const std::string& name) const;
    /// A CUPS command-line tool (lpadmin, cupsenable, cupsdisable, lpstat …) against this scheduler; fails
    /// the test when it fails.
    ProcessResult tool(const std::string& program, const std::vector<std::string>& args) const;
    /// The bytes of job `jobId` as the printer got them, once the capture backend has them (empty after
    /// `timeoutMs`).
    std::string waitForJob(int jobId, int timeoutMs = 15000) const;
    /// The ids of the jobs captured so far, in order.
    std::vector<int> capturedJobs() const;
    /// While on, the capture backend reports the printer out of paper (media-empty-error) and waits.
    void setOutOfPaper(bool out) const;

private:
    std::string m_dir;
    int m_port = 0;
    std::string m_previousServer;
    bool m_hadServer = false;
};

/// Writes bytes to a new scratch file and returns its path.
std::string writeBytes(const std::string& name, const std::string& bytes);

/// `pdftotext` of a PDF file: its text, UTF-8.
std::string pdfText(const std::string& pdfPath);

} // namespace countersign::test
