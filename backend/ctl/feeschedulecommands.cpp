#include "backend/ctl/feeschedulecommands.h"

#include <QJsonArray>
#include <QJsonObject>

#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/auth/role.h"
#include "backend/fees/schedules.h"
#include "backend/fees/textcheck.h"
#include "backend/money.h"
#include "backend/secretinput.h"

namespace countersign::ctl {

const char* const kFeeScheduleCommandsHelp =
    R"(  fees list                     every fee schedule and its versions: validity, in force / future / past,
                                and the one in force at this centre today (--json)
  fees show [CODE] [--version N | --date YYYY-MM-DD] [--operation OP]
                                a schedule version's rules: the one in force at this centre ([fees]
                                schedule) today, or of CODE (in force on --date, or version N)
  fees add-version --file F --operator ADMIN [--password-fd N] --approver NAME
                   [--approver-password-fd N] [--reason TEXT]
                                add the next version of a fee schedule, taking effect on its valid_from (after
                                today; it replaces the version before it from that day); an admin's work,
                                approved by another admin or a supervisor, bound to exactly this content.
                                F is )"
    R"(a JSON object:
                                  {"code": "ningbo", "name": "Ningbo tax CA (iTrus), 2027",
                                   "valid_from": "2027-01-01",  (after today)
                                   "region": "…", "centre": "TJ01",  (optional: kept from the schedule)
                                   "rules": [{"operation": "RENEW",  (NEW RENEW UPGRADE REPLACE UNLOCK)
                                              "condition": "default",  (default first_certificate
                                                  further_certificate damage_waiver; damage_waiver <= 0)
                                              "amount": "160.00",  (yuan as a string; or "amount_fen": 16000)
                                              "description": "annual service fee"}, …]}
)";

namespace {

const char* const kUsage =
    "countersignctl fees list\n"
    "       countersignctl fees show [CODE] [--version N | --date YYYY-MM-DD] "
    "[--operation OP]\n"
    "       countersignctl fees add-version --file F --operator ADMIN [--password-fd N] "
    "--approver NAME [--approver-password-fd N] [--reason TEXT]";

const char* statusWords(const std::string& status) {
    return status == "in_force" ? "in force" : status == "future" ? "future" : "past";
}

int list(Context& ctx, Arguments& args) {
    args.expectEmpty(kUsage);
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn, "fees list"};
    const long long centreId = requireWorkstation(ctx, tx).centreId;
    const auto versions =
        fees::listScheduleVersions(tx, centreId, ctx.config.feeSchedule.toStdString(), Date::today());
    QJsonArray out;
    std::string text;
    for (const auto& v : versions) {
        out.append(QJsonObject{{QStringLiteral("code"), QString::fromStdString(v.code)},
                               {QStringLiteral("version"), v.version},
                               {QStringLiteral("name"), QString::fromStdString(v.name)},
                               {QStringLiteral("region"), QString::fromStdString(v.region)},
                               {QStringLiteral("centre"), QString::fromStdString(v.centre)},
                               {QStringLiteral("valid_from"), QString::fromStdString(v.validFrom)},
                               {QStringLiteral("valid_to"), QString::fromStdString(v.validTo)},
                               {QStringLiteral("status"), QString::fromStdString(v.status)},
                               {QStringLiteral("in_force_here"), v.inForceHere},
                               {QStringLiteral("created_by"), QString::fromStdString(v.createdBy)},
                               {QStringLiteral("approved_by"), QString::fromStdString(v.approvedBy)}});
        std::string line = "  " + v.code + " v" + std::to_string(v.version);
        line.resize(std::max<std::size_t>(line.size() + 1, 22), ' ');
        line += v.validFrom + " .. " + (v.validTo.empty() ? std::string("          ") : v.validTo) + "  " +
                statusWords(v.status) + (v.inForceHere ? " here" : "") + "  " + v.name;
        if (!v.approvedBy.empty())
            line += "  (" + v.createdBy + ", approved by " + v.approvedBy + ")";
        text += line + "\n";
    }
    ctx.print({{QStringLiteral("centre"), ctx.config.centreCode},
               {QStringLiteral("date"), QString::fromStdString(Date::today().iso())},
               {QStringLiteral("versions"), out}},
              text.empty() ? "no fee schedules"
                           : "fee schedules at centre " + ctx.config.centreCode.toStdString() + " on " +
                                 Date::today().iso() + ":\n" + text.substr(0, text.size() - 1));
    return 0;
}

