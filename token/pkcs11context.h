#pragma once

#include <string>

#include <libp11.h>

namespace countersign::token {

/// One libp11 context with its PKCS#11 module loaded, and the slot list last read from it; the slots are
/// released and the module finalised, unloaded and freed when it goes away (internal to token/: KeyDevice and
/// SigningKey each hold one).
class Pkcs11Context {
public:
    Pkcs11Context() = default; ///< holds nothing
    /// Creates a context and loads `modulePath` into it (C_Initialize). Throws TokenError ModuleLoadFailed.
    explicit Pkcs11Context(const std::string& modulePath);
    ~Pkcs11Context();
    Pkcs11Context(Pkcs11Context&& other) noexcept;
    Pkcs11Context& operator=(Pkcs11Context&& other) noexcept;
    Pkcs11Context(const Pkcs11Context&) = delete;
    Pkcs11Context& operator=(const Pkcs11Context&) = delete;

    /// A fresh slot list, the last one released first (libp11 caches token flags; enumeration opens no
    /// session). Throws what the module said, naming `step`.
    void enumerateSlots(const std::string& step);
    /// Forgets the slot list; its slots and tokens are gone.
    void releaseSlots() noexcept;
    unsigned int slotCount() const { return m_slotCount; }
    PKCS11_SLOT* slot(unsigned int i) const { return &m_slots[i]; }

private:
    void swap(Pkcs11Context& other) noexcept;

    PKCS11_CTX* m_ctx = nullptr; // loaded whenever set
    PKCS11_SLOT* m_slots = nullptr;
    unsigned int m_slotCount = 0;
};

} // namespace countersign::token
