#include "backend/ctl/staffcommands.h"

#include <memory>

#include <QJsonArray>

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/auth/role.h"
#include "backend/ctl/ctl.h"
#include "db/connection.h"
#include "db/staffstore.h"
#include "db/workstationstore.h"

namespace countersign::ctl {

const char* const kStaffCommandsHelp =
    R"(  staff list [--operator ADMIN [--operator-password-fd N]]
                                the accounts: username, name, role, centre, active, locked (until),
                                must change password, last login (an admin, or the database owner's login)
  staff add --role operator|supervisor|admin [--display-name NAME] [--centre CODE]
            [--password-fd N] [--operator ADMIN [--operator-password-fd N]] USERNAME
                                create a staff account; the password (at least 8 characters) is read
                                from file descriptor N, or asked twice on the terminal with echo off —
                                never from the command line
  staff disable USERNAME --operator ADMIN [--operator-password-fd N]
                                the account can't log in and its open sessions end
  staff enable USERNAME --operator ADMIN [--operator-password-fd N]
  staff set-role USERNAME --role R [--centre CODE | --all-centres] --operator ADMIN [--operator-password-fd N]
                                change the role (and the centre); the person logs in again
  staff reset-password USERNAME [--password-fd N] --operator ADMIN [--operator-password-fd N]
                                a temporary password (read before the admin's), to be changed at next login
  staff unlock USERNAME --operator ADMIN [--operator-password-fd N]
                                clear the lock of too many wrong passwords
    The database refuses to disable or demote the last active admin; every change is audited with the admin.
  staff passwd USERNAME [--current-password-fd N] [--password-fd N]
                                change one's own password (also one an admin reset): the current one,
                                then the new one (asked twice on the terminal)
)";

namespace {

const char* const kUsage =
    "countersignctl staff list|add|disable|enable|set-role|reset-password|unlock|passwd … (see --help)";

// The admin named by --operator, logged in with the password from --operator-password-fd (else the terminal);
// ended when the command is done. Refused when the login fails or the admin's own password must be changed.
struct AdminLogin {
    std::optional<std::string> name;
    std::optional<std::string> passwordFd;

    static AdminLogin take(Arguments& args) {
        AdminLogin a{args.takeOption("--operator"), args.takeOption("--operator-password-fd")};
        if (args.takeOption("--password") || args.takeOption("--operator-password"))
            throw UsageError(
                "passwords are never taken from the command line; use --password-fd N or the terminal");
        if (a.name && a.name->empty())
            throw UsageError("--operator needs the admin's user name");
        return a;
    }
    void require() const {
        if (!name)
            throw UsageError("--operator ADMIN is required: the admin who does this");
    }
    std::unique_ptr<OperatorLogin> logIn(pqxx::connection& conn) const {
        if (!name)
            return nullptr;
        const Secret password =
            readSecret(passwordFd, "--operator-password-fd", "Password for " + *name, /*confirm=*/false);
        auto login = std::make_unique<OperatorLogin>(conn, logInStaff(conn, *name, password));
        if (login->mustChangePassword)
            throw Refused("the password of " + *name +
                          " must be changed first: countersignctl staff passwd " + *name);
        return login;
    }
};

// One change in a transaction of its own; a rule of the database refuses it in its words.
template <typename Change> void change(pqxx::connection& conn, Change work) {
    try {
        pqxx::work tx{conn};
        work(db::StaffStore{tx});
        tx.commit();
    } catch (const pqxx::broken_connection&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        if (const auto why = db::databaseRefusal(e))
            throw Refused(*why);
        throw;
    }
}

std::string checkedUsername(const std::string& username) {
    if (username.empty() || username.size() > 64)
        throw Refused("a username has 1 to 64 characters");
    return username;
}

std::string roleText(const std::string& text) {
    const auto role = auth::parseRole(text);
    if (!role)
        throw UsageError("--role must be operator, supervisor or admin, not " + text);
    return auth::roleName(*role);
}

QJsonValue orNull(const std::string& text) {
    return text.empty() ? QJsonValue() : QJsonValue(QString::fromStdString(text));
}

int list(Context& ctx, Arguments& args) {
    const AdminLogin admin = AdminLogin::take(args);
    args.expectEmpty("countersignctl staff list [--operator ADMIN [--operator-password-fd N]]");
    auto conn = ctx.connect();
    requireWorkstation(ctx, *conn);
    const auto login = admin.logIn(*conn);
    std::vector<db::StaffAccount> accounts;
    change(*conn, [&](db::StaffStore staff) {
        accounts = staff.accounts(login ? login->session->c_str() : nullptr);
    });
    QJsonArray rows;
    std::string text = "username            name                  role        centre  active  locked until"
                       "               must change  last login";
    for (const auto& a : accounts) {
        rows.append(QJsonObject{{QStringLiteral("username"), QString::fromStdString(a.username)},
                                {QStringLiteral("display_name"), QString::fromStdString(a.displayName)},
                                {QStringLiteral("role"), QString::fromStdString(a.role)},
                                {QStringLiteral("centre"), orNull(a.centre)},
                                {QStringLiteral("active"), a.active},
                                {QStringLiteral("locked_until"), orNull(a.lockedUntil)},
                                {QStringLiteral("failed_logins"), a.failedLogins},
                                {QStringLiteral("must_change_password"), a.mustChangePassword},
                                {QStringLiteral("last_login"), orNull(a.lastLogin)}});
        auto column = [](std::string s, std::size_t width) {
            if (s.size() < width)
                s.append(width - s.size(), ' ');
            return s + ' ';
        };
        text += "\n" + column(a.username, 19) + column(a.displayName, 21) + column(a.role, 11) +
                column(a.centre.empty() ? "(all)" : a.centre, 7) + column(a.active ? "yes" : "no", 7) +
                column(a.lockedUntil.empty() ? "-" : a.lockedUntil, 26) +
                column(a.mustChangePassword ? "yes" : "no", 12) +
                (a.lastLogin.empty() ? "never" : a.lastLogin);
    }
    ctx.print({{QStringLiteral("staff"), rows}}, text);
    return ExitOk;
}

int add(Context& ctx, Arguments& args) {
    const std::string usage =
        "countersignctl staff add --role operator|supervisor|admin [--display-name NAME] "
        "[--centre CODE] [--password-fd N] [--operator ADMIN [--operator-password-fd N]] USERNAME";
    const auto roleOption = args.takeOption("--role");
    const auto displayName = args.takeOption("--display-name");
    const auto centre = args.takeOption("--centre");
    const auto passwordFd = args.takeOption("--password-fd");
    const AdminLogin admin = AdminLogin::take(args);
    const auto username = checkedUsername(args.takePositionals(1, usage)[0]);
    if (!roleOption)
        throw UsageError("--role is required\nusage: " + usage);
    const std::string role = roleText(*roleOption);

    Secret password = readSecret(passwordFd, "--password-fd", "Password for " + username, /*confirm=*/true);
    if (password.size() < 8)
        throw Refused("a staff password has at least 8 characters");

    auto conn = ctx.connect();
    // An admin's session, or none: then only the database owner's login may create the account (the first
    // admin, made by the installer). The database decides either way and hashes the password itself.
    const auto login = admin.logIn(*conn);
    pqxx::work tx{*conn};
    const long long counterId = requireCounter(ctx, tx);
    std::optional<long long> centreId;
    if (centre) {
        centreId = db::WorkstationStore{tx}.centreId(*centre);
        if (!centreId)
            throw Refused("centre " + *centre + " does not exist");
    }
    long long id = 0;
    try {
        id = db::StaffStore{tx}.create(login ? login->session->c_str() : nullptr, username,
                                       displayName.value_or(username), role, password, centreId, counterId);
    } catch (const pqxx::unique_violation&) {
        throw Refused("a staff account named " + username + " already exists");
    } catch (const pqxx::insufficient_privilege& e) {
        throw Refused(db::describeDatabaseError(e));
    }
    password.wipe();
    tx.commit();
    ctx.print({{QStringLiteral("id"), id},
               {QStringLiteral("username"), QString::fromStdString(username)},
               {QStringLiteral("role"), QString::fromStdString(role)}},
              "staff account " + username + " (" + role + ") created");
    return ExitOk;
}

// disable, enable, unlock, set-role, reset-password: an admin's change to one account.
int adminChange(Context& ctx, Arguments& args, const std::string& sub) {
    const std::string usage = "countersignctl staff " + sub + " USERNAME" +
                              (sub == "set-role"         ? " --role R [--centre CODE | --all-centres]"
                               : sub == "reset-password" ? " [--password-fd N]"
                                                         : "") +
                              " --operator ADMIN [--operator-password-fd N]";
    std::optional<std::string> role, centre, passwordFd;
    if (sub == "set-role") {
        const auto roleOption = args.takeOption("--role");
        centre = args.takeOption("--centre");
        const bool allCentres = args.takeFlag("--all-centres");
        if (!roleOption)
            throw UsageError("--role is required\nusage: " + usage);
        role = roleText(*roleOption);
        if (allCentres && centre)
            throw UsageError("--centre and --all-centres exclude each other");
        if (centre && centre->empty())
            throw UsageError("--centre needs a centre's code (or --all-centres)");
        if (allCentres)
            centre = std::string();
    } else if (sub == "reset-password") {
        passwordFd = args.takeOption("--password-fd");
    }
    const AdminLogin admin = AdminLogin::take(args);
    const auto username = checkedUsername(args.takePositionals(1, "usage: " + usage)[0]);
    admin.require();

    Secret password;
    if (sub == "reset-password") {
        password = readSecret(passwordFd, "--password-fd", "Temporary password for " + username, true);
        if (password.size() < 8)
            throw Refused("a staff password has at least 8 characters");
    }
    auto conn = ctx.connect();
    requireWorkstation(ctx, *conn);
    const auto login = admin.logIn(*conn);
    const Secret& session = *login->session;
    std::string done;
    change(*conn, [&](db::StaffStore staff) {
        if (sub == "disable") {
            staff.disable(session, username);
            done = "disabled; its open sessions ended";
        } else if (sub == "enable") {
            staff.enable(session, username);
            done = "enabled";
        } else if (sub == "unlock") {
            staff.unlock(session, username);
            done = "unlocked";
        } else if (sub == "set-role") {
            staff.setRole(session, username, role, centre);
            done = "is now " + *role +
                   (centre ? centre->empty() ? " of every centre" : " of centre " + *centre : std::string());
        } else {
            staff.resetPassword(session, username, password);
            done = "has a temporary password, to be changed at the next login";
        }
    });
    password.wipe();
    QJsonObject out{{QStringLiteral("username"), QString::fromStdString(username)},
                    {QStringLiteral("done"), QString::fromStdString(sub)}};
    if (role)
        out.insert(QStringLiteral("role"), QString::fromStdString(*role));
    if (centre)
        out.insert(QStringLiteral("centre"), orNull(*centre));
    ctx.print(out, "staff account " + username + " " + done);
    return ExitOk;
}

int passwd(Context& ctx, Arguments& args) {
    const std::string usage =
        "countersignctl staff passwd USERNAME [--current-password-fd N] [--password-fd N]";
    const auto currentFd = args.takeOption("--current-password-fd");
    const auto newFd = args.takeOption("--password-fd");
    if (args.takeOption("--password"))
        throw UsageError(
            "passwords are never taken from the command line; use --password-fd N or the terminal");
    const auto username = checkedUsername(args.takePositionals(1, usage)[0]);

    Secret current =
        readSecret(currentFd, "--current-password-fd", "Current password for " + username, false);
    Secret next = readSecret(newFd, "--password-fd", "New password for " + username, /*confirm=*/true);
    if (next.size() < 8)
        throw Refused("a staff password has at least 8 characters");
    if (next.view() == current.view())
        throw Refused("the new password must differ from the current one");
    auto conn = ctx.connect();
    requireWorkstation(ctx, *conn);
    // The person's own login; a password an admin reset logs in too, and may then only be changed.
    const OperatorLogin login(*conn, logInStaff(*conn, username, current));
    try {
        auth::changePassword(*conn, login.session, current, next);
    } catch (const pqxx::broken_connection&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        if (const auto why = db::databaseRefusal(e))
            throw Refused(*why);
        throw;
    }
    current.wipe();
    next.wipe();
    ctx.print({{QStringLiteral("username"), QString::fromStdString(username)},
               {QStringLiteral("done"), QStringLiteral("passwd")}},
              "the password of " + username + " is changed");
    return ExitOk;
}

} // namespace

int staffCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (!sub)
        throw UsageError(std::string("usage: ") + kUsage);
    if (*sub == "list")
        return list(ctx, args);
    if (*sub == "add")
        return add(ctx, args);
    if (*sub == "disable" || *sub == "enable" || *sub == "unlock" || *sub == "set-role" ||
        *sub == "reset-password")
        return adminChange(ctx, args, *sub);
    if (*sub == "passwd")
        return passwd(ctx, args);
    throw UsageError("unknown staff command " + *sub + "\nusage: " + kUsage);
}

} // namespace countersign::ctl
