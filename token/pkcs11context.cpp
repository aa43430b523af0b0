#include "token/pkcs11context.h"

#include <utility>

#include <dlfcn.h>

#include "token/tokenerror.h"

namespace countersign::token {

Pkcs11Context::Pkcs11Context(const std::string& modulePath) {
    PKCS11_CTX* ctx = PKCS11_CTX_new();
    if (!ctx)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "creating the PKCS#11 context");
    if (PKCS11_CTX_load(ctx, modulePath.c_str()) != 0) {
        const unsigned long ckr = takeLibp11Ckr();
        // Not PKCS11_CTX_unload: after a failed load it would call C_Finalize through a module that is gone.
        PKCS11_CTX_free(ctx);
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading the PKCS#11 module", ckr, {}, modulePath);
    }
    m_ctx = ctx;
    // The module stays loaded for the process's life: unloading and loading again crashes some modules
    // (openCryptoki 3.8.1 in its soft token's C_Initialize), and a key layer made anew must not.
    ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

Pkcs11Context::~Pkcs11Context() {
    releaseSlots();
    if (m_ctx) {
        PKCS11_CTX_unload(m_ctx);
        PKCS11_CTX_free(m_ctx);
    }
}

Pkcs11Context::Pkcs11Context(Pkcs11Context&& other) noexcept {
    swap(other);
}

Pkcs11Context& Pkcs11Context::operator=(Pkcs11Context&& other) noexcept {
    Pkcs11Context gone(std::move(other));
    swap(gone);
    return *this;
}

void Pkcs11Context::swap(Pkcs11Context& other) noexcept {
    std::swap(m_ctx, other.m_ctx);
    std::swap(m_slots, other.m_slots);
    std::swap(m_slotCount, other.m_slotCount);
}

void Pkcs11Context::enumerateSlots(const std::string& step) {
    releaseSlots();
    if (PKCS11_enumerate_slots(m_ctx, &m_slots, &m_slotCount) != 0)
        throw errorFromCkr(step, takeLibp11Ckr());
}

void Pkcs11Context::releaseSlots() noexcept {
    if (m_slots)
        PKCS11_release_all_slots(m_ctx, m_slots, m_slotCount);
    m_slots = nullptr;
    m_slotCount = 0;
}

} // namespace countersign::token
