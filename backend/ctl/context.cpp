#include "backend/ctl/context.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include <QJsonDocument>

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/ctl/arguments.h"
#include "backend/secretinput.h"
#include "db/connection.h"
#include "db/workstationstore.h"

namespace countersign::ctl {

std::unique_ptr<pqxx::connection> Context::connect() const {
    try {
        return db::openConnection(config.databaseDsn);
    } catch (const pqxx::broken_connection& e) {
        throw EnvironmentError("cannot connect to the database: " + db::describeDatabaseError(e));
    }
}

void Context::print(const QJsonObject& object, const std::string& text) const {
    if (json)
        std::cout << QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
    else
        std::cout << text << '\n';
}

std::string compact(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Refused("cannot read " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Secret readSecret(const std::optional<std::string>& fdText, const std::string& fdOption,
                  const std::string& prompt, bool confirm) {
    if (fdText) {
        int fd = -1;
        try {
            fd = std::stoi(*fdText);
        } catch (const std::exception&) {
            throw UsageError(fdOption + " needs a file descriptor number");
        }
        return readSecretFromFd(fd);
    }
    Secret first = readSecretFromTerminal(prompt + ": ");
    if (confirm) {
        const Secret again = readSecretFromTerminal("Repeat: ");
        if (again.view() != first.view())
            throw Refused("the two entries differ; nothing was changed");
    }
    return first;
}

db::CounterRecord requireWorkstation(const Context& ctx, pqxx::transaction_base& tx) {
    if (ctx.config.centreCode.isEmpty() || ctx.config.counterCode.isEmpty())
        throw EnvironmentError(
            "no workstation configured: set [workstation] centre and counter in " +
            (ctx.config.path.isEmpty() ? defaultConfigPath() : ctx.config.path).toStdString());
    db::WorkstationStore stations{tx};
    std::optional<db::CounterRecord> counter;
    try {
        counter = stations.findOwnCounter(ctx.config.centreCode.toStdString(),
                                          ctx.config.counterCode.toStdString());
    } catch (const db::WrongCounter& e) {
        throw EnvironmentError(e.what());
    }
    if (!counter)
        throw EnvironmentError("counter " + ctx.config.counterCode.toStdString() + " of centre " +
                               ctx.config.centreCode.toStdString() +
                               " is not registered; run countersignctl counter add");
    return *counter;
}

db::CounterRecord requireWorkstation(const Context& ctx, pqxx::connection& conn) {
    pqxx::read_transaction tx{conn};
    return requireWorkstation(ctx, tx);
}

long long requireCounter(const Context& ctx, pqxx::transaction_base& tx) {
    return requireWorkstation(ctx, tx).counterId;
}

OperatorLogin::OperatorLogin(pqxx::connection& conn, auth::LoginResult login)
    : auth::LoginResult(std::move(login))
    , m_conn(conn) {}

OperatorLogin::~OperatorLogin() {
    try {
        auth::logOut(m_conn, session);
    } catch (const std::exception&) {
        // The session ends on its own at the idle limit; nothing to add to the command's own outcome.
    }
}

OperatorLogin logInOperator(pqxx::connection& conn, Arguments& args) {
    const auto username = args.takeOption("--operator");
    const auto passwordFd = args.takeOption("--password-fd");
    if (args.takeOption("--password"))
        throw UsageError(
            "passwords are never taken from the command line; use --password-fd N or the terminal");
    if (!username || username->empty())
        throw UsageError("--operator NAME is required: who does this at the counter");
    const Secret password =
        readSecret(passwordFd, "--password-fd", "Password for " + *username, /*confirm=*/false);
    return OperatorLogin(conn, logInStaff(conn, *username, password));
}

auth::LoginResult logInStaff(pqxx::connection& conn, const std::string& username, const Secret& password) {
    auth::LoginResult result = auth::logIn(conn, auth::LoginPurpose::Login, username, password);
    switch (result.status) {
    case auth::LoginStatus::Ok:
        return result;
    case auth::LoginStatus::Locked:
        throw Refused("the account " + username + " is locked until " + result.lockedUntil);
    case auth::LoginStatus::Disabled:
        throw Refused("the account " + username + " is disabled");
    case auth::LoginStatus::WrongCredentials:
        break;
    }
    throw Refused("wrong user name or password for --operator " + username);
}

Arguments withoutLogin(Arguments args) {
    args.takeOption("--operator");
    args.takeOption("--password-fd");
    return args;
}

std::optional<approvals::SupervisorCredentials> takeSupervisor(Arguments& args) {
    const auto username = args.takeOption("--supervisor");
    const auto passwordFd = args.takeOption("--supervisor-password-fd");
    if (args.takeOption("--supervisor-password"))
        throw UsageError("passwords are never taken from the command line; use --supervisor-password-fd N or "
                         "the terminal");
    if (!username)
        return std::nullopt;
    if (username->empty())
        throw UsageError("--supervisor needs a user name");
    return approvals::SupervisorCredentials{
        *username,
        readSecret(passwordFd, "--supervisor-password-fd", "Supervisor password for " + *username, false)};
}

approvals::Approver requireSupervisor(pqxx::connection& conn, const auth::SessionToken& requester,
                                      const std::optional<approvals::SupervisorCredentials>& credentials,
                                      const std::string& what) {
    if (!credentials)
        throw Refused(what + " needs a supervisor's approval: give --supervisor NAME and "
                             "--supervisor-password-fd N");
    try {
        return approvals::verifySupervisor(conn, requester, *credentials);
    } catch (const approvals::ApprovalRefused& e) {
        throw Refused(what + " was not approved: " + e.what());
    }
}

} // namespace countersign::ctl
