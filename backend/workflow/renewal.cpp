#include "backend/workflow/internal.h"

// RENEW (证书更新) and UPGRADE (证书升级): the key's certificate and the renewal window or the
// upgrade rule, the opening and the steps.
namespace countersign::workflow {

Outcome Workflow::runRenew(RenewRequest r, bool upgrade) {
    auto& s = d->s;
    const std::string kind = upgrade ? "UPGRADE" : "RENEW";
    std::vector<Check> checks;
    std::optional<token::TokenInfo> key;
    try {
        key = d->keyInWriter(r.keySerial);
    } catch (const TokenError& e) {
        add(checks, "key", false, phraseOf(e));
    }
    if (!key) {
        add(checks, "key", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 is not in the writer")).arg(r.keySerial));
        d->refuse(r.operatorId, kind, "the key is not in the writer", checks, r.keySerial);
    }
    // The enterprise certificate on the key; one left behind revoked by a renewal that could not finish
    // does not count (it is removed below, once the PIN has opened the key).
    std::vector<token::CertificateInfo> own, stray;
    {
        pqxx::nontransaction tx{s.conn};
        for (const auto& c : Impl::ownCertificates(*key)) {
            const auto row =
                db::execPrepared(tx, "SELECT status FROM certificates WHERE serial = $1", c.serial);
            const bool dead = !row.empty() && (std::string(row[0][0].c_str()) == "revoked" ||
                                               std::string(row[0][0].c_str()) == "superseded");
            (dead ? stray : own).push_back(c);
        }
    }
    add(checks, "certificate", own.size() == 1,
        own.empty() ? Phrase(QT_TRANSLATE_NOOP("Reason", "the key carries no enterprise certificate"))
                    : Phrase(QT_TRANSLATE_NOOP("Reason", "the key carries several certificates")));
    if (!allPassed(checks))
        d->refuse(r.operatorId, kind, firstFailure(checks), checks, r.keySerial);
    const auto& old = own.front();
    add(checks, "uscc", !old.uscc.empty(),
        Phrase(
            QT_TRANSLATE_NOOP("Reason", "the certificate names no USCC (organizationIdentifier NTRCN-…)")));

    // The renewal window (DESIGN §2) or the upgrade rule.
    {
        pqxx::nontransaction tx{s.conn};
        const auto r2 = db::execPrepared1(
            tx,
            "SELECT now() >= $1::timestamptz - make_interval(days => $2), "
            "now() <= $1::timestamptz + make_interval(days => $3), $4::timestamptz < $5::date, "
            "$1::timestamptz < now()",
            old.notAfter, s.config.renewWindowDaysBefore, s.config.renewGraceDaysAfter, old.notBefore,
            s.config.upgradeCutoff.isEmpty() ? std::string("0001-01-01")
                                             : s.config.upgradeCutoff.toStdString());
        if (!upgrade) {
            add(checks, "renewal_window", r2[0].as<bool>(),
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "the certificate expires %1; it can be renewed from %2 days before"))
                    .arg(old.notAfter.substr(0, 10))
                    .arg(s.config.renewWindowDaysBefore));
            add(checks, "not_too_late", r2[1].as<bool>(),
                Phrase(QT_TRANSLATE_NOOP(
                           "Reason",
                           "the certificate expired more than %1 days ago: apply for a new certificate"))
                    .arg(s.config.renewGraceDaysAfter));
        } else {
            // Issued under another CA than the one issuing now (a retired one): upgraded too. A CA that can't
            // tell its chain leaves the decision to the cut-off date.
            bool retiredCa = false;
            try {
                const auto chain = s.ca.chain();
                retiredCa = !chain.empty() && parsePem(chain.front()).info.subject != old.issuer;
            } catch (const std::exception&) {
            }
            add(checks, "upgrade_due", r2[2].as<bool>() || retiredCa,
                Phrase(QT_TRANSLATE_NOOP("Reason",
                                         "the certificate was issued after the upgrade cut-off under the "
                                         "current CA: renew it instead")));
        }
    }
    // The holder's PIN opens the key (never retried).
    if (allPassed(checks) && !r.preview) {
        try {
            s.keys.verifyUserPin(r.keySerial, r.pin, r.finalTryConfirmed);
            add(checks, "pin", true, {});
            for (const auto& c : stray)
                if (c.keyId != own.front().keyId)
                    s.keys.removeKeyPair(r.keySerial, r.pin, c.keyId, r.finalTryConfirmed);
        } catch (const TokenError& e) {
            add(checks, "pin", false, phraseOf(e));
        }
    }
    d->checkEvidence(r, checks);
    const auto quote = d->checkFee(kind, {}, r, checks);
    if (!allPassed(checks))
        d->refuse(r.operatorId, kind,
                  "the " + std::string(upgrade ? "upgrade" : "renewal") +
                      " was refused: " + firstFailure(checks),
                  checks, r.keySerial);
    if (r.preview)
        return Impl::checked(kind, checks, quote, r.keySerial, old.organisation, old.uscc, {}, {});

    token::KeyAlgorithm algorithm = r.algorithm.value_or(token::KeyAlgorithm::Rsa2048);
    QJsonObject work{{QStringLiteral("key_serial"), q(r.keySerial)},
                     {QStringLiteral("algorithm"), QString::fromLatin1(token::algorithmName(algorithm))},
                     {QStringLiteral("old_key_id"), q(old.keyId)},
                     {QStringLiteral("old_cert_serial"), q(old.serial)},
                     {QStringLiteral("final_try_confirmed"), r.finalTryConfirmed}};
    TxRow t = d->open(
        kind, r, work, checks,
        [&](pqxx::work& tx, long long /*txId*/) {
            const long long enterprise =
                d->upsertEnterprise(tx, old.uscc, old.organisation.empty() ? old.uscc : old.organisation);
            const long long tokenId = d->ensureToken(tx, *key, "active", enterprise);
            d->recordCertificate(tx, old.der, old, tokenId, enterprise, std::nullopt, {}, "active");
            Impl::Parties p;
            p.enterpriseId = enterprise;
            p.tokenId = tokenId;
            return p;
        },
        [&](pqxx::work& tx, TxRow& row) { d->recordFee(tx, row, {}, r, std::nullopt, std::nullopt); });
    d->drive(t, r.pin);
    r.pin.wipe();
    return d->outcome(t.number);
}

} // namespace countersign::workflow