int show(Context& ctx, Arguments& args) {
    const std::string operation = args.takeOption("--operation").value_or("");
    const auto versionText = args.takeOption("--version");
    const auto dateText = args.takeOption("--date");
    const auto code = args.takeWord();
    args.expectEmpty(kUsage);
    if (versionText && dateText)
        throw UsageError("give --version N or --date YYYY-MM-DD, not both");
    std::optional<int> version;
    if (versionText) {
        try {
            std::size_t used = 0;
            version = std::stoi(*versionText, &used);
            if (used != versionText->size() || *version < 1)
                throw std::invalid_argument("version");
        } catch (const std::exception&) {
            throw UsageError("--version must be a version number (1, 2, …), not " +
                             fees::printable(*versionText));
        }
    }
    std::optional<Date> date;
    if (dateText) {
        date = Date::parse(*dateText);
        if (!date)
            throw UsageError("--date must be a day as YYYY-MM-DD, not " + fees::printable(*dateText));
    }
    if ((version || date) && !code)
        throw UsageError("--version and --date go with a schedule's CODE (see 'fees list')");
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn, "fees show"};
    fees::FeeScheduleInfo info;
    if (code) {
        info = fees::scheduleVersion(tx, *code, version, date, operation);
    } else {
        const long long centreId = requireWorkstation(ctx, tx).centreId;
        info = fees::scheduleInForce(tx, centreId, ctx.config.feeSchedule.toStdString(), Date::today(),
                                     operation);
    }
    QJsonArray rules;
    std::string text =
        "fee schedule " + info.code + " version " + std::to_string(info.version) + " (" + info.name +
        "), valid from " + info.validFrom + (info.validTo.empty() ? "" : " to " + info.validTo) +
        (code ? std::string() : ", in force at centre " + ctx.config.centreCode.toStdString()) + "\n";
    for (const auto& r : info.rules) {
        rules.append(QJsonObject{{QStringLiteral("operation"), QString::fromStdString(r.operation)},
                                 {QStringLiteral("condition"), QString::fromStdString(r.condition)},
                                 {QStringLiteral("amount_fen"), static_cast<qint64>(r.amountFen)},
                                 {QStringLiteral("amount_yuan"), QString::fromStdString(yuan(r.amountFen))},
                                 {QStringLiteral("description"), QString::fromStdString(r.description)}});
        const std::string amount = yuan(r.amountFen);
        std::string line = "  " + r.operation;
        line.resize(11, ' ');
        line += r.condition;
        line.resize(33, ' ');
        line += std::string(amount.size() < 10 ? 10 - amount.size() : 0, ' ') + amount + "  " + r.description;
        text += line + "\n";
    }
    if (info.rules.empty())
        text += "  (no rules" + (operation.empty() ? std::string() : " for " + operation) + ": no fee)\n";
    ctx.print({{QStringLiteral("schedule"),
                QJsonObject{{QStringLiteral("code"), QString::fromStdString(info.code)},
                            {QStringLiteral("version"), info.version},
                            {QStringLiteral("name"), QString::fromStdString(info.name)},
                            {QStringLiteral("valid_from"), QString::fromStdString(info.validFrom)},
                            {QStringLiteral("valid_to"), QString::fromStdString(info.validTo)}}},
               {QStringLiteral("centre"), ctx.config.centreCode},
               {QStringLiteral("rules"), rules}},
              text.substr(0, text.size() - 1));
    return 0;
}

