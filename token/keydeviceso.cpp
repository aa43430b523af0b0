#include "token/keydevice.h"

#include "token/keydeviceimpl.h"

// The operations that need a key's SO PIN: initialise, the first user PIN, unlock, the move to the current SO
// PIN version, retire. Each SO PIN is derived with the version recorded for the key, and none is sent when
// the key's flags say it is locked or (without a supervisor's confirmation) on its final try.
namespace countersign::token {

TokenInfo KeyDevice::initialise(const std::string& serial, const std::string& label, const SoPinUse& use,
                                const Secret* factorySoPin) {
    const std::string step = "initialising the key";
    (void)factorySoPin; // the factory SO PIN path: being written
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
        if (own.empty()) {
            const CK_RV rv = d->initToken(slot, preSerialPin, label, step);
            if (rv != CKR_OK)
                throw d->soPinError(rv, own, step);
        } else {
            if (t->initialized)
                Impl::checkSoTry(soFlags(t), use.finalTryConfirmed, step);
            const Secret soPin = deriver.derive(own, d->versionOf(use));
            const CK_RV rv = d->initToken(slot, soPin, label, step);
            if (rv == CKR_OK) {
                // Re-initialised with the recorded version's PIN: moved to the current version's.
                if (d->versionOf(use) != deriver.version())
                    d->soSession(slot, own, step, use, &soPin)->setPin(soPin, deriver.derive(own));
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
    d->enumerate(step);
    PKCS11_SLOT* fresh = nullptr;
    for (unsigned int i = 0; i < d->context.slotCount(); ++i) {
        PKCS11_SLOT* slot = d->context.slot(i);
        if (slot->token && PKCS11_get_slotid_from_slot(slot) == slotId)
            fresh = slot;
    }
    if (!fresh || !fresh->token->initialized || text(fresh->token->serialnr).empty()) {
        d->release();
        throw TokenError(TokenErrorCode::KeyRemoved, step, 0, {}, "the key went away during initialisation");
    }
    const std::string newSerial = text(fresh->token->serialnr);
    d->guarded(newSerial, step, [&] {
        auto so = d->soSession(fresh, newSerial, step, use, &preSerialPin);
        so->setPin(preSerialPin, deriver.derive(newSerial));
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
        const int from = d->versionOf(use);
        auto so = d->soSession(slot, serial, step, use);
        so->initPin(newPin);
        const int current = d->deriver->version();
        if (from == current)
            return from;
        // The unlock is done; the move to the current version is the visit's second errand, and a key that
        // refuses it simply stays on its version until the next visit.
        try {
            so->setPin(d->deriver->derive(serial, from), d->deriver->derive(serial));
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
        const Secret old = deriver.derive(serial, fromVersion);
        d->soSession(slot, serial, step, {fromVersion, false}, &old)->setPin(old, deriver.derive(serial));
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
        const Secret soPin = deriver.derive(serial, d->versionOf(use));
        const CK_RV rv = d->initToken(slot, soPin, label, step);
        if (rv != CKR_OK)
            throw d->soPinError(rv, serial, step);
        if (d->versionOf(use) != deriver.version())
            d->soSession(d->find(serial, step), serial, step, use, &soPin)
                ->setPin(soPin, deriver.derive(serial));
        return 0;
    });
    return key(serial);
}

} // namespace countersign::token
