#include "tests/support/ockslot.h"

#include <cstdlib>
#include <stdexcept>

#include <dlfcn.h>
#include <sys/stat.h>

namespace countersign::test {

namespace {
bool used = false;
} // namespace

OckSlot::OckSlot(bool keepModuleLoaded) {
    const char* inside = std::getenv("COUNTERSIGN_OCK_PRIVATE");
    if (!inside || std::string(inside) != "1")
        throw std::runtime_error(
            "this test needs a private openCryptoki: run it through ctest, or by hand as "
            "tests/support/ockslot.sh countersign_ock_tests 'TEST NAME' (as root, with the package "
            "opencryptoki)");
    struct stat socket {};
    if (::stat("/run/pkcsslotd.socket", &socket) != 0 || !S_ISSOCK(socket.st_mode))
        throw std::runtime_error("the private pkcsslotd is not listening on /run/pkcsslotd.socket");
    if (used)
        throw std::runtime_error(
            "one openCryptoki test per process: the store is fresh only for the first (ctest "
            "runs each test alone; by hand, name one test)");
    used = true;
    if (keepModuleLoaded && !::dlopen(modulePath().c_str(), RTLD_NOW | RTLD_NODELETE))
        throw std::runtime_error("cannot load " + modulePath() + ": " + ::dlerror());
}

std::string OckSlot::modulePath() {
    return "/usr/lib/x86_64-linux-gnu/pkcs11/libopencryptoki.so";
}

} // namespace countersign::test
