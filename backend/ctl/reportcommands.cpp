#include "backend/ctl/reportcommands.h"

#include <cstdio>
#include <iostream>

#include <QJsonArray>
#include <QJsonDocument>

#include <pqxx/transaction>

#include "backend/ctl/ctl.h"
#include "backend/dayclose/dayclose.h"
#include "backend/money.h"
#include "backend/privatefile.h"
#include "backend/reports/reportfiles.h"
#include "db/reportexport.h"
#include "db/reports.h"

namespace countersign::ctl {

const char* const kReportCommandsHelp =
    R"(  report daily [--centre CODE] --date D
  report range [--centre CODE] --from D --to D
  report centres --from D --to D
  report expiring [--days N] [--centre CODE]
    report options: [--format text|csv|json|pdf] [--out FILE]
                                the daily report (日报) of a centre (default: this workstation's) — a closed
                                day's is the snapshot signed at its close —, a range of days (at most 366),
                                every centre over a range (head office), or the active certificates that
                                expire in the next N days (default 60); dates YYYY-MM-DD; pdf needs --out
  day preview [--centre CODE] --date D
                                the day's figures, the cash expected and what stands in the way of closing
                                it (open transactions); exit 1 when it can't be closed now
  day close [--centre CODE] --date D --counted-cash YUAN --supervisor NAME [--supervisor-password-fd N]
                                close the day (日结): the supervisor (or an admin) of the centre signs with
                                their password (from descriptor N, else the terminal); the day's figures are
                                frozen and its records can no longer be changed

)";

namespace {

const char* const kReportUsage =
    "countersignctl report daily [--centre CODE] --date D | range [--centre CODE] --from D --to D |\n"
    "       centres --from D --to D | expiring [--days N] [--centre CODE]  "
    "[--format text|csv|json|pdf] [--out FILE]";
const char* const kDayUsage =
    "countersignctl day preview [--centre CODE] --date D\n"
    "       countersignctl day close [--centre CODE] --date D --counted-cash YUAN --supervisor NAME "
    "[--supervisor-password-fd N]";

QDate parseDate(const std::optional<std::string>& text, const std::string& option, const std::string& usage) {
    if (!text)
        throw UsageError(option + " YYYY-MM-DD is required\nusage: " + usage);
    const QDate d = QDate::fromString(QString::fromStdString(*text), Qt::ISODate);
    if (!d.isValid() || text->size() != 10)
        throw UsageError(option + " needs a date as YYYY-MM-DD, not " + *text);
    return d;
}

reports::Centre requireCentre(const Context& ctx, pqxx::transaction_base& tx,
                              const std::optional<std::string>& code) {
    const std::string c = code ? *code : ctx.config.centreCode.toStdString();
    if (c.empty())
        throw UsageError("--centre CODE is required (no workstation centre is configured)");
    const auto centre = reports::findCentre(tx, c);
    if (!centre)
        throw Refused("there is no centre " + c);
    return *centre;
}

std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string rpad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string local(const QDateTime& t) {
    return t.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toStdString();
}

std::string figuresText(const reports::Figures& f, bool operators) {
    std::string t = "  " + pad("operation", 10) + rpad("completed", 10) + rpad("failed", 8) +
                    rpad("compensated", 12) + rpad("unfinished", 11) + rpad("total", 8) + rpad("waivers", 8) +
                    rpad("waived", 10) + "\n";
    const auto opLine = [](const std::string& name, const reports::Counts& c, long long waivers,
                           long long waived) {
        return "  " + pad(name, 10) + rpad(std::to_string(c.completed), 10) +
               rpad(std::to_string(c.failed), 8) + rpad(std::to_string(c.compensated), 12) +
               rpad(std::to_string(c.unfinished), 11) + rpad(std::to_string(c.total()), 8) +
               rpad(std::to_string(waivers), 8) + rpad(yuan(waived), 10) + "\n";
    };
    for (const auto& o : f.byOperation)
        t += opLine(o.kind, o.counts, o.waivers, o.waivedFen);
    t += opLine("TOTAL", f.counts, f.waivers, f.waivedFen);
    if (operators && !f.byOperator.empty()) {
        t += "  by operator:\n";
        for (const auto& p : f.byOperator)
            t += opLine("  " + p.username, p.counts, p.waivers, p.waivedFen);
    }
    t += "  " + pad("method", 12) + rpad("payments", 10) + rpad("paid", 12) + rpad("refunds", 9) +
         rpad("refunded", 12) + rpad("net", 12) + "\n";
    for (const auto& m : f.byMethod)
        t += "  " + pad(m.method, 12) + rpad(std::to_string(m.payments), 10) + rpad(yuan(m.paidFen), 12) +
             rpad(std::to_string(m.refunds), 9) + rpad(yuan(m.refundedFen), 12) + rpad(yuan(m.netFen()), 12) +
             "\n";
    t += "  " + pad("TOTAL", 12) + rpad(std::to_string(f.payments), 10) + rpad(yuan(f.paidFen), 12) +
         rpad(std::to_string(f.refunds), 9) + rpad(yuan(f.refundedFen), 12) +
         rpad(yuan(f.paidFen - f.refundedFen), 12) + "\n";
    t += "  expected cash: " + yuan(f.expectedCashFen()) + " CNY (cash taken " + yuan(f.cashTakenFen) +
         " - cash refunded " + yuan(f.cashRefundedFen) + ")\n";
    t += "  waivers: " + std::to_string(f.waivers) + " (" + yuan(f.waivedFen) + " CNY)\n";
    t += "  keys: " + std::to_string(f.keysIssued) + " taken from stock, " +
         std::to_string(f.keysReturnedDamaged) + " returned damaged, " +
         std::to_string(f.keysReturnedUnused) + " returned unused, " + std::to_string(f.keysReceived) +
         " received, " + std::to_string(f.keysWrittenOff) + " written off\n";
    t += "  letters consumed: " + std::to_string(f.lettersConsumed) + "\n";
    return t;
}

std::string dailyText(const reports::DailyReport& r) {
    std::string t = "daily report of centre " + r.centre.code + " (" + r.centre.name + "), " +
                    r.date.toString(Qt::ISODate).toStdString();
    t += r.closed() ? " — CLOSED (the figures signed at the close)\n"
                    : " — open (figures as at " + local(r.generatedAt) + ", China Standard Time)\n";
    t += figuresText(r.figures, true);
    t += "  stock" + std::string(r.closed() ? " at the close" : " now") + ":";
    if (r.stockLevels.empty())
        t += " no keys";
    for (const auto& l : r.stockLevels)
        t += " " + l.model + " " + std::to_string(l.inStock) + " in stock, " + std::to_string(l.damaged) +
             " damaged;";
    t += "\n";
    if (r.close) {
        const auto& c = *r.close;
        t += "  closed by " + c.closedBy + " (" + c.closedByName + ") at " + local(c.signedAt) +
             (c.counterCode.empty() ? "" : " at counter " + c.counterCode) +
             (c.requestedBy.empty() ? "" : ", asked by " + c.requestedBy) + "\n";
        t += "  counted cash " + yuan(c.countedCashFen) + ", expected " + yuan(c.expectedCashFen) +
             ", difference " + yuan(c.differenceFen()) + " CNY\n";
    }
    return t;
}

std::string summaryLine(const reports::Figures& f) {
    return rpad(std::to_string(f.counts.total()), 8) + rpad(std::to_string(f.counts.completed), 10) +
           rpad(std::to_string(f.counts.failed), 8) + rpad(std::to_string(f.counts.compensated), 12) +
           rpad(yuan(f.paidFen), 14) + rpad(yuan(f.refundedFen), 12) + rpad(yuan(f.expectedCashFen()), 14);
}

std::string summaryHeader(const std::string& first, std::size_t width) {
    return pad(first, width) + rpad("total", 8) + rpad("completed", 10) + rpad("failed", 8) +
           rpad("compensated", 12) + rpad("paid", 14) + rpad("refunded", 12) + rpad("expected cash", 14) +
           "\n";
}

std::string rangeText(const reports::RangeReport& r) {
    std::string t = "centre " + r.centre.code + " (" + r.centre.name + "), " +
                    r.from.toString(Qt::ISODate).toStdString() + " to " +
                    r.to.toString(Qt::ISODate).toStdString() + ": " + std::to_string(r.closedDays()) +
                    " of " + std::to_string(r.days.size()) + " days closed\n";
    t += summaryHeader("  date", 20);
    for (const auto& d : r.days)
        t += pad("  " + d.date.toString(Qt::ISODate).toStdString() + (d.closed ? " closed" : " open"), 20) +
             summaryLine(d.figures) + "\n";
    t += pad("  TOTAL", 20) + summaryLine(r.totals) + "\n";
    t += "totals:\n" + figuresText(r.totals, true);
    return t;
}

std::string centresText(const reports::CentresReport& r) {
    std::string t = "all centres, " + r.from.toString(Qt::ISODate).toStdString() + " to " +
                    r.to.toString(Qt::ISODate).toStdString() + "\n";
    t += summaryHeader("  centre (closed/open days)", 30);
    for (const auto& c : r.centres)
        t += pad("  " + c.centre.code + " (" + std::to_string(c.closedDays) + "/" +
                     std::to_string(c.openDays) + ")",
                 30) +
             summaryLine(c.figures) + "\n";
    t += pad("  TOTAL", 30) + summaryLine(r.totals) + "\n";
    t += "totals:\n" + figuresText(r.totals, false);
    return t;
}

std::string expiringText(const reports::ExpiringReport& r) {
    std::string t = std::to_string(r.certificates.size()) + " active certificate(s) expire in the next " +
                    std::to_string(r.days) + " days" + (r.centre ? " (centre " + r.centre->code + ")" : "") +
                    "\n";
    for (const auto& c : r.certificates)
        t += "  " + local(c.notAfter).substr(0, 10) + "  " + rpad(std::to_string(c.daysLeft), 3) + " days  " +
             pad(c.serial, 42) + " " + pad(c.centreCode, 6) + " " + c.uscc + "  " + c.company +
             (c.keySerial.empty() ? "" : "  key " + c.keySerial) + "\n";
    return t;
}

void writeOutput(const std::optional<std::string>& out, const std::string& data) {
    if (!out) {
        std::cout << data;
        std::cout.flush();
        return;
    }
    try {
        writePrivateFile(*out, data);
    } catch (const PrivateFileError& e) {
        throw Refused(e.what());
    }
}

/// Prints or writes one report in the format asked for: CSV and PDF rendered as the kiosk's exports are
/// (backend/reports/reportfiles.h).
template <typename Report, typename Text>
int emit(const Context& ctx, const std::string& format, const std::optional<std::string>& out,
         const Report& r, Text text) {
    if (format == "json") {
        writeOutput(out, QJsonDocument(reports::toJson(r)).toJson(QJsonDocument::Indented).toStdString());
    } else if (format == "csv") {
        writeOutput(out, reports::render(r, reports::FileFormat::Csv).toStdString());
    } else if (format == "pdf") {
        const QByteArray bytes = reports::render(r, reports::FileFormat::Pdf);
        writeOutput(out, bytes.toStdString());
        if (!ctx.json)
            std::cerr << "countersignctl: wrote " << *out << " (" << bytes.size() << " bytes)\n";
    } else {
        writeOutput(out, text(r));
    }
    return ExitOk;
}

int reportCommand(Context& ctx, Arguments& args, const std::string& kind, const std::string& format,
                  const std::optional<std::string>& out) {
    auto conn = ctx.connect();
    pqxx::read_transaction tx{*conn, "report"};
    try {
        if (kind == "daily") {
            const auto centre = args.takeOption("--centre");
            const QDate date = parseDate(args.takeOption("--date"), "--date", kReportUsage);
            args.expectEmpty(kReportUsage);
            const auto r = reports::daily(tx, requireCentre(ctx, tx, centre).id, date);
            return emit(ctx, format, out, r, dailyText);
        }
        if (kind == "range") {
            const auto centre = args.takeOption("--centre");
            const QDate from = parseDate(args.takeOption("--from"), "--from", kReportUsage);
            const QDate to = parseDate(args.takeOption("--to"), "--to", kReportUsage);
            args.expectEmpty(kReportUsage);
            const auto r = reports::range(tx, requireCentre(ctx, tx, centre).id, from, to);
            return emit(ctx, format, out, r, rangeText);
        }
        if (kind == "centres") {
            const QDate from = parseDate(args.takeOption("--from"), "--from", kReportUsage);
            const QDate to = parseDate(args.takeOption("--to"), "--to", kReportUsage);
            args.expectEmpty(kReportUsage);
            const auto r = reports::centres(tx, from, to);
            return emit(ctx, format, out, r, centresText);
        }
        const auto centre = args.takeOption("--centre");
        const auto daysText = args.takeOption("--days");
        args.expectEmpty(kReportUsage);
        int days = 60;
        if (daysText) {
            try {
                std::size_t used = 0;
                days = std::stoi(*daysText, &used);
                if (used != daysText->size())
                    throw std::invalid_argument("days");
            } catch (const std::exception&) {
                throw UsageError("--days needs a whole number of days");
            }
        }
        std::optional<long long> centreId;
        if (centre)
            centreId = requireCentre(ctx, tx, centre).id;
        const auto r = reports::expiring(tx, days, centreId);
        return emit(ctx, format, out, r, expiringText);
    } catch (const reports::ReportError& e) {
        throw Refused(e.what());
    }
}

std::string previewText(const dayclose::Preview& p) {
    std::string t = dailyText(p.report);
    t += "expected cash in the drawer: " + yuan(p.expectedCashFen) + " CNY\n";
    if (!p.open.empty()) {
        t += "open transactions:\n";
        for (const auto& o : p.open)
            t += "  " + o.number + "  " + o.kind + "  " + o.state + "  counter " + o.counterCode + "  " +
                 o.operatorUsername + "  started " + local(o.startedAt) + "\n";
    }
    if (p.canClose())
        t += "the day can be closed";
    for (std::size_t i = 0; i < p.obstacles.size(); ++i)
        t += (i ? "\n" : "") + std::string("can't close: ") + p.obstacles[i];
    return t;
}

QJsonArray openJson(const std::vector<dayclose::OpenTransaction>& open) {
    QJsonArray list;
    for (const auto& o : open)
        list.append(QJsonObject{{QStringLiteral("number"), QString::fromStdString(o.number)},
                                {QStringLiteral("kind"), QString::fromStdString(o.kind)},
                                {QStringLiteral("state"), QString::fromStdString(o.state)},
                                {QStringLiteral("counter"), QString::fromStdString(o.counterCode)},
                                {QStringLiteral("operator"), QString::fromStdString(o.operatorUsername)},
                                {QStringLiteral("started_at"),
                                 o.startedAt.toOffsetFromUtc(8 * 3600).toString(Qt::ISODateWithMs)}});
    return list;
}

int dayPreview(Context& ctx, Arguments& args) {
    const auto centre = args.takeOption("--centre");
    const QDate date = parseDate(args.takeOption("--date"), "--date", kDayUsage);
    args.expectEmpty(kDayUsage);
    auto conn = ctx.connect();
    long long centreId = 0;
    {
        pqxx::read_transaction tx{*conn};
        centreId = requireCentre(ctx, tx, centre).id;
    }
    const auto p = dayclose::preview(*conn, centreId, date);
    QJsonArray obstacles;
    for (const auto& o : p.obstacles)
        obstacles.append(QString::fromStdString(o));
    ctx.print({{QStringLiteral("can_close"), p.canClose()},
               {QStringLiteral("already_closed"), p.alreadyClosed},
               {QStringLiteral("future_day"), p.futureDay},
               {QStringLiteral("expected_cash_fen"), p.expectedCashFen},
               {QStringLiteral("open_transactions"), openJson(p.open)},
               {QStringLiteral("obstacles"), obstacles},
               {QStringLiteral("report"), reports::toJson(p.report)}},
              previewText(p));
    return p.canClose() ? ExitOk : ExitRefused;
}

int dayClose(Context& ctx, Arguments& args) {
    const auto centre = args.takeOption("--centre");
    const QDate date = parseDate(args.takeOption("--date"), "--date", kDayUsage);
    const auto cashText = args.takeOption("--counted-cash");
    if (!cashText)
        throw UsageError("--counted-cash YUAN is required: the cash counted in the drawer\nusage: " +
                         std::string(kDayUsage));
    const auto cash = Money::parse(*cashText);
    if (!cash)
        throw UsageError("--counted-cash needs an amount in yuan such as 1234.50, not " + *cashText);
    if (cash->isNegative())
        throw UsageError("--counted-cash can't be below zero");
    // Usage mistakes are reported before the password is asked for.
    {
        Arguments rest = args;
        const bool hasSupervisor = rest.takeOption("--supervisor").has_value();
        rest.takeOption("--supervisor-password-fd");
        if (rest.takeOption("--supervisor-password"))
            throw UsageError(
                "passwords are never taken from the command line; use --supervisor-password-fd N or "
                "the terminal");
        rest.expectEmpty(kDayUsage);
        if (!hasSupervisor)
            throw UsageError(
                "--supervisor NAME is required: the supervisor (or admin) who signs the close\nusage: " +
                std::string(kDayUsage));
    }
    auto conn = ctx.connect();
    long long centreId = 0;
    long long counterId = 0;
    {
        pqxx::read_transaction tx{*conn};
        centreId = requireCentre(ctx, tx, centre).id;
        counterId = requireCounter(ctx, tx);
    }
    auto signer = takeSupervisor(args);
    dayclose::CloseRequest request;
    request.centreId = centreId;
    request.date = date;
    request.countedCashFen = cash->fen();
    request.counterId = counterId;
    request.signer = std::move(*signer);
    reports::DailyReport report;
    try {
        report = dayclose::close(*conn, request);
    } catch (const dayclose::CloseRefused& e) {
        request.signer.password.wipe();
        throw Refused(std::string("the day was not closed: ") + e.what());
    }
    request.signer.password.wipe();
    const auto& c = *report.close;
    ctx.print(reports::toJson(report),
              dailyText(report) + "business day " + date.toString(Qt::ISODate).toStdString() + " of centre " +
                  report.centre.code + " closed; difference " + yuan(c.differenceFen()) + " CNY");
    return ExitOk;
}

} // namespace

int reportCommand(Context& ctx, Arguments& args) {
    const std::string format = args.takeOption("--format").value_or(ctx.json ? "json" : "text");
    const auto out = args.takeOption("--out");
    const auto kind = args.takeWord();
    if (!kind || (*kind != "daily" && *kind != "range" && *kind != "centres" && *kind != "expiring"))
        throw UsageError("usage: " + std::string(kReportUsage));
    if (format != "text" && format != "csv" && format != "json" && format != "pdf")
        throw UsageError("--format must be text, csv, json or pdf");
    if (format == "pdf" && !out)
        throw UsageError("--format pdf needs --out FILE");
    return reportCommand(ctx, args, *kind, format, out);
}

int dayCommand(Context& ctx, Arguments& args) {
    const auto sub = args.takeWord();
    if (sub == std::optional<std::string>("preview"))
        return dayPreview(ctx, args);
    if (sub == std::optional<std::string>("close"))
        return dayClose(ctx, args);
    throw UsageError("usage: " + std::string(kDayUsage));
}

} // namespace countersign::ctl
