#pragma once

#include <optional>
#include <string>

#include "token/secret.h"

namespace countersign::token {

/// Why a secret file was not read.
enum class SecretFileProblem {
    None,
    Missing,    ///< it can't be opened
    NotRegular, ///< a directory, a device, a FIFO …
    TooOpen,    ///< group or others may read or write it
    Unreadable, ///< reading it failed
    TooLarge,   ///< more than a secret file holds (64 KiB)
};

/// The whole of a file that only its owner may read, byte for byte (a binary secret is used whole): the file
/// is opened once and every check is made with fstat on that open descriptor, so what is checked is what is
/// read; the bytes go through one buffer that is wiped. nullopt (and `problem` set, when given) otherwise,
/// because a secret anyone else could read is no secret.
std::optional<Secret> readOwnerOnlyFile(const std::string& path, SecretFileProblem* problem = nullptr);

/// The first line of such a file (a PIN file), without its line end: a trailing CR/LF (a file written on
/// Windows) is not part of the PIN.
std::optional<Secret> readOwnerOnlyLine(const std::string& path, SecretFileProblem* problem = nullptr);

/// The problem in words, naming the file ("… must be readable by its owner only (chmod 600)").
std::string secretFileProblemText(SecretFileProblem problem, const std::string& path);

} // namespace countersign::token
