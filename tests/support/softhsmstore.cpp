#include "tests/support/softhsmstore.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <sys/stat.h>

namespace countersign::test {

SoftHsmStore::SoftHsmStore(const std::string& root)
    : m_conf(root + "/softhsm2.conf")
    , m_tokens(root + "/tokens") {
    ::mkdir(root.c_str(), 0700);
    if (::mkdir(m_tokens.c_str(), 0700) != 0)
        throw std::runtime_error("cannot create the SoftHSM2 token directory " + m_tokens);
    std::ofstream conf(m_conf);
    conf << "directories.tokendir = " << m_tokens << "\n"
         << "objectstore.backend = file\n"
         << "log.level = ERROR\n"
         << "slots.removable = true\n"
         << "slots.mechanisms = ALL\n";
    conf.close();
    if (!conf)
        throw std::runtime_error("cannot write " + m_conf);
    ::setenv("SOFTHSM2_CONF", m_conf.c_str(), 1);
}

std::string SoftHsmStore::modulePath() {
    return "/usr/lib/softhsm/libsofthsm2.so";
}

} // namespace countersign::test
