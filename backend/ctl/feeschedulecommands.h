#pragma once

#include <string>

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kFeeScheduleCommandsHelp;

/// fees list | show | add-version: fee schedules, their versions and rules, and a new version added by an
/// admin with a second person's approval (the fees migration). `sub` is the word after "fees".
int feeScheduleCommand(Context& ctx, Arguments& args, const std::string& sub);

} // namespace countersign::ctl
