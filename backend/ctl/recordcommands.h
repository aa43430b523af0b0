#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kRecordCommandsHelp;

int auditCommand(Context& ctx, Arguments& args);
int receiptCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
