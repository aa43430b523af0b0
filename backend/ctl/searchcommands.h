#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The counter's past: `transaction search`, `transaction show NO --operator …` (the detail, personal data
/// masked), `transaction evidence`, `receipt void`.
extern const char* const kSearchCommandsHelp;

/// Whether `command` with `args` is one of these (`transaction show` without --operator stays the
/// workflow's).
bool isSearchCommand(const std::string& command, const Arguments& args);
int searchCommand(Context& ctx, const std::string& command, Arguments& args);

} // namespace countersign::ctl
