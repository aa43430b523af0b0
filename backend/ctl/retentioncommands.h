#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

extern const char* const kRetentionCommandsHelp;

/// countersignctl retention purge: personal data past `[retention] evidence_years` (the retention migration).
int retentionCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
