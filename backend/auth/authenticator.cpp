#include "backend/auth/authenticator.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "db/auditlog.h"
#include "db/staffstore.h"

namespace countersign::auth {

namespace {
std::string json(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}
} // namespace

LoginResult Authenticator::login(pqxx::connection& conn, const std::string& username,
                                 const Secret& password) const {
    pqxx::work tx{conn, "login"};
    db::StaffStore staff{tx};
    db::AuditLog audit{tx};
    LoginResult result;

    const auto account = staff.findForLogin(username);
    if (!account) {
        // Spend the same time as a real check so response times don't reveal which usernames exist.
        verifyPassword(password, decoyHash());
        audit.append({m_counterId, std::nullopt, m_event + ".failed", username,
                      json({{QStringLiteral("reason"), QStringLiteral("unknown_user")}})});
        tx.commit();
        result.status = LoginStatus::WrongCredentials;
        return result;
    }
    if (!account->active) {
        audit.append({m_counterId, account->id, m_event + ".refused", username,
                      json({{QStringLiteral("reason"), QStringLiteral("disabled")}})});
        tx.commit();
        result.status = LoginStatus::Disabled;
        return result;
    }
    if (account->locked) {
        // Not even a correct password opens a locked account, and the attempt doesn't extend the lock.
        audit.append(
            {m_counterId, account->id, m_event + ".refused", username,
             json({{QStringLiteral("reason"), QStringLiteral("locked")},
                   {QStringLiteral("locked_until"), QString::fromStdString(account->lockedUntil)}})});
        tx.commit();
        result.status = LoginStatus::Locked;
        result.lockedUntil = account->lockedUntil;
        return result;
    }
    if (!verifyPassword(password, account->passwordHash)) {
        const bool lockedNow = staff.recordFailure(account->id, m_policy.maxFailures, m_policy.lockMinutes);
        audit.append({m_counterId, account->id, m_event + ".failed", username,
                      json({{QStringLiteral("reason"), QStringLiteral("wrong_password")},
                            {QStringLiteral("failures"),
                             lockedNow ? m_policy.maxFailures : account->failedLogins + 1}})});
        if (lockedNow) {
            audit.append({m_counterId, account->id, "staff.locked", username,
                          json({{QStringLiteral("minutes"), m_policy.lockMinutes}})});
        }
        const auto after = staff.findForLogin(username);
        tx.commit();
        result.status = lockedNow ? LoginStatus::Locked : LoginStatus::WrongCredentials;
        result.lockedNow = lockedNow;
        if (lockedNow && after)
            result.lockedUntil = after->lockedUntil;
        return result;
    }
    staff.recordSuccess(account->id);
    audit.append({m_counterId, account->id, m_event + ".succeeded", username, "{}"});
    tx.commit();
    result.status = LoginStatus::Ok;
    result.staff = {account->id, account->username, account->displayName,
                    parseRole(account->role).value_or(Role::Operator)};
    return result;
}

} // namespace countersign::auth
