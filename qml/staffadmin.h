#pragma once

#include <string>
#include <vector>

#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include "backend/counter/desk.h"
#include "qml/listmodel.h"
#include "qml/officecontroller.h"

namespace countersign::qml {

/// The staff accounts as an admin manages them (StaffAdmin): no hash, nothing masked.
class StaffAccountsModel : public countersign::qml::ListModel {
    Q_OBJECT
    QML_ANONYMOUS
public:
    enum Role {
        UsernameRole = Qt::UserRole + 1,
        DisplayNameRole,
        RoleRole,
        CentreRole,
        ActiveRole,
        LockedUntilRole,
        FailedLoginsRole,
        MustChangeRole,
        LastLoginRole
    };
    Q_ENUM(Role)
    explicit StaffAccountsModel(QObject* parent = nullptr);
    void setRows(std::vector<db::StaffAccount> rows);
};

/// The back office's staff page (admins): the accounts, and per account disable / enable, role and centre,
/// a password reset (the person changes it at the next login) and unlock. Each change is one call of the
/// database's own function with the admin's session on the database thread (counter::Desk::changeStaff); the
/// database checks the admin, keeps the last admin and audits. Its refusals are shown in plain words.
class StaffAdmin : public countersign::qml::OfficeController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(countersign::qml::StaffAccountsModel* accounts READ accounts CONSTANT)

public:
    // Its jobs say the database's refusals in plain words and clear the messages themselves.
    explicit StaffAdmin(QObject* parent = nullptr)
        : OfficeController(parent, StartClears::Nothing) {}

    StaffAccountsModel* accounts() { return &m_accounts; }
    /// The listed account `username` as a map of the model's roles; empty when it is not listed.
    Q_INVOKABLE QVariantMap account(const QString& username) const;

    /// A refusal of the database's staff functions in words for the screen (both languages); what is not
    /// known is shown as the database said it.
    static QString plainWords(const std::string& refusal);

public Q_SLOTS:
    void load();
    /// Forgets the last change's message or refusal (another account was picked).
    void clearMessages();
    void disable(const QString& username);
    void enable(const QString& username);
    void unlock(const QString& username);
    /// `centre`: a centre's code, or empty for every centre (head office).
    void setRole(const QString& username, const QString& role, const QString& centre);
    /// The temporary password typed twice; at least 8 characters.
    void resetPassword(const QString& username, const QString& password, const QString& again);

Q_SIGNALS:
    /// A change was made (the list is read again).
    void done();

private:
    void change(counter::StaffAction action, const QString& doneText);
    void fail(const QString& text);

    std::vector<db::StaffAccount> m_rows;
    StaffAccountsModel m_accounts{this};
};

} // namespace countersign::qml
