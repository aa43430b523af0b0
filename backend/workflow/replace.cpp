#include "backend/workflow/internal.h"

// REPLACE (USBKEY补办): the authorization letter, the lost or damaged key's revocation list, the
// new key, the opening and the steps.
namespace countersign::workflow {

Outcome Workflow::runReplace(ReplaceRequest r) {
    auto& s = d->s;
    std::vector<Check> checks;
    checkLetterText(r.letter, checks);
    const Date today = Date::today();

    if (const Phrase problem = textPhrase(r.oldKeySerial, 64); !problem.empty())
        add(checks, "old_key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the old key's serial %1")).arg(problem));
    // The old key: presented (damaged) or on record.
    std::optional<token::TokenInfo> presented;
    std::vector<token::TokenInfo> writer;
    try {
        writer = s.keys.keys(true);
    } catch (const TokenError& e) {
        add(checks, "writer", false, phraseOf(e));
    }
    if (r.damaged)
        for (const auto& k : writer)
            if ((r.oldKeySerial.empty() && !Impl::ownCertificates(k).empty()) ||
                (k.serial == r.oldKeySerial && !k.serial.empty()))
                presented = k;
    std::string oldSerial = presented ? presented->serial : r.oldKeySerial;
    std::optional<long long> oldTokenId;
    std::string certificateUscc;
    std::vector<std::string> revoke;
    // Only text is looked up: a letter whose fields are not (invalid UTF-8 …) was refused above already.
    if (allPassed(checks)) {
        pqxx::nontransaction tx{s.conn};
        if (oldSerial.empty()) {
            const auto rows =
                db::execPrepared(tx,
                                 "SELECT t.serial FROM tokens t JOIN enterprises e ON e.id = t.enterprise_id "
                                 "WHERE e.uscc = $1 AND t.state IN ('active', 'locked')",
                                 normalisedCompany(r.letter.companyId));
            if (rows.size() == 1)
                oldSerial = rows[0][0].c_str();
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
            const auto row =
                db::execPrepared(tx, "SELECT id, state FROM tokens WHERE serial = $1", oldSerial);
            if (!row.empty()) {
                oldTokenId = row[0][0].as<long long>();
                const std::string state = row[0][1].c_str();
                add(checks, "old_key", state == "active" || state == "locked",
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is %2, not in an enterprise's hands"))
                        .arg(oldSerial)
                        .arg(keyState(state)));
            } else if (!presented) {
                add(checks, "old_key", false,
                    Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not on record and not in the writer"))
                        .arg(oldSerial));
            }
            for (const auto& c : db::execPrepared(tx,
                                                  "SELECT c.serial, coalesce(c.uscc, '') FROM certificates c "
                                                  "JOIN tokens t ON t.id = c.token_id WHERE t.serial = $1 "
                                                  "AND c.status IN ('issued', 'active')",
                                                  oldSerial)) {
                revoke.push_back(c[0].c_str());
                certificateUscc = c[1].c_str();
            }
        }
    }
    if (presented)
        for (const auto& c : Impl::ownCertificates(*presented)) {
            certificateUscc = c.uscc;
            if (std::find(revoke.begin(), revoke.end(), c.serial) == revoke.end())
                revoke.push_back(c.serial);
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
    std::string newSerial = r.newKeySerial;
    {
        std::vector<token::TokenInfo> blanks;
        for (auto& k : writer)
            if (k.blank() && (r.newKeySerial.empty() || k.serial == r.newKeySerial))
                blanks.push_back(k);
        if (blanks.size() == 1)
            newSerial = blanks[0].serial;
        add(checks, "blank_key", blanks.size() == 1,
            blanks.empty()
                ? Phrase(
                      QT_TRANSLATE_NOOP("Reason", "there is no blank key in the writer for the replacement"))
                : Phrase(QT_TRANSLATE_NOOP(
                      "Reason", "there are several blank keys in the writer: name the one to issue")));
    }
    const std::string agentId = normalisedId(r.letter.agentIdNo);
    if (!r.preview)
        d->checkNewPin(r.newPin, agentId, checks);
    const bool usccOverridden = d->overrideUscc(r, checks, "company_id");
    d->checkEvidence(r, checks);

    fees::FeeConditions conditions;
    conditions.damageWaiver = r.waiverAttested;
    conditions.waiverAttestedBy = r.operatorId;
    const auto quote = d->checkFee("REPLACE", conditions, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, "REPLACE", "the replacement was refused: " + firstFailure(checks), checks,
                  oldSerial.empty() ? r.letter.companyId : oldSerial);
    if (r.preview)
        return Impl::checked("REPLACE", checks, quote, newSerial, r.letter.companyName,
                             normalisedCompany(r.letter.companyId), r.letter.agentName, agentId);

    QJsonArray revokeList;
    for (const auto& serial : revoke)
        revokeList.append(q(serial));
    QJsonObject work{{QStringLiteral("key_serial"), q(newSerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(r.algorithm))},
                     {QStringLiteral("old_key_serial"), q(oldSerial)},
                     {QStringLiteral("revoke"), revokeList}};
    const std::string company = normalisedCompany(r.letter.companyId);
    std::optional<approvals::ApprovalRequest> waiver;
    if (r.waiverAttested)
        waiver = approvals::ApprovalRequest{approvals::ApprovalKind::FeeWaiver,
                                            r.operatorId,
                                            s.counterId,
                                            std::nullopt,
                                            oldSerial,
                                            "key failed without human damage, exterior intact",
                                            "{}"};
    TxRow t = d->open(
        "REPLACE", r, work, checks,
        [&](pqxx::work& tx, long long txId) {
            const auto [enterprise, agent] =
                d->recordNamed(tx, r, txId, usccOverridden, company, r.letter.companyName, false, agentId,
                               r.letter.agentName, r.letter.agentMobile);
            long long oldId = 0;
            if (oldTokenId)
                oldId = *oldTokenId;
            else
                oldId = d->ensureToken(tx, *presented, "active", enterprise);
            if (presented)
                for (const auto& c : Impl::ownCertificates(*presented))
                    d->recordCertificate(tx, c.der, c, oldId, enterprise, std::nullopt, {}, "active");
            const long long letterId =
                d->insertAuthorizationLetter(tx, r.letter, company, agentId, r.operatorId, enterprise, agent);
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.agentId = agent;
            p.letterId = letterId;
            p.oldTokenId = oldId;
            p.replaceReason = r.damaged ? "damaged" : "lost";
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) {
            d->recordFee(tx, row, conditions, r, waiver, r.waiverApprovedBy);
        });
    d->drive(t, r.newPin);
    r.newPin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
