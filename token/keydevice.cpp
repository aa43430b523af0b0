#include "token/keydevice.h"

#include <algorithm>
#include <cstring>

#include <dlfcn.h>
#include <libp11.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <p11-kit/pkcs11.h>

#include "token/certinfo.h"

namespace countersign::token {

namespace {

// --- small owners for OpenSSL handles
// ------------------------------------------------------------------------

struct Free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_REQ* p) const { X509_REQ_free(p); }
    void operator()(X509_NAME* p) const { X509_NAME_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
template <typename T> using Owned = std::unique_ptr<T, Free>;

// Drains OpenSSL's error queue; returns the last CKR_* libp11 put there (0 when none).
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
    std::string out = s ? s : "";
    out.erase(out.find_last_not_of(' ') + 1);
    return out;
}

std::string hex(const unsigned char* data, std::size_t n) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 15]);
    }
    return out;
}

std::vector<unsigned char> unhex(const std::string& s, const char* step) {
    if (s.empty() || s.size() % 2 != 0)
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                         "a key id is an even number of hex digits");
    std::vector<unsigned char> out;
    for (std::size_t i = 0; i < s.size(); i += 2) {
        unsigned value = 0;
        for (int j = 0; j < 2; ++j) {
            const char c = s[i + j];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= c - '0';
            else if (c >= 'a' && c <= 'f')
                value |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                value |= c - 'A' + 10;
            else
                throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a key id is hex digits");
        }
        out.push_back(static_cast<unsigned char>(value));
    }
    return out;
}

PinFlags userFlags(const PKCS11_TOKEN* t) {
    return {t->userPinCountLow != 0, t->userPinFinalTry != 0, t->userPinLocked != 0,
            t->userPinToBeChanged != 0};
}

PinFlags soFlags(const PKCS11_TOKEN* t) {
    // A blank SoftHSM2 token claims a locked SO PIN (STACK.md §1): meaningless before initialisation.
    if (!t->initialized)
        return {};
    return {t->soPinCountLow != 0, t->soPinFinalTry != 0, t->soPinLocked != 0, t->soPinToBeChanged != 0};
}

// libp11 0.4.12 hands the label to C_InitToken as is, but the module reads 32 bytes (STACK.md §2.6).
std::string paddedLabel(const std::string& label) {
    std::string out = label.substr(0, 32);
    out.resize(32, ' ');
    return out;
}

Owned<X509_NAME> parseSubject(const std::string& subject, const char* step) {
    if (subject.empty() || subject[0] != '/')
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a subject looks like /C=CN/O=…/CN=…");
    Owned<X509_NAME> name(X509_NAME_new());
    std::size_t i = 1;
    while (i < subject.size()) {
        std::string field, value;
        bool inValue = false;
        for (; i < subject.size(); ++i) {
            const char c = subject[i];
            if (c == '\\' && i + 1 < subject.size()) {
                (inValue ? value : field).push_back(subject[++i]);
                continue;
            }
            if (c == '/')
                break;
            if (c == '=' && !inValue) {
                inValue = true;
                continue;
            }
            (inValue ? value : field).push_back(c);
        }
        ++i;
        if (!inValue || field.empty() || value.empty())
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "subject part without a value: " + field);
        if (!X509_NAME_add_entry_by_txt(name.get(), field.c_str(), MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0)) {
            ERR_clear_error();
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "unknown or invalid subject field " + field);
        }
    }
    return name;
}

std::vector<Owned<X509>> parsePemCertificates(const std::string& pem, const char* step) {
    std::vector<Owned<X509>> out;
    if (pem.empty())
        return out;
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        out.emplace_back(cert);
    const unsigned long err = ERR_peek_last_error();
    if (ERR_GET_REASON(err) == PEM_R_NO_START_LINE)
        ERR_clear_error();
    else if (err) {
        ERR_clear_error();
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "not a PEM certificate");
    }
    if (out.empty())
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "no PEM certificate found");
    return out;
}

bool sameId(const unsigned char* id, std::size_t len, const std::vector<unsigned char>& want) {
    return len == want.size() && std::memcmp(id, want.data(), len) == 0;
}

} // namespace

std::string defaultModulePath() {
    return COUNTERSIGN_DEFAULT_PKCS11_MODULE;
}

