#include "token/pkcs11module.h"

#include <cstdio>

#include <libp11.h>
#include <openssl/err.h>
#include <p11-kit/pkcs11.h>

namespace countersign::token {

namespace {

// Drains OpenSSL's error queue and returns the last CKR_* code libp11 put there (0 when none).
unsigned long takeCkr() {
    unsigned long ckr = 0;
    const int ckrLib = ERR_get_CKR_code();
    while (const unsigned long e = ERR_get_error()) {
        if (ERR_GET_LIB(e) == ckrLib)
            ckr = ERR_GET_REASON(e);
    }
    return ckr;
}

std::string text(const char* s) {
    return s ? std::string(s) : std::string();
}

struct SlotList {
    PKCS11_CTX* ctx = nullptr;
    PKCS11_SLOT* list = nullptr;
    unsigned int count = 0;
    ~SlotList() {
        if (list)
            PKCS11_release_all_slots(ctx, list, count);
    }
};

} // namespace

TokenError::TokenError(const std::string& step, unsigned long ckr_)
    : std::runtime_error(ckr_ ? step + " failed: " + ckrName(ckr_) : step + " failed")
    , ckr(ckr_) {}

std::string ckrName(unsigned long ckr) {
    switch (ckr) {
    case CKR_OK:
        return "CKR_OK";
    case CKR_GENERAL_ERROR:
        return "CKR_GENERAL_ERROR";
    case CKR_FUNCTION_FAILED:
        return "CKR_FUNCTION_FAILED";
    case CKR_ARGUMENTS_BAD:
        return "CKR_ARGUMENTS_BAD";
    case CKR_DEVICE_ERROR:
        return "CKR_DEVICE_ERROR";
    case CKR_DEVICE_MEMORY:
        return "CKR_DEVICE_MEMORY";
    case CKR_DEVICE_REMOVED:
        return "CKR_DEVICE_REMOVED";
    case CKR_PIN_INCORRECT:
        return "CKR_PIN_INCORRECT";
    case CKR_PIN_INVALID:
        return "CKR_PIN_INVALID";
    case CKR_PIN_LEN_RANGE:
        return "CKR_PIN_LEN_RANGE";
    case CKR_PIN_EXPIRED:
        return "CKR_PIN_EXPIRED";
    case CKR_PIN_LOCKED:
        return "CKR_PIN_LOCKED";
    case CKR_SESSION_CLOSED:
        return "CKR_SESSION_CLOSED";
    case CKR_SESSION_EXISTS:
        return "CKR_SESSION_EXISTS";
    case CKR_SESSION_HANDLE_INVALID:
        return "CKR_SESSION_HANDLE_INVALID";
    case CKR_SESSION_READ_ONLY_EXISTS:
        return "CKR_SESSION_READ_ONLY_EXISTS";
    case CKR_TOKEN_NOT_PRESENT:
        return "CKR_TOKEN_NOT_PRESENT";
    case CKR_TOKEN_NOT_RECOGNIZED:
        return "CKR_TOKEN_NOT_RECOGNIZED";
    case CKR_TOKEN_WRITE_PROTECTED:
        return "CKR_TOKEN_WRITE_PROTECTED";
    case CKR_USER_NOT_LOGGED_IN:
        return "CKR_USER_NOT_LOGGED_IN";
    case CKR_USER_ALREADY_LOGGED_IN:
        return "CKR_USER_ALREADY_LOGGED_IN";
    case CKR_USER_PIN_NOT_INITIALIZED:
        return "CKR_USER_PIN_NOT_INITIALIZED";
    case CKR_MECHANISM_INVALID:
        return "CKR_MECHANISM_INVALID";
    case CKR_CRYPTOKI_NOT_INITIALIZED:
        return "CKR_CRYPTOKI_NOT_INITIALIZED";
    case CKR_CRYPTOKI_ALREADY_INITIALIZED:
        return "CKR_CRYPTOKI_ALREADY_INITIALIZED";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "CKR_0x%lx", ckr);
        return buf;
    }
    }
}

std::string defaultModulePath() {
    return COUNTERSIGN_DEFAULT_PKCS11_MODULE;
}

struct Pkcs11Module::Impl {
    PKCS11_CTX* ctx = nullptr;
};

Pkcs11Module::Pkcs11Module(const std::string& modulePath)
    : d(std::make_unique<Impl>())
    , m_path(modulePath) {
    d->ctx = PKCS11_CTX_new();
    if (!d->ctx)
        throw TokenError("creating the PKCS#11 context", 0);
    if (PKCS11_CTX_load(d->ctx, modulePath.c_str()) != 0) {
        const auto ckr = takeCkr();
        PKCS11_CTX_free(d->ctx);
        d->ctx = nullptr;
        throw TokenError("loading PKCS#11 module " + modulePath, ckr);
    }
}

Pkcs11Module::~Pkcs11Module() {
    if (d->ctx) {
        PKCS11_CTX_unload(d->ctx);
        PKCS11_CTX_free(d->ctx);
    }
}

std::vector<TokenInfo> Pkcs11Module::tokens() {
    SlotList slotList;
    slotList.ctx = d->ctx;
    if (PKCS11_enumerate_slots(d->ctx, &slotList.list, &slotList.count) != 0)
        throw TokenError("enumerating PKCS#11 slots", takeCkr());
    std::vector<TokenInfo> result;
    for (unsigned int i = 0; i < slotList.count; ++i) {
        const PKCS11_SLOT& slot = slotList.list[i];
        if (!slot.token)
            continue;
        const PKCS11_TOKEN& t = *slot.token;
        TokenInfo info;
        info.serial = text(t.serialnr);
        info.label = text(t.label);
        info.manufacturer = text(t.manufacturer);
        info.model = text(t.model);
        info.slotDescription = text(slot.description);
        info.initialized = t.initialized;
        info.userPinSet = t.userPinSet;
        info.userPinCountLow = t.userPinCountLow;
        info.userPinFinalTry = t.userPinFinalTry;
        info.userPinLocked = t.userPinLocked;
        info.userPinToBeChanged = t.userPinToBeChanged;
        // An uninitialised SoftHSM token claims a locked SO PIN (STACK.md §1): meaningless before init.
        info.soPinCountLow = t.initialized && t.soPinCountLow;
        info.soPinFinalTry = t.initialized && t.soPinFinalTry;
        info.soPinLocked = t.initialized && t.soPinLocked;
        info.removable = slot.removable;
        result.push_back(std::move(info));
    }
    return result;
}

} // namespace countersign::token
