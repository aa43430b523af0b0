#include "backend/approvals/approvals.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "db/auditlog.h"
#include "db/staffstore.h"

namespace countersign::approvals {

namespace {

std::string json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

bool isBlank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
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
    }
    return "fee_waiver";
}

auth::StaffIdentity verifySupervisor(pqxx::connection& conn, const auth::LoginPolicy& policy,
                                     long long counterId, long long requestedBy,
                                     const SupervisorCredentials& credentials) {
    const std::string& username = credentials.username;
    // The audit subject may not hold the chain's separator (U+001F); a name with it can't exist anyway.
    std::string subject = username.substr(0, 200);
    for (auto& c : subject)
        if (c == '\x1f')
            c = '?';
    pqxx::work tx{conn, "approval"};
    db::StaffStore staff{tx};
    db::AuditLog audit{tx};
    // Every refusal is committed with its audit entry (and the failure count) before the caller hears of it.
    const auto refuse = [&](const std::optional<long long>& actor, const QString& reason, QJsonObject detail,
                            const std::string& message) {
        detail.insert(QStringLiteral("reason"), reason);
        detail.insert(QStringLiteral("requested_by"), static_cast<qint64>(requestedBy));
        audit.append({counterId, actor, "approval.refused", subject, json(detail)});
        tx.commit();
        throw ApprovalRefused(message);
    };

    if (isBlank(username))
        refuse(std::nullopt, QStringLiteral("no_user"), {}, "no supervisor user name was given");
    const auto account = staff.findForLogin(username);
    if (!account) {
        // Same time as a real check, so the answer doesn't tell which user names exist.
        auth::verifyPassword(credentials.password, auth::decoyHash());
        refuse(std::nullopt, QStringLiteral("unknown_user"), {},
               "wrong user name or password for supervisor " + username);
    }
    if (!account->active)
        refuse(account->id, QStringLiteral("disabled"), {}, "the account " + username + " is disabled");
    if (account->locked)
        refuse(account->id, QStringLiteral("locked"),
               {{QStringLiteral("locked_until"), QString::fromStdString(account->lockedUntil)}},
               "the account " + username + " is locked until " + account->lockedUntil);
    if (!auth::verifyPassword(credentials.password, account->passwordHash)) {
        const bool lockedNow = staff.recordFailure(account->id, policy.maxFailures, policy.lockMinutes);
        if (lockedNow)
            audit.append({counterId, account->id, "staff.locked", subject,
                          json({{QStringLiteral("minutes"), policy.lockMinutes}})});
        refuse(account->id, QStringLiteral("wrong_password"),
               {{QStringLiteral("failures"), lockedNow ? policy.maxFailures : account->failedLogins + 1}},
               "wrong user name or password for supervisor " + username +
                   (lockedNow
                        ? "; the account is now locked for " + std::to_string(policy.lockMinutes) + " minutes"
                        : std::string()));
    }
    // The password was right: the count of wrong ones starts again, as after a login.
    staff.recordSuccess(account->id);
    if (account->role != "supervisor")
        refuse(account->id, QStringLiteral("not_supervisor"),
               {{QStringLiteral("role"), QString::fromStdString(account->role)}},
               username + " is not a supervisor (role " + account->role + "); only a supervisor can approve");
    if (account->id == requestedBy)
        refuse(account->id, QStringLiteral("same_person"), {},
               username + " asked for this and can't also approve it: a second person is needed");
    audit.append({counterId, account->id, "approval.verified", subject,
                  json({{QStringLiteral("requested_by"), static_cast<qint64>(requestedBy)}})});
    tx.commit();
    return {account->id, account->username, account->displayName, auth::Role::Supervisor};
}

long long recordApproval(pqxx::transaction_base& tx, const ApprovalRequest& request, long long approvedBy) {
    if (isBlank(request.reason))
        throw ApprovalRefused("an approval needs the reason it is asked for");
    if (request.requestedBy == approvedBy)
        throw ApprovalRefused("the person who asks can't also approve: a second person is needed");
    const auto approver =
        tx.exec_params("SELECT username, role, active FROM countersign.staff WHERE id = $1", approvedBy);
    if (approver.empty() || approver[0][1].as<std::string>() != "supervisor" || !approver[0][2].as<bool>())
        throw ApprovalRefused("staff " + std::to_string(approvedBy) + " is not an active supervisor");
    QJsonParseError error;
    const auto detailDoc = QJsonDocument::fromJson(QByteArray::fromStdString(request.detailJson), &error);
    if (error.error != QJsonParseError::NoError || !detailDoc.isObject())
        throw ApprovalRefused("the approval's detail must be a JSON object");
    std::optional<std::string> number;
    if (request.transactionId) {
        const auto t = tx.exec_params("SELECT number FROM countersign.transactions WHERE id = $1",
                                      *request.transactionId);
        if (t.empty())
            throw ApprovalRefused("transaction " + std::to_string(*request.transactionId) +
                                  " does not exist");
        number = t[0][0].as<std::string>();
    }
    const std::optional<std::string> subject =
        request.subject.empty() ? std::nullopt : std::optional<std::string>(request.subject);
    const long long id =
        tx.exec_params1(
              "INSERT INTO countersign.approvals (kind, requested_by, approved_by, counter_id, "
              "transaction_id, subject, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) "
              "RETURNING id",
              kindCode(request.kind), request.requestedBy, approvedBy, request.counterId,
              request.transactionId, subject, request.reason,
              QJsonDocument(detailDoc.object()).toJson(QJsonDocument::Compact).toStdString())[0]
            .as<long long>();
    QJsonObject detail{{QStringLiteral("approval_id"), static_cast<qint64>(id)},
                       {QStringLiteral("kind"), QLatin1String(kindCode(request.kind))},
                       {QStringLiteral("requested_by"), static_cast<qint64>(request.requestedBy)},
                       {QStringLiteral("approved_by"), static_cast<qint64>(approvedBy)},
                       {QStringLiteral("approver"), QString::fromStdString(approver[0][0].as<std::string>())},
                       {QStringLiteral("reason"), QString::fromStdString(request.reason)}};
    if (number)
        detail.insert(QStringLiteral("transaction"), QString::fromStdString(*number));
    if (subject)
        detail.insert(QStringLiteral("subject"), QString::fromStdString(*subject));
    db::AuditLog{tx}.append(
        {request.counterId, approvedBy, "approval.granted", number.value_or(request.subject), json(detail)});
    return id;
}

} // namespace countersign::approvals
