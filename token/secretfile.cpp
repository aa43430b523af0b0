#include "token/secretfile.h"

#include <cerrno>
#include <string_view>

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

namespace countersign::token {

namespace {

constexpr std::size_t kMaxSecretFile = 64 * 1024;

// Closes the descriptor however the read ends.
struct Descriptor {
    int fd = -1;
    ~Descriptor() {
        if (fd >= 0)
            ::close(fd);
    }
};

// A buffer of fixed size, wiped when it goes away: never reallocated, so no copy of the secret is left behind
// in freed memory.
struct WipedBuffer {
    std::string bytes = std::string(kMaxSecretFile + 1, '\0');
    ~WipedBuffer() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

std::optional<Secret> fail(SecretFileProblem* problem, SecretFileProblem what) {
    if (problem)
        *problem = what;
    return std::nullopt;
}

} // namespace

std::optional<Secret> readOwnerOnlyFile(const std::string& path, SecretFileProblem* problem) {
    if (problem)
        *problem = SecretFileProblem::None;
    // O_NONBLOCK: a FIFO put in the secret's place must not hang the counter before fstat says what it is.
    Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
    if (file.fd < 0)
        return fail(problem, SecretFileProblem::Missing);
    struct stat st {};
    if (::fstat(file.fd, &st) != 0)
        return fail(problem, SecretFileProblem::Unreadable);
    if (!S_ISREG(st.st_mode))
        return fail(problem, SecretFileProblem::NotRegular);
    if ((st.st_mode & 0077) != 0)
        return fail(problem, SecretFileProblem::TooOpen);
    if (st.st_size > static_cast<off_t>(kMaxSecretFile))
        return fail(problem, SecretFileProblem::TooLarge);
    WipedBuffer buffer;
    std::size_t length = 0;
    while (length < buffer.bytes.size()) {
        const ssize_t n = ::read(file.fd, buffer.bytes.data() + length, buffer.bytes.size() - length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(problem, SecretFileProblem::Unreadable);
        if (n == 0)
            break;
        length += static_cast<std::size_t>(n);
    }
    if (length > kMaxSecretFile)
        return fail(problem, SecretFileProblem::TooLarge);
    return Secret(std::string_view(buffer.bytes.data(), length));
}

std::optional<Secret> readOwnerOnlyLine(const std::string& path, SecretFileProblem* problem) {
    auto whole = readOwnerOnlyFile(path, problem);
    if (!whole)
        return std::nullopt;
    std::string_view line = whole->view();
    line = line.substr(0, line.find('\n'));
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.remove_suffix(1);
    return Secret(line);
}

std::string secretFileProblemText(SecretFileProblem problem, const std::string& path) {
    switch (problem) {
    case SecretFileProblem::None:
        break;
    case SecretFileProblem::Missing:
        return "cannot open " + path;
    case SecretFileProblem::NotRegular:
        return path + " is not a regular file";
    case SecretFileProblem::TooOpen:
        return path + " must be readable by its owner only (chmod 600)";
    case SecretFileProblem::Unreadable:
        return "cannot read " + path;
    case SecretFileProblem::TooLarge:
        return path + " is too large for a secret file";
    }
    return path;
}

} // namespace countersign::token
