#include "backend/workflow/internal.h"

// UNLOCK (USBKEY解锁): the authorization letter and the locked key, the opening and the steps.
namespace countersign::workflow {

UnlockChecked Workflow::Impl::checkUnlock(const UnlockRequest& r) {
    UnlockChecked out;
    out.kind = operationCode(Operation::Unlock);
    std::vector<Check>& checks = out.checks;
    checkLetterText(r.letter, checks);
    std::optional<token::TokenInfo> key;
    try {
        key = keyInWriter(r.keySerial);
    } catch (const TokenError& e) {
        add(checks, "key", false, phraseOf(e));
    }
    std::string certificateUscc;
    if (!key) {
        add(checks, "key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not in the writer")).arg(r.keySerial));
    } else {
        // The company the key belongs to: the database's record of the certificate on it, when that counts
        // (presented.cpp), never what the key says.
        for (const auto& c : checkPresented(*key, checks).live) {
            certificateUscc = c.uscc;
            out.papers.keyCertificateSerial = c.cert.serial;
            out.papers.keyCertificateNotAfter = c.cert.notAfter;
        }
        // A key this counter never put on a derived SO PIN (a legacy customer's, set up by another system: no
        // SO PIN version on record) has that system's SO PIN: sending a derived one would only be a guess
        // spending one of its SO PIN tries, so nothing is sent.
        add(checks, "so_pin_ours", recordedSoPinVersion(key->serial).has_value(),
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "the key was set up before Countersign and its SO PIN is not one this "
                                     "counter derives, so it can't be unlocked here (no SO PIN try was "
                                     "spent): replace the key (USBKEY补办), or unlock it where it was "
                                     "issued")));
        add(checks, "so_pin", !key->soPin.locked,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason",
                "the key's SO PIN is locked, so it can't be unlocked: replace the key (USBKEY补办)")));
        // The SO PIN's last try is spent only with a supervisor's confirmation (recorded at the step).
        add(checks, "so_pin_final_try",
            key->soPin.locked || !key->soPin.finalTry || r.soPinFinalTryApprovedBy.has_value(),
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "the key's SO PIN has one try left and a failure locks the key "
                                     "for good: a supervisor must confirm before it is spent")));
        add(checks, "locked", key->userPin.locked || key->soPin.locked,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the key's PIN is not locked: there is nothing to unlock")));
    }
    for (const auto& c : fromPaperReport(papers::checkAuthorizationLetter(r.letter, papers::Operation::Unlock,
                                                                          Date::today(), certificateUscc)))
        checks.push_back(c);
    const auto fitted = key ? std::optional<FittedKey>(withModel(*key)) : std::nullopt;
    checkNamedByLetter(operationCode(Operation::Unlock), r, r.letter, r.newPin, out,
                       fitted ? &*fitted : nullptr);
    out.quote = checkFee(operationCode(Operation::Unlock), out.conditions, r, checks);
    if (!allPassed(checks))
        refuse(operationCode(Operation::Unlock), "the unlock was refused: " + firstFailure(checks), checks,
               r.keySerial);
    out.keySerial = r.keySerial;
    out.key = *key;
    return out;
}

Outcome Workflow::runUnlock(UnlockRequest r) {
    const Impl::Acting acting(*d, r.operatorSession);
    const Impl::Confirming confirming(*d, {false, r.soPinFinalTryApprovedBy});
    const UnlockChecked c = d->checkUnlock(r);
    if (r.preview)
        return Impl::checked(c);

    QJsonObject work{{QStringLiteral("key_serial"), QString::fromStdString(r.keySerial)}};
    TxRow t = d->open(c, r, work, [&](pqxx::work& tx, long long txId) {
        const Impl::Parties p = d->recordNamed(tx, r, txId, c);
        // Recorded locked (a key on record as active becomes locked: its PIN is locked, the checks read it).
        const long long tokenId = d->ensureToken(tx, c.key, "locked", *p.enterpriseId);
        db::PapersRecord papers;
        papers.authorizationLetter = d->recordLetterParties(tx, r.letter, c, &c.key, tokenId, p);
        papers.tokenId = tokenId;
        return papers;
    });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
