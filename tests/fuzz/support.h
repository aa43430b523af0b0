#pragma once

// What the fuzz targets share: the bytes as text, a fixed day, files of the repository.

#include <cstddef>
#include <cstdint>
#include <string>

#include "backend/identifiers/date.h"

namespace countersign::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// The day every target judges dates against, so that the seed corpus keeps meaning the same: 2026-03-01.
Date today();

/// A file under tests/fuzz/ (a trust list, …), read once; aborts when it can't be read, since a target that
/// runs without its fixture finds nothing.
std::string fixture(const std::string& relativePath);

/// Stops the run as a finding (libFuzzer saves the input) when an invariant the product promises is broken.
[[noreturn]] void broken(const char* what);

} // namespace countersign::fuzz
