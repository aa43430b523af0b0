#include "backend/workflow/internal.h"

// The steps at the CA and the certificates' records: issue, revoke (a replaced key's certificates, a
// renewal's old one), completion with the receipt.
namespace countersign::workflow {

long long Workflow::Impl::recordCertificate(pqxx::transaction_base& tx, const std::string& der,
                                            const token::CertificateInfo& info,
                                            std::optional<long long> tokenId, long long enterpriseId,
                                            std::optional<long long> transactionId,
                                            const std::string& keyAlgorithm, const std::string& status) {
    return db::execPrepared1(
               tx,
               "INSERT INTO certificates (serial, issuer, profile, token_id, enterprise_id, "
               "transaction_id, "
               "subject, uscc, key_algorithm, not_before, not_after, status, der) VALUES ($1, $2, "
               "'enterprise-tax', $3, $4, $5, $6, nullif($7, ''), nullif($8, ''), $9::timestamptz, "
               "$10::timestamptz, $11, $12) ON CONFLICT (serial) DO UPDATE SET "
               "token_id = coalesce(excluded.token_id, certificates.token_id), "
               "transaction_id = coalesce(certificates.transaction_id, excluded.transaction_id) "
               "RETURNING "
               "id",
               info.serial, info.issuer, tokenId, enterpriseId, transactionId, info.subject, info.uscc,
               keyAlgorithm, info.notBefore, info.notAfter, status, pqxx::binarystring(der))[0]
        .as<long long>();
}

void Workflow::Impl::markRevoked(pqxx::transaction_base& tx, const std::string& serial,
                                 ca::RevocationReason reason, long long transactionId) {
    db::execPrepared(tx,
                     "UPDATE certificates SET status = CASE WHEN $2 = 'superseded' THEN 'superseded' ELSE "
                     "'revoked' END, revocation_reason = coalesce(revocation_reason, $2), "
                     "revoked_at = coalesce(revoked_at, now()), "
                     "revoked_by_transaction_id = coalesce(revoked_by_transaction_id, $3) WHERE serial = $1",
                     serial, ca::reasonName(reason), transactionId);
}

void Workflow::Impl::revokeAtCa(const std::string& serial, ca::RevocationReason reason) {
    s.ca.revoke(serial, reason, std::chrono::system_clock::now());
}

std::string Workflow::Impl::subjectOf(const TxRow& t, std::string* uscc, std::string* company) {
    pqxx::nontransaction tx{s.conn};
    const auto r = db::execPrepared1(tx, "SELECT uscc, name FROM enterprises WHERE id = $1", *t.enterpriseId);
    if (uscc)
        *uscc = r[0].c_str();
    if (company)
        *company = r[1].c_str();
    // The CA takes the subject from the checked papers, never from the CSR; the CSR names only the USCC
    // (letters and digits), so no company name can break its syntax.
    return std::string("/C=CN/CN=") + r[0].c_str() + "/organizationIdentifier=NTRCN-" + r[0].c_str();
}

void Workflow::Impl::issue(TxRow& t) {
    std::string uscc, company;
    subjectOf(t, &uscc, &company);
    ca::IssueRequest request;
    request.csrPem = str(t.work, "csr");
    request.requestId = t.number;
    request.subject = ca::SubjectFields{company, uscc};
    const auto issued = outside(t, "issue", t.operatorId, [&] { return s.ca.issue(request); });
    hook("done:cert_issued");
    const auto parsed = parsePem(issued.certificatePem);
    QJsonArray chain;
    for (const auto& c : issued.chainPem)
        chain.append(q(c));
    advance(
        t, "cert_issued", "issue",
        {{QStringLiteral("cert_serial"), q(issued.serialHex)},
         {QStringLiteral("cert_pem"), q(issued.certificatePem)},
         {QStringLiteral("chain"), chain}},
        "certificate.issued",
        {{QStringLiteral("serial"), q(issued.serialHex)}, {QStringLiteral("not_after"), q(issued.notAfter)}},
        t.operatorId, [&](pqxx::work& tx) {
            recordCertificate(tx, parsed.der, parsed.info, t.tokenId, *t.enterpriseId, t.id,
                              algorithmLabel(str(t.work, "algorithm")), "issued");
        });
    t.issuedHere = true;
}

void Workflow::Impl::revokeOld(TxRow& t) {
    const auto reason =
        t.replaceReason == "lost" ? ca::RevocationReason::KeyCompromise : ca::RevocationReason::Superseded;
    std::vector<std::string> serials;
    for (const auto& v : t.work.value(QStringLiteral("revoke")).toArray())
        serials.push_back(v.toString().toStdString());
    outside(t, "revoke", t.operatorId, [&] {
        for (const auto& serial : serials)
            revokeAtCa(serial, reason);
        return 0;
    });
    hook("done:old_revoked");
    QJsonArray list;
    for (const auto& serial : serials)
        list.append(q(serial));
    pqxx::work tx{s.conn};
    for (const auto& serial : serials) {
        markRevoked(tx, serial, reason, t.id);
        audit(tx, t.operatorId, "certificate.revoked", serial,
              {{QStringLiteral("reason"), QString::fromLatin1(ca::reasonName(reason))},
               {QStringLiteral("transaction"), q(t.number)}});
    }
    const stock::StockActor actor{s.centreId, s.counterId, t.operatorId};
    if (t.oldTokenId) {
        const auto state = db::execPrepared1(tx, "SELECT state FROM tokens WHERE id = $1", *t.oldTokenId)[0]
                               .as<std::string>();
        if (t.replaceReason == "lost" && state != "lost")
            setTokenState(tx, *t.oldTokenId, "lost");
        else if (t.replaceReason == "damaged" && state != "damaged")
            stock::returnDamaged(tx, actor, *t.oldTokenId, t.id, "handed in at the counter (REPLACE)");
    }
    db::execPrepared(
        tx, "UPDATE transactions SET work = work || '{\"old_revoked\": true}'::jsonb WHERE id = $1", t.id);
    audit(tx, t.operatorId, "key.replaced", t.number,
          {{QStringLiteral("reason"), q(t.replaceReason)}, {QStringLiteral("revoked"), list}});
    tx.commit();
    t.work.insert(QStringLiteral("old_revoked"), true);
}

void Workflow::Impl::complete(TxRow& t, long long staffId) {
    const std::string oldCert = str(t.work, "old_cert_serial");
    const bool renewal = t.kind == "RENEW" || t.kind == "UPGRADE";
    if (renewal && !oldCert.empty() && !t.work.value(QStringLiteral("old_revoked")).toBool()) {
        outside(t, "revoke", staffId, [&] {
            revokeAtCa(oldCert, ca::RevocationReason::Superseded);
            return 0;
        });
        hook("done:old_revoked");
    }
    advance(
        t, "completed", "complete", {}, "transaction.completed",
        {{QStringLiteral("certificate"), q(str(t.work, "cert_serial"))}}, staffId,
        [&](pqxx::work& tx) {
            if (t.kind != "UNLOCK") {
                const long long certId =
                    db::execPrepared1(tx,
                                      "UPDATE certificates SET status = 'active' WHERE serial = $1 "
                                      "RETURNING id",
                                      str(t.work, "cert_serial"))[0]
                        .as<long long>();
                if (renewal && !oldCert.empty()) {
                    markRevoked(tx, oldCert, ca::RevocationReason::Superseded, t.id);
                    db::execPrepared(
                        tx, "UPDATE certificates SET replaced_by_certificate_id = $2 WHERE serial = $1",
                        oldCert, certId);
                    audit(tx, staffId, "certificate.revoked", oldCert,
                          {{QStringLiteral("reason"), QStringLiteral("superseded")},
                           {QStringLiteral("transaction"), q(t.number)}});
                }
            }
            if (t.tokenId)
                setTokenState(tx, *t.tokenId, "active", t.enterpriseId, s.centreId);
        },
        {},
        // The receipt last: its number's row (receipt_counters, shared by the centre's counters) stays
        // locked from taking the number to the commit, so the less comes after it, the less they wait.
        [&](pqxx::work& tx) { receipts::issueReceipt(tx, t.id, s.counterId, t.operatorId); });
}

} // namespace countersign::workflow
