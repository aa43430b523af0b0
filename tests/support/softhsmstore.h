#pragma once

#include <string>

namespace countersign::test {

/// A fresh, empty SoftHSM2 token store for this test process: SOFTHSM2_CONF points at it before any module
/// is loaded. An empty store shows one blank token, like a blank USB-KEY in the writer.
class SoftHsmStore {
public:
    explicit SoftHsmStore(const std::string& root);
    const std::string& configPath() const { return m_conf; }
    const std::string& tokenDir() const { return m_tokens; }

    /// SoftHSM2's module as Debian installs it.
    static std::string modulePath();

private:
    std::string m_conf;
    std::string m_tokens;
};

} // namespace countersign::test
