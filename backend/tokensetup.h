#pragma once

#include <memory>

#include "backend/config.h"
#include "token/pinpolicy.h"
#include "token/sopin.h"

namespace countersign {

/// The SO PIN deriver the configuration describes ([sopin]); nullptr when none is configured, so operations
/// that need the SO PIN fail with a clear "no master secret" error instead of guessing.
std::shared_ptr<const token::SoPinDeriver> makeSoPinDeriver(const AppConfig& config);

/// The PIN rules the configuration describes ([pin]).
token::PinPolicy makePinPolicy(const AppConfig& config);

} // namespace countersign
