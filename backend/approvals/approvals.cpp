#include "backend/approvals/approvals.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "db/connection.h"

namespace countersign::approvals {

namespace {

bool isBlank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
}

/// What a refund of the transaction would pay back now: all its payments less what was refunded of them.
std::string refundableFen(pqxx::transaction_base& tx, long long transactionId) {
    return tx
        .exec_params1("SELECT coalesce(sum(p.amount_fen - coalesce((SELECT sum(r.amount_fen) FROM "
                      "countersign.refunds r WHERE r.payment_id = p.id), 0)), 0)::text "
                      "FROM countersign.payments p WHERE p.transaction_id = $1",
                      transactionId)[0]
        .as<std::string>();
}

} // namespace

const char* kindCode(ApprovalKind kind) {
    switch (kind) {
    case ApprovalKind::FeeWaiver:
        return "fee_waiver";
    case ApprovalKind::Void:
        return "void";
    case ApprovalKind::Refund:
        return "refund";
    case ApprovalKind::HandEnteredLetter:
        return "hand_entered_letter";
    case ApprovalKind::UsccOverride:
        return "uscc_override";
    case ApprovalKind::DayClose:
        return "day_close";
    case ApprovalKind::FeeSchedule:
        return "fee_schedule";
    }
    return "fee_waiver";
}

std::string subjectText(ApprovalKind kind, const std::vector<std::string>& parts) {
    std::string text = kindCode(kind);
    for (const auto& part : parts)
        text += '\x1f' + part;
    return text;
}

Approver verifySupervisor(pqxx::connection& conn, const auth::SessionToken& requester,
                          const SupervisorCredentials& credentials) {
    return verifyApprover(conn, requester, credentials, ApprovalKind::FeeWaiver);
}

Approver verifyApprover(pqxx::connection& conn, const auth::SessionToken& requester,
                        const SupervisorCredentials& credentials, ApprovalKind kind) {
    const bool adminMay = kind == ApprovalKind::FeeSchedule;
    const std::string& username = credentials.username;
    if (isBlank(username))
        throw ApprovalRefused("no supervisor user name was given");
    if (!requester || requester->empty())
        throw ApprovalRefused("an approval is asked for by a logged-in operator: log in first");
    // The password is checked inside the database, as a login for an approval: counted towards the lockout
    // and audited ("approval.attempted", "approval.failed" …) before this side hears the outcome.
    const auth::LoginResult login =
        auth::logIn(conn, auth::LoginPurpose::Approval, username, credentials.password);
    switch (login.status) {
    case auth::LoginStatus::Ok:
        break;
    case auth::LoginStatus::WrongCredentials:
        throw ApprovalRefused("wrong user name or password for supervisor " + username);
    case auth::LoginStatus::Locked:
        throw ApprovalRefused(login.lockedNow
                                  ? "wrong user name or password for supervisor " + username +
                                        "; the account is now locked until " + login.lockedUntil
                                  : "the account " + username + " is locked until " + login.lockedUntil);
    case auth::LoginStatus::Disabled:
        throw ApprovalRefused("the account " + username + " is disabled");
    }
    const auth::StaffIdentity& supervisor = login.staff;
    // Whether this supervisor may approve for the asking person, audited, is the database's answer; a refusal
    // is committed (its audit entry, the approval session ended) before it is reported.
    std::string verdict;
    try {
        pqxx::work tx{conn, "approval"};
        verdict = adminMay ? tx.exec_params1("SELECT countersign.approval_verify($1, $2, $3)",
                                             login.session->c_str(), requester->c_str(), kindCode(kind))[0]
                                 .as<std::string>()
                           : tx.exec_params1("SELECT countersign.approval_verify($1, $2)",
                                             login.session->c_str(), requester->c_str())[0]
                                 .as<std::string>();
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        auth::logOut(conn, login.session, "used");
        throw ApprovalRefused(db::describeDatabaseError(e));
    }
    if (verdict == "not_supervisor")
        throw ApprovalRefused(adminMay
                                  ? username + " is an " + auth::roleName(supervisor.role) +
                                        "; only a supervisor or another admin can approve this"
                                  : username + " is not a supervisor (role " +
                                        auth::roleName(supervisor.role) + "); only a supervisor can approve");
    if (verdict == "same_person")
        throw ApprovalRefused(username +
                              " asked for this and can't also approve it: a second person is needed");
    return {supervisor, login.session};
}

long long recordApproval(pqxx::transaction_base& tx, const ApprovalRequest& request,
                         const Approver& approver) {
    if (isBlank(request.reason))
        throw ApprovalRefused("an approval needs the reason it is asked for");
    if (!approver.session || approver.session->empty())
        throw ApprovalRefused(
            "the approval has no supervisor's session: the supervisor enters their password");
    QJsonParseError error;
    const auto detailDoc = QJsonDocument::fromJson(QByteArray::fromStdString(request.detailJson), &error);
    if (error.error != QJsonParseError::NoError || !detailDoc.isObject())
        throw ApprovalRefused("the approval's detail must be a JSON object");
    const std::optional<std::string> subject =
        request.subject.empty() ? std::nullopt : std::optional<std::string>(request.subject);
    std::optional<std::string> approves =
        request.approves.empty() ? std::nullopt : std::optional<std::string>(request.approves);
    try {
        if (!approves && request.kind == ApprovalKind::Refund && request.transactionId)
            approves = subjectText(ApprovalKind::Refund, {refundableFen(tx, *request.transactionId)});
        return tx
            .exec_params1("SELECT countersign.approval_grant($1, $2, $3, $4, $5, $6, $7::jsonb, $8)",
                          approver.session->c_str(), request.requestedBy, kindCode(request.kind),
                          request.transactionId, subject, request.reason,
                          QJsonDocument(detailDoc.object()).toJson(QJsonDocument::Compact).toStdString(),
                          approves)[0]
            .as<long long>();
    } catch (const pqxx::sql_error& e) {
        const std::string state = e.sqlstate();
        // 28000 invalid_authorization_specification, 42501 insufficient_privilege, 23514 check_violation.
        if (state == "28000" || state == "42501" || state == "23514" || state == "23503")
            throw ApprovalRefused(db::describeDatabaseError(e));
        throw;
    }
}

} // namespace countersign::approvals
