#include "backend/fees/approvalcheck.h"

#include <pqxx/result>

#include "backend/fees/fees.h"
#include "db/prepared.h"

namespace countersign::fees {

void checkApproval(pqxx::transaction_base& tx, long long approvalId, const std::string& kind,
                   std::optional<long long> transactionId, const Phrase& what) {
    const auto r = db::execPrepared(
        tx, "SELECT kind, transaction_id FROM countersign.approvals WHERE id = $1", approvalId);
    if (r.empty())
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "%1: approval %2 does not exist")).arg(what).arg(approvalId));
    if (r[0][0].as<std::string>() != kind)
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "%1: approval %2 is a %3 approval, not a %4 approval"))
                .arg(what)
                .arg(approvalId)
                .arg(r[0][0].as<std::string>())
                .arg(kind));
    if (transactionId && r[0][1].as<std::optional<long long>>() != transactionId)
        throw FeeError(
            Phrase(QT_TRANSLATE_NOOP("Reason", "%1: approval %2 was given for another transaction"))
                .arg(what)
                .arg(approvalId));
}

} // namespace countersign::fees