const char* algorithmName(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Rsa2048:
        return "rsa2048";
    case KeyAlgorithm::Rsa3072:
        return "rsa3072";
    case KeyAlgorithm::EcP256:
        return "ec-p256";
    }
    return "rsa2048";
}

bool parseAlgorithm(const std::string& text, KeyAlgorithm& out) {
    for (const KeyAlgorithm a : {KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072, KeyAlgorithm::EcP256}) {
        if (text == algorithmName(a)) {
            out = a;
            return true;
        }
    }
    return false;
}

// --- the device
// ----------------------------------------------------------------------------------------------

struct KeyDevice::Impl {
    std::string modulePath;
    Pkcs11Uri writer;
    std::shared_ptr<const SoPinDeriver> deriver;
    PKCS11_CTX* ctx = nullptr;
    void* library = nullptr; // our own reference to the module, for raw calls
    CK_FUNCTION_LIST_PTR raw = nullptr;
    PKCS11_SLOT* slotList = nullptr;
    unsigned int slotCount = 0;

    ~Impl() {
        release();
        if (ctx) {
            PKCS11_CTX_unload(ctx);
            PKCS11_CTX_free(ctx);
        }
        if (library)
            ::dlclose(library);
    }

    void release() {
        if (slotList)
            PKCS11_release_all_slots(ctx, slotList, slotCount);
        slotList = nullptr;
        slotCount = 0;
    }

    // A fresh view of the slots: libp11 caches token flags and object lists, and PKCS11_update_slots crashes
    // in 0.4.12 (STACK.md §2.1). Releasing also closes every session, so nothing stays logged in.
    void enumerate(const std::string& step) {
        release();
        if (PKCS11_enumerate_slots(ctx, &slotList, &slotCount) != 0)
            throw errorFromCkr(step + ": listing the writer's slots", takeCkr());
    }

    bool selected(PKCS11_SLOT* slot) const {
        if (!slot->token)
            return false;
        const PKCS11_TOKEN* t = slot->token;
        return writer.matchesSlot(text(slot->description), text(slot->manufacturer),
                                  PKCS11_get_slotid_from_slot(slot)) &&
               writer.matchesToken(text(t->label), text(t->manufacturer), text(t->serialnr), text(t->model));
    }

    // Finds the key named by serial, or the one uninitialised key when serial is empty.
    PKCS11_SLOT* find(const std::string& serial, const std::string& step) {
        enumerate(step);
        PKCS11_SLOT* found = nullptr;
        int matches = 0;
        for (unsigned int i = 0; i < slotCount; ++i) {
            PKCS11_SLOT* slot = &slotList[i];
            if (!selected(slot))
                continue;
            const bool hit =
                serial.empty() ? !slot->token->initialized : text(slot->token->serialnr) == serial;
            if (hit) {
                found = found ? found : slot;
                ++matches;
            }
        }
        if (matches == 0)
            throw TokenError(TokenErrorCode::NoKey, step, 0, {},
                             serial.empty() ? "no blank key in the writer" : "no key with serial " + serial);
        if (matches > 1)
            throw TokenError(TokenErrorCode::SeveralKeys, step, 0, {},
                             serial.empty() ? "several blank keys in the writer"
                                            : "several keys with serial " + serial);
        return found;
    }

    bool present(const std::string& serial) {
        try {
            find(serial, "checking the key");
            return true;
        } catch (const TokenError&) {
            return false;
        }
    }

    // Runs an operation; any failure while the key has gone missing is reported as "key removed", whatever
    // the module said, because that is what the counter must act on.
    template <typename F> auto guarded(const std::string& serial, const std::string& step, F body) {
        try {
            auto result = body();
            release();
            return result;
        } catch (const TokenError& e) {
            if (e.code != TokenErrorCode::KeyRemoved && e.code != TokenErrorCode::NoKey && !serial.empty() &&
                !present(serial)) {
                release();
                throw TokenError(TokenErrorCode::KeyRemoved, step, e.ckr, e.flags, "the key was pulled out");
            }
            release();
            throw;
        }
    }

    PinFlags currentUserFlags(const std::string& serial) {
        try {
            return userFlags(find(serial, "reading the PIN state")->token);
        } catch (const TokenError&) {
            return {};
        }
    }

