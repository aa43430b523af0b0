#include "backend/ctl/ctl.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/config.h"
#include "backend/ctl/arguments.h"
#include "backend/ctl/cacommands.h"
#include "backend/ctl/context.h"
#include "backend/ctl/doctorcommands.h"
#include "backend/ctl/feecommands.h"
#include "backend/ctl/feeschedulecommands.h"
#include "backend/ctl/legacycommands.h"
#include "backend/ctl/lettercommands.h"
#include "backend/ctl/recordcommands.h"
#include "backend/ctl/reportcommands.h"
#include "backend/ctl/retentioncommands.h"
#include "backend/ctl/searchcommands.h"
#include "backend/ctl/staffcommands.h"
#include "backend/ctl/stockcommands.h"
#include "backend/ctl/tokencommands.h"
#include "backend/ctl/workflowcommands.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"
#include "backend/secretinput.h"
#include "db/auditlog.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "db/workstationstore.h"

namespace countersign::ctl {

namespace {

const char* const kHelp = R"(countersignctl — Countersign from the command line

usage: countersignctl [--config FILE] [--json] COMMAND [ARGS…]

  --config FILE   configuration file (default: $COUNTERSIGN_CONFIG, else /etc/xdg/countersign/countersign.conf)
  --json          print results as JSON on stdout
  --help          this text;  --version  the program's version

The database is [database] dsn in the configuration, else libpq's environment (PGHOST, PGPORT, PGUSER,
PGDATABASE, PGPASSWORD, PGSERVICE …).

commands:
  db migrate                    apply pending schema migrations (a no-op when up to date)
  db status                     print the schema version of the database and of this program
  validate uscc CODE            check a unified social credit code (GB 32100-2015)
  validate id NUMBER            check a resident ID number (GB 11643-1999, incl. birth date)
  validate taxpayer CODE        check a company ID: USCC or legacy 15/20-character taxpayer ID
  centre add --name NAME [--region R] CODE
                                register a service centre
  counter add --centre CODE [--name NAME] [--login ROLE] CODE
                                register a counter of a centre (as the database owner)
  counter bind --centre CODE --login ROLE CODE
                                bind a counter to its own database login role: the database then
                                knows the counter from its connection alone
%STAFF%
  token list                    the keys in the writer, with their certificates (--json)
  token info SERIAL             one key
  token init [SERIAL] [--label L] [--factory-so-pin-fd N] --operator NAME
                                initialise a blank key (no SERIAL: the one blank key in the writer) with
                                its derived SO PIN; a vendor key on its factory SO PIN gets it from fd N
                                (read once), else from its model (stock model set)
  token set-pin SERIAL --operator NAME
                                set the first user PIN (new PIN asked twice, or --new-pin-fd N)
  token verify-pin SERIAL       check the user PIN once (--pin-fd N); never retried
  token unlock SERIAL --operator NAME
                                unlock a locked PIN with the derived SO PIN and a new user PIN
  token keygen SERIAL --alg rsa2048|rsa3072|ec-p256 --subject "/C=CN/O=…/CN=…"
                                generate a key pair on the key; prints the CSR (PEM) it signed
  token write-cert SERIAL CERT.pem [--chain CHAIN.pem]
                                write a certificate next to its key pair, and its CA chain
  token selftest SERIAL         sign a challenge on the key, verify it with the written certificate
  token retire SERIAL --yes --operator NAME
                                wipe the key back to blank
    init, set-pin, unlock and retire use the SO PIN: an admin's work, --operator NAME with the password
    from --password-fd N or the terminal; the database checks the admin and records it before the key
    is touched.
    token options: --module PATH (default [pkcs11] module), --pin-fd N, --new-pin-fd N,
    --confirm-final-try (send the PIN although one wrong try would lock the key), --agent-id ID (the
    new PIN must not be the agent's birth date). PINs are never taken from the command line.

  ca init [--alg ec-p256|rsa2048|rsa3072]
                                make the built-in root and issuing CA ([ca] key_file gets the issuing key,
                                key_file.root the root key: keep that one offline)
  ca issue --csr FILE --profile enterprise-tax --subject-from-json FILE --request-id ID --operator NAME
                                issue a certificate (an admin); the subject ({"company": …, "uscc": …}) comes
                                from the checked papers, never from the CSR; the same request id never
                                issues twice
  ca revoke SERIAL --reason R --operator NAME
                                revoke (an admin) with an RFC 5280 reason (keyCompromise, superseded, …)
  ca crl [--out FILE]           a new CRL signed by the issuing CA (crlNumber increases)
  ca crl --publish DIR          the same, written atomically (mode 0644) to DIR under the name of [ca]
                                crl_url's last part (DER; PEM when it ends in .pem), where that URL is served
                                from; countersign-crl.timer runs it every 6 hours, and with [ca]
                                crl_publish_dir set the built-in CA publishes there after each revocation
  ca export-chain [--out FILE]  the issuing and root CA certificates (PEM)
  ca status SERIAL              good, revoked (with reason and time) or unknown (exit 1)

  letter verify [--trust-anchor PEM]… [--signer-cert PEM… --signer-office CODE]
                (--payload TEXT | --payload-file FILE | --image FILE)
                                check an assistance letter (协办函): prints every check; exit 0 only when all
                                pass (the database is asked whether the letter was used already)
  letter demo-issuer init --dir DIR
                                make a DEMO tax-office issuer (demo and tests only)
  letter demo-issue --dir DIR --uscc U --org O --agent-name N --agent-id ID [--issued DATE] [--expires DATE]
                                sign a DEMO letter; writes its QR as text and PNG
  letter trust add (--anchor PEM | --signer PEM --office CODE) [--operator ADMIN [--password-fd N]]
                                trust a tax authority's root (anchor) or register a letter signer's
                                certificate for the assistance letters of one tax office: an admin's work (or
                                the installer's, with the database owner's login)
  letter trust disable (--anchor PEM | --signer PEM) [--operator ADMIN [--password-fd N]]
                                a disabled anchor or signer is trusted for no letter from then on (an admin's
                                work, audited)
  letter trust list             the trusted anchors and signers

%OPERATIONS%
exit status:
  0  done, or the code/number is valid
  1  invalid or refused: the reason is on stderr (and in the JSON)
  2  usage error
  3  environment error: configuration unreadable, database unreachable, database newer than this program,
     PKCS#11 module not loadable, SO PIN master secret missing or unsafe
)";

int dbCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (!sub || (*sub != "migrate" && *sub != "status"))
        throw UsageError("usage: countersignctl db migrate|status");
    args.expectEmpty("countersignctl db " + *sub);
    auto conn = ctx.connect();
    const db::Migrator migrator;
    if (*sub == "migrate") {
        const auto applied = migrator.migrate(*conn);
        QJsonArray list;
        std::string text;
        for (const auto& m : applied) {
            list.append(QJsonObject{{QStringLiteral("version"), m.version},
                                    {QStringLiteral("name"), QString::fromStdString(m.name)}});
            text += "applied " + std::to_string(m.version) + " " + m.name + "\n";
        }
        text += applied.empty() ? "database already at version " + std::to_string(migrator.latestVersion())
                                : "database now at version " + std::to_string(migrator.latestVersion());
        ctx.print({{QStringLiteral("applied"), list}, {QStringLiteral("version"), migrator.latestVersion()}},
                  text);
        return ExitOk;
    }
    const auto s = migrator.status(*conn);
    std::string state = s.newerThanProgram() ? "newer than this program"
                        : s.upToDate()       ? "up to date"
                                             : "behind";
    ctx.print({{QStringLiteral("version"), s.current},
               {QStringLiteral("latest"), s.latest},
               {QStringLiteral("pending"), static_cast<int>(s.pending.size())},
               {QStringLiteral("state"), QString::fromStdString(state)}},
              "schema version " + std::to_string(s.current) + " (this program: " + std::to_string(s.latest) +
                  ", " + state + ")");
    if (s.newerThanProgram())
        throw db::DatabaseTooNew(s.current, s.latest);
    return ExitOk;
}

int validateCommand(Context& ctx, Arguments& args) {
    const auto kind = args.takeWord();
    if (!kind || (*kind != "uscc" && *kind != "id" && *kind != "taxpayer"))
        throw UsageError("usage: countersignctl validate uscc|id|taxpayer VALUE");
    const auto value = args.takePositionals(1, "countersignctl validate " + *kind + " VALUE")[0];
    IdCheck check;
    std::string what;
    if (*kind == "uscc") {
        check = checkUscc(value);
        what = "USCC";
    } else if (*kind == "id") {
        check = checkResidentId(value, Date::today());
        what = "resident ID";
    } else {
        check = checkTaxpayerId(value, Date::today());
        what = "taxpayer ID";
    }
    const std::string reason = check.ok() ? std::string() : describe(check, what);
    ctx.print({{QStringLiteral("valid"), check.ok()},
               {QStringLiteral("value"), QString::fromStdString(check.ok() ? check.normalised : value)},
               {QStringLiteral("reason"), QString::fromStdString(reason)}},
              check.ok() ? check.normalised + ": valid " + what : value + ": invalid " + what);
    if (!check.ok()) {
        std::cerr << "countersignctl: " << reason << '\n';
        return ExitRefused;
    }
    return ExitOk;
}

