#pragma once

#include <string>

namespace countersign::test {

/// The private openCryptoki of this test process: a pkcsslotd of its own serving only the soft token over a
/// fresh, empty token store, in mount, IPC and PID namespaces of its own. tests/support/ockslot.sh makes it
/// before the test process starts (it is countersign_ock_tests' CROSSCOMPILING_EMULATOR, so every ctest test
/// of that binary is one process with one daemon and one store; see that script for why it is a launcher).
///
/// Construct one at the start of each test: it fails the test, with what to do, when the process was not
/// started by ockslot.sh (that would reach the machine's own openCryptoki, or none) or when a test before it
/// in the same process already used the store (a token is blank only once).
class OckSlot {
public:
    /// `keepModuleLoaded`: load openCryptoki's module now and never unload it in this process. Its 3.8.1
    /// crashes in C_Initialize when loaded again after an unload, which each KeyDevice's end does (libp11
    /// unloads the module); only the test of that crash leaves it false.
    explicit OckSlot(bool keepModuleLoaded = true);
    OckSlot(const OckSlot&) = delete;
    OckSlot& operator=(const OckSlot&) = delete;

    /// openCryptoki's PKCS#11 module (the API library that talks to pkcsslotd).
    static std::string modulePath();
    /// The soft token's serial: fixed, the same before and after initialisation.
    static constexpr const char* serial = "123";
    /// The soft token's model (CK_TOKEN_INFO.model), the name its key model is registered under.
    static constexpr const char* model = "IBM SoftTok";
    /// The soft token's factory SO PIN: C_InitToken must be given it; it stays until C_SetPIN changes it.
    static constexpr const char* factorySoPin = "87654321";
};

} // namespace countersign::test
