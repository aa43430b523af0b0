#pragma once

#include <exception>
#include <string>

#include <QJsonObject>

#include <pqxx/connection>

#include "backend/auth/login.h"
#include "backend/ctl/context.h"

namespace countersign::ctl {

class Arguments;

/// An admin's work from the command line (issue "the database is the authority", 0018_admin_commands.sql):
/// the person named by --operator logs in (logInOperator: password from --password-fd N or the terminal,
/// checked, counted and audited in the database) and every call below takes that session, so the DATABASE
/// decides whether this person may do it and records who did. Logged out when it goes.
///
/// Work on a key or the CA is written down before it is done: begin() (or revokeCertificate()) first — a
/// refusal leaves the key and the CA untouched — then the work, then finish() with what came of it.
class AdminSession {
public:
    /// Logs in; Refused when the login fails. `conn` must not be in a transaction.
    AdminSession(pqxx::connection& conn, Arguments& args);
    AdminSession(const AdminSession&) = delete;
    AdminSession& operator=(const AdminSession&) = delete;

    const auth::StaffIdentity& staff() const { return m_login.staff; }
    const Secret& session() const { return *m_login.session; }

    /// countersign.admin_action_begin: `kind` is ca.issue, token.init, token.set_pin, token.unlock or
    /// token.retire; `subject` the key's serial (empty: the blank key in the writer) or the CA request id.
    /// Refused in the database's words. Returns the action's id.
    long long begin(const std::string& kind, const std::string& subject,
                    const QJsonObject& detail = {}) const;
    /// countersign.admin_action_finish: done (`ok`) or failed, with `outcome`.
    void finish(long long action, bool ok, const QJsonObject& outcome = {}) const;
    /// Does the work of `action` (on the key or at the CA); when it throws, the failure is recorded on the
    /// action (as far as the database can still be reached) and the error goes on as it was.
    template <typename Work> auto carryOut(long long action, Work work) const {
        try {
            return work();
        } catch (const std::exception& e) {
            recordFailure(action, e.what());
            throw;
        }
    }
    /// countersign.certificate_revoke: the certificate is revoked on record, and a ca.revoke action opened
    /// for the CA's side. Returns the action's id.
    long long revokeCertificate(const std::string& serial, const std::string& reason) const;

private:
    void recordFailure(long long action, const std::string& error) const noexcept;

    pqxx::connection& m_conn;
    OperatorLogin m_login;
};

} // namespace countersign::ctl