    void openRwSession(PKCS11_SLOT* slot, const std::string& step) {
        // The session pool's read/write mode is fixed by its first use (STACK.md §2.3).
        if (PKCS11_open_session(slot, 1) != 0)
            throw errorFromCkr(step + ": opening a session", takeCkr());
    }

    void loginUser(PKCS11_SLOT* slot, const std::string& serial, const Secret& pin, bool finalTryConfirmed,
                   const std::string& step) {
        const PKCS11_TOKEN* t = slot->token;
        if (!t->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        if (!t->userPinSet)
            throw TokenError(TokenErrorCode::UserPinNotSet, step);
        if (t->userPinLocked)
            throw TokenError(TokenErrorCode::PinLocked, step, CKR_PIN_LOCKED, userFlags(t));
        if (t->userPinFinalTry && !finalTryConfirmed)
            throw TokenError(TokenErrorCode::FinalTryNeedsConfirmation, step, 0, userFlags(t));
        openRwSession(slot, step);
        if (PKCS11_login(slot, 0, pin.c_str()) != 0) {
            const unsigned long ckr = takeCkr();
            throw errorFromCkr(step + ": user login", ckr, currentUserFlags(serial));
        }
    }

    void loginSo(PKCS11_SLOT* slot, const std::string& serial, const std::string& step) {
        if (!deriver)
            throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
        const PKCS11_TOKEN* t = slot->token;
        if (soFlags(t).locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step, CKR_PIN_LOCKED, soFlags(t));
        openRwSession(slot, step);
        const Secret soPin = deriver->derive(serial);
        if (PKCS11_login(slot, 1, soPin.c_str()) != 0) {
            const unsigned long ckr = takeCkr();
            PinFlags flags;
            try {
                flags = soFlags(find(serial, "reading the SO PIN state")->token);
            } catch (const TokenError&) {
            }
            if (ckr == CKR_PIN_LOCKED || flags.locked)
                throw TokenError(TokenErrorCode::SoPinLocked, step + ": SO login", ckr, flags);
            if (ckr == CKR_PIN_INCORRECT)
                throw TokenError(TokenErrorCode::SoPinIncorrect, step + ": SO login", ckr, flags);
            throw errorFromCkr(step + ": SO login", ckr, flags);
        }
    }

    PKCS11_KEY* findKey(PKCS11_TOKEN* token, const std::vector<unsigned char>& id, bool isPrivate,
                        const std::string& step) {
        PKCS11_KEY* keys = nullptr;
        unsigned int n = 0;
        const int rc = isPrivate ? PKCS11_enumerate_keys(token, &keys, &n)
                                 : PKCS11_enumerate_public_keys(token, &keys, &n);
        if (rc != 0)
            throw errorFromCkr(step + ": listing keys", takeCkr());
        for (unsigned int i = 0; i < n; ++i) {
            if (sameId(keys[i].id, keys[i].id_len, id))
                return &keys[i];
        }
        return nullptr;
    }

    std::vector<PKCS11_CERT*> findCerts(PKCS11_TOKEN* token, const std::vector<unsigned char>* id,
                                        const std::string& step) {
        PKCS11_CERT* certs = nullptr;
        unsigned int n = 0;
        if (PKCS11_enumerate_certs(token, &certs, &n) != 0)
            throw errorFromCkr(step + ": listing certificates", takeCkr());
        std::vector<PKCS11_CERT*> out;
        for (unsigned int i = 0; i < n; ++i) {
            if (!id || sameId(certs[i].id, certs[i].id_len, *id))
                out.push_back(&certs[i]);
        }
        return out;
    }

    std::vector<unsigned char> idOfPublicKey(PKCS11_TOKEN* token, EVP_PKEY* wanted, const std::string& step) {
        PKCS11_KEY* keys = nullptr;
        unsigned int n = 0;
        if (PKCS11_enumerate_public_keys(token, &keys, &n) != 0)
            throw errorFromCkr(step + ": listing keys", takeCkr());
        for (unsigned int i = 0; i < n; ++i) {
            Owned<EVP_PKEY> pub(PKCS11_get_public_key(&keys[i]));
            if (pub && EVP_PKEY_eq(pub.get(), wanted) == 1)
                return std::vector<unsigned char>(keys[i].id, keys[i].id + keys[i].id_len);
        }
        ERR_clear_error();
        throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {},
                         "no key pair on the key fits this certificate");
    }

