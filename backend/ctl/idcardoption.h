#pragma once

#include <string>

#include "backend/ctl/arguments.h"

namespace countersign::ctl {

/// `--id-card NUMBER` of new, replace and unlock: the number of the ID card the agent presents, which the
/// workflow compares with the letter's agent (check "id_card"). Required for those three (a usage error
/// naming the flag when missing); left for expectEmpty to refuse on the other operations. Its validity is the
/// check's, so the kiosk and the command line refuse a wrong card in the same words.
std::string takeIdCard(Arguments& args, const std::string& operation);

} // namespace countersign::ctl
