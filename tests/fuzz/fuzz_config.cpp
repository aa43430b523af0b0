// The workstation's configuration file (countersign.conf, an admin's INI file): loadConfig, which reads it
// through QSettings — every key, [sopin] master_file_<N>, [scanner] required_scans_<operation>
// (backend/scans.h) — and then what parses the values it keeps: [pkcs11] token_uri (token::Pkcs11Uri).
// The bytes are written to the target's file, each input with a modification time of its own (QSettings
// caches a file it read by its name, size and time). Errors are std::runtime_error naming the file, as
// documented. Invariants: what it accepts holds only the values it promises (scan names, language, paper,
// connector, positive numbers).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include <QCoreApplication>

#include "backend/config.h"
#include "backend/scans.h"
#include "tests/fuzz/support.h"
#include "token/pkcs11uri.h"

using namespace countersign;

namespace {

const std::string& configPath() {
    static const std::string path = "/dev/shm/fuzz2-config-" + std::to_string(::getpid()) + ".conf";
    return path;
}

// Writes the input as the configuration file, with a modification time of its own: QSettings keeps a file it
// read and reads it again only when its size or time changed.
void writeConfig(const std::uint8_t* data, std::size_t size) {
    static long long inputs = 0;
    const int fd = ::open(configPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::write(fd, data, size) != static_cast<ssize_t>(size))
        fuzz::broken("can't write the configuration file for the target");
    const struct timespec times[2] = {{1700000000 + ++inputs, 0}, {1700000000 + inputs, 0}};
    if (::futimens(fd, times) != 0)
        fuzz::broken("can't set the configuration file's time");
    ::close(fd);
}

void checkAccepted(const AppConfig& c) {
    for (const auto& [operation, scans] : c.requiredScans)
        for (const auto& name : scans) {
            const ScanKind* kind = findScanKind(name);
            if (!kind || name != kind->name)
                fuzz::broken("a required scan is not one of backend/scans.h");
        }
    if (c.requiredScans.size() != 5)
        fuzz::broken("required scans for an operation that does not exist");
    if (c.language != QLatin1String("zh_CN") && c.language != QLatin1String("en"))
        fuzz::broken("a language other than zh_CN and en was accepted");
    if (c.printerPaper != QLatin1String("a5") && c.printerPaper != QLatin1String("a4") &&
        c.printerPaper != QLatin1String("roll80"))
        fuzz::broken("a receipt paper other than a5, a4, roll80 was accepted");
    if (c.caConnector != QLatin1String("builtin") && c.caConnector != QLatin1String("cmp"))
        fuzz::broken("a CA connector other than builtin and cmp was accepted");
    for (const int n : {c.idleLockMinutes, c.soPinVersion, c.soPinLength, c.pinMinLength, c.caValidityDays,
                        c.caCrlDays, c.cmpMessageTimeout, c.cmpTotalTimeout, c.letterMaxValidityDays})
        if (n <= 0)
            fuzz::broken("a number that must be positive was accepted as zero or less");
    if (c.retentionEvidenceYears < 1 || c.retentionEvidenceYears > 100 || c.stockLowLevel < 0)
        fuzz::broken("a number outside its range was accepted");
    if (!c.demo && !c.demoLettersDir.isEmpty())
        fuzz::broken("a demo letters directory was accepted outside demo mode");
    if (!c.tokenUri.isEmpty()) {
        try {
            (void)token::Pkcs11Uri::parse(c.tokenUri.toStdString());
        } catch (const std::invalid_argument&) {
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    static int argc = 1;
    static char name[] = "fuzz_config";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = new QCoreApplication(argc, argv); // never destroyed, as in fuzz_wedge
    (void)app;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    writeConfig(data, size);
    const std::string& path = configPath();
    try {
        const AppConfig c = loadConfig(QString::fromStdString(path));
        checkAccepted(c);
    } catch (const std::runtime_error& e) {
        if (std::string(e.what()).find(path) == std::string::npos)
            fuzz::broken("a refused configuration file is not named");
    }
    ::unlink(path.c_str()); // libFuzzer does not always leave through exit()
    return 0;
}