    Owned<EVP_PKEY> privateKey(PKCS11_TOKEN* token, const std::vector<unsigned char>& id,
                               const std::string& step) {
        PKCS11_KEY* key = findKey(token, id, true, step);
        if (!key)
            throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {}, "no private key with this id");
        Owned<EVP_PKEY> pkey(PKCS11_get_private_key(key));
        if (!pkey)
            throw errorFromCkr(step + ": reading the private key", takeCkr());
        return pkey;
    }

    Owned<EVP_PKEY> publicKey(PKCS11_TOKEN* token, const std::vector<unsigned char>& id,
                              const std::string& step) {
        PKCS11_KEY* key = findKey(token, id, false, step);
        if (!key)
            throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {}, "no public key with this id");
        Owned<EVP_PKEY> pkey(PKCS11_get_public_key(key));
        if (!pkey)
            throw errorFromCkr(step + ": reading the public key", takeCkr());
        return pkey;
    }

    TokenInfo describe(PKCS11_SLOT* slot, bool withCertificates) {
        const PKCS11_TOKEN* t = slot->token;
        TokenInfo info;
        info.serial = text(t->serialnr);
        info.label = text(t->label);
        info.manufacturer = text(t->manufacturer);
        info.model = text(t->model);
        info.slotDescription = text(slot->description);
        info.initialized = t->initialized;
        info.userPinSet = t->userPinSet;
        info.removable = slot->removable;
        info.userPin = userFlags(t);
        info.soPin = soFlags(t);
        if (withCertificates && t->initialized) {
            for (PKCS11_CERT* c : findCerts(slot->token, nullptr, "reading the certificates")) {
                if (!c->x509)
                    continue;
                CertificateInfo ci = describeCertificate(c->x509);
                ci.keyId = hex(c->id, c->id_len);
                ci.label = text(c->label);
                info.certificates.push_back(std::move(ci));
            }
        }
        return info;
    }

    // EC keys need raw PKCS#11: libp11 0.4.12 only generates RSA (STACK.md §2). The libp11 login applies to
    // this session too.
    void generateEc(PKCS11_SLOT* slot, const std::vector<unsigned char>& id, const std::string& label,
                    const std::string& step) {
        CK_SESSION_HANDLE session = 0;
        CK_RV rv = raw->C_OpenSession(PKCS11_get_slotid_from_slot(slot), CKF_SERIAL_SESSION | CKF_RW_SESSION,
                                      nullptr, nullptr, &session);
        if (rv != CKR_OK)
            throw errorFromCkr(step + ": opening a session", rv);
        static const CK_BYTE p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
        CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
        CK_OBJECT_CLASS pubClass = CKO_PUBLIC_KEY, privClass = CKO_PRIVATE_KEY;
        CK_KEY_TYPE type = CKK_EC;
        auto* idPtr = const_cast<unsigned char*>(id.data());
        auto* labelPtr = const_cast<char*>(label.data());
        CK_ATTRIBUTE pub[] = {{CKA_CLASS, &pubClass, sizeof pubClass},
                              {CKA_KEY_TYPE, &type, sizeof type},
                              {CKA_TOKEN, &yes, sizeof yes},
                              {CKA_VERIFY, &yes, sizeof yes},
                              {CKA_EC_PARAMS, const_cast<CK_BYTE*>(p256), sizeof p256},
                              {CKA_ID, idPtr, id.size()},
                              {CKA_LABEL, labelPtr, label.size()}};
        CK_ATTRIBUTE priv[] = {{CKA_CLASS, &privClass, sizeof privClass},
                               {CKA_KEY_TYPE, &type, sizeof type},
                               {CKA_TOKEN, &yes, sizeof yes},
                               {CKA_PRIVATE, &yes, sizeof yes},
                               {CKA_SENSITIVE, &yes, sizeof yes},
                               {CKA_EXTRACTABLE, &no, sizeof no},
                               {CKA_SIGN, &yes, sizeof yes},
                               {CKA_ID, idPtr, id.size()},
                               {CKA_LABEL, labelPtr, label.size()}};
        CK_MECHANISM mechanism{CKM_EC_KEY_PAIR_GEN, nullptr, 0};
        CK_OBJECT_HANDLE hPub = 0, hPriv = 0;
        rv = raw->C_GenerateKeyPair(session, &mechanism, pub, sizeof pub / sizeof *pub, priv,
                                    sizeof priv / sizeof *priv, &hPub, &hPriv);
        raw->C_CloseSession(session);
        if (rv != CKR_OK)
            throw errorFromCkr(step + ": generating the EC key pair", rv);
    }
};

