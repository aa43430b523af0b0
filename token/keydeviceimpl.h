#pragma once

// The inside of KeyDevice, shared by its two files (keydevice.cpp: reading keys and the holder's operations;
// keydeviceso.cpp: the operations that need the SO PIN) and by nothing else.
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>

#include <dlfcn.h>
#include <libp11.h>
#include <p11-kit/pkcs11.h>

#include "token/keydevice.h"
#include "token/keyobjects.h"
#include "token/pkcs11context.h"
#include "token/pkcs11session.h"

namespace countersign::token {

inline std::string text(const char* s) {
    std::string out = s ? s : "";
    out.erase(out.find_last_not_of(' ') + 1);
    return out;
}

inline PinFlags userFlags(const PKCS11_TOKEN* t) {
    return {t->userPinCountLow != 0, t->userPinFinalTry != 0, t->userPinLocked != 0,
            t->userPinToBeChanged != 0};
}

inline PinFlags soFlags(const PKCS11_TOKEN* t) {
    // A blank SoftHSM2 token (no serial yet) claims a locked SO PIN (STACK.md §1): meaningless before its
    // initialisation. A vendor's blank key has a serial, and its SO PIN's tries count (openCryptoki).
    if (!t->initialized && text(t->serialnr).empty())
        return {false, false, false, t->soPinToBeChanged != 0};
    return {t->soPinCountLow != 0, t->soPinFinalTry != 0, t->soPinLocked != 0, t->soPinToBeChanged != 0};
}

// libp11 0.4.12 hands the label to C_InitToken as is, but the module reads 32 bytes (STACK.md §2.6).
inline std::string paddedLabel(const std::string& label) {
    std::string out = label.substr(0, 32);
    out.resize(32, ' ');
    return out;
}

struct KeyDevice::Impl {
    std::string modulePath;
    Pkcs11Uri writer;
    std::shared_ptr<const SoPinDeriver> deriver;
    void* library = nullptr; // our own reference to the module, for the raw calls
    CK_FUNCTION_LIST_PTR raw = nullptr;
    bool rawInitialised = false; // `raw` is an instance of its own (p11-kit's proxy), initialised by us
    Pkcs11Context context;

    ~Impl() {
        // The context goes first (C_Finalize, libp11 lets go of the module); our reference unloads it last.
        context = Pkcs11Context();
        if (rawInitialised)
            raw->C_Finalize(nullptr);
        if (library)
            ::dlclose(library);
    }

    void release() { context.releaseSlots(); }

