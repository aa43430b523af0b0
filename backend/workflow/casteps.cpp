#include "backend/workflow/internal.h"

#include "db/prepared.h"

// The steps at the CA and the certificates' records: issue, revoke (a replaced key's certificates, a
// renewal's old one), completion with the receipt.
namespace countersign::workflow {

long long Workflow::Impl::recordCertificate(pqxx::transaction_base& tx, const std::string& der,
                                            const token::CertificateInfo& info,
                                            std::optional<long long> tokenId, long long enterpriseId,
                                            std::optional<long long> transactionId,
                                            const std::string& keyAlgorithm, const std::string& status) {
    return db::PartyStore{tx}.recordPresentedCertificate(
        session(), {info.serial, info.issuer, tokenId, enterpriseId, transactionId, info.subject, info.uscc,
                    keyAlgorithm, info.notBefore, info.notAfter, status, der});
}

QJsonObject Workflow::Impl::certificateRecord(const std::string& der, const token::CertificateInfo& info,
                                              const std::string& keyAlgorithm) {
    return {{QStringLiteral("op"), QStringLiteral("certificate_issued")},
            {QStringLiteral("serial"), QString::fromStdString(info.serial)},
            {QStringLiteral("issuer"), QString::fromStdString(info.issuer)},
            {QStringLiteral("subject"), QString::fromStdString(info.subject)},
            {QStringLiteral("uscc"), QString::fromStdString(info.uscc)},
            {QStringLiteral("key_algorithm"), QString::fromStdString(keyAlgorithm)},
            {QStringLiteral("not_before"), QString::fromStdString(info.notBefore)},
            {QStringLiteral("not_after"), QString::fromStdString(info.notAfter)},
            {QStringLiteral("der"), QString::fromLatin1(QByteArray::fromStdString(der).toBase64())}};
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
            {}, {}, {},
            {certificateRecord(parsed.der, parsed.info, algorithmLabel(str(t.work, "algorithm")))});
    t.issuedHere = true;
}

void Workflow::Impl::revokeOld(TxRow& t) {
    const auto reason =
        t.replaceReason == "lost" ? ca::RevocationReason::KeyCompromise : ca::RevocationReason::Superseded;
    std::vector<std::string> serials;
    for (const auto& v : t.work.value(QStringLiteral("revoke")).toArray())
        serials.push_back(v.toString().toStdString());
    // A legacy CA's certificates are not this counter's CA's to revoke: a request for that CA instead.
    const QJsonArray legacy = t.work.value(QStringLiteral("revoke_legacy")).toArray();
    outside(t, "revoke", [&] {
        for (const auto& serial : serials)
            if (!legacy.contains(QString::fromStdString(serial)))
                revokeAtCa(serial, reason);
        return 0;
    });
    hook("done:old_revoked");
    QJsonArray list;
    for (const auto& serial : serials)
        list.append(QString::fromStdString(serial));
    // The legacy CA's requests, the certificates revoked on record, the old key lost or handed in damaged,
    // work.old_revoked and their audit entries: one database transaction.
    pqxx::work tx{s.conn};
    if (!legacy.isEmpty())
        db::execPrepared(tx,
                         "SELECT countersign.tx_legacy_revocation_requested($1, $2, "
                         "ARRAY(SELECT jsonb_array_elements_text($3::jsonb)))",
                         session().c_str(), t.id,
                         QJsonDocument(legacy).toJson(QJsonDocument::Compact).toStdString());
    db::execPrepared(tx,
                     "SELECT countersign.tx_replace_revoked($1, $2, ARRAY(SELECT jsonb_array_elements_text("
                     "$3::jsonb)))",
                     session().c_str(), t.id,
                     QJsonDocument(list).toJson(QJsonDocument::Compact).toStdString());
    tx.commit();
    t.work.insert(QStringLiteral("old_revoked"), true);
}

void Workflow::Impl::complete(TxRow& t, long long /*staffId: the session's person is recorded*/) {
    const std::string oldCert = str(t.work, "old_cert_serial");
    const bool renewal = t.operation() == Operation::Renew || t.operation() == Operation::Upgrade;
    // A renewal's old certificate is revoked only once the new one is recorded as complete
    // (work.new_recorded, committed on its own): from 'verified' on the transaction is only ever resumed,
    // never cancelled, so a commit that fails here can't leave the enterprise with both certificates revoked.
    if (renewal && !t.work.value(QStringLiteral("new_recorded")).toBool()) {
        pqxx::nontransaction tx{s.conn};
        db::execPrepared(tx, "SELECT countersign.tx_renewal_recorded($1, $2)", session().c_str(), t.id);
        t.work.insert(QStringLiteral("new_recorded"), true);
        hook("at:renewal_recorded");
    }
    if (renewal && !oldCert.empty() && !t.work.value(QStringLiteral("old_revoked")).toBool()) {
        outside(t, "revoke", [&] {
            revokeAtCa(oldCert, ca::RevocationReason::Superseded);
            return 0;
        });
        hook("done:old_revoked");
    }
    // The certificate active (a renewal's old one superseded by it) and the key active in the enterprise's
    // hands ride in the same call as the move.
    QJsonArray records;
    if (t.operation() != Operation::Unlock) {
        records.append(
            QJsonObject{{QStringLiteral("op"), QStringLiteral("certificate_activated")},
                        {QStringLiteral("serial"), QString::fromStdString(str(t.work, "cert_serial"))}});
        if (renewal && !oldCert.empty())
            records.append(QJsonObject{{QStringLiteral("op"), QStringLiteral("certificate_superseded")},
                                       {QStringLiteral("serial"), QString::fromStdString(oldCert)}});
    }
    if (t.tokenId)
        records.append(QJsonObject{{QStringLiteral("op"), QStringLiteral("key_active")}});
    advance(
        t, "completed", "complete", {}, "transaction.completed",
        {{QStringLiteral("certificate"), QString::fromStdString(str(t.work, "cert_serial"))}}, {}, {},
        // The receipt last: its number's row (receipt_counters, shared by the centre's counters) stays
        // locked from taking the number to the commit, so the less comes after it, the less they wait.
        [&](pqxx::work& tx) { receipts::issueReceipt(tx, session(), t.id); }, records);
}

} // namespace countersign::workflow
