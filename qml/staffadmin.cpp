#include "qml/staffadmin.h"

#include "qml/secrettext.h"

namespace countersign::qml {

namespace {

QVariant text(const std::string& s) {
    return QVariant(QString::fromStdString(s));
}

const ListModel::Columns<db::StaffAccount> kAccounts = {
    {"username", [](const db::StaffAccount& a) { return text(a.username); }},
    {"displayName", [](const db::StaffAccount& a) { return text(a.displayName); }},
    {"role", [](const db::StaffAccount& a) { return text(a.role); }},
    {"centre", [](const db::StaffAccount& a) { return text(a.centre); }},
    {"active", [](const db::StaffAccount& a) { return QVariant(a.active); }},
    {"lockedUntil", [](const db::StaffAccount& a) { return text(a.lockedUntil); }},
    {"failedLogins", [](const db::StaffAccount& a) { return QVariant(a.failedLogins); }},
    {"mustChange", [](const db::StaffAccount& a) { return QVariant(a.mustChangePassword); }},
    {"lastLogin", [](const db::StaffAccount& a) { return text(a.lastLogin); }},
};

bool has(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

} // namespace

StaffAccountsModel::StaffAccountsModel(QObject* parent)
    : ListModel(kAccounts, parent) {}

void StaffAccountsModel::setRows(std::vector<db::StaffAccount> rows) {
    show(std::move(rows), kAccounts);
}

QString StaffAdmin::plainWords(const std::string& refusal) {
    if (has(refusal, "is the last active admin"))
        return tr("This is the last active admin account. Make another account an admin first.");
    if (has(refusal, "is disabled already"))
        return tr("This account is disabled already.");
    if (has(refusal, "is enabled already"))
        return tr("This account is enabled already.");
    if (has(refusal, "is not locked"))
        return tr("This account is not locked.");
    if (has(refusal, "at least 8 characters"))
        return tr("A password has at least 8 characters.");
    if (has(refusal, "nothing to change"))
        return tr("The account has that role and centre already.");
    if (has(refusal, "there is no centre"))
        return tr("There is no centre with that code.");
    if (has(refusal, "there is no staff account"))
        return tr("There is no such account any more. Refresh the list.");
    if (has(refusal, "must be changed first"))
        return tr("Your own password must be changed first.");
    if (has(refusal, "must differ"))
        return tr("The new password must differ from the current one.");
    if (has(refusal, "current password given"))
        return tr("The current password is wrong.");
    if (has(refusal, "this needs admin") || has(refusal, "needs an admin"))
        return tr("Only an admin may do this.");
    if (has(refusal, "session has ended") || has(refusal, "no such staff session") ||
        has(refusal, "is disabled"))
        return tr("Your session has ended. Log in again.");
    return QString::fromStdString(refusal);
}

QVariantMap StaffAdmin::account(const QString& username) const {
    QVariantMap map;
    for (const auto& a : m_rows) {
        if (QString::fromStdString(a.username) != username)
            continue;
        for (const auto& c : kAccounts)
            map.insert(QString::fromLatin1(c.role), c.read(a));
    }
    return map;
}

void StaffAdmin::clearMessages() {
    if (m_error.isEmpty() && m_message.isEmpty())
        return;
    m_error.clear();
    m_message.clear();
    Q_EMIT changed();
}

void StaffAdmin::fail(const QString& text) {
    m_message.clear();
    m_error = text;
    Q_EMIT changed();
}

void StaffAdmin::load() {
    Workstation* w = workstation();
    if (!w || !w->ready() || !session() || !session()->isAdmin()) {
        fail(tr("Only an admin manages staff accounts."));
        return;
    }
    jobStarted();
    const auth::SessionToken token = session()->token();
    w->database()->run<std::vector<db::StaffAccount>>(
        this, [token](counter::Desk& desk) { return desk.staffAccounts(token); },
        [this](const counter::Outcome<std::vector<db::StaffAccount>>& out) {
            jobFinished();
            if (!out.ok()) {
                m_error = out.connectionLost ? tr("The database cannot be reached; nothing was changed.")
                                             : plainWords(out.error);
                Q_EMIT changed();
                return;
            }
            m_rows = *out.value;
            m_accounts.setRows(*out.value);
            Q_EMIT changed();
        });
}

void StaffAdmin::change(counter::StaffAction action, const QString& doneText) {
    Workstation* w = workstation();
    if (busy() || !w || !w->ready() || !session() || !session()->isAdmin()) {
        if (action.password)
            action.password->wipe();
        if (!busy())
            fail(tr("Only an admin manages staff accounts."));
        return;
    }
    jobStarted();
    m_error.clear();
    m_message.clear();
    Q_EMIT changed();
    const auth::SessionToken token = session()->token();
    w->database()->run<counter::StaffChange>(
        this, [token, action](counter::Desk& desk) { return desk.changeStaff(token, action); },
        [this, doneText](const counter::Outcome<counter::StaffChange>& out) {
            jobFinished();
            if (!out.ok()) {
                fail(out.connectionLost ? tr("The database cannot be reached; nothing was changed.")
                                        : plainWords(out.error));
                return;
            }
            if (!out.value->done()) {
                fail(plainWords(out.value->refused));
                return;
            }
            load();
            m_message = doneText;
            Q_EMIT changed();
            Q_EMIT done();
        });
}

void StaffAdmin::disable(const QString& username) {
    change({counter::StaffAction::Kind::Disable, username.toStdString(), {}, {}, {}},
           tr("%1 is disabled and logged out everywhere.").arg(username));
}

void StaffAdmin::enable(const QString& username) {
    change({counter::StaffAction::Kind::Enable, username.toStdString(), {}, {}, {}},
           tr("%1 is enabled.").arg(username));
}

void StaffAdmin::unlock(const QString& username) {
    change({counter::StaffAction::Kind::Unlock, username.toStdString(), {}, {}, {}},
           tr("%1 is unlocked and can log in again.").arg(username));
}

void StaffAdmin::setRole(const QString& username, const QString& role, const QString& centre) {
    const QString code = centre.trimmed();
    change({counter::StaffAction::Kind::SetRole,
            username.toStdString(),
            role.toStdString(),
            code.toStdString(),
            {}},
           code.isEmpty() ? tr("%1 is now %2 of every centre.").arg(username, role)
                          : tr("%1 is now %2 of centre %3.").arg(username, role, code));
}

void StaffAdmin::resetPassword(const QString& username, const QString& password, const QString& again) {
    if (password != again) {
        fail(tr("The two entries differ. Type the new password twice."));
        return;
    }
    if (password.size() < 8) {
        fail(tr("A password has at least 8 characters."));
        return;
    }
    change({counter::StaffAction::Kind::ResetPassword, username.toStdString(), {}, {}, secretOf(password)},
           tr("%1 has a temporary password and must change it at the next login.").arg(username));
}

} // namespace countersign::qml
