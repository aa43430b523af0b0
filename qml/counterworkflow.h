#pragma once

#include <functional>
#include <string>

#include "backend/config.h"
#include "backend/workflow/workflow.h"
#include "token/keydevice.h"

namespace countersign::qml {

/// Runs `use` on the token thread with the counter's workflow and everything it needs there at once: the
/// key writer (`keys`), the token thread's own database connection (opened on first use and again after it
/// broke), the counter's centre and the configured CA. `hook` hears the workflow's crash points.
void withCounterWorkflow(const AppConfig& config, long long counterId, token::KeyDevice& keys,
                         std::function<void(const std::string&)> hook,
                         const std::function<void(workflow::Workflow&)>& use);

} // namespace countersign::qml
