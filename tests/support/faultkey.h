#pragma once

#include <string>

namespace countersign::test {

/// The test fault module (tests/faultmodule) seen from a test: the path to load as the PKCS#11 module and
/// its controls — pull the key out, put it back, count calls, make calls slow, offer slot events.
class FaultKey {
public:
    FaultKey();
    /// Puts the key back; leaves latencies and slot events as they are (other FaultKeys share the module).
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
    /// Calls of `function` (on objects of `objectClass`: "certificate" …; empty: any) take `milliseconds`.
    void setLatency(const std::string& function, int milliseconds, const std::string& objectClass = {});
    /// A real key's pace: key generation 8 s, a certificate's write 1.5 s, a login 0.3 s, each multiplied by
    /// `scale` (tests that need not wait the whole time use less).
    void slowKey(double scale = 1.0);
    void clearLatencies();
    /// The module offers C_WaitForSlotEvent (on) or forwards it to SoftHSM2 (off, the default).
    void setSlotEvents(bool on);
    /// The module lacks `function` (CKR_FUNCTION_NOT_SUPPORTED), as some vendors' do; false: offered again.
    void setNotOffered(const std::string& function, bool notOffered = true);
    /// The module acts as a key writer (the demo's: SoftHSM2's free slot is a blank key only while one is put
    /// in) or not; `blankIn`: a blank key is in now.
    void setWriter(bool on, bool blankIn = false);

private:
    void* m_library = nullptr;
};

} // namespace countersign::test