KeyDevice::KeyDevice(std::string modulePath, Pkcs11Uri writer, std::shared_ptr<const SoPinDeriver> deriver)
    : d(std::make_unique<Impl>()) {
    d->modulePath = modulePath.empty() ? defaultModulePath() : std::move(modulePath);
    d->writer = std::move(writer);
    d->deriver = std::move(deriver);
    d->ctx = PKCS11_CTX_new();
    if (!d->ctx)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "creating the PKCS#11 context");
    if (PKCS11_CTX_load(d->ctx, d->modulePath.c_str()) != 0) {
        const unsigned long ckr = takeCkr();
        PKCS11_CTX_free(d->ctx);
        d->ctx = nullptr;
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading the PKCS#11 module", ckr, {},
                         d->modulePath);
    }
    // The same library libp11 loaded (dlopen returns the loaded instance), for the calls libp11 lacks.
    d->library = ::dlopen(d->modulePath.c_str(), RTLD_NOW | RTLD_NOLOAD);
    auto getList = d->library
                       ? reinterpret_cast<CK_C_GetFunctionList>(::dlsym(d->library, "C_GetFunctionList"))
                       : nullptr;
    if (!getList || getList(&d->raw) != CKR_OK)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading the PKCS#11 module", 0, {},
                         d->modulePath + ": no C_GetFunctionList");
}

KeyDevice::~KeyDevice() = default;

const std::string& KeyDevice::modulePath() const {
    return d->modulePath;
}

void KeyDevice::setDeriver(std::shared_ptr<const SoPinDeriver> deriver) {
    d->deriver = std::move(deriver);
}

std::vector<TokenInfo> KeyDevice::keys(bool withCertificates) {
    d->enumerate("listing the keys");
    std::vector<TokenInfo> out;
    for (unsigned int i = 0; i < d->slotCount; ++i) {
        PKCS11_SLOT* slot = &d->slotList[i];
        if (!d->selected(slot))
            continue;
        try {
            out.push_back(d->describe(slot, withCertificates));
        } catch (const TokenError&) {
            // A key pulled out while it was being read is simply not there.
        }
    }
    d->release();
    return out;
}

TokenInfo KeyDevice::key(const std::string& serial) {
    const std::string step = "reading the key";
    return d->guarded(serial, step, [&] { return d->describe(d->find(serial, step), true); });
}

