#include "backend/privatefile.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace countersign {

void writePrivateFile(const std::string& path, std::string_view bytes) {
    if (path.empty())
        throw PrivateFileError("no file name to write to");
    // The temporary file lives in the target's directory, so the rename never crosses file systems.
    std::vector<char> temp(path.begin(), path.end());
    const char suffix[] = ".XXXXXX";
    temp.insert(temp.end(), suffix, suffix + sizeof suffix);
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        throw PrivateFileError("can't write " + path + ": " + std::strerror(errno));
    int error = 0;
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0)
        error = errno;
    std::size_t done = 0;
    while (error == 0 && done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            error = n < 0 ? errno : EIO;
        else
            done += static_cast<std::size_t>(n);
    }
    if (error == 0 && ::fsync(fd) != 0)
        error = errno;
    if (::close(fd) != 0 && error == 0)
        error = errno;
    if (error == 0 && ::rename(temp.data(), path.c_str()) != 0)
        error = errno;
    if (error != 0) {
        ::unlink(temp.data());
        throw PrivateFileError("can't write " + path + ": " + std::strerror(error));
    }
}

} // namespace countersign
