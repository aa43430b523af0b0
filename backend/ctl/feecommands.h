#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kFeeCommandsHelp;

int invoicesCommand(Context& ctx, Arguments& args);
int feesCommand(Context& ctx, Arguments& args);
int refundCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
