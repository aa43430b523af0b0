#pragma once

#include <functional>
#include <string>
#include <vector>

#include "backend/config.h"

namespace countersign::doctor {

/// How one check of the installation came out.
enum class Verdict {
    Ok,
    Warn, ///< works, but someone should look (does not fail `countersignctl doctor`)
    Fail,
};

/// "ok", "warn", "fail" (as countersignctl --json and the kiosk name them).
const char* verdictName(Verdict verdict);

/// One check of the installation: its name ("database", "pkcs11" …), its verdict and what it found, one line.
struct CheckResult {
    std::string name;
    Verdict verdict = Verdict::Fail;
    std::string detail;
    bool passed() const { return verdict != Verdict::Fail; }
};

/// What differs when the kiosk runs the checks rather than countersignctl.
struct Options {
    /// The "pkcs11" check's result when the caller owns the PKCS#11 module already (the kiosk's token
    /// thread): loading it a second time and unloading it here would finalise it under that thread. Empty:
    /// the module is loaded and the writer listed, as countersignctl does.
    std::function<CheckResult()> pkcs11;
    /// False in the kiosk: an SO PIN master secret on a token is not opened a second time (the token thread
    /// holds it); a master file is still read.
    bool openMasterToken = true;
    /// False in the kiosk: PGCONNECT_TIMEOUT is not set in the environment of a process whose other threads
    /// use libpq (setenv is not thread-safe); the kiosk's own connection settings apply.
    bool setConnectTimeout = true;
};

/// Checks that this workstation can work, in order: configuration, database reachable, schema migrated,
/// counter registered, PKCS#11 module and writer, SO PIN master secret, CA, printer queue, fonts with Chinese
/// glyphs. Blocks (the database, the CA, CUPS): never on the GUI thread. Each check runs whatever the
/// others found; one that needs the database is failed "not checked: no database" without it. The checks
/// are the functions listed in backend/doctor/checks.cpp.
std::vector<CheckResult> run(const AppConfig& config, const Options& options = {});

} // namespace countersign::doctor