int centreCommand(Context& ctx, Arguments& args) {
    const std::string usage = "countersignctl centre add --name NAME [--region R] CODE";
    if (args.takeWord() != std::optional<std::string>("add"))
        throw UsageError("usage: " + usage);
    const auto name = args.takeOption("--name");
    const auto region = args.takeOption("--region").value_or("");
    const auto code = args.takePositionals(1, usage)[0];
    if (!name || name->empty())
        throw UsageError("--name is required\nusage: " + usage);
    auto conn = ctx.connect();
    pqxx::work tx{*conn};
    db::WorkstationStore stations{tx};
    if (stations.centreId(code))
        throw Refused("centre " + code + " already exists");
    const long long id = stations.addCentre(code, *name, region);
    tx.commit();
    ctx.print({{QStringLiteral("id"), id},
               {QStringLiteral("code"), QString::fromStdString(code)},
               {QStringLiteral("name"), QString::fromStdString(*name)}},
              "centre " + code + " (" + *name + ") added");
    return ExitOk;
}

int counterCommand(Context& ctx, Arguments& args) {
    const std::string usage = "countersignctl counter add --centre CODE [--name NAME] [--login ROLE] CODE\n"
                              "       countersignctl counter bind --centre CODE --login ROLE CODE";
    const auto verb = args.takeWord();
    if (verb != std::optional<std::string>("add") && verb != std::optional<std::string>("bind"))
        throw UsageError("usage: " + usage);
    const bool add = *verb == "add";
    const auto centre = args.takeOption("--centre");
    const auto name = args.takeOption("--name").value_or("");
    const auto login = args.takeOption("--login");
    const auto code = args.takePositionals(1, usage)[0];
    if (!centre)
        throw UsageError("--centre is required\nusage: " + usage);
    if (!add && !login)
        throw UsageError("--login is required\nusage: " + usage);
    auto conn = ctx.connect();
    pqxx::work tx{*conn};
    db::WorkstationStore stations{tx};
    const auto centreId = stations.centreId(*centre);
    if (!centreId)
        throw Refused("centre " + *centre + " does not exist; add it with countersignctl centre add");
    const auto existing = stations.findCounter(*centre, code);
    if (add && existing)
        throw Refused("counter " + code + " of centre " + *centre + " already exists");
    if (!add && !existing)
        throw Refused("counter " + code + " of centre " + *centre + " does not exist; add it first");
    const long long id = add ? stations.addCounter(*centreId, code, name) : existing->counterId;
    if (add) // the counter's audit chain starts with its own registration
        db::AuditLog{tx}.append({id, std::nullopt, "counter.registered", *centre + "/" + code,
                                 compact({{QStringLiteral("via"), QStringLiteral("countersignctl")}})});
    if (login) {
        if (tx.exec_params1("SELECT count(*) FROM pg_roles WHERE rolname = $1", *login)[0].as<int>() != 1)
            throw Refused("there is no database login role " + *login +
                          "; make it with: setup.sh counter-role " + *login);
        stations.bindLogin(id, *login);
        db::AuditLog{tx}.append({id, std::nullopt, "counter.login_bound", *centre + "/" + code,
                                 compact({{QStringLiteral("login"), QString::fromStdString(*login)}})});
    }
    tx.commit();
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("centre"), QString::fromStdString(*centre)},
                    {QStringLiteral("code"), QString::fromStdString(code)}};
    if (login)
        out.insert(QStringLiteral("login"), QString::fromStdString(*login));
    ctx.print(out,
              "counter " + code + " of centre " + *centre + (add ? " added" : "") +
                  (login ? (add ? ", " : " ") + std::string("bound to the database login ") + *login : ""));
    return ExitOk;
}

} // namespace

