#include "backend/workflow/internal.h"

// REPLACE (USBKEY补办): the authorization letter, the lost or damaged key's revocation list, the
// new key, the opening and the steps.
namespace countersign::workflow {

ReplaceChecked Workflow::Impl::checkReplace(const ReplaceRequest& r) {
    ReplaceChecked out;
    out.kind = operationCode(Operation::Replace);
    std::vector<Check>& checks = out.checks;
    checkLetterText(r.letter, checks);
    const Date today = Date::today();

    if (const Phrase problem = textPhrase(r.oldKeySerial, 64); !problem.empty())
        add(checks, "old_key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the old key's serial %1")).arg(problem));
    // The old key: presented (damaged) or on record.
    std::optional<token::TokenInfo>& presented = out.presented;
    std::vector<token::TokenInfo> writer;
    try {
        writer = s.keys.keys(true);
    } catch (const TokenError& e) {
        add(checks, "writer", false, phraseOf(e));
    }
    if (r.damaged)
        for (const auto& k : writer)
            if ((r.oldKeySerial.empty() && !ownCertificates(k).empty()) ||
                (k.serial == r.oldKeySerial && !k.serial.empty()))
                presented = k;
    std::string& oldSerial = out.oldSerial;
    oldSerial = presented ? presented->serial : r.oldKeySerial;
    std::string certificateUscc;
    std::vector<std::string>& revoke = out.revoke;
    // Only text is looked up: a letter whose fields are not (invalid UTF-8 …) was refused above already.
    if (allPassed(checks)) {
        pqxx::nontransaction tx{s.conn};
        db::PartyStore parties{tx};
        if (oldSerial.empty()) {
            const auto rows = parties.enterpriseKeys(normalisedCompany(r.letter.companyId));
            if (rows.size() == 1)
                oldSerial = rows[0];
            else
                add(checks, "old_key", false,
                    rows.empty()
                        ? Phrase(QT_TRANSLATE_NOOP(
                              "Reason", "no key of this enterprise is on record: give the old key's serial"))
                        : Phrase(QT_TRANSLATE_NOOP(
                              "Reason",
                              "the enterprise has several keys: give the serial of the one to replace")));
        }
        if (!oldSerial.empty()) {
            if (const auto token = parties.findToken(oldSerial)) {
                out.oldTokenId = token->id;
                const std::string& state = token->state;
                add(checks, "old_key", state == "active" || state == "locked",
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is %2, not in an enterprise's hands"))
                        .arg(oldSerial)
                        .arg(keyState(state)));
            } else if (!presented) {
                add(checks, "old_key", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not on record and not in the writer"))
                        .arg(oldSerial));
            }
            const auto live = parties.liveCertificatesOnKey(oldSerial);
            const std::set<std::string> legacyCas = live.empty() ? std::set<std::string>{} : legacyIssuers();
            for (const auto& c : live) {
                revoke.push_back(c.serial);
                out.papers.keyCertificateSerial = c.serial;
                certificateUscc = c.uscc;
                if (const auto record = parties.recordedCertificate(c.serial);
                    record && legacyCas.count(record->issuer))
                    out.revokeLegacy.push_back(c.serial);
            }
            if (!out.papers.keyCertificateSerial.empty())
                if (const auto v = parties.certificateValidity(out.papers.keyCertificateSerial))
                    out.papers.keyCertificateNotAfter = v->notAfter;
        }
    }
    // What the damaged key carries counts only when it is the certificate on record for it (or a legacy
    // CA's), from a CA this counter trusts; whom it names is the database's word (presented.cpp).
    if (presented)
        for (const auto& c : checkPresented(*presented, checks).live) {
            certificateUscc = c.uscc;
            out.papers.keyCertificateSerial = c.cert.serial;
            out.papers.keyCertificateNotAfter = c.cert.notAfter;
            if (std::find(revoke.begin(), revoke.end(), c.cert.serial) == revoke.end())
                revoke.push_back(c.cert.serial);
            if (c.legacy && std::find(out.revokeLegacy.begin(), out.revokeLegacy.end(), c.cert.serial) ==
                                out.revokeLegacy.end())
                out.revokeLegacy.push_back(c.cert.serial);
        }
    for (const auto& c : fromPaperReport(
             papers::checkAuthorizationLetter(r.letter, papers::Operation::Replace, today, certificateUscc)))
        checks.push_back(c);
    if (r.waiverAttested && !r.damaged)
        add(checks, "waiver", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the media fee waiver is for a damaged key only")));
    if (r.waiverApprovedBy && !r.waiverAttested)
        add(checks, "waiver_attested", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "a waiver needs the operator's attestation that the key failed "
                                     "without human damage and its exterior is intact")));
    if (r.waiverAttested)
        add(checks, "waiver_approved", r.waiverApprovedBy.has_value(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "a fee waiver needs a supervisor's approval")));

    // The new blank key.
    std::string& newSerial = out.keySerial;
    newSerial = r.newKeySerial;
    std::optional<FittedKey> blank;
    {
        std::vector<token::TokenInfo> blanks;
        for (auto& k : writer)
            if (k.blank() && (r.newKeySerial.empty() || k.serial == r.newKeySerial))
                blanks.push_back(k);
        if (blanks.size() == 1) {
            newSerial = blanks[0].serial;
            blank = withModel(blanks[0]);
        }
        add(checks, "blank_key", blanks.size() == 1,
            blanks.empty()
                ? Phrase(
                      QT_TRANSLATE_NOOP("Reason", "there is no blank key in the writer for the replacement"))
                : Phrase(QT_TRANSLATE_NOOP(
                      "Reason", "there are several blank keys in the writer: name the one to issue")));
    }
    // What the new key can do, before anything on it changes.
    if (blank)
        out.algorithm = chooseAlgorithm(*blank, r.algorithm, std::nullopt, checks);
    checkNamedByLetter(operationCode(Operation::Replace), r, r.letter, r.newPin, out,
                       blank ? &*blank : nullptr);
    out.conditions.damageWaiver = r.waiverAttested;
    out.conditions.waiverAttestedBy = r.operatorId;
    out.quote = checkFee(operationCode(Operation::Replace), out.conditions, r, checks);
    if (!allPassed(checks))
        refuse(operationCode(Operation::Replace), "the replacement was refused: " + firstFailure(checks),
               checks, oldSerial.empty() ? r.letter.companyId : oldSerial);
    out.papers.oldKeySerial = oldSerial;
    return out;
}