    // A fresh view of the slots and tokens (libp11 caches token flags, and PKCS11_update_slots crashes in
    // 0.4.12, STACK.md §2.1).
    void enumerate(const std::string& step) { context.enumerateSlots(step + ": listing the writer's slots"); }

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
        for (unsigned int i = 0; i < context.slotCount(); ++i) {
            PKCS11_SLOT* slot = context.slot(i);
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

    // The token in slot `id` after a C_InitToken that gave it its serial (it keeps its slot id in this
    // process).
    PKCS11_SLOT* bySlotId(CK_SLOT_ID id, const std::string& step) {
        enumerate(step);
        for (unsigned int i = 0; i < context.slotCount(); ++i) {
            PKCS11_SLOT* slot = context.slot(i);
            if (slot->token && PKCS11_get_slotid_from_slot(slot) == id && slot->token->initialized &&
                !text(slot->token->serialnr).empty())
                return slot;
        }
        throw TokenError(TokenErrorCode::KeyRemoved, step, 0, {}, "the key went away during initialisation");
    }

    // See keydeviceso.cpp; returns the key's serial.
    std::string initialiseFromFactory(PKCS11_SLOT* slot, const std::string& serial, const std::string& label,
                                      const Secret& factory, const std::string& step);

    bool present(const std::string& serial) {
        try {
            find(serial, "checking the key");
            return true;
        } catch (const TokenError&) {
            return false;
        }
    }

    // Runs an operation; a failure while the key has gone missing is reported as "key removed", whatever the
    // module said, because that is what the counter must act on.
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

    std::unique_ptr<Pkcs11Session> session(PKCS11_SLOT* slot, const std::string& step) {
        return std::make_unique<Pkcs11Session>(raw, PKCS11_get_slotid_from_slot(slot), step);
    }

    // A session logged in as the user. Refuses to send the PIN to a locked key, or on its last try unless
    // the holder confirmed; never retries.
    std::unique_ptr<Pkcs11Session> userSession(PKCS11_SLOT* slot, const std::string& serial,
                                               const Secret& pin, bool finalTryConfirmed,
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
        auto s = session(slot, step);
        const CK_RV rv = s->login(CKU_USER, pin);
        if (rv != CKR_OK) {
            s.reset();
            throw errorFromCkr(step + ": user login", rv, currentUserFlags(serial));
        }
        return s;
    }

    // The SO PIN's state now (a fresh enumeration); none when the key can't be read.
    PinFlags currentSoFlags(const std::string& serial) {
        try {
            return soFlags(find(serial, "reading the SO PIN state")->token);
        } catch (const TokenError&) {
            return {};
        }
    }

    // Refuses to spend an SO PIN try the key's flags forbid: none on a locked SO PIN, the final one only
    // with a supervisor's confirmation.
    static void checkSoTry(const PinFlags& flags, bool finalTryConfirmed, const std::string& step) {
        if (flags.locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step, CKR_PIN_LOCKED, flags);
        if (flags.finalTry && !finalTryConfirmed)
            throw TokenError(TokenErrorCode::SoPinFinalTryNeedsConfirmation, step, 0, flags);
    }

    const SoPinDeriver& needDeriver(const std::string& step) const {
        if (!deriver)
            throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
        return *deriver;
    }

    int versionOf(const SoPinUse& use) const { return use.version > 0 ? use.version : deriver->version(); }

    // A session logged in as the security officer with `soPin` (by default the key's SO PIN derived with the
    // version `use` names). Never spends a try the SO PIN's flags forbid (checkSoTry).
    std::unique_ptr<Pkcs11Session> soSession(PKCS11_SLOT* slot, const std::string& serial,
                                             const std::string& step, const SoPinUse& use,
                                             const Secret* soPin = nullptr) {
        needDeriver(step);
        checkSoTry(soFlags(slot->token), use.finalTryConfirmed, step);
        auto s = session(slot, step);
        const Secret derived = soPin ? Secret() : soPinFor(slot, serial, versionOf(use), step);
        const CK_RV rv = s->login(CKU_SO, soPin ? *soPin : derived);
        if (rv == CKR_OK)
            return s;
        s.reset();
        const PinFlags flags = currentSoFlags(serial);
        if (rv == CKR_PIN_LOCKED || flags.locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step + ": SO login", rv, flags);
        if (rv == CKR_PIN_INCORRECT)
            throw TokenError(TokenErrorCode::SoPinIncorrect, step + ": SO login", rv, flags);
        throw errorFromCkr(step + ": SO login", rv, flags);
    }

    // C_InitToken on a slot nobody has a session on; PIN errors as SO PIN errors.
    CK_RV initToken(PKCS11_SLOT* slot, const Secret& soPin, const std::string& label,
                    const std::string& step) {
        std::string padded = paddedLabel(label);
        const CK_RV rv = raw->C_InitToken(PKCS11_get_slotid_from_slot(slot),
                                          reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(soPin.c_str())),
                                          soPin.size(), reinterpret_cast<CK_UTF8CHAR_PTR>(padded.data()));
        if (rv != CKR_OK && rv != CKR_PIN_INCORRECT && rv != CKR_PIN_LOCKED)
            throw errorFromCkr(step, rv);
        return rv;
    }

    TokenError soPinError(CK_RV rv, const std::string& serial, const std::string& step) {
        return TokenError(rv == CKR_PIN_LOCKED ? TokenErrorCode::SoPinLocked : TokenErrorCode::SoPinIncorrect,
                          step, rv, serial.empty() ? PinFlags{} : currentSoFlags(serial));
    }

