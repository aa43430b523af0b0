#include "backend/ctl/adminsession.h"

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/ctl/context.h"
#include "db/connection.h"

namespace countersign::ctl {

namespace {

// One call in a transaction of its own, committed: the record stands before the work it records starts.
template <typename... Args>
pqxx::row callCommitted(pqxx::connection& conn, const std::string& sql, Args&&... args) {
    try {
        pqxx::work tx{conn};
        const pqxx::row row = tx.exec_params1(sql, std::forward<Args>(args)...);
        tx.commit();
        return row;
    } catch (const pqxx::sql_error& e) {
        if (const auto why = db::databaseRefusal(e))
            throw Refused(*why);
        throw;
    }
}

} // namespace

AdminSession::AdminSession(pqxx::connection& conn, Arguments& args)
    : m_conn(conn)
    , m_login(logInOperator(conn, args)) {}

long long AdminSession::begin(const std::string& kind, const std::string& subject,
                              const QJsonObject& detail) const {
    return callCommitted(m_conn, "SELECT countersign.admin_action_begin($1, $2, $3, $4::jsonb)",
                         session().c_str(), kind, subject, compact(detail))[0]
        .as<long long>();
}

void AdminSession::finish(long long action, bool ok, const QJsonObject& outcome) const {
    callCommitted(m_conn, "SELECT countersign.admin_action_finish($1, $2, $3, $4::jsonb)", session().c_str(),
                  action, ok, compact(outcome));
}

void AdminSession::recordFailure(long long action, const std::string& error) const noexcept {
    try {
        finish(action, false, {{QStringLiteral("error"), QString::fromStdString(error)}});
    } catch (const std::exception&) {
        // The action stays "started": what the command reports is the work's own error.
    }
}

long long AdminSession::revokeCertificate(const std::string& serial, const std::string& reason) const {
    return callCommitted(m_conn, "SELECT countersign.certificate_revoke($1, $2, $3)", session().c_str(),
                         serial, reason)[0]
        .as<long long>();
}

} // namespace countersign::ctl
