#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

extern const char* const kLegacyCommandsHelp;

/// countersignctl certificates import|revocations: certificates issued before Countersign (by the CA of
/// [trust] legacy_ca_file) and that CA's revocation requests.
int certificatesCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
