#include "backend/workflow/internal.h"

// The steps at the CA and the certificates' records: issue, revoke (a replaced key's certificates, a
// renewal's old one), completion with the receipt.
namespace countersign::workflow {

long long Workflow::Impl::recordCertificate(pqxx::transaction_base& tx, const std::string& der,
                                            const token::CertificateInfo& info,
                                            std::optional<long long> tokenId, long long enterpriseId,
                                            std::optional<long long> transactionId,
                                            const std::string& keyAlgorithm, const std::string& status) {
    return db::PartyStore{tx}.recordCertificate({info.serial, info.issuer, tokenId, enterpriseId,
                                                 transactionId, info.subject, info.uscc, keyAlgorithm,
                                                 info.notBefore, info.notAfter, status, der});
}

void Workflow::Impl::markRevoked(pqxx::transaction_base& tx, const std::string& serial,
                                 ca::RevocationReason reason, long long transactionId) {
    db::PartyStore{tx}.markRevoked(serial, ca::reasonName(reason), transactionId);
}

void Workflow::Impl::revokeAtCa(const std::string& serial, ca::RevocationReason reason) {
    s.ca.revoke(serial, reason, std::chrono::system_clock::now());
}

std::string Workflow::Impl::subjectOf(const TxRow& t, std::string* uscc, std::string* company) {
    pqxx::nontransaction tx{s.conn};
    const auto e = db::PartyStore{tx}.enterprise(*t.enterpriseId);
    if (uscc)
        *uscc = e.uscc;
    if (company)
        *company = e.name;
    // The CA takes the subject from the checked papers, never from the CSR; the CSR names only the USCC
    // (letters and digits), so no company name can break its syntax.
    return "/C=CN/CN=" + e.uscc + "/organizationIdentifier=NTRCN-" + e.uscc;
}

void Workflow::Impl::issue(TxRow& t) {
    std::string uscc, company;
    subjectOf(t, &uscc, &company);
    ca::IssueRequest request;
    request.csrPem = str(t.work, "csr");
    request.requestId = t.number;
    request.subject = ca::SubjectFields{company, uscc};
    const auto issued = outside(t, "issue", [&] { return s.ca.issue(request); });
    hook("done:cert_issued");
    const auto parsed = parsePem(issued.certificatePem);
    QJsonArray chain;
    for (const auto& c : issued.chainPem)
        chain.append(QString::fromStdString(c));
    advance(t, "cert_issued", "issue",
            {{QStringLiteral("cert_serial"), QString::fromStdString(issued.serialHex)},
             {QStringLiteral("cert_pem"), QString::fromStdString(issued.certificatePem)},
             {QStringLiteral("chain"), chain}},
            "certificate.issued",
            {{QStringLiteral("serial"), QString::fromStdString(issued.serialHex)},
             {QStringLiteral("not_after"), QString::fromStdString(issued.notAfter)}},
            [&](pqxx::work& tx) {
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
    outside(t, "revoke", [&] {
        for (const auto& serial : serials)
            revokeAtCa(serial, reason);
        return 0;
    });
    hook("done:old_revoked");
    QJsonArray list;
    for (const auto& serial : serials)
        list.append(QString::fromStdString(serial));
    pqxx::work tx{s.conn};
    for (const auto& serial : serials) {
        markRevoked(tx, serial, reason, t.id);
        audit(tx, t.operatorId, "certificate.revoked", serial,
              {{QStringLiteral("reason"), QString::fromLatin1(ca::reasonName(reason))},
               {QStringLiteral("transaction"), QString::fromStdString(t.number)}});
    }
    const stock::StockActor actor{s.centreId, s.counterId, t.operatorId};
    if (t.oldTokenId) {
        const std::string state = db::PartyStore{tx}.token(*t.oldTokenId).state;
        if (t.replaceReason == "lost" && state != "lost")
            setTokenState(tx, *t.oldTokenId, "lost");
        else if (t.replaceReason == "damaged" && state != "damaged")
            stock::returnDamaged(tx, actor, *t.oldTokenId, t.id, "handed in at the counter (REPLACE)");
    }
    db::TransactionStore{tx}.setOldRevoked(session(), t.id);
    audit(tx, t.operatorId, "key.replaced", t.number,
          {{QStringLiteral("reason"), QString::fromStdString(t.replaceReason)},
           {QStringLiteral("revoked"), list}});
    tx.commit();
    t.work.insert(QStringLiteral("old_revoked"), true);
}

void Workflow::Impl::complete(TxRow& t, long long staffId) {
    const std::string oldCert = str(t.work, "old_cert_serial");
    const bool renewal = t.operation() == Operation::Renew || t.operation() == Operation::Upgrade;
    if (renewal && !oldCert.empty() && !t.work.value(QStringLiteral("old_revoked")).toBool()) {
        outside(t, "revoke", [&] {
            revokeAtCa(oldCert, ca::RevocationReason::Superseded);
            return 0;
        });
        hook("done:old_revoked");
    }
    advance(
        t, "completed", "complete", {}, "transaction.completed",
        {{QStringLiteral("certificate"), QString::fromStdString(str(t.work, "cert_serial"))}},
        [&](pqxx::work& tx) {
            if (t.operation() != Operation::Unlock) {
                db::PartyStore parties{tx};
                const long long certId = parties.activateCertificate(str(t.work, "cert_serial"));
                if (renewal && !oldCert.empty()) {
                    markRevoked(tx, oldCert, ca::RevocationReason::Superseded, t.id);
                    parties.setReplacedBy(oldCert, certId);
                    audit(tx, staffId, "certificate.revoked", oldCert,
                          {{QStringLiteral("reason"), QStringLiteral("superseded")},
                           {QStringLiteral("transaction"), QString::fromStdString(t.number)}});
                }
            }
            if (t.tokenId)
                setTokenState(tx, *t.tokenId, "active", t.enterpriseId, s.centreId);
        },
        {},
        // The receipt last: its number's row (receipt_counters, shared by the centre's counters) stays
        // locked from taking the number to the commit, so the less comes after it, the less they wait.
        [&](pqxx::work& tx) { receipts::issueReceipt(tx, session(), t.id); });
}

} // namespace countersign::workflow