int addVersion(Context& ctx, Arguments& args) {
    // The command line and the file are checked whole before anyone's password is read.
    const auto file = args.takeOption("--file");
    const auto approverName = args.takeOption("--approver");
    const auto approverFd = args.takeOption("--approver-password-fd");
    const std::string reason = args.takeOption("--reason").value_or("new fee schedule version");
    if (args.takeOption("--approver-password"))
        throw UsageError(
            "passwords are never taken from the command line; use --approver-password-fd N or the "
            "terminal");
    withoutLogin(args).expectEmpty(kUsage);
    if (!file)
        throw UsageError("--file F is required: the new version as JSON (see countersignctl --help)");
    if (!approverName || approverName->empty())
        throw UsageError(
            "--approver NAME is required: a new fee schedule version needs a second person, another "
            "admin or a supervisor");
    fees::NewScheduleVersion version;
    try {
        version = fees::parseScheduleVersionJson(readFile(*file), Date::today());
    } catch (const fees::FeeError& e) {
        throw Refused(*file + ": " + e.what() + "; nothing was added");
    }

    auto conn = ctx.connect();
    const long long counterId = requireWorkstation(ctx, *conn).counterId;
    const auto login = logInOperator(*conn, args);
    args.expectEmpty(kUsage);
    const auth::StaffIdentity& admin = login.staff;
    if (!auth::administers(admin.role))
        throw Refused(admin.username + " is " + auth::roleName(admin.role) +
                      ": adding a fee schedule version is an admin's work");
    const std::string what = "fee schedule " + version.code + " from " + version.validFrom;
    approvals::Approver approver;
    try {
        approver = approvals::verifyApprover(
            *conn, login.session,
            {*approverName, readSecret(approverFd, "--approver-password-fd",
                                       "Password for approver " + *approverName, false)},
            approvals::ApprovalKind::FeeSchedule);
    } catch (const approvals::ApprovalRefused& e) {
        throw Refused(what + " was not approved: " + e.what());
    }
    int number = 0;
    long long approvalId = 0;
    try {
        pqxx::work tx{*conn, "fees add-version"};
        approvals::ApprovalRequest request;
        request.kind = approvals::ApprovalKind::FeeSchedule;
        request.requestedBy = admin.id;
        request.counterId = counterId;
        request.subject = what;
        request.reason = reason;
        request.approves = fees::scheduleVersionApprovalText(version);
        approvalId = approvals::recordApproval(tx, request, approver);
        number = fees::addScheduleVersion(tx, *login.session, approvalId, version);
        tx.commit();
    } catch (const fees::FeeError& e) {
        throw Refused(what + " was refused: " + e.what());
    } catch (const approvals::ApprovalRefused& e) {
        throw Refused(what + " was not approved: " + e.what());
    }
    ctx.print({{QStringLiteral("code"), QString::fromStdString(version.code)},
               {QStringLiteral("version"), number},
               {QStringLiteral("valid_from"), QString::fromStdString(version.validFrom)},
               {QStringLiteral("rules"), static_cast<int>(version.rules.size())},
               {QStringLiteral("approval_id"), static_cast<qint64>(approvalId)},
               {QStringLiteral("approved_by"), QString::fromStdString(approver.staff.username)}},
              "fee schedule " + version.code + " version " + std::to_string(number) +
                  " added: in force from " + version.validFrom + ", " + std::to_string(version.rules.size()) +
                  " rules, approved by " + approver.staff.username);
    return 0;
}

} // namespace

int feeScheduleCommand(Context& ctx, Arguments& args, const std::string& sub) {
    try {
        if (sub == "list")
            return list(ctx, args);
        if (sub == "show")
            return show(ctx, args);
        if (sub == "add-version")
            return addVersion(ctx, args);
    } catch (const fees::FeeError& e) {
        throw Refused(e.what());
    }
    throw UsageError(std::string("usage: ") + kUsage);
}

} // namespace countersign::ctl
