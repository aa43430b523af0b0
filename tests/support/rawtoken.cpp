#include "tests/support/rawtoken.h"

#include <p11-kit/pkcs11.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include <dlfcn.h>

namespace countersign::test {

namespace {

std::string trimmed(const unsigned char* text, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(text), size);
    s.erase(s.find_last_not_of(" \0", std::string::npos, 2) + 1);
    return s;
}

std::string hex(unsigned long ckr) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%lx", ckr);
    return text;
}

// PKCS#11 takes PINs through non-const pointers; modules only read them.
CK_UTF8CHAR* utf8(const Secret& pin) {
    return reinterpret_cast<CK_UTF8CHAR*>(const_cast<char*>(pin.c_str()));
}

// The module loaded and initialised for one call; finalised afterwards only when this call initialised it.
class Module {
public:
    explicit Module(const std::string& path)
        : m_handle(::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
        if (!m_handle)
            throw std::runtime_error("cannot load " + path + ": " + ::dlerror());
        auto getList = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(m_handle, "C_GetFunctionList"));
        if (!getList || getList(&f) != CKR_OK || !f)
            throw std::runtime_error(path + " is not a PKCS#11 module");
        const CK_RV rv = f->C_Initialize(nullptr);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
            throw std::runtime_error("C_Initialize of " + path + " failed: " + hex(rv));
        m_finalise = rv == CKR_OK;
    }
    // Never dlclose()d: openCryptoki 3.8.1 crashes in its next C_Initialize once its API library was unloaded
    // and loaded again in the same process (the soft token library stays loaded with stale state).
    ~Module() {
        if (m_finalise)
            f->C_Finalize(nullptr);
    }
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    // The slot of the token whose serial (or, with `byLabel`, label) is `name`.
    CK_SLOT_ID slotOf(const std::string& name, CK_TOKEN_INFO* info = nullptr, bool byLabel = false) const {
        CK_ULONG n = 0;
        if (f->C_GetSlotList(CK_TRUE, nullptr, &n) != CKR_OK)
            throw std::runtime_error("C_GetSlotList failed");
        std::vector<CK_SLOT_ID> slots(n);
        if (f->C_GetSlotList(CK_TRUE, slots.data(), &n) != CKR_OK)
            throw std::runtime_error("C_GetSlotList failed");
        slots.resize(n);
        for (const CK_SLOT_ID slot : slots) {
            CK_TOKEN_INFO token{};
            if (f->C_GetTokenInfo(slot, &token) == CKR_OK &&
                (byLabel ? trimmed(token.label, sizeof token.label)
                         : trimmed(token.serialNumber, sizeof token.serialNumber)) == name) {
                if (info)
                    *info = token;
                return slot;
            }
        }
        throw std::runtime_error(std::string("no token with ") + (byLabel ? "label" : "serial") + " '" +
                                 name + "'");
    }

    CK_FUNCTION_LIST* f = nullptr;

private:
    void* m_handle;
    bool m_finalise = false;
};

} // namespace

RawToken::RawToken(std::string modulePath, std::string serial)
    : m_module(std::move(modulePath))
    , m_serial(std::move(serial)) {}

std::string RawToken::serialOf(const std::string& modulePath, const std::string& label) {
    Module m(modulePath);
    CK_TOKEN_INFO info{};
    m.slotOf(label, &info, true);
    return trimmed(info.serialNumber, sizeof info.serialNumber);
}

unsigned long RawToken::flags() const {
    Module m(m_module);
    CK_TOKEN_INFO info{};
    m.slotOf(m_serial, &info);
    return info.flags;
}

unsigned long RawToken::soLogin(const Secret& soPin) const {
    Module m(m_module);
    CK_SESSION_HANDLE session = 0;
    const CK_RV opened = m.f->C_OpenSession(m.slotOf(m_serial), CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr,
                                            nullptr, &session);
    if (opened != CKR_OK)
        throw std::runtime_error("C_OpenSession failed: " + hex(opened));
    const CK_RV rv = m.f->C_Login(session, CKU_SO, utf8(soPin), soPin.size());
    if (rv == CKR_OK)
        m.f->C_Logout(session);
    m.f->C_CloseSession(session);
    return rv;
}

unsigned long RawToken::privateKeyAttributesRv(const Secret& userPin,
                                               const std::vector<unsigned long>& types) const {
    Module m(m_module);
    CK_SESSION_HANDLE session = 0;
    if (const CK_RV rv =
            m.f->C_OpenSession(m.slotOf(m_serial), CKF_SERIAL_SESSION, nullptr, nullptr, &session))
        throw std::runtime_error("C_OpenSession failed: " + hex(rv));
    CK_RV result = m.f->C_Login(session, CKU_USER, utf8(userPin), userPin.size());
    if (result != CKR_OK)
        throw std::runtime_error("C_Login failed: " + hex(result));
    CK_OBJECT_CLASS privateKey = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE privateKeys{CKA_CLASS, &privateKey, sizeof privateKey};
    std::vector<CK_OBJECT_HANDLE> objects(64);
    CK_ULONG found = 0;
    if (m.f->C_FindObjectsInit(session, &privateKeys, 1) == CKR_OK) {
        m.f->C_FindObjects(session, objects.data(), objects.size(), &found);
        m.f->C_FindObjectsFinal(session);
    }
    if (found == 0)
        result = CKR_OBJECT_HANDLE_INVALID; // nothing to read: never a pass
    for (CK_ULONG i = 0; i < found && result == CKR_OK; ++i) {
        std::vector<std::vector<unsigned char>> values(types.size(), std::vector<unsigned char>(1024));
        std::vector<CK_ATTRIBUTE> attributes;
        for (std::size_t k = 0; k < types.size(); ++k)
            attributes.push_back({types[k], values[k].data(), values[k].size()});
        result = m.f->C_GetAttributeValue(session, objects[i], attributes.data(), attributes.size());
    }
    m.f->C_Logout(session);
    m.f->C_CloseSession(session);
    return result;
}

unsigned long RawToken::initToken(const Secret& soPin, const std::string& label) const {
    Module m(m_module);
    CK_UTF8CHAR padded[32];
    std::fill(std::begin(padded), std::end(padded), ' ');
    std::copy_n(label.begin(), std::min(label.size(), sizeof padded), padded);
    return m.f->C_InitToken(m.slotOf(m_serial), utf8(soPin), soPin.size(), padded);
}

} // namespace countersign::test
