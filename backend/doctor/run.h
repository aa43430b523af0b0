#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "backend/doctor/doctor.h"

// Only backend/doctor/ includes this: what every check is handed.
namespace countersign::doctor {

/// One run of the checks: the configuration, the connection the "database" check opened (null when it
/// could not), and the results so far.
struct Run {
    const AppConfig& config;
    const Options& options;
    std::unique_ptr<pqxx::connection> conn;
    std::vector<CheckResult> results;

    /// Adds a result; the detail is made one line (libpq's messages come with line breaks and tabs).
    void add(const std::string& name, Verdict verdict, const std::string& detail);
    void pass(const std::string& name, const std::string& detail) { add(name, Verdict::Ok, detail); }
    void warn(const std::string& name, const std::string& detail) { add(name, Verdict::Warn, detail); }
    void fail(const std::string& name, const std::string& detail) { add(name, Verdict::Fail, detail); }
    /// Runs `check`, turning whatever it throws into a failed `name`.
    void guarded(const std::string& name, const std::function<void()>& check);
    /// False, with `name` failed "not checked: no database", when there is no connection.
    bool needsDatabase(const std::string& name);
};

/// A check: adds its result(s) to the run.
using Check = void (*)(Run&);

/// The checks, in the order they run (checks.cpp).
const std::vector<Check>& checks();

} // namespace countersign::doctor
