// The counter's past on the kiosk (issue "the back office"): Desk's search, detail, evidence, void and
// refund.
#include <pqxx/transaction>

#include "backend/counter/deskimpl.h"
#include "backend/fees/fees.h"

namespace countersign::counter {

namespace {

const Secret& sessionOf(const auth::SessionToken& session) {
    if (!session)
        throw receipts::ReceiptError("nobody is logged in");
    return *session;
}

} // namespace

std::vector<db::SearchRow> Desk::searchTransactions(const auth::SessionToken& session,
                                                    const db::SearchFilter& filter, int limit, int offset) {
    pqxx::work tx{d.conn};
    auto rows = db::TransactionSearch(tx).search(sessionOf(session), filter, limit, offset);
    tx.commit();
    return rows;
}

std::string Desk::transactionDetail(const auth::SessionToken& session, const std::string& number) {
    pqxx::work tx{d.conn};
    auto json = db::TransactionSearch(tx).detailJson(sessionOf(session), number);
    tx.commit();
    return json;
}

db::TransactionSearch::Evidence Desk::openEvidence(const auth::SessionToken& session, long long evidenceId) {
    pqxx::work tx{d.conn};
    auto scan = db::TransactionSearch(tx).openEvidence(sessionOf(session), evidenceId);
    tx.commit();
    return scan;
}

db::TransactionSearch::Agent Desk::revealAgent(const auth::SessionToken& session, const std::string& number) {
    pqxx::work tx{d.conn};
    auto agent = db::TransactionSearch(tx).revealAgent(sessionOf(session), number);
    tx.commit();
    return agent;
}

receipts::PastAction Desk::voidReceipt(long long counterId, long long operatorId,
                                       const auth::SessionToken& session, const std::string& number,
                                       const std::string& reason, const approvals::Approver& supervisor) {
    pqxx::work tx{d.conn};
    const auto receipt = receipts::findByNumber(tx, number);
    if (!receipt)
        throw receipts::ReceiptError("there is no receipt " + number);
    auto done =
        receipts::voidWithRefund(tx, sessionOf(session), operatorId, counterId, *receipt, reason, supervisor);
    tx.commit();
    return done;
}

receipts::PastAction Desk::refundTransaction(long long counterId, long long operatorId,
                                             const auth::SessionToken& session, const std::string& number,
                                             const std::string& reason,
                                             const approvals::Approver& supervisor) {
    pqxx::work tx{d.conn};
    const auto row = tx.exec_params("SELECT id FROM countersign.transactions WHERE number = $1", number);
    if (row.empty())
        throw receipts::ReceiptError("there is no transaction " + number);
    auto done = receipts::refundWithApproval(tx, sessionOf(session), operatorId, counterId,
                                             row[0][0].as<long long>(), number, reason, supervisor);
    tx.commit();
    return done;
}

} // namespace countersign::counter
