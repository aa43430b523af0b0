#include "db/partystore.h"

#include <pqxx/binarystring>

#include "db/prepared.h"

namespace countersign::db {

std::vector<std::string> handEntryApprovalParts(const AssistanceLetterRecord& l) {
    std::string biz;
    for (const auto& b : l.biz)
        biz += (biz.empty() ? "" : ",") + b;
    return {l.officeCode, l.officeName,    l.letterNo, l.orgName,   l.uscc,
            l.agentName,  l.agentIdNumber, biz,        l.validFrom, l.validTo};
}

EnterpriseRecord PartyStore::enterprise(long long id) {
    const auto r = execPrepared1(m_tx, "SELECT uscc, name FROM enterprises WHERE id = $1", id);
    return EnterpriseRecord{r[0].c_str(), r[1].c_str()};
}

std::vector<LetterSignerRecord> PartyStore::letterSigners() {
    std::vector<LetterSignerRecord> out;
    for (const auto& r : m_tx.exec("SELECT kind, encode(der, 'base64'), coalesce(office_code, ''), active "
                                   "FROM letter_signers ORDER BY id"))
        out.push_back(LetterSignerRecord{r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].as<bool>()});
    return out;
}

std::optional<TokenRecord> PartyStore::findToken(const std::string& serial) {
    const auto r = execPrepared(m_tx, "SELECT id, state FROM tokens WHERE serial = $1", serial);
    if (r.empty())
        return std::nullopt;
    return TokenRecord{r[0][0].as<long long>(), serial, r[0][1].c_str()};
}

TokenRecord PartyStore::presentKey(const Secret& session, const NewTokenRecord& t) {
    const auto r =
        execPrepared1(m_tx,
                      "SELECT token_id, state_before FROM countersign.key_presented($1, $2, $3, $4, "
                      "$5, $6)",
                      session.c_str(), t.serial, t.model, t.manufacturer, t.state, t.enterpriseId);
    return TokenRecord{r[0].as<long long>(), t.serial, r[1].c_str()};
}

TokenRecord PartyStore::token(long long id) {
    const auto r = execPrepared1(m_tx, "SELECT state, serial FROM tokens WHERE id = $1", id);
    return TokenRecord{id, r[1].c_str(), r[0].c_str()};
}

std::vector<std::string> PartyStore::enterpriseKeys(const std::string& uscc) {
    std::vector<std::string> out;
    for (const auto& r :
         execPrepared(m_tx,
                      "SELECT t.serial FROM tokens t JOIN enterprises e ON e.id = t.enterprise_id "
                      "WHERE e.uscc = $1 AND t.state IN ('active', 'locked')",
                      uscc))
        out.push_back(r[0].c_str());
    return out;
}

long long PartyStore::recordPresentedCertificate(const Secret& session, const CertificateRecord& c) {
    return execPrepared1(m_tx,
                         "SELECT countersign.certificate_presented($1, $2, $3, $4, $5, $6, nullif($7, ''), "
                         "$8::timestamptz, $9::timestamptz, $10)",
                         session.c_str(), c.tokenId, c.enterpriseId, c.serial, c.issuer, c.subject, c.uscc,
                         c.notBefore, c.notAfter, pqxx::binarystring(c.der))[0]
        .as<long long>();
}

std::optional<std::string> PartyStore::certificateStatus(const std::string& serial) {
    const auto r = execPrepared(m_tx, "SELECT status FROM certificates WHERE serial = $1", serial);
    if (r.empty())
        return std::nullopt;
    return std::string(r[0][0].c_str());
}

std::optional<RecordedCertificate> PartyStore::recordedCertificate(const std::string& serial) {
    const auto r = execPrepared(m_tx,
                                "SELECT c.issuer, c.status, coalesce(t.serial, ''), c.der, e.uscc, e.name "
                                "FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                                "LEFT JOIN tokens t ON t.id = c.token_id WHERE c.serial = $1",
                                serial);
    if (r.empty())
        return std::nullopt;
    return RecordedCertificate{r[0][0].c_str(), r[0][1].c_str(),
                               r[0][2].c_str(), pqxx::binarystring(r[0][3]).str(),
                               r[0][4].c_str(), r[0][5].c_str()};
}

std::optional<CertificateValidity> PartyStore::certificateValidity(const std::string& serial) {
    const auto r = execPrepared(
        m_tx,
        "SELECT to_char(not_before AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
        "to_char(not_after AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM certificates "
        "WHERE serial = $1",
        serial);
    if (r.empty())
        return std::nullopt;
    return CertificateValidity{r[0][0].c_str(), r[0][1].c_str()};
}

std::vector<KeyCertificateRecord> PartyStore::liveCertificatesOnKey(const std::string& keySerial) {
    std::vector<KeyCertificateRecord> out;
    for (const auto& r : execPrepared(m_tx,
                                      "SELECT c.serial, e.uscc FROM certificates c "
                                      "JOIN enterprises e ON e.id = c.enterprise_id "
                                      "JOIN tokens t ON t.id = c.token_id WHERE t.serial = $1 "
                                      "AND c.status IN ('issued', 'active')",
                                      keySerial))
        out.push_back(KeyCertificateRecord{r[0].c_str(), r[1].c_str()});
    return out;
}

bool PartyStore::hasCertificateHistory(const std::string& uscc) {
    return !execPrepared(m_tx,
                         "SELECT 1 FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id "
                         "WHERE e.uscc = $1 AND (c.status IN ('active', 'superseded') OR "
                         "(c.status = 'revoked' AND c.revocation_reason <> 'cessationOfOperation'))",
                         uscc)
                .empty();
}

RenewalTiming PartyStore::renewalTiming(const std::string& notBefore, const std::string& notAfter,
                                        int daysBefore, int daysAfter, const std::string& upgradeCutoff) {
    const auto r = execPrepared1(m_tx,
                                 "SELECT now() >= $1::timestamptz - make_interval(days => $2), "
                                 "now() <= $1::timestamptz + make_interval(days => $3), "
                                 "$4::timestamptz < $5::date",
                                 notAfter, daysBefore, daysAfter, notBefore, upgradeCutoff);
    return RenewalTiming{r[0].as<bool>(), r[1].as<bool>(), r[2].as<bool>()};
}

} // namespace countersign::db
