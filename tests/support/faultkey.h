#pragma once

#include <string>

namespace countersign::test {

/// The test fault module (tests/faultmodule) seen from a test: the path to load as the PKCS#11 module and
/// its controls — pull the key out, put it back, count calls.
class FaultKey {
public:
    FaultKey();
    ~FaultKey();
    FaultKey(const FaultKey&) = delete;
    FaultKey& operator=(const FaultKey&) = delete;

    static std::string modulePath();

    void removeAt(const std::string& function, int k, const std::string& serial = {});
    void removeNow();
    void reinsert();
    int calls(const std::string& function = "*");
    void resetCounts();
    bool removed();

private:
    void* m_library = nullptr;
};

} // namespace countersign::test
