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

} // namespace countersign::test
