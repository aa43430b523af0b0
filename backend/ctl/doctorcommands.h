#pragma once

#include "backend/ctl/arguments.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

/// The lines `doctor` adds to countersignctl --help.
extern const char* const kDoctorCommandHelp;

/// countersignctl doctor: checks that this workstation can work — database reachable and migrated, counter
/// registered, PKCS#11 module and writer, SO-PIN master secret, CA, printer queue, fonts with Chinese glyphs.
/// One line per check; exit 1 when any fails.
int doctorCommand(Context& ctx, Arguments& args);

} // namespace countersign::ctl
