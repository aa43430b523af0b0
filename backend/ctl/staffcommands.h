#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines these commands add to countersignctl --help.
extern const char* const kStaffCommandsHelp;

/// countersignctl staff list|add|disable|enable|set-role|reset-password|unlock|passwd: staff accounts,
/// changed by an admin's session through the database's own functions (the staff_admin migration).
int staffCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
