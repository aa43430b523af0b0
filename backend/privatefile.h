#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

// Files the counter writes that hold people's and companies' data — invoice exports, reports, receipts,
// letters — are readable by their owner only (mode 0600), whatever mode a file of that name had before, and
// appear whole or not at all: written to a temporary file beside the target (made 0600 by mkstemp), flushed
// to disk, then renamed over it. A symbolic link at the target is replaced, never followed.
namespace countersign {

class PrivateFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Writes `bytes` to `path` as above. Throws PrivateFileError naming the path and the system's reason; the
/// target is then untouched.
void writePrivateFile(const std::string& path, std::string_view bytes);

} // namespace countersign
