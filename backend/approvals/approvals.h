#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "backend/approvals/approver.h"
#include "backend/auth/authenticator.h"
#include "token/secret.h"

namespace countersign::approvals {

/// What needs a second person (DESIGN §6).
/// FeeSchedule (a new fee schedule version) is approved by a supervisor or another admin; the rest by a
/// supervisor.
enum class ApprovalKind { FeeWaiver, Void, Refund, HandEnteredLetter, UsccOverride, DayClose, FeeSchedule };
const char* kindCode(ApprovalKind kind); ///< as stored: "fee_waiver", "void", "refund",
                                         ///< "hand_entered_letter", "uscc_override", "day_close",
                                         ///< "fee_schedule"

/// A supervisor's name and password as typed at the counter (or read from a file descriptor).
struct SupervisorCredentials {
    std::string username;
    Secret password;
};

/// The supervisor could not approve: wrong credentials, not a supervisor, locked, or the same person who
/// asks.
class ApprovalRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ApprovalRequest {
    ApprovalKind kind = ApprovalKind::FeeWaiver;
    long long requestedBy = 0; ///< the operator asking
    long long counterId = 0;
    std::optional<long long> transactionId;
    std::string subject; ///< e.g. the USCC overridden, "office/no" of a hand-entered letter
    std::string reason;  ///< why, as the operator put it
    std::string detailJson = "{}";
    /// Exactly what is approved, as subjectText() makes it: the database keeps its sha256, and the action the
    /// approval is for uses it once, for exactly that (0017_bound_approvals.sql). A fee waiver, refund or
    /// void needs it; a refund without it is for all that is still paid and not refunded.
    std::string approves = {};
};

/// The canonical text of what an approval is for: the kind's code and the parts, joined with U+001F — as
/// countersign.approval_subject_text makes it from the rows the approved action writes:
///   fee_waiver  the waiver line's description, amount in fen, waiver reason
///   refund      the total in fen still paid and not refunded
///   void        the receipt's centre code, year, number, and the void's reason
///   day_close   the centre's id, the business day (yyyy-mm-dd)
///   fee_schedule  code, name, valid_from, region, centre code, then per rule (by operation, condition)
///               operation, condition, amount in fen, description (fees::scheduleVersionApprovalText)
std::string subjectText(ApprovalKind kind, const std::vector<std::string>& parts);

/// Step one: the supervisor's password checked inside the database exactly as a login is (auth::logIn for an
/// approval: failures counted towards the lockout, every attempt audited), then, by the database
/// (countersign.approval_verify, 0021_papers_records.sql), that the account is a supervisor and not the
/// person of `requester` — the asking operator's own session at this counter — audited "approval.refused" /
/// "approval.verified"; the approvals it grants are that person's. Returns who approves, with their approval
/// session. Throws ApprovalRefused saying why. `conn` must not be in a transaction.
Approver verifySupervisor(pqxx::connection& conn, const auth::SessionToken& requester,
                          const SupervisorCredentials& credentials);
/// verifySupervisor for an approval of `kind`: the database (countersign.approval_verify with the kind)
/// accepts the roles that approve it — for FeeSchedule a supervisor or an admin who is not the asking person.
Approver verifyApprover(pqxx::connection& conn, const auth::SessionToken& requester,
                        const SupervisorCredentials& credentials, ApprovalKind kind);

/// Step two, in the caller's database transaction (with the change it approves): countersign.approval_grant
/// spends the approver's session and makes the approval row and the audit entry "approval.granted" naming
/// both people (0014_session_approvals.sql), bound to `request.approves` (0017_bound_approvals.sql). Returns
/// the approval's id. ApprovalRefused when the database refuses (the session spent or expired, not a
/// supervisor's, the same person).
long long recordApproval(pqxx::transaction_base& tx, const ApprovalRequest& request,
                         const Approver& approver);

} // namespace countersign::approvals
