#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// countersignctl token list|info|init|set-pin|verify-pin|unlock|keygen|write-cert|selftest|retire.
int tokenCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
