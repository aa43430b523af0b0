// The counter's door for the staff page of the back office (issue 21): an admin's changes to accounts and a
// person's own password change, each one call of the database's own functions (the staff_admin migration).
#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/counter/desk.h"
#include "backend/counter/deskimpl.h"
#include "db/connection.h"
#include "db/staffstore.h"

namespace countersign::counter {

namespace {

const Secret& tokenOf(const auth::SessionToken& session) {
    static const Secret none;
    return session ? *session : none;
}

// Runs `change` in a transaction of its own; a rule of the database that refuses it comes back in its words,
// anything else (a lost connection) goes on as it was.
template <typename Change> StaffChange attempt(pqxx::connection& conn, Change change) {
    StaffChange result;
    try {
        pqxx::work tx{conn};
        change(tx);
        tx.commit();
    } catch (const pqxx::broken_connection&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        const auto why = db::databaseRefusal(e);
        if (!why)
            throw;
        result.refused = *why;
    }
    return result;
}

} // namespace

std::vector<db::StaffAccount> Desk::staffAccounts(const auth::SessionToken& adminSession) {
    // staff_accounts touches the session (last used): a read-write transaction.
    pqxx::work tx{d.conn};
    auto list = db::StaffStore(tx).accounts(tokenOf(adminSession).c_str());
    tx.commit();
    return list;
}

StaffChange Desk::changeStaff(const auth::SessionToken& adminSession, const StaffAction& action) {
    const Secret& admin = tokenOf(adminSession);
    StaffChange result = attempt(d.conn, [&](pqxx::work& tx) {
        db::StaffStore staff(tx);
        switch (action.kind) {
        case StaffAction::Kind::Disable:
            staff.disable(admin, action.username);
            break;
        case StaffAction::Kind::Enable:
            staff.enable(admin, action.username);
            break;
        case StaffAction::Kind::SetRole:
            staff.setRole(admin, action.username, action.role, action.centre);
            break;
        case StaffAction::Kind::ResetPassword: {
            static const Secret none;
            staff.resetPassword(admin, action.username, action.password ? *action.password : none);
            break;
        }
        case StaffAction::Kind::Unlock:
            staff.unlock(admin, action.username);
            break;
        }
    });
    if (action.password)
        action.password->wipe();
    return result;
}

StaffChange Desk::changeOwnPassword(const auth::SessionToken& session,
                                    const std::shared_ptr<Secret>& oldPassword,
                                    const std::shared_ptr<Secret>& newPassword) {
    static const Secret none;
    StaffChange result = attempt(d.conn, [&](pqxx::work& tx) {
        db::StaffStore(tx).changeOwnPassword(tokenOf(session), oldPassword ? *oldPassword : none,
                                             newPassword ? *newPassword : none);
    });
    if (oldPassword)
        oldPassword->wipe();
    if (newPassword)
        newPassword->wipe();
    return result;
}

} // namespace countersign::counter