    // The PIN lengths the key takes (ulMinPinLen, ulMaxPinLen); zeros when the module won't say. A key that
    // can't be read (pulled out) is an error, never "no limits".
    std::pair<std::size_t, std::size_t> pinLengths(PKCS11_SLOT* slot) {
        CK_TOKEN_INFO info{};
        if (const CK_RV rv = raw->C_GetTokenInfo(PKCS11_get_slotid_from_slot(slot), &info); rv != CKR_OK)
            throw errorFromCkr("reading the key's PIN lengths", rv);
        const auto sane = [](CK_ULONG n) { return n == CK_UNAVAILABLE_INFORMATION ? 0 : std::size_t(n); };
        return {sane(info.ulMinPinLen), sane(info.ulMaxPinLen)};
    }

    // The mechanisms the counter may use, as the key offers them. A key that can't be read (pulled out) is an
    // error, never a key without mechanisms.
    std::vector<MechanismInfo> mechanisms(PKCS11_SLOT* slot) {
        const CK_SLOT_ID id = PKCS11_get_slotid_from_slot(slot);
        const std::string step = "reading the key's mechanisms";
        CK_ULONG count = 0;
        if (const CK_RV rv = raw->C_GetMechanismList(id, nullptr, &count); rv != CKR_OK)
            throw errorFromCkr(step, rv);
        std::vector<CK_MECHANISM_TYPE> types(count);
        if (const CK_RV rv = raw->C_GetMechanismList(id, types.data(), &count); rv != CKR_OK)
            throw errorFromCkr(step, rv);
        types.resize(count);
        std::vector<MechanismInfo> out;
        for (const CK_MECHANISM_TYPE type :
             {CKM_RSA_PKCS_KEY_PAIR_GEN, CKM_RSA_PKCS, CKM_EC_KEY_PAIR_GEN, CKM_ECDSA}) {
            if (std::find(types.begin(), types.end(), type) == types.end())
                continue;
            CK_MECHANISM_INFO info{};
            if (const CK_RV rv = raw->C_GetMechanismInfo(id, type, &info); rv != CKR_OK)
                throw errorFromCkr(step, rv);
            out.push_back({type, info.ulMinKeySize, info.ulMaxKeySize, info.flags});
        }
        return out;
    }

    // Refuses a PIN the key can't take (ulMinPinLen..ulMaxPinLen) before it reaches the key.
    void checkPinLength(PKCS11_SLOT* slot, const Secret& pin, const std::string& step) {
        const auto [min, max] = pinLengths(slot);
        if (pin.size() < min || (max > 0 && pin.size() > max))
            throw TokenError(TokenErrorCode::PinPolicy, step, 0, {},
                             "the key takes PINs of " + std::to_string(min) + ".." + std::to_string(max) +
                                 " characters");
    }

    // Refuses an algorithm the key doesn't offer before anything on it changes.
    void checkAlgorithm(PKCS11_SLOT* slot, KeyAlgorithm algorithm, const std::string& step) {
        TokenInfo info;
        info.mechanisms = mechanisms(slot);
        const std::string gap = algorithmShortfall(info, algorithm);
        if (!gap.empty())
            throw TokenError(TokenErrorCode::Unsupported, step, 0, {}, gap);
    }

    // The key's SO PIN of `version`, fitted to the lengths the key takes: real keys cap PINs (openCryptoki's
    // soft token at 8), so a longer derived PIN is cut to the cap, the same way at every counter.
    Secret soPinFor(PKCS11_SLOT* slot, const std::string& serial, int version, const std::string& step) {
        Secret pin = needDeriver(step).derive(serial, version);
        const auto [min, max] = pinLengths(slot);
        if (max > 0 && pin.size() > max)
            pin = Secret(pin.view().substr(0, max));
        if (pin.size() < min)
            throw TokenError(TokenErrorCode::MasterSecret, step, 0, {},
                             "derived SO PINs have " + std::to_string(pin.size()) +
                                 " characters, the key needs at least " + std::to_string(min) +
                                 " ([sopin] length)");
        return pin;
    }

    std::vector<CertificateInfo> certificates(PKCS11_SLOT* slot, const std::string& step) {
        return certificatesOn(*session(slot, step));
    }

    TokenInfo describe(PKCS11_SLOT* slot, bool withCertificates, const std::string& step) {
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
        std::tie(info.minPinLength, info.maxPinLength) = pinLengths(slot);
        info.mechanisms = mechanisms(slot);
        if (withCertificates && t->initialized)
            info.certificates = certificates(slot, step);
        return info;
    }
};

} // namespace countersign::token
