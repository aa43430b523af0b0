#include "token/secretfile.h"

#include <fstream>

#include <sys/stat.h>

namespace countersign::token {

std::optional<Secret> readOwnerOnlyLine(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 0077) != 0)
        return std::nullopt;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    if (!in && !in.eof())
        return std::nullopt;
    return Secret::take(line);
}

} // namespace countersign::token
