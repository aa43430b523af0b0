#pragma once

#include <functional>
#include <string>
#include <vector>

namespace countersign::ctl {

/// Exit statuses of countersignctl (also printed by --help).
enum ExitCode {
    ExitOk = 0,          ///< done; the code or number is valid
    ExitRefused = 1,     ///< invalid input, refused operation, failed check
    ExitUsage = 2,       ///< the command line is wrong
    ExitEnvironment = 3, ///< configuration unreadable, database unreachable or of another version
};

/// Runs countersignctl with its arguments (without the program name). Needs a QGuiApplication (receipts are
/// drawn with QPainter). `stepHook` hears every crash point of the workflow (workflow::Services::hook): only
/// the crash tests' build of the command line (tests/workflow/crashctl.cpp) gives one.
int run(const std::vector<std::string>& args, std::function<void(const std::string&)> stepHook = {});

} // namespace countersign::ctl