Outcome Workflow::runReplace(ReplaceRequest r) {
    const Impl::Acting acting(*d, r.operatorSession);
    auto& s = d->s;
    const ReplaceChecked c = d->checkReplace(r);
    if (r.preview)
        return Impl::checked(c);

    QJsonArray revokeList, legacyList;
    for (const auto& serial : c.revoke)
        revokeList.append(QString::fromStdString(serial));
    for (const auto& serial : c.revokeLegacy)
        legacyList.append(QString::fromStdString(serial));
    QJsonObject work{{QStringLiteral("key_serial"), QString::fromStdString(c.keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(*c.algorithm))},
                     {QStringLiteral("old_key_serial"), QString::fromStdString(c.oldSerial)},
                     {QStringLiteral("revoke"), revokeList}};
    if (!legacyList.isEmpty())
        work.insert(QStringLiteral("revoke_legacy"), legacyList);
    std::optional<approvals::ApprovalRequest> waiver;
    if (r.waiverAttested)
        waiver = approvals::ApprovalRequest{approvals::ApprovalKind::FeeWaiver,
                                            r.operatorId,
                                            s.counterId,
                                            std::nullopt,
                                            c.oldSerial,
                                            "key failed without human damage, exterior intact",
                                            "{}"};
    TxRow t = d->open(
        c, r, work,
        [&](pqxx::work& tx, long long txId) {
            const Impl::Parties p = d->recordNamed(tx, r, txId, c);
            const long long oldId =
                c.oldTokenId ? *c.oldTokenId : d->ensureToken(tx, *c.presented, "active", *p.enterpriseId);
            db::PapersRecord papers;
            papers.authorizationLetter =
                d->recordLetterParties(tx, r.letter, c, c.presented ? &*c.presented : nullptr, oldId, p);
            papers.oldTokenId = oldId;
            papers.replaceReason = r.damaged ? "damaged" : "lost";
            return papers;
        },
        waiver, r.waiverApprovedBy);
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