TokenInfo KeyDevice::initialise(const std::string& serial, const std::string& label) {
    const std::string step = "initialising the key";
    if (!d->deriver)
        throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
    PKCS11_SLOT* slot = d->find(serial, step);
    const PKCS11_TOKEN* t = slot->token;
    const std::string knownSerial = text(t->serialnr);
    if (t->initialized && (t->userPinSet || !d->findCerts(slot->token, nullptr, step).empty()))
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "the key is in use; retire it first");
    const bool wasInitialised = t->initialized;
    // Reading the certificates opened a session, and C_InitToken refuses to run while one exists (STACK.md
    // §2.5): start again from a fresh enumeration, which has none.
    slot = d->find(serial, step);
    const unsigned long slotId = PKCS11_get_slotid_from_slot(slot);
    const std::string padded = paddedLabel(label);
    // A blank SoftHSM2 token gets its serial only from C_InitToken, so it is first initialised with an SO PIN
    // derived from a fixed name instead of the serial and then moved to its own. Being derivable, that first
    // PIN lets an initialisation cut short between the two steps be done again.
    const Secret preSerialPin = d->deriver->derive("(no serial yet)");

    auto initToken = [&](PKCS11_SLOT* s, const Secret& soPin) {
        if (PKCS11_init_token(s->token, soPin.c_str(), padded.c_str()) == 0)
            return 0ul;
        const unsigned long ckr = takeCkr();
        if (ckr != CKR_PIN_INCORRECT && ckr != CKR_PIN_LOCKED)
            throw errorFromCkr(step, ckr);
        return ckr;
    };
    auto soPinError = [&](unsigned long ckr) {
        return TokenError(
            ckr == CKR_PIN_LOCKED ? TokenErrorCode::SoPinLocked : TokenErrorCode::SoPinIncorrect, step, ckr);
    };

    if (!knownSerial.empty()) {
        const Secret soPin = d->deriver->derive(knownSerial);
        const unsigned long ckr = initToken(slot, soPin);
        if (ckr == 0)
            return d->guarded(knownSerial, step,
                              [&] { return d->describe(d->find(knownSerial, step), true); });
        if (!wasInitialised || ckr == CKR_PIN_LOCKED)
            throw soPinError(ckr);
        // Perhaps an initialisation of ours that stopped before the SO PIN was moved to the serial's.
        slot = d->find(knownSerial, step);
        const unsigned long again = initToken(slot, preSerialPin);
        if (again != 0)
            throw soPinError(again);
    } else {
        const unsigned long ckr = initToken(slot, preSerialPin);
        if (ckr != 0)
            throw soPinError(ckr);
    }

    // Same process: the token kept its slot id (STACK.md §1); its serial is known now.
    d->enumerate(step);
    PKCS11_SLOT* fresh = nullptr;
    for (unsigned int i = 0; i < d->slotCount; ++i) {
        if (d->slotList[i].token && PKCS11_get_slotid_from_slot(&d->slotList[i]) == slotId)
            fresh = &d->slotList[i];
    }
    if (!fresh || !fresh->token->initialized || text(fresh->token->serialnr).empty())
        throw TokenError(TokenErrorCode::KeyRemoved, step, 0, {}, "the key went away during initialisation");
    const std::string newSerial = text(fresh->token->serialnr);
    return d->guarded(newSerial, step, [&] {
        d->openRwSession(fresh, step);
        if (PKCS11_login(fresh, 1, preSerialPin.c_str()) != 0)
            throw errorFromCkr(step + ": SO login", takeCkr());
        const Secret soPin = d->deriver->derive(newSerial);
        if (PKCS11_change_pin(fresh, preSerialPin.c_str(), soPin.c_str()) != 0)
            throw errorFromCkr(step + ": setting the SO PIN", takeCkr());
        PKCS11_logout(fresh);
        return d->describe(d->find(newSerial, step), true);
    });
}

void KeyDevice::setUserPin(const std::string& serial, const Secret& newPin) {
    const std::string step = "setting the PIN";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (!slot->token->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        d->loginSo(slot, serial, step);
        if (PKCS11_init_pin(slot->token, newPin.c_str()) != 0)
            throw errorFromCkr(step, takeCkr());
        PKCS11_logout(slot);
        return 0;
    });
}

PinFlags KeyDevice::verifyUserPin(const std::string& serial, const Secret& pin, bool finalTryConfirmed) {
    const std::string step = "checking the PIN";
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, pin, finalTryConfirmed, step);
        PKCS11_logout(slot);
        return d->currentUserFlags(serial);
    });
}

void KeyDevice::changeUserPin(const std::string& serial, const Secret& oldPin, const Secret& newPin,
                              bool finalTryConfirmed) {
    const std::string step = "changing the PIN";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, oldPin, finalTryConfirmed, step);
        if (PKCS11_change_pin(slot, oldPin.c_str(), newPin.c_str()) != 0)
            throw errorFromCkr(step, takeCkr(), d->currentUserFlags(serial));
        PKCS11_logout(slot);
        return 0;
    });
}

void KeyDevice::unlock(const std::string& serial, const Secret& newPin) {
    const std::string step = "unlocking the key";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (!slot->token->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        d->loginSo(slot, serial, step);
        if (PKCS11_init_pin(slot->token, newPin.c_str()) != 0)
            throw errorFromCkr(step, takeCkr());
        PKCS11_logout(slot);
        return 0;
    });
}

