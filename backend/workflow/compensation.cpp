#include "backend/workflow/internal.h"

#include <pqxx/binarystring>

#include "db/prepared.h"

// Giving a transaction up: what it did outside is undone (certificate revoked, key wiped and back in stock,
// the replaced key's revocation finished) and the fee paid back.
namespace countersign::workflow {

Outcome Workflow::Impl::compensate(TxRow& t, const std::string& reason, std::optional<long long> approvalId,
                                   bool byRecovery) {
    std::vector<Phrase> notes;
    if (resumeOnly(t))
        throw StepFailed(t.number, "compensate",
                         "transaction " + t.number + " can only be resumed: its new certificate is recorded",
                         false);
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
            // Recorded for this transaction and revoked on record, with its audit entry: one call.
            const auto& info = parsed.info;
            pqxx::nontransaction tx{s.conn};
            db::execPrepared(tx,
                             "SELECT countersign.tx_issued_revoked($1, $2, $3, $4, $5, nullif($6, ''), "
                             "nullif($7, ''), $8::timestamptz, $9::timestamptz, $10)",
                             session().c_str(), t.id, info.serial, info.issuer, info.subject, info.uscc,
                             algorithmLabel(str(t.work, "algorithm")), info.notBefore, info.notAfter,
                             pqxx::binarystring(parsed.der));
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
                pqxx::nontransaction tx{s.conn};
                audit(tx, t.id, "transaction.compensation_pending", t.number,
                      {{QStringLiteral("waiting_for_key"), QString::fromStdString(serial)}});
                throw StepFailed(t.number, "compensate",
                                 "put key " + serial + " in the writer to finish cancelling transaction " +
                                     t.number,
                                 true);
            }
            s.keys.retire(key->serial);
            // A blank key goes back to stock unused ("return_unused", audited); any other stays as it is.
            pqxx::nontransaction tx{s.conn};
            db::execPrepared(tx, "SELECT countersign.tx_key_returned($1, $2)", session().c_str(), t.id);
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
