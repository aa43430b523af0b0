#include "token/keydevice.h"

#include "token/keydeviceimpl.h"

// The operations that need a key's SO PIN: initialise, the first user PIN, unlock, the move to the current SO
// PIN version, retire. Each SO PIN is derived with the version recorded for the key, and none is sent when
// the key's flags say it is locked or (without a supervisor's confirmation) on its final try.
namespace countersign::token {

// A vendor key on its factory SO PIN: C_InitToken with it (a module without C_InitToken: an SO login and the
// key's objects cleared), then C_SetPIN to the derived SO PIN in an SO session. The factory PIN gets one try.
std::string KeyDevice::Impl::initialiseFromFactory(PKCS11_SLOT* slot, const std::string& serial,
                                                   const std::string& label, const Secret& factory,
                                                   const std::string& step) {
    if (slot->token->initialized)
        checkSoTry(soFlags(slot->token), false, step);
    const CK_SLOT_ID id = PKCS11_get_slotid_from_slot(slot);
    std::string padded = paddedLabel(label);
    const CK_RV rv =
        raw->C_InitToken(id, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(factory.c_str())),
                         factory.size(), reinterpret_cast<CK_UTF8CHAR_PTR>(padded.data()));
    const bool noInitToken = rv == CKR_FUNCTION_NOT_SUPPORTED;
    if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LEN_RANGE)
        throw TokenError(TokenErrorCode::FactorySoPinIncorrect,
                         step + ": initialising with the factory SO PIN", rv, currentSoFlags(serial));
    if (rv == CKR_PIN_LOCKED)
        throw TokenError(TokenErrorCode::SoPinLocked, step + ": initialising with the factory SO PIN", rv,
                         currentSoFlags(serial));
    if (rv != CKR_OK && !noInitToken)
        throw errorFromCkr(step + ": initialising with the factory SO PIN", rv);
    // A token without a serial gets one from C_InitToken, in the same slot (STACK.md §1).
    PKCS11_SLOT* now = serial.empty() ? bySlotId(id, step) : find(serial, step);
    const std::string own = text(now->token->serialnr);
    auto so = std::make_unique<Pkcs11Session>(raw, PKCS11_get_slotid_from_slot(now), step);
    const CK_RV login = so->login(CKU_SO, factory);
    if (login == CKR_PIN_INCORRECT)
        throw TokenError(TokenErrorCode::FactorySoPinIncorrect, step + ": SO login with the factory SO PIN",
                         login, currentSoFlags(own));
    if (login != CKR_OK)
        throw errorFromCkr(step + ": SO login with the factory SO PIN", login, currentSoFlags(own));
    if (noInitToken) {
        // What C_InitToken would have cleared: every object the SO can see (a vendor key holds none of ours).
        std::vector<CK_ATTRIBUTE> all;
        for (const CK_OBJECT_HANDLE h : so->findMatching(all))
            so->destroy(h);
    }
    so->setPin(factory, soPinFor(now, own, deriver->version(), step));
    return own;
}

