#include "db/legacystore.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>

#include "db/prepared.h"
#include "db/textarray.h"

namespace countersign::db {

namespace {

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

std::vector<LegacyRowOutcome> LegacyStore::importBatch(const Secret& session, const std::string& fileDigest,
                                                       int refusedBefore,
                                                       const std::vector<LegacyCertificateRow>& rows) {
    QJsonArray list;
    for (const auto& r : rows)
        list.append(QJsonObject{
            {QStringLiteral("i"), r.index},
            {QStringLiteral("serial"), text(r.serial)},
            {QStringLiteral("issuer"), text(r.issuer)},
            {QStringLiteral("subject"), text(r.subject)},
            {QStringLiteral("uscc"), text(r.uscc)},
            {QStringLiteral("company"), text(r.company)},
            {QStringLiteral("key"), text(r.keySerial)},
            {QStringLiteral("alg"), text(r.keyAlgorithm)},
            {QStringLiteral("nb"), text(r.notBefore)},
            {QStringLiteral("na"), text(r.notAfter)},
            {QStringLiteral("der"), QString::fromLatin1(QByteArray::fromStdString(r.der).toBase64())}});
    const std::string payload = QJsonDocument(list).toJson(QJsonDocument::Compact).toStdString();
    // One statement per batch: the JSON is unpacked in the order of the file into the function's arrays.
    const auto result = execPrepared(
        m_tx,
        "SELECT o.idx, o.outcome, o.detail FROM ("
        "SELECT array_agg((e.r->>'i')::int ORDER BY e.n) AS i, array_agg(e.r->>'serial' ORDER BY e.n) AS s, "
        "array_agg(e.r->>'issuer' ORDER BY e.n) AS iss, array_agg(e.r->>'subject' ORDER BY e.n) AS sub, "
        "array_agg(e.r->>'uscc' ORDER BY e.n) AS u, array_agg(e.r->>'company' ORDER BY e.n) AS c, "
        "array_agg(e.r->>'key' ORDER BY e.n) AS k, array_agg(e.r->>'alg' ORDER BY e.n) AS a, "
        "array_agg((e.r->>'nb')::timestamptz ORDER BY e.n) AS nb, "
        "array_agg((e.r->>'na')::timestamptz ORDER BY e.n) AS na, "
        "array_agg(decode(e.r->>'der', 'base64') ORDER BY e.n) AS d "
        "FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(r, n)) x, "
        "LATERAL countersign.legacy_import($1, $2, $3, x.i, x.s, x.iss, x.sub, x.u, x.c, x.k, x.a, x.nb, "
        "x.na, x.d) o",
        session.c_str(), fileDigest, refusedBefore, payload);
    std::vector<LegacyRowOutcome> out;
    out.reserve(result.size());
    for (const auto& row : result)
        out.push_back({row[0].as<int>(), row[1].c_str(), row[2].is_null() ? "" : row[2].c_str()});
    return out;
}

std::vector<LegacyRevocation> LegacyStore::exportRevocations(const Secret& session, bool all) {
    std::vector<LegacyRevocation> out;
    for (const auto& r :
         execPrepared(m_tx,
                      "SELECT serial, issuer, reason, "
                      "to_char(requested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                      "coalesce(transaction_number, ''), state, "
                      "coalesce(to_char(done_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') "
                      "FROM countersign.legacy_revocations_export($1, $2)",
                      session.c_str(), all))
        out.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(), r[5].c_str(),
                       r[6].c_str()});
    return out;
}

std::vector<std::string> LegacyStore::markRevocationsDone(const Secret& session,
                                                          const std::vector<std::string>& serials) {
    std::vector<std::string> out;
    for (const auto& r : execPrepared(m_tx, "SELECT countersign.legacy_revocations_done($1, $2::text[])",
                                      session.c_str(), TextArray{serials}))
        out.push_back(r[0].c_str());
    return out;
}

} // namespace countersign::db
