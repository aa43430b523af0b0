#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// countersignctl letter verify|demo-issuer init|demo-issue: the tax office's assistance letters.
int letterCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
