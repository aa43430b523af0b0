#include "backend/workflow/internal.h"

// RENEW (证书更新) and UPGRADE (证书升级): the key's certificate and the renewal window or the
// upgrade rule, the opening and the steps.
namespace countersign::workflow {

RenewChecked Workflow::Impl::checkRenew(const RenewRequest& r, bool upgrade) {
    RenewChecked out;
    out.kind = operationCode(upgrade ? Operation::Upgrade : Operation::Renew);
    const std::string& kind = out.kind;
    std::vector<Check>& checks = out.checks;
    std::optional<token::TokenInfo> key;
    try {
        key = keyInWriter(r.keySerial);
    } catch (const TokenError& e) {
        add(checks, "key", false, phraseOf(e));
    }
    if (!key) {
        add(checks, "key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not in the writer")).arg(r.keySerial));
        refuse(kind, "the key is not in the writer", checks, r.keySerial);
    }
    // The enterprise certificate on the key, counted only when it is the one on record for this key (or a
    // legacy CA's), from a CA this counter trusts (presented.cpp); one left behind revoked by a renewal that
    // could not finish does not count (it is removed below, once the PIN has opened the key).
    const PresentedCertificates presented = checkPresented(*key, checks);
    const auto& own = presented.live;
    if (allPassed(checks))
        add(checks, "certificate", own.size() == 1,
            own.empty() ? Phrase(QT_TRANSLATE_NOOP("Reason", "the key carries no enterprise certificate"))
                        : Phrase(QT_TRANSLATE_NOOP("Reason", "the key carries several certificates")));
    if (!allPassed(checks))
        refuse(kind, firstFailure(checks), checks, r.keySerial);
    const auto& old = own.front().cert;
    // The new key pair: as the old one unless the profile says otherwise, and only what the key offers —
    // checked before anything on the key changes.
    out.algorithm =
        chooseAlgorithm(withModel(*key), r.algorithm, token::algorithmOfCertificate(old.der), checks);
    // Whom it names: the database's record, never the key (a legacy certificate not on record yet: as its CA
    // certified it).
    const std::string& uscc = own.front().uscc;
    add(checks, "uscc", !uscc.empty(),
        Phrase(
            QT_TRANSLATE_NOOP("Reason", "the certificate names no USCC (organizationIdentifier NTRCN-…)")));

    // The renewal window (DESIGN §2) or the upgrade rule.
    {
        pqxx::nontransaction tx{s.conn};
        const auto timing = db::PartyStore{tx}.renewalTiming(
            old.notBefore, old.notAfter, s.config.renewWindowDaysBefore, s.config.renewGraceDaysAfter,
            s.config.upgradeCutoff.isEmpty() ? std::string("0001-01-01")
                                             : s.config.upgradeCutoff.toStdString());
        if (!upgrade) {
            add(checks, "renewal_window", timing.windowOpen,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "the certificate expires %1; it can be renewed from %2 days before"))
                    .arg(old.notAfter.substr(0, 10))
                    .arg(s.config.renewWindowDaysBefore));
            add(checks, "not_too_late", timing.withinGrace,
                Phrase(QT_TRANSLATE_NOOP(
                           "Reason",
                           "the certificate expired more than %1 days ago: apply for a new certificate"))
                    .arg(s.config.renewGraceDaysAfter));
        } else {
            // Issued under a CA this counter trusts other than the one issuing now (a retired one, of the
            // CA's chain or the legacy CAs): upgraded too. An issuer nobody configured was refused above.
            add(checks, "upgrade_due", timing.issuedBeforeCutoff || own.front().retiredCa,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "the certificate was issued after the upgrade cut-off under the "
                                         "current CA: renew it instead")));
        }
    }
    // The holder's PIN opens the key (never retried), and the key signs a random challenge with the
    // certificate's private key, verified with the certificate's public key: a certificate copied onto a key
    // that doesn't hold its private key renews nothing. Before anything changes on the key.
    if (allPassed(checks) && !r.preview) {
        try {
            s.keys.verifyUserPin(r.keySerial, r.pin, r.finalTryConfirmed);
            add(checks, "pin", true, {});
        } catch (const TokenError& e) {
            add(checks, "pin", false, phraseOf(e));
        }
    }
    if (allPassed(checks) && !r.preview) {
        try {
            s.keys.selfTest(r.keySerial, r.pin, old.keyId, r.finalTryConfirmed, old.der);
            for (const auto& c : presented.stray)
                if (c.keyId != old.keyId)
                    s.keys.removeKeyPair(r.keySerial, r.pin, c.keyId, r.finalTryConfirmed);
        } catch (const TokenError& e) {
            const bool notThePair =
                e.code == TokenErrorCode::VerificationFailed || e.code == TokenErrorCode::NoSuchObject;
            add(checks, "key_pair", false,
                notThePair ? Phrase(QT_TRANSLATE_NOOP("Reason", "the key does not hold the private key of "
                                                                "certificate %1 on it"))
                                 .arg(old.serial)
                           : phraseOf(e));
        }
    }
    checkEvidence(kind, r, checks);
    out.quote = checkFee(kind, out.conditions, r, checks);
    if (!allPassed(checks))
        refuse(kind,
               "the " + std::string(upgrade ? "upgrade" : "renewal") +
                   " was refused: " + firstFailure(checks),
               checks, r.keySerial);
    out.keySerial = r.keySerial;
    out.company = own.front().company;
    out.uscc = uscc;
    out.authoritative = false; // a key never renames an enterprise
    out.key = *key;
    out.old = old;
    out.oldLegacy = own.front().legacy;
    out.papers.keyCertificateSerial = old.serial;
    out.papers.keyCertificateNotAfter = old.notAfter;
    return out;
}

Outcome Workflow::runRenew(RenewRequest r, bool upgrade) {
    const Impl::Acting acting(*d, r.operatorSession);
    const Impl::Confirming confirming(*d, {r.finalTryConfirmed, std::nullopt});
    const RenewChecked c = d->checkRenew(r, upgrade);
    if (r.preview)
        return Impl::checked(c);
    const auto& old = c.old;

    const token::KeyAlgorithm algorithm = *c.algorithm;
    QJsonObject work{{QStringLiteral("key_serial"), QString::fromStdString(r.keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(algorithm))},
                     {QStringLiteral("old_key_id"), QString::fromStdString(old.keyId)},
                     {QStringLiteral("old_cert_serial"), QString::fromStdString(old.serial)}};
    // A legacy CA's certificate is not this counter's CA's to revoke: completion records it superseded only.
    if (c.oldLegacy)
        work.insert(QStringLiteral("old_revoked"), true);
    TxRow t = d->open(c, r, work, [&](pqxx::work& tx, long long txId) {
        db::NamedParties named;
        named.uscc = c.uscc;
        named.name = c.company.empty() ? c.uscc : c.company;
        named.rename = false;
        const auto parties = db::TransactionStore{tx}.recordParties(d->session(), txId, named);
        const long long enterprise = *parties.enterpriseId;
        const long long tokenId = d->ensureToken(tx, c.key, "active", enterprise);
        d->recordCertificate(tx, old.der, old, tokenId, enterprise, std::nullopt, {}, "active");
        db::PapersRecord papers;
        papers.tokenId = tokenId;
        return papers;
    });
    d->drive(t, r.pin);
    r.pin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
