#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "backend/auth/authenticator.h"
#include "token/secret.h"

namespace countersign::approvals {

/// What needs a second person (DESIGN §6).
enum class ApprovalKind { FeeWaiver, Void, Refund, HandEnteredLetter, UsccOverride, DayClose };
const char* kindCode(ApprovalKind kind); ///< as stored: "fee_waiver", "void", "refund",
                                         ///< "hand_entered_letter", "uscc_override", "day_close"

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
};

/// Step one, in its own database transaction: checks the supervisor's password exactly as a login does (the
/// same hash, failures counted towards the lockout, every attempt audited: "approval.refused" on failure),
/// that the account is an active supervisor, and that it is not `requestedBy`. Returns who approves.
/// Throws ApprovalRefused saying why.
auth::StaffIdentity verifySupervisor(pqxx::connection& conn, const auth::LoginPolicy& policy,
                                     long long counterId, long long requestedBy,
                                     const SupervisorCredentials& credentials);

/// Step two, in the caller's database transaction (with the change it approves): the approval row and the
/// audit entry "approval.granted" naming both people. Returns the approval's id.
long long recordApproval(pqxx::transaction_base& tx, const ApprovalRequest& request, long long approvedBy);

} // namespace countersign::approvals