KeyPairRef KeyDevice::generateKeyPair(const std::string& serial, const Secret& pin, KeyAlgorithm algorithm,
                                      bool finalTryConfirmed) {
    const std::string step = "generating the key pair";
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, pin, finalTryConfirmed, step);
        std::vector<unsigned char> id(16);
        RAND_bytes(id.data(), static_cast<int>(id.size()));
        std::string label = std::string("countersign ") + algorithmName(algorithm);
        if (algorithm == KeyAlgorithm::EcP256) {
            d->generateEc(slot, id, label, step);
        } else {
            const unsigned bits = algorithm == KeyAlgorithm::Rsa3072 ? 3072 : 2048;
            if (PKCS11_generate_key(slot->token, 0, bits, label.data(), id.data(), id.size()) != 0)
                throw errorFromCkr(step, takeCkr());
        }
        PKCS11_logout(slot);
        return KeyPairRef{hex(id.data(), id.size()), algorithm};
    });
}

std::string KeyDevice::makeCsr(const std::string& serial, const Secret& pin, const std::string& keyId,
                               const std::string& subject, bool finalTryConfirmed) {
    const std::string step = "making the certificate request";
    const auto id = unhex(keyId, step.c_str());
    auto name = parseSubject(subject, step.c_str());
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, pin, finalTryConfirmed, step);
        Owned<EVP_PKEY> pub = d->publicKey(slot->token, id, step);
        Owned<EVP_PKEY> priv = d->privateKey(slot->token, id, step);
        Owned<X509_REQ> req(X509_REQ_new());
        X509_REQ_set_version(req.get(), 0);
        X509_REQ_set_subject_name(req.get(), name.get());
        X509_REQ_set_pubkey(req.get(), pub.get());
        if (X509_REQ_sign(req.get(), priv.get(), EVP_sha256()) <= 0)
            throw errorFromCkr(step + ": signing on the key", takeCkr());
        PKCS11_logout(slot);
        Owned<BIO> bio(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509_REQ(bio.get(), req.get());
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(len));
    });
}

void KeyDevice::writeCertificate(const std::string& serial, const Secret& pin, const std::string& keyId,
                                 const std::string& certificatePem, const std::string& chainPem,
                                 bool finalTryConfirmed) {
    const std::string step = "writing the certificate";
    const auto wantedId = keyId.empty() ? std::vector<unsigned char>() : unhex(keyId, step.c_str());
    auto certs = parsePemCertificates(certificatePem, step.c_str());
    if (certs.size() != 1)
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "expected exactly one certificate");
    auto chain = parsePemCertificates(chainPem, step.c_str());
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, pin, finalTryConfirmed, step);
        // Without a key id, the certificate goes next to the key pair whose public key it certifies.
        const auto id = wantedId.empty()
                            ? d->idOfPublicKey(slot->token, X509_get0_pubkey(certs[0].get()), step)
                            : wantedId;
        Owned<EVP_PKEY> pub = d->publicKey(slot->token, id, step);
        if (EVP_PKEY_eq(pub.get(), X509_get0_pubkey(certs[0].get())) != 1)
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "the certificate is not for the key pair " + keyId);
        const std::string name = describeCertificate(certs[0].get()).organisation;
        std::string label = name.empty() ? std::string("certificate") : name.substr(0, 64);
        if (PKCS11_store_certificate(slot->token, certs[0].get(), label.data(),
                                     const_cast<unsigned char*>(id.data()), id.size(), nullptr) != 0)
            throw errorFromCkr(step, takeCkr());
        // CA certificates go on once: a renewal must not pile up copies.
        const auto existing = d->findCerts(slot->token, nullptr, step);
        for (auto& ca : chain) {
            const bool already = std::any_of(existing.begin(), existing.end(), [&](PKCS11_CERT* c) {
                return c->x509 && X509_cmp(c->x509, ca.get()) == 0;
            });
            if (already)
                continue;
            unsigned char digest[SHA_DIGEST_LENGTH];
            unsigned int len = 0;
            X509_digest(ca.get(), EVP_sha1(), digest, &len);
            std::string caLabel = "CA " + describeCertificate(ca.get()).subject.substr(0, 60);
            if (PKCS11_store_certificate(slot->token, ca.get(), caLabel.data(), digest, len, nullptr) != 0)
                throw errorFromCkr(step + ": writing the CA chain", takeCkr());
        }
        PKCS11_logout(slot);
        return 0;
    });
}

