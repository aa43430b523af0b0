#include "backend/ctl/retentioncommands.h"

#include <optional>

#include <QDate>

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/ctl/adminsession.h"
#include "backend/ctl/ctl.h"
#include "db/connection.h"

namespace countersign::ctl {

const char* const kRetentionCommandsHelp =
    R"(  retention purge [--dry-run] [--before DATE] [--batch N] --operator ADMIN [--password-fd N]
                                personal data past [retention] evidence_years (default 3 years after the
                                certificate expires; after the transaction's end without one): evidence scans
                                deleted, agents' ID numbers and mobiles blanked (a salted digest kept for
                                matching); transactions, receipts and the audit log stay whole; audited
                                retention.purged with the counts. --before DATE (YYYY-MM-DD, not after today):
                                what was past retention then; --dry-run: count only; N rows a batch (1000)
  retention purge --scheduled [--batch N]
                                the nightly countersign-retention.timer: the same purge as of now, with the
                                timer's own database login ([retention] dsn, a member of countersign_retention
                                that may run this purge and nothing else), audited in this counter's chain

)";

namespace {

const char* const kUsage =
    "countersignctl retention purge [--dry-run] [--before YYYY-MM-DD] [--batch N] --operator ADMIN "
    "[--password-fd N]\n       countersignctl retention purge --scheduled [--batch N]";

struct Counts {
    long long evidence = 0;
    long long letters = 0;
    long long agents = 0;
    Counts& operator+=(const Counts& o) {
        evidence += o.evidence;
        letters += o.letters;
        agents += o.agents;
        return *this;
    }
    bool full(int batch) const { return evidence >= batch || letters >= batch || agents >= batch; }
};

Counts countsOf(const pqxx::row& r) {
    return {r[0].as<long long>(), r[1].as<long long>(), r[2].as<long long>()};
}

int batchOf(Arguments& args) {
    const auto text = args.takeOption("--batch");
    if (!text)
        return 1000;
    std::size_t used = 0;
    int n = 0;
    try {
        n = std::stoi(*text, &used);
    } catch (const std::exception&) {
    }
    if (used != text->size() || n < 1 || n > 100000)
        throw UsageError("--batch must be a number of rows from 1 to 100000");
    return n;
}

/// Calls `call` (one database transaction, committed) until a batch comes back short.
template <typename Call> Counts inBatches(pqxx::connection& conn, int batch, Call call) {
    Counts total;
    for (;;) {
        pqxx::work tx{conn, "retention purge"};
        const Counts got = countsOf(call(tx));
        tx.commit();
        total += got;
        if (!got.full(batch))
            return total;
    }
}

std::string sqlMessage(const pqxx::sql_error& e) {
    std::string m = e.what();
    if (const auto nl = m.find('\n'); nl != std::string::npos)
        m.resize(nl);
    if (m.rfind("ERROR:", 0) == 0)
        m = m.substr(m.find_first_not_of(' ', 6));
    return m;
}

int report(const Context& ctx, const Counts& c, bool dry, int years) {
    const std::string what = std::to_string(c.evidence) + " evidence scan(s), " + std::to_string(c.letters) +
                             " letter(s) and " + std::to_string(c.agents) + " agent(s)";
    ctx.print({{QStringLiteral("dry_run"), dry},
               {QStringLiteral("years"), years},
               {QStringLiteral("evidence"), c.evidence},
               {QStringLiteral("letters"), c.letters},
               {QStringLiteral("agents"), c.agents}},
              (dry ? "past retention (" + std::to_string(years) + " years), not purged (dry run): "
                   : "purged, past retention (" + std::to_string(years) + " years): ") +
                  what);
    return ExitOk;
}

int scheduled(Context& ctx, Arguments& args) {
    const int batch = batchOf(args);
    args.expectEmpty(kUsage);
    if (ctx.config.counterCode.isEmpty())
        throw UsageError(
            "[workstation] counter is not configured: the purge is audited in that counter's chain");
    const std::string dsn = ctx.config.retentionDsn.toStdString();
    std::unique_ptr<pqxx::connection> conn;
    try {
        conn = dsn.empty() ? ctx.connect() : db::openConnection(dsn);
    } catch (const pqxx::broken_connection& e) {
        throw EnvironmentError("cannot connect to the database as the retention login: " +
                               db::describeDatabaseError(e));
    }
    const int years = ctx.config.retentionEvidenceYears;
    const std::string counter = ctx.config.counterCode.toStdString();
    try {
        const Counts c = inBatches(*conn, batch, [&](pqxx::work& tx) {
            return tx.exec_params1("SELECT * FROM countersign.retention_purge_due($1, $2, $3)", counter,
                                   years, batch);
        });
        return report(ctx, c, false, years);
    } catch (const pqxx::sql_error& e) {
        throw Refused("nothing more was purged: " + sqlMessage(e));
    }
}

int purge(Context& ctx, Arguments& args) {
    if (args.takeFlag("--scheduled"))
        return scheduled(ctx, args);
    const bool dry = args.takeFlag("--dry-run");
    const int batch = batchOf(args);
    std::optional<std::string> before;
    if (const auto text = args.takeOption("--before")) {
        const QDate d = QDate::fromString(QString::fromStdString(*text), Qt::ISODate);
        if (!d.isValid() || text->size() != 10)
            throw UsageError("--before needs a date as YYYY-MM-DD, not " + *text);
        // The day begins at midnight in the centres' zone (China Standard Time).
        before = *text + " 00:00:00+08";
    }
    // Usage mistakes are reported before the password is asked for.
    {
        Arguments rest = args;
        const bool hasOperator = rest.takeOption("--operator").has_value();
        rest.takeOption("--password-fd");
        rest.expectEmpty(kUsage);
        if (!hasOperator)
            throw UsageError("--operator ADMIN is required: an admin purges\nusage: " + std::string(kUsage));
    }
    const int years = ctx.config.retentionEvidenceYears;
    auto conn = ctx.connect();
    const AdminSession admin(*conn, args);
    try {
        const auto call = [&](pqxx::work& tx) {
            return tx.exec_params1(
                "SELECT * FROM countersign.retention_purge($1, $2, $3::timestamptz, $4, $5)",
                admin.session().c_str(), years, before, dry, batch);
        };
        const Counts c = dry ? [&] {
            pqxx::work tx{*conn, "retention dry run"};
            return countsOf(call(tx));
        }()
                             : inBatches(*conn, batch, call);
        return report(ctx, c, dry, years);
    } catch (const pqxx::sql_error& e) {
        throw Refused("nothing more was purged: " + sqlMessage(e));
    }
}

} // namespace

int retentionCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub == std::optional<std::string>("purge"))
        return purge(ctx, args);
    throw UsageError("usage: " + std::string(kUsage));
}

} // namespace countersign::ctl
