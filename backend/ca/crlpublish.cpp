#include "backend/ca/crlpublish.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "token/owned.h"

namespace countersign::ca {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw std::runtime_error(what + " " + path + ": " + std::strerror(errno));
}

std::string derOf(const std::string& pem) {
    const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    const Owned<X509_CRL> crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    if (!crl)
        throw std::runtime_error("the CA's CRL could not be read");
    unsigned char* raw = nullptr;
    const int len = i2d_X509_CRL(crl.get(), &raw);
    const Owned<unsigned char> der(raw);
    return std::string(reinterpret_cast<char*>(raw), static_cast<std::size_t>(len));
}

} // namespace

std::string crlFileName(const std::string& crlUrl) {
    std::string path = crlUrl;
    for (const char cut : {'?', '#'})
        if (const auto at = path.find(cut); at != std::string::npos)
            path.resize(at);
    const auto slash = path.rfind('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty() || name == "." || name == ".." || path.find("://") == std::string::npos ||
        slash <= path.find("://") + 2)
        return "countersign.crl";
    return name;
}

bool crlNameWantsPem(const std::string& fileName) {
    return fileName.size() > 4 && fileName.compare(fileName.size() - 4, 4, ".pem") == 0;
}

void writeAtomically(const std::string& path, const std::string& bytes, unsigned mode) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    std::string temp = dir + "/." + path.substr(slash + 1) + ".XXXXXX";
    std::vector<char> name(temp.begin(), temp.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        fail("cannot make a temporary file in", dir);
    temp = name.data();
    bool ok = ::fchmod(fd, mode) == 0;
    for (std::size_t done = 0; ok && done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
        const int e = ok ? errno : savedErrno;
        ::unlink(temp.c_str());
        errno = e;
        fail("cannot write", path);
    }
    // The rename itself durable: the directory's entry.
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

std::string publishCrl(CertificateAuthority& ca, const std::string& dir, const std::string& crlUrl) {
    if (dir.empty())
        throw std::runtime_error("no directory to publish the CRL in");
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        fail("cannot publish the CRL in", dir);
    const std::string name = crlFileName(crlUrl);
    const std::string pem = ca.crl();
    const std::string path = dir + (dir.back() == '/' ? "" : "/") + name;
    writeAtomically(path, crlNameWantsPem(name) ? pem : derOf(pem), 0644);
    return path;
}

} // namespace countersign::ca
