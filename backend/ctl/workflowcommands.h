#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kWorkflowCommandsHelp;

int operationCommand(Context& ctx, Arguments& args,
                     const std::string& operation); ///< new|renew|upgrade|replace|unlock
int recoverCommand(Context& ctx, Arguments& args);
int transactionCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