int run(const std::vector<std::string>& argv, std::function<void(const std::string&)> stepHook) {
    bool json = false;
    try {
        Arguments args(argv);
        if (args.takeFlag("--help") || args.takeFlag("-h") || argv.empty()) {
            std::string help = kHelp;
            help.replace(help.find("%STAFF%\n"), 8, kStaffCommandsHelp);
            help.replace(help.find("%OPERATIONS%"), 12,
                         std::string(kWorkflowCommandsHelp) + kFeeCommandsHelp + kFeeScheduleCommandsHelp +
                             kRecordCommandsHelp + kSearchCommandsHelp + kStockCommandsHelp +
                             kReportCommandsHelp + kDoctorCommandHelp + kLegacyCommandsHelp +
                             kRetentionCommandsHelp);
            std::cout << help;
            return argv.empty() ? ExitUsage : ExitOk;
        }
        // "fees show CODE --version N" names a fee schedule version: there --version is the command's.
        const bool feeVersion = std::find(argv.begin(), argv.end(), "fees") != argv.end();
        if (!feeVersion && args.takeFlag("--version")) {
            std::cout << "countersignctl " COUNTERSIGN_VERSION "\n";
            return ExitOk;
        }
        Context ctx;
        ctx.stepHook = std::move(stepHook);
        ctx.json = json = args.takeFlag("--json");
        const auto configPath = args.takeOption("--config");
        try {
            ctx.config = loadConfig(configPath ? QString::fromStdString(*configPath) : defaultConfigPath());
        } catch (const std::runtime_error& e) {
            throw EnvironmentError(e.what());
        }
        const auto command = args.takeWord();
        if (!command)
            throw UsageError("no command given; see countersignctl --help");
        if (isSearchCommand(*command, args))
            return searchCommand(ctx, *command, args);
        if (*command == "db")
            return dbCommand(ctx, args);
        if (*command == "validate")
            return validateCommand(ctx, args);
        if (*command == "centre")
            return centreCommand(ctx, args);
        if (*command == "counter")
            return counterCommand(ctx, args);
        if (*command == "staff")
            return staffCommand(ctx, args);
        if (*command == "token")
            return tokenCommand(ctx, args);
        if (*command == "ca")
            return caCommand(ctx, args);
        if (*command == "letter")
            return letterCommand(ctx, args);
        if (*command == "new" || *command == "renew" || *command == "upgrade" || *command == "replace" ||
            *command == "unlock")
            return operationCommand(ctx, args, *command);
        if (*command == "recover")
            return recoverCommand(ctx, args);
        if (*command == "transaction")
            return transactionCommand(ctx, args);
        if (*command == "invoices")
            return invoicesCommand(ctx, args);
        if (*command == "fees")
            return feesCommand(ctx, args);
        if (*command == "refund")
            return refundCommand(ctx, args);
        if (*command == "audit")
            return auditCommand(ctx, args);
        if (*command == "receipt")
            return receiptCommand(ctx, args);
        if (*command == "stock")
            return stockCommand(ctx, args);
        if (*command == "doctor")
            return doctorCommand(ctx, args);
        if (*command == "report")
            return reportCommand(ctx, args);
        if (*command == "day")
            return dayCommand(ctx, args);
        if (*command == "certificates")
            return certificatesCommand(ctx, args);
        if (*command == "retention")
            return retentionCommand(ctx, args);
        throw UsageError("unknown command " + *command + "; see countersignctl --help");
    } catch (const UsageError& e) {
        std::cerr << "countersignctl: " << e.what() << '\n';
        return ExitUsage;
    } catch (const Refused& e) {
        if (json)
            std::cout << compact({{QStringLiteral("error"), QString::fromUtf8(e.what())}}) << '\n';
        std::cerr << "countersignctl: " << e.what() << '\n';
        return ExitRefused;
    } catch (const db::DatabaseTooNew& e) {
        std::cerr << "countersignctl: " << e.what() << '\n';
        return ExitEnvironment;
    } catch (const EnvironmentError& e) {
        std::cerr << "countersignctl: " << e.what() << '\n';
        return ExitEnvironment;
    } catch (const pqxx::broken_connection& e) {
        std::cerr << "countersignctl: the database connection was lost: " << db::describeDatabaseError(e)
                  << '\n';
        return ExitEnvironment;
    } catch (const pqxx::sql_error& e) {
        // A rule of the database refused it (an ended session, another person's record …): in its words.
        if (const auto why = db::databaseRefusal(e)) {
            if (json)
                std::cout << compact({{QStringLiteral("error"),
                                       QString::fromStdString("refused by the database: " + *why)}})
                          << '\n';
            std::cerr << "countersignctl: refused by the database: " << *why << '\n';
            return ExitRefused;
        }
        std::cerr << "countersignctl: database error: " << db::describeDatabaseError(e) << '\n';
        return ExitEnvironment;
    } catch (const std::exception& e) {
        std::cerr << "countersignctl: " << e.what() << '\n';
        return ExitRefused;
    }
}

} // namespace countersign::ctl
