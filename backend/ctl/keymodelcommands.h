#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// countersignctl stock model set|list: the key models the stock knows (0029_keymodels.sql).
int stockModelCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
