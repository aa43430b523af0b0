#include "backend/workflow/internal.h"

// UNLOCK (USBKEY解锁): the authorization letter and the locked key, the opening and the steps.
namespace countersign::workflow {

Outcome Workflow::runUnlock(UnlockRequest r) {
    std::vector<Check> checks;
    checkLetterText(r.letter, checks);
    std::optional<token::TokenInfo> key;
    try {
        key = d->keyInWriter(r.keySerial);
    } catch (const TokenError& e) {
        add(checks, "key", false, phraseOf(e));
    }
    std::string certificateUscc;
    if (!key) {
        add(checks, "key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not in the writer")).arg(r.keySerial));
    } else {
        for (const auto& c : Impl::ownCertificates(*key))
            certificateUscc = c.uscc;
        add(checks, "so_pin", !key->soPin.locked,
            Phrase(QT_TRANSLATE_NOOP(
                "Reason",
                "the key's SO PIN is locked, so it can't be unlocked: replace the key (USBKEY补办)")));
        add(checks, "locked", key->userPin.locked || key->soPin.locked,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the key's PIN is not locked: there is nothing to unlock")));
    }
    for (const auto& c : fromPaperReport(papers::checkAuthorizationLetter(r.letter, papers::Operation::Unlock,
                                                                          Date::today(), certificateUscc)))
        checks.push_back(c);
    const std::string agentId = normalisedId(r.letter.agentIdNo);
    if (!r.preview)
        d->checkNewPin(r.newPin, agentId, checks);
    const bool usccOverridden = d->overrideUscc(r, checks, "company_id");
    d->checkEvidence(r, checks);
    const auto quote = d->checkFee("UNLOCK", {}, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, "UNLOCK", "the unlock was refused: " + firstFailure(checks), checks,
                  r.keySerial);
    if (r.preview)
        return Impl::checked("UNLOCK", checks, quote, r.keySerial, r.letter.companyName,
                             normalisedCompany(r.letter.companyId), r.letter.agentName, agentId);

    const std::string company = normalisedCompany(r.letter.companyId);
    QJsonObject work{{QStringLiteral("key_serial"), q(r.keySerial)}};
    TxRow t = d->open(
        "UNLOCK", r, work, checks,
        [&](pqxx::work& tx, long long txId) {
            const auto [enterprise, agent] =
                d->recordNamed(tx, r, txId, usccOverridden, company, r.letter.companyName, false, agentId,
                               r.letter.agentName, r.letter.agentMobile);
            std::string state;
            const long long tokenId = d->ensureToken(tx, *key, "locked", enterprise, &state);
            if (state == "active")
                d->setTokenState(tx, tokenId, "locked");
            for (const auto& c : Impl::ownCertificates(*key))
                d->recordCertificate(tx, c.der, c, tokenId, enterprise, std::nullopt, {}, "active");
            const long long letterId =
                d->insertAuthorizationLetter(tx, r.letter, company, agentId, r.operatorId, enterprise, agent);
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.agentId = agent;
            p.letterId = letterId;
            p.tokenId = tokenId;
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) { d->recordFee(tx, row, {}, r, std::nullopt, std::nullopt); });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
