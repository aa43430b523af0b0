#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// countersignctl ca init|issue|revoke|crl|export-chain|status: the built-in CA.
int caCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
