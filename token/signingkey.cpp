#include "token/signingkey.h"

#include <cstring>

#include <dlfcn.h>
#include <libp11.h>
#include <openssl/err.h>
#include <p11-kit/pkcs11.h>

#include "token/owned.h"
#include "token/pkcs11context.h"
#include "token/pkcs11session.h"
#include "token/tokenerror.h"

namespace countersign::token {

namespace {

std::string trimmed(const char* s) {
    std::string out = s ? s : "";
    out.erase(out.find_last_not_of(' ') + 1);
    return out;
}

std::vector<unsigned char> bytesOf(const std::string& hex) {
    std::vector<unsigned char> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

} // namespace

struct SigningKey::Impl {
    Pkcs11Context context;
    Owned<EVP_PKEY> key; // declared after the context: freed while its token is still there
};

SigningKey::SigningKey(const std::string& modulePath, const std::string& serial, const std::string& keyIdHex,
                       const Secret& pin)
    : d(std::make_unique<Impl>()) {
    const std::string step = "opening the CA signing key";
    try {
        d->context = Pkcs11Context(modulePath);
    } catch (const TokenError& e) {
        // The signer names one step for all of its opening.
        throw TokenError(TokenErrorCode::ModuleLoadFailed, step, e.ckr, {}, modulePath);
    }
    d->context.enumerateSlots(step);
    PKCS11_SLOT* slot = nullptr;
    for (unsigned int i = 0; i < d->context.slotCount(); ++i) {
        PKCS11_SLOT* candidate = d->context.slot(i);
        if (candidate->token && trimmed(candidate->token->serialnr) == serial)
            slot = candidate;
    }
    if (!slot)
        throw TokenError(TokenErrorCode::NoKey, step, 0, {}, "no token with serial " + serial);
    // Read/write sessions from the start, so the pool isn't fixed read-only by the login (STACK.md §2.3).
    if (PKCS11_open_session(slot, 1) != 0 || PKCS11_login(slot, 0, pin.c_str()) != 0)
        throw errorFromCkr(step + ": login", takeLibp11Ckr());
    PKCS11_KEY* keys = nullptr;
    unsigned int n = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &n) != 0)
        throw errorFromCkr(step, takeLibp11Ckr());
    const auto id = bytesOf(keyIdHex);
    for (unsigned int i = 0; i < n; ++i) {
        if (keys[i].id_len == id.size() && std::memcmp(keys[i].id, id.data(), id.size()) == 0)
            d->key.reset(PKCS11_get_private_key(&keys[i]));
    }
    if (!d->key)
        throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {},
                         "no private key " + keyIdHex + " on " + serial);
}

SigningKey::~SigningKey() = default;

EVP_PKEY* SigningKey::key() const {
    return d->key.get();
}

bool privateKeyIsNonExtractable(const std::string& modulePath, const std::string& serial,
                                const std::string& keyIdHex, const Secret& pin) {
    void* library = ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "checking the key", 0, {}, modulePath);
    CK_FUNCTION_LIST_PTR f = nullptr;
    reinterpret_cast<CK_C_GetFunctionList>(::dlsym(library, "C_GetFunctionList"))(&f);
    const CK_RV init = f->C_Initialize(nullptr);
    bool result = false;
    if (const auto slot = slotWithSerial(f, serial)) {
        Pkcs11Session session(f, *slot, "checking the key");
        session.login(CKU_USER, pin);
        const auto id = bytesOf(keyIdHex);
        for (const CK_OBJECT_HANDLE h : session.find(CKO_PRIVATE_KEY, &id)) {
            const auto extractable = session.attribute(h, CKA_EXTRACTABLE);
            const auto sensitive = session.attribute(h, CKA_SENSITIVE);
            result = extractable.size() == 1 && extractable[0] == CK_FALSE && sensitive.size() == 1 &&
                     sensitive[0] == CK_TRUE;
        }
    }
    if (init == CKR_OK)
        f->C_Finalize(nullptr);
    ::dlclose(library);
    return result;
}

} // namespace countersign::token