void KeyDevice::selfTest(const std::string& serial, const Secret& pin, const std::string& keyId,
                         bool finalTryConfirmed) {
    const std::string step = "testing the key";
    const auto id = unhex(keyId, step.c_str());
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, pin, finalTryConfirmed, step);
        const auto certs = d->findCerts(slot->token, &id, step);
        if (certs.empty() || !certs.front()->x509)
            throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {},
                             "no certificate for key pair " + keyId);
        // Our own copy: libp11 frees its object lists on logout.
        Owned<X509> certificate(X509_dup(certs.front()->x509));
        Owned<EVP_PKEY> priv = d->privateKey(slot->token, id, step);
        unsigned char challenge[32];
        RAND_bytes(challenge, sizeof challenge);
        std::vector<unsigned char> signature(static_cast<std::size_t>(EVP_PKEY_get_size(priv.get())));
        std::size_t sigLen = signature.size();
        Owned<EVP_MD_CTX> sign(EVP_MD_CTX_new());
        if (EVP_DigestSignInit(sign.get(), nullptr, EVP_sha256(), nullptr, priv.get()) != 1 ||
            EVP_DigestSign(sign.get(), signature.data(), &sigLen, challenge, sizeof challenge) != 1)
            throw errorFromCkr(step + ": signing on the key", takeCkr());
        PKCS11_logout(slot);
        Owned<EVP_MD_CTX> verify(EVP_MD_CTX_new());
        const bool ok =
            EVP_DigestVerifyInit(verify.get(), nullptr, EVP_sha256(), nullptr,
                                 X509_get0_pubkey(certificate.get())) == 1 &&
            EVP_DigestVerify(verify.get(), signature.data(), sigLen, challenge, sizeof challenge) == 1;
        ERR_clear_error();
        if (!ok)
            throw TokenError(TokenErrorCode::VerificationFailed, step);
        return 0;
    });
}

void KeyDevice::removeKeyPair(const std::string& serial, const Secret& pin, const std::string& keyId,
                              bool finalTryConfirmed) {
    const std::string step = "removing the old key pair";
    const auto id = unhex(keyId, step.c_str());
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->loginUser(slot, serial, pin, finalTryConfirmed, step);
        bool any = false;
        for (PKCS11_CERT* c : d->findCerts(slot->token, &id, step)) {
            if (PKCS11_remove_certificate(c) != 0)
                throw errorFromCkr(step + ": removing the certificate", takeCkr());
            any = true;
        }
        // remove_key deletes only the object given: the private and the public key separately (STACK.md §2).
        for (const bool isPrivate : {true, false}) {
            if (PKCS11_KEY* k = d->findKey(slot->token, id, isPrivate, step)) {
                if (PKCS11_remove_key(k) != 0)
                    throw errorFromCkr(step + ": removing the key", takeCkr());
                any = true;
            }
        }
        PKCS11_logout(slot);
        if (!any)
            throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {}, "nothing with id " + keyId);
        return 0;
    });
}

TokenInfo KeyDevice::retire(const std::string& serial, const std::string& label) {
    const std::string step = "retiring the key";
    if (serial.empty())
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a key to retire is named by its serial");
    if (!d->deriver)
        throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
    const std::string padded = paddedLabel(label);
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (soFlags(slot->token).locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step, CKR_PIN_LOCKED, soFlags(slot->token));
        const Secret soPin = d->deriver->derive(serial);
        if (PKCS11_init_token(slot->token, soPin.c_str(), padded.c_str()) != 0) {
            const unsigned long ckr = takeCkr();
            if (ckr == CKR_PIN_INCORRECT)
                throw TokenError(TokenErrorCode::SoPinIncorrect, step, ckr);
            if (ckr == CKR_PIN_LOCKED)
                throw TokenError(TokenErrorCode::SoPinLocked, step, ckr);
            throw errorFromCkr(step, ckr);
        }
        return d->describe(d->find(serial, step), true);
    });
}

} // namespace countersign::token
