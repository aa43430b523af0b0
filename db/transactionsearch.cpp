#include "db/transactionsearch.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/binarystring>

#include "db/prepared.h"

namespace countersign::db {

std::string SearchFilter::json() const {
    QJsonObject o;
    const auto put = [&o](const char* key, const std::string& value) {
        if (!value.empty())
            o.insert(QLatin1String(key), QString::fromStdString(value));
    };
    put("number", number);
    put("receipt", receipt);
    put("company", company);
    put("uscc", uscc);
    put("key_serial", keySerial);
    put("cert_serial", certSerial);
    put("agent_id", agentId);
    put("from", from);
    put("to", to);
    put("state", state);
    put("operation", operation);
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::vector<SearchRow> TransactionSearch::search(const Secret& session, const SearchFilter& filter, int limit,
                                                 int offset) {
    std::vector<SearchRow> out;
    const auto r = execPrepared(
        m_tx,
        "SELECT s.id, s.number, s.kind, s.state, s.business_date::text, "
        "to_char(s.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), s.counter_code, "
        "s.operator_name, coalesce(s.company_name, ''), coalesce(s.uscc, ''), coalesce(s.agent_name, ''), "
        "coalesce(s.agent_id_masked, ''), coalesce(s.key_serial, ''), coalesce(s.receipt_number, ''), "
        "coalesce(s.receipt_voided, false), s.total_fen, s.refunded_fen "
        "FROM countersign.transaction_search($1, $2::jsonb, $3, $4) s",
        session.c_str(), filter.json(), limit, offset);
    for (const auto& row : r) {
        SearchRow s;
        s.id = row[0].as<long long>();
        s.number = row[1].as<std::string>();
        s.operation = row[2].as<std::string>();
        s.state = row[3].as<std::string>();
        s.businessDate = row[4].as<std::string>();
        s.startedAt = row[5].as<std::string>();
        s.counterCode = row[6].as<std::string>();
        s.operatorName = row[7].as<std::string>();
        s.companyName = row[8].as<std::string>();
        s.uscc = row[9].as<std::string>();
        s.agentName = row[10].as<std::string>();
        s.agentIdMasked = row[11].as<std::string>();
        s.keySerial = row[12].as<std::string>();
        s.receiptNumber = row[13].as<std::string>();
        s.receiptVoided = row[14].as<bool>();
        s.totalFen = row[15].as<long long>();
        s.refundedFen = row[16].as<long long>();
        out.push_back(std::move(s));
    }
    return out;
}

std::string TransactionSearch::detailJson(const Secret& session, const std::string& number) {
    return execPrepared1(m_tx, "SELECT countersign.transaction_detail($1, $2)::text", session.c_str(),
                         number)[0]
        .as<std::string>();
}

TransactionSearch::Evidence TransactionSearch::openEvidence(const Secret& session, long long evidenceId) {
    const auto row =
        execPrepared1(m_tx, "SELECT kind, mime_type, bytes FROM countersign.evidence_open($1, $2)",
                      session.c_str(), evidenceId);
    const pqxx::binarystring bytes(row[2]);
    return {row[0].as<std::string>(), row[1].as<std::string>(), bytes.str()};
}

TransactionSearch::Agent TransactionSearch::revealAgent(const Secret& session, const std::string& number) {
    const auto row = execPrepared1(
        m_tx, "SELECT name, id_number, coalesce(mobile, '') FROM countersign.agent_reveal($1, $2)",
        session.c_str(), number);
    return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()};
}

std::vector<VoidRefund> TransactionSearch::voidAndRefund(const Secret& session, long long receiptId,
                                                         const std::string& reason, long long approvalId) {
    std::vector<VoidRefund> out;
    for (const auto& row : execPrepared(m_tx,
                                        "SELECT refund_id, payment_id, method, amount_fen "
                                        "FROM countersign.receipt_void_refund($1, $2, $3, $4)",
                                        session.c_str(), receiptId, reason, approvalId))
        out.push_back({row[0].as<long long>(), row[1].as<long long>(), row[2].as<std::string>(),
                       row[3].as<long long>()});
    return out;
}

} // namespace countersign::db
