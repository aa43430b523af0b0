#include "tests/fuzz/support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace countersign::fuzz {

Date today() {
    return Date{2026, 3, 1};
}

std::string fixture(const std::string& relativePath) {
    const std::string path = std::string(COUNTERSIGN_FUZZ_DIR) + "/" + relativePath;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz: cannot read the fixture %s\n", path.c_str());
        std::abort();
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void broken(const char* what) {
    std::fprintf(stderr, "fuzz: invariant broken: %s\n", what);
    std::abort();
}

} // namespace countersign::fuzz
