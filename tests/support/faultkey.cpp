#include "tests/support/faultkey.h"

#include <stdexcept>

#include <dlfcn.h>

#include "tests/faultmodule/faultcontrol.h"

namespace countersign::test {

namespace {
template <typename F> F symbol(void* library, const char* name) {
    auto f = reinterpret_cast<F>(::dlsym(library, name));
    if (!f)
        throw std::runtime_error(std::string("the fault module has no ") + name);
    return f;
}
} // namespace

FaultKey::FaultKey()
    : m_library(::dlopen(COUNTERSIGN_FAULTMODULE_PATH, RTLD_NOW | RTLD_LOCAL)) {
    if (!m_library)
        throw std::runtime_error(std::string("cannot load the fault module: ") + ::dlerror());
}

FaultKey::~FaultKey() {
    // A failed test must not leave the key out for the next one.
    if (removed())
        reinsert();
    ::dlclose(m_library);
}

std::string FaultKey::modulePath() {
    return COUNTERSIGN_FAULTMODULE_PATH;
}

void FaultKey::removeAt(const std::string& function, int k, const std::string& serial) {
    symbol<decltype(&csfault_remove_at)>(m_library, "csfault_remove_at")(
        function.c_str(), k, serial.empty() ? nullptr : serial.c_str());
}

void FaultKey::removeNow() {
    symbol<decltype(&csfault_remove_now)>(m_library, "csfault_remove_now")();
}

void FaultKey::reinsert() {
    symbol<decltype(&csfault_reinsert)>(m_library, "csfault_reinsert")();
}

int FaultKey::calls(const std::string& function) {
    return symbol<decltype(&csfault_calls)>(m_library, "csfault_calls")(function.c_str());
}

void FaultKey::resetCounts() {
    symbol<decltype(&csfault_reset_counts)>(m_library, "csfault_reset_counts")();
}

bool FaultKey::removed() {
    return symbol<decltype(&csfault_is_removed)>(m_library, "csfault_is_removed")() != 0;
}

void FaultKey::setLatency(const std::string& function, int milliseconds, const std::string& objectClass) {
    if (symbol<decltype(&csfault_set_latency)>(m_library, "csfault_set_latency")(
            function.c_str(), objectClass.empty() ? nullptr : objectClass.c_str(), milliseconds) != 0)
        throw std::runtime_error("the fault module refused the latency of " + function);
}

void FaultKey::slowKey(double scale) {
    const auto ms = [scale](int full) { return static_cast<int>(full * scale); };
    setLatency("C_GenerateKeyPair", ms(8000));
    setLatency("C_CreateObject", ms(1500), "certificate");
    setLatency("C_Login", ms(300));
}

void FaultKey::setNotOffered(const std::string& function, bool notOffered) {
    if (symbol<decltype(&csfault_not_offered)>(m_library, "csfault_not_offered")(function.c_str(),
                                                                                 notOffered ? 1 : 0) != 0)
        throw std::runtime_error("the fault module knows no function " + function);
}

void FaultKey::clearLatencies() {
    symbol<decltype(&csfault_clear_latencies)>(m_library, "csfault_clear_latencies")();
}

void FaultKey::setSlotEvents(bool on) {
    symbol<decltype(&csfault_slot_events)>(m_library, "csfault_slot_events")(on ? 1 : 0);
}

void FaultKey::setWriter(bool on, bool blankIn) {
    symbol<decltype(&csfault_writer)>(m_library, "csfault_writer")(on ? 1 : 0, blankIn ? 1 : 0);
}

} // namespace countersign::test