TokenInfo KeyDevice::initialise(const std::string& serial, const std::string& label, const SoPinUse& use,
                                const Secret* factorySoPin) {
    const std::string step = "initialising the key";
    const SoPinDeriver& deriver = d->needDeriver(step);
    // A blank SoftHSM2 token gets its serial only from C_InitToken, so it is first initialised with an SO PIN
    // derived from a fixed name instead of the serial and then moved to its own. Being derivable, that first
    // PIN lets an initialisation cut short between the two steps be done again.
    const Secret preSerialPin = deriver.derive("(no serial yet)");
    const auto [slotId, knownSerial] = d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        const PKCS11_TOKEN* t = slot->token;
        if (t->initialized && (t->userPinSet || !d->certificates(slot, step).empty()))
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "the key is in use; retire it first");
        const std::string own = text(t->serialnr);
        const bool labelledOurs = t->initialized && text(t->label) == text(paddedLabel(label).c_str());
        const PinFlags so = soFlags(t);
        if (factorySoPin) {
            // An initialisation of ours cut short after the SO PIN moved is on the derived PIN already: the
            // key no longer says its SO PIN is to be changed, and carries our label.
            if (labelledOurs && !so.toBeChanged && !own.empty()) {
                Impl::checkSoTry(so, use.finalTryConfirmed, step);
                const CK_RV rv =
                    d->initToken(slot, d->soPinFor(slot, own, deriver.version(), step), label, step);
                if (rv == CKR_OK)
                    return std::make_pair(PKCS11_get_slotid_from_slot(slot), own);
                if (rv == CKR_PIN_LOCKED)
                    throw d->soPinError(rv, own, step);
                slot = d->find(own, step);
            }
            const CK_SLOT_ID id = PKCS11_get_slotid_from_slot(slot);
            return std::make_pair(id, d->initialiseFromFactory(slot, own, label, *factorySoPin, step));
        }
        // Still on its factory SO PIN and none given: sending it a derived one would only spend a try.
        if (so.toBeChanged && !labelledOurs && !own.empty())
            throw TokenError(TokenErrorCode::FactorySoPinNeeded, step, 0, so,
                             "the key's SO PIN is still the factory's (CKF_SO_PIN_TO_BE_CHANGED)");
        if (own.empty()) {
            const CK_RV rv = d->initToken(slot, preSerialPin, label, step);
            if (rv != CKR_OK)
                throw d->soPinError(rv, own, step);
        } else {
            if (t->initialized)
                Impl::checkSoTry(so, use.finalTryConfirmed, step);
            const Secret soPin = d->soPinFor(slot, own, d->versionOf(use), step);
            const CK_RV rv = d->initToken(slot, soPin, label, step);
            if (rv == CKR_OK) {
                // Re-initialised with the recorded version's PIN: moved to the current version's.
                if (d->versionOf(use) != deriver.version())
                    d->soSession(slot, own, step, use, &soPin)
                        ->setPin(soPin, d->soPinFor(slot, own, deriver.version(), step));
                return std::make_pair(PKCS11_get_slotid_from_slot(slot), own);
            }
            // Only a key labelled as ours may be an initialisation of ours that stopped before the SO PIN was
            // moved to the serial's; a stranger's key is not tried a second time.
            if (!t->initialized || rv == CKR_PIN_LOCKED || !labelledOurs)
                throw d->soPinError(rv, own, step);
            Impl::checkSoTry(d->currentSoFlags(own), use.finalTryConfirmed, step);
            const CK_RV again = d->initToken(d->find(own, step), preSerialPin, label, step);
            if (again != CKR_OK)
                throw d->soPinError(again, own, step);
        }
        return std::make_pair(PKCS11_get_slotid_from_slot(slot), std::string());
    });
    if (!knownSerial.empty())
        return key(knownSerial);
    // Same process: the token kept its slot id (STACK.md §1); its serial is known now.
    PKCS11_SLOT* fresh = nullptr;
    try {
        fresh = d->bySlotId(slotId, step);
    } catch (const TokenError&) {
        d->release();
        throw;
    }
    const std::string newSerial = text(fresh->token->serialnr);
    d->guarded(newSerial, step, [&] {
        auto so = d->soSession(fresh, newSerial, step, use, &preSerialPin);
        so->setPin(preSerialPin, d->soPinFor(fresh, newSerial, deriver.version(), step));
        return 0;
    });
    return key(newSerial);
}

void KeyDevice::setUserPin(const std::string& serial, const Secret& newPin, const SoPinUse& use) {
    const std::string step = "setting the PIN";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (!slot->token->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        d->checkPinLength(slot, newPin, step);
        d->soSession(slot, serial, step, use)->initPin(newPin);
        return 0;
    });
}

int KeyDevice::unlock(const std::string& serial, const Secret& newPin, const SoPinUse& use) {
    const std::string step = "unlocking the key";
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (!slot->token->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        d->needDeriver(step);
        d->checkPinLength(slot, newPin, step);
        const int from = d->versionOf(use);
        auto so = d->soSession(slot, serial, step, use);
        so->initPin(newPin);
        const int current = d->deriver->version();
        if (from == current)
            return from;
        // The unlock is done; the move to the current version is the visit's second errand, and a key that
        // refuses it simply stays on its version until the next visit.
        try {
            so->setPin(d->soPinFor(slot, serial, from, step), d->soPinFor(slot, serial, current, step));
            return current;
        } catch (const TokenError&) {
            return from;
        }
    });
}

int KeyDevice::moveSoPin(const std::string& serial, int fromVersion) {
    const std::string step = "moving the SO PIN to the current version";
    const SoPinDeriver& deriver = d->needDeriver(step);
    if (fromVersion == deriver.version())
        return fromVersion;
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        const PKCS11_TOKEN* t = slot->token;
        const PinFlags flags = soFlags(t);
        if (!t->initialized || flags.countLow || flags.finalTry || flags.locked)
            return fromVersion;
        const Secret old = d->soPinFor(slot, serial, fromVersion, step);
        d->soSession(slot, serial, step, {fromVersion, false}, &old)
            ->setPin(old, d->soPinFor(slot, serial, deriver.version(), step));
        return deriver.version();
    });
}

TokenInfo KeyDevice::retire(const std::string& serial, const std::string& label, const SoPinUse& use) {
    const std::string step = "retiring the key";
    if (serial.empty())
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a key to retire is named by its serial");
    const SoPinDeriver& deriver = d->needDeriver(step);
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        Impl::checkSoTry(soFlags(slot->token), use.finalTryConfirmed, step);
        const Secret soPin = d->soPinFor(slot, serial, d->versionOf(use), step);
        const CK_RV rv = d->initToken(slot, soPin, label, step);
        if (rv != CKR_OK)
            throw d->soPinError(rv, serial, step);
        if (d->versionOf(use) != deriver.version()) {
            PKCS11_SLOT* now = d->find(serial, step);
            d->soSession(now, serial, step, use, &soPin)
                ->setPin(soPin, d->soPinFor(now, serial, deriver.version(), step));
        }
        return 0;
    });
    return key(serial);
}

} // namespace countersign::token
