#pragma once

#include <string>

#include "token/secret.h"

namespace countersign {

/// Reads one line (without its newline) from an already open file descriptor, e.g. a pipe the caller made
/// with --password-fd. Throws std::runtime_error when nothing can be read.
Secret readSecretFromFd(int fd);

/// Asks on the controlling terminal with echo off. Throws std::runtime_error when there is no terminal.
Secret readSecretFromTerminal(const std::string& prompt);

} // namespace countersign
