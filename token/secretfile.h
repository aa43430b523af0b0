#pragma once

#include <optional>
#include <string>

#include "token/secret.h"

namespace countersign::token {

/// The first line of a file that only its owner may read (a PIN file): nullopt when the file is missing or
/// group/world-readable, because a secret anyone else could read is no secret.
std::optional<Secret> readOwnerOnlyLine(const std::string& path);

} // namespace countersign::token
