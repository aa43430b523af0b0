#include "backend/workflow/internal.h"

// Giving a transaction up: what it did outside is undone (certificate revoked, key wiped and back in stock,
// the replaced key's revocation finished) and the fee paid back.
namespace countersign::workflow {

Outcome Workflow::Impl::compensate(TxRow& t, const std::string& reason, std::optional<long long> approvalId,
                                   long long staffId, bool byRecovery) {
    std::vector<Phrase> notes;
    if (t.state != "failed")
        advance(t, "failed", "give up", {}, "transaction.failed",
                {{QStringLiteral("reason"), QString::fromStdString(reason)}}, {}, reason);

    // The certificate the CA issued for it, if any: revoked.
    if (t.operation() != Operation::Unlock && !str(t.work, "csr").empty()) {
        std::optional<ca::IssuedCertificate> issued;
        try {
            issued = s.ca.findIssued(t.number);
        } catch (const ca::CaError& e) {
            if (e.code != ca::CaErrorCode::NotSupported)
                throw StepFailed(t.number, "compensate", std::string("the CA: ") + e.what(), false);
            // A CA that can't be asked: asking again with the same request id returns what it issued (or
            // a new certificate, which is revoked at once): either way nothing stays valid.
            ca::IssueRequest request;
            request.csrPem = str(t.work, "csr");
            request.requestId = t.number;
            std::string uscc, company;
            subjectOf(t, &uscc, &company);
            request.subject = ca::SubjectFields{company, uscc};
            issued = s.ca.issue(request);
        }
        if (issued) {
            revokeAtCa(issued->serialHex, ca::RevocationReason::CessationOfOperation);
            const auto parsed = parsePem(issued->certificatePem);
            pqxx::work tx{s.conn};
            recordCertificate(tx, parsed.der, parsed.info, t.tokenId, *t.enterpriseId, t.id,
                              algorithmLabel(str(t.work, "algorithm")), "issued");
            markRevoked(tx, issued->serialHex, ca::RevocationReason::CessationOfOperation, t.id);
            audit(tx, staffId, "certificate.revoked", issued->serialHex,
                  {{QStringLiteral("reason"), QStringLiteral("cessationOfOperation")},
                   {QStringLiteral("transaction"), QString::fromStdString(t.number)}});
            tx.commit();
            notes.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "certificate %1 revoked")).arg(issued->serialHex));
        }
    }

    // A REPLACE whose revocation of the old key's certificates was under way when it stopped: the CA is
    // asked, and once any of them is revoked the revocation is finished and recorded — a key reported
    // lost does not come back to life because the replacement failed.
    if (t.operation() == Operation::Replace && !t.work.value(QStringLiteral("old_revoked")).toBool()) {
        bool started = false;
        for (const auto& v : t.work.value(QStringLiteral("revoke")).toArray())
            started =
                started || s.ca.status(v.toString().toStdString()).status == ca::CertificateStatus::Revoked;
        if (started) {
            revokeOld(t);
            notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the old key's certificates were revoked")));
        }
    }

    // The new key of NEW / REPLACE: wiped and back in stock.
    if (t.operation() == Operation::New || t.operation() == Operation::Replace) {
        std::string serial = str(t.work, "key_serial");
        std::optional<token::TokenInfo> key;
        for (auto& k : s.keys.keys(false))
            if ((!serial.empty() && k.serial == serial) || (k.initialized && k.label == t.number))
                key = k;
        if (t.tokenId) {
            if (!key) {
                pqxx::work tx{s.conn};
                audit(tx, staffId, "transaction.compensation_pending", t.number,
                      {{QStringLiteral("waiting_for_key"), QString::fromStdString(serial)}});
                tx.commit();
                throw StepFailed(t.number, "compensate",
                                 "put key " + serial + " in the writer to finish cancelling transaction " +
                                     t.number,
                                 true);
            }
            s.keys.retire(key->serial);
            pqxx::work tx{s.conn};
            const std::string state = db::PartyStore{tx}.token(*t.tokenId).state;
            if (state == "blank")
                stock::returnUnused(tx, {s.centreId, s.counterId, staffId}, *t.tokenId, t.id);
            tx.commit();
            notes.push_back(
                Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 wiped and returned to stock")).arg(key->serial));
        } else if (key && key->initialized) {
            s.keys.retire(key->serial);
            notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "key %1 wiped")).arg(key->serial));
        }
    } else if ((t.operation() == Operation::Renew || t.operation() == Operation::Upgrade) &&
               !str(t.work, "key_id").empty()) {
        notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "the key pair made for the renewal stays unused "
                                                           "on key %1 until the next renewal"))
                            .arg(str(t.work, "key_serial")));
    }

    // The fee: paid back, by recovery flagged for the supervisor.
    advance(t, "compensated", "compensate", {}, "transaction.compensated",
            {{QStringLiteral("reason"), QString::fromStdString(reason)}}, [&](pqxx::work& tx) {
                const auto refunds =
                    fees::refundTransaction(tx, session(), t.id, reason, approvalId, byRecovery);
                for (const auto& r : refunds)
                    notes.push_back(Phrase(QT_TRANSLATE_NOOP("Reason", "refunded %1 fen by %2"))
                                        .arg(r.amountFen)
                                        .arg(paymentMethodPhrase(fees::methodCode(r.method))));
            });
    Outcome o = outcome(t.number);
    o.notes = notes;
    return o;
}

} // namespace countersign::workflow
