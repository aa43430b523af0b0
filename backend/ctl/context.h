#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <QJsonObject>
#include <QString>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "backend/config.h"
#include "db/counterrecord.h"
#include "token/secret.h"

namespace countersign::ctl {

/// The environment is not usable (configuration, database, module): exit status 3.
class EnvironmentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The request is refused or invalid: exit status 1.
class Refused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What every command gets: the configuration and how to print.
struct Context {
    AppConfig config;
    bool json = false;
    /// The workflow's crash points (tests only; see ctl::run).
    std::function<void(const std::string&)> stepHook;

    std::unique_ptr<pqxx::connection> connect() const;
    /// Prints `object` as JSON with --json, else `text` and a newline.
    void print(const QJsonObject& object, const std::string& text) const;
};

std::string compact(const QJsonObject& o);

/// The whole of a file the command was given; Refused naming it when it can't be read.
std::string readFile(const std::string& path);

/// A secret from the file descriptor named by the value of option `fdOption` when it was given, else from the
/// terminal (echo off) — asked twice when `confirm`. Never from argv.
Secret readSecret(const std::optional<std::string>& fdValue, const std::string& fdOption,
                  const std::string& prompt, bool confirm);

class Arguments;

/// This workstation's counter ([workstation] centre and counter) with its centre; EnvironmentError when it is
/// not configured or not registered.
db::CounterRecord requireWorkstation(const Context& ctx, pqxx::transaction_base& tx);
/// The same in a read transaction of its own on `conn`.
db::CounterRecord requireWorkstation(const Context& ctx, pqxx::connection& conn);
/// requireWorkstation's counter id.
long long requireCounter(const Context& ctx, pqxx::transaction_base& tx);

/// Logs in the staff member named by --operator, with the password from --password-fd (else asked on the
/// terminal), exactly as at the counter: checked inside the database, failures counted and audited there.
/// Refused when it fails. `conn` must not be in a transaction. The result carries the staff session the
/// database opened (for work the database checks the person of); the session ends (staff_logout) when the
/// command is done with it, so a command leaves no open staff session behind for anyone to pick up. `conn`
/// must outlive it and be out of any transaction by then.
class OperatorLogin : public auth::LoginResult {
public:
    OperatorLogin(pqxx::connection& conn, auth::LoginResult login);
    ~OperatorLogin();
    OperatorLogin(const OperatorLogin&) = delete;
    OperatorLogin& operator=(const OperatorLogin&) = delete;

private:
    pqxx::connection& m_conn;
};
OperatorLogin logInOperator(pqxx::connection& conn, Arguments& args);
/// The same login for a name and password already read; the result carries the staff session the database
/// opened. Refused when it fails.
auth::LoginResult logInStaff(pqxx::connection& conn, const std::string& username, const Secret& password);

/// `args` without --operator and --password-fd, to check the rest before anyone logs in: usage mistakes are
/// reported first, because a login is counted and audited.
Arguments withoutLogin(Arguments args);

/// --supervisor NAME with the password from --supervisor-password-fd (else the terminal); nullopt when
/// --supervisor was not given.
std::optional<approvals::SupervisorCredentials> takeSupervisor(Arguments& args);

/// Checks a supervisor's credentials for an approval the person of `requester` (the operator's session) asks
/// for (approvals::verifySupervisor); Refused naming what is needed when `credentials` is empty or wrong.
/// `what` says what is approved.
approvals::Approver requireSupervisor(pqxx::connection& conn, const auth::SessionToken& requester,
                                      const std::optional<approvals::SupervisorCredentials>& credentials,
                                      const std::string& what);

} // namespace countersign::ctl
