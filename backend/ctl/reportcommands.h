#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kReportCommandsHelp;

/// report daily|range|centres|expiring (DESIGN §8).
int reportCommand(Context& ctx, Arguments& args);
/// day preview|close: the day close (日结).
int dayCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
