#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kStockCommandsHelp;

int stockCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
