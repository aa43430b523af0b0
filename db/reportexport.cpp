#include "db/reportexport.h"

#include <cstdlib>

#include <QJsonArray>

namespace countersign::reports {

namespace {

// ---------------------------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------------------------

std::string s(const QJsonValue& v) {
    return v.toString().toStdString();
}

long long n(const QJsonObject& o, const char* key) {
    return o.value(QLatin1String(key)).toInteger();
}

QString when(const QDateTime& t) {
    // China Standard Time has no daylight saving: a fixed +08:00 is exact.
    return t.isValid() ? t.toOffsetFromUtc(8 * 3600).toString(Qt::ISODateWithMs) : QString();
}

QDateTime whenFrom(const QJsonValue& v) {
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

void putCounts(QJsonObject& o, const Counts& c) {
    o.insert(QStringLiteral("completed"), c.completed);
    o.insert(QStringLiteral("failed"), c.failed);
    o.insert(QStringLiteral("compensated"), c.compensated);
    o.insert(QStringLiteral("unfinished"), c.unfinished);
    o.insert(QStringLiteral("total"), c.total());
}

Counts countsFrom(const QJsonObject& o) {
    return {n(o, "completed"), n(o, "failed"), n(o, "compensated"), n(o, "unfinished")};
}

QJsonObject figuresJson(const Figures& f) {
    QJsonArray ops, people, methods;
    for (const auto& o : f.byOperation) {
        QJsonObject j{{QStringLiteral("kind"), QString::fromStdString(o.kind)},
                      {QStringLiteral("waivers"), o.waivers},
                      {QStringLiteral("waived_fen"), o.waivedFen},
                      {QStringLiteral("letters_consumed"), o.lettersConsumed}};
        putCounts(j, o.counts);
        ops.append(j);
    }
    for (const auto& p : f.byOperator) {
        QJsonObject j{{QStringLiteral("staff_id"), p.staffId},
                      {QStringLiteral("username"), QString::fromStdString(p.username)},
                      {QStringLiteral("display_name"), QString::fromStdString(p.displayName)},
                      {QStringLiteral("waivers"), p.waivers},
                      {QStringLiteral("waived_fen"), p.waivedFen}};
        putCounts(j, p.counts);
        people.append(j);
    }
    for (const auto& m : f.byMethod)
        methods.append(QJsonObject{{QStringLiteral("method"), QString::fromStdString(m.method)},
                                   {QStringLiteral("payments"), m.payments},
                                   {QStringLiteral("paid_fen"), m.paidFen},
                                   {QStringLiteral("refunds"), m.refunds},
                                   {QStringLiteral("refunded_fen"), m.refundedFen},
                                   {QStringLiteral("net_fen"), m.netFen()}});
    QJsonObject totals{{QStringLiteral("waivers"), f.waivers},
                       {QStringLiteral("waived_fen"), f.waivedFen},
                       {QStringLiteral("letters_consumed"), f.lettersConsumed},
                       {QStringLiteral("payments"), f.payments},
                       {QStringLiteral("paid_fen"), f.paidFen},
                       {QStringLiteral("refunds"), f.refunds},
                       {QStringLiteral("refunded_fen"), f.refundedFen},
                       {QStringLiteral("cash_taken_fen"), f.cashTakenFen},
                       {QStringLiteral("cash_refunded_fen"), f.cashRefundedFen},
                       {QStringLiteral("expected_cash_fen"), f.expectedCashFen()}};
    putCounts(totals, f.counts);
    return {{QStringLiteral("by_operation"), ops},
            {QStringLiteral("by_operator"), people},
            {QStringLiteral("by_method"), methods},
            {QStringLiteral("totals"), totals},
            {QStringLiteral("stock"), QJsonObject{{QStringLiteral("received"), f.keysReceived},
                                                  {QStringLiteral("issued"), f.keysIssued},
                                                  {QStringLiteral("returned_unused"), f.keysReturnedUnused},
                                                  {QStringLiteral("returned_damaged"), f.keysReturnedDamaged},
                                                  {QStringLiteral("written_off"), f.keysWrittenOff}}}};
}

Figures figuresFrom(const QJsonObject& j) {
    Figures parsed;
    for (const auto& v : j.value(QStringLiteral("by_operation")).toArray()) {
        const auto o = v.toObject();
        parsed.byOperation.push_back({s(o.value(QStringLiteral("kind"))), countsFrom(o), n(o, "waivers"),
                                      n(o, "waived_fen"), n(o, "letters_consumed")});
    }
    for (const auto& v : j.value(QStringLiteral("by_operator")).toArray()) {
        const auto o = v.toObject();
        parsed.byOperator.push_back({n(o, "staff_id"), s(o.value(QStringLiteral("username"))),
                                     s(o.value(QStringLiteral("display_name"))), countsFrom(o),
                                     n(o, "waivers"), n(o, "waived_fen")});
    }
    for (const auto& v : j.value(QStringLiteral("by_method")).toArray()) {
        const auto o = v.toObject();
        parsed.byMethod.push_back({s(o.value(QStringLiteral("method"))), n(o, "payments"), n(o, "paid_fen"),
                                   n(o, "refunds"), n(o, "refunded_fen")});
    }
    const auto stock = j.value(QStringLiteral("stock")).toObject();
    parsed.keysReceived = n(stock, "received");
    parsed.keysIssued = n(stock, "issued");
    parsed.keysReturnedUnused = n(stock, "returned_unused");
    parsed.keysReturnedDamaged = n(stock, "returned_damaged");
    parsed.keysWrittenOff = n(stock, "written_off");
    // Adding to empty figures puts every kind and method in its place and computes the totals.
    Figures out;
    out += parsed;
    return out;
}

QJsonObject centreJson(const Centre& c) {
    return {{QStringLiteral("id"), c.id},
            {QStringLiteral("code"), QString::fromStdString(c.code)},
            {QStringLiteral("name"), QString::fromStdString(c.name)}};
}

Centre centreFrom(const QJsonObject& o) {
    return {n(o, "id"), s(o.value(QStringLiteral("code"))), s(o.value(QStringLiteral("name")))};
}

QString day(const QDate& d) {
    return d.toString(Qt::ISODate);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------------

std::string yuan(long long fen) {
    const long long a = std::llabs(fen);
    std::string cents = std::to_string(a % 100);
    if (cents.size() < 2)
        cents.insert(0, "0");
    return (fen < 0 ? "-" : "") + std::to_string(a / 100) + "." + cents;
}

// A text cell: quoted when needed (RFC 4180), and never read as a formula by a spreadsheet (a name that
// starts with = + - @ gets a leading apostrophe).
std::string cell(const std::string& text) {
    std::string t = text;
    if (!t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@'))
        t.insert(0, "'");
    if (t.find_first_of(",\"\r\n") == std::string::npos)
        return t;
    std::string out = "\"";
    for (char c : t) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string num(long long v) {
    return std::to_string(v);
}

std::string line(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            out += ',';
        out += cells[i];
    }
    return out + "\r\n";
}

const std::vector<std::string>& figureColumns() {
    static const std::vector<std::string> columns = [] {
        std::vector<std::string> c{"transactions", "completed", "failed", "compensated", "unfinished"};
        for (const auto& k : operationKinds())
            c.push_back(k);
        for (const auto& x : {"waivers", "waived"})
            c.push_back(x);
        for (const auto& m : paymentMethods())
            c.push_back(m);
        for (const auto& x : {"paid", "refunds", "refunded", "expected_cash", "keys_issued",
                              "keys_returned_damaged", "letters_consumed"})
            c.push_back(x);
        return c;
    }();
    return columns;
}

std::vector<std::string> figureCells(const Figures& f) {
    std::vector<std::string> c{num(f.counts.total()), num(f.counts.completed), num(f.counts.failed),
                               num(f.counts.compensated), num(f.counts.unfinished)};
    for (const auto& o : f.byOperation)
        c.push_back(num(o.counts.total()));
    c.push_back(num(f.waivers));
    c.push_back(yuan(f.waivedFen));
    for (const auto& m : f.byMethod)
        c.push_back(yuan(m.paidFen));
    c.push_back(yuan(f.paidFen));
    c.push_back(num(f.refunds));
    c.push_back(yuan(f.refundedFen));
    c.push_back(yuan(f.expectedCashFen()));
    c.push_back(num(f.keysIssued));
    c.push_back(num(f.keysReturnedDamaged));
    c.push_back(num(f.lettersConsumed));
    return c;
}

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

} // namespace

QJsonObject toJson(const DailyReport& r) {
    QJsonObject o{{QStringLiteral("report"), QStringLiteral("daily")},
                  {QStringLiteral("centre"), centreJson(r.centre)},
                  {QStringLiteral("date"), day(r.date)},
                  {QStringLiteral("closed"), r.closed()},
                  {QStringLiteral("generated_at"), when(r.generatedAt)},
                  {QStringLiteral("figures"), figuresJson(r.figures)}};
    QJsonArray levels;
    for (const auto& l : r.stockLevels)
        levels.append(QJsonObject{{QStringLiteral("model"), QString::fromStdString(l.model)},
                                  {QStringLiteral("in_stock"), l.inStock},
                                  {QStringLiteral("damaged"), l.damaged}});
    o.insert(QStringLiteral("stock_levels"), levels);
    if (r.close) {
        const auto& c = *r.close;
        o.insert(QStringLiteral("close"),
                 QJsonObject{{QStringLiteral("id"), c.id},
                             {QStringLiteral("signed_at"), when(c.signedAt)},
                             {QStringLiteral("closed_by"), QString::fromStdString(c.closedBy)},
                             {QStringLiteral("closed_by_name"), QString::fromStdString(c.closedByName)},
                             {QStringLiteral("requested_by"), QString::fromStdString(c.requestedBy)},
                             {QStringLiteral("counter"), QString::fromStdString(c.counterCode)},
                             {QStringLiteral("counted_cash_fen"), c.countedCashFen},
                             {QStringLiteral("expected_cash_fen"), c.expectedCashFen},
                             {QStringLiteral("difference_fen"), c.differenceFen()}});
    }
    if (!r.chainHeads.empty()) {
        QJsonArray heads;
        for (const auto& h : r.chainHeads)
            heads.append(QJsonObject{{QStringLiteral("counter_id"), h.counterId},
                                     {QStringLiteral("counter"), QString::fromStdString(h.counterCode)},
                                     {QStringLiteral("seq"), h.seq},
                                     {QStringLiteral("hash"), QString::fromStdString(h.hashHex)}});
        o.insert(QStringLiteral("audit_chain_heads"), heads);
    }
    return o;
}

DailyReport dailyFromJson(const QJsonObject& o) {
    if (o.value(QStringLiteral("report")).toString() != QLatin1String("daily") ||
        !o.value(QStringLiteral("figures")).isObject())
        throw ReportError("not a daily report");
    DailyReport r;
    r.centre = centreFrom(o.value(QStringLiteral("centre")).toObject());
    r.date = QDate::fromString(o.value(QStringLiteral("date")).toString(), Qt::ISODate);
    r.generatedAt = whenFrom(o.value(QStringLiteral("generated_at")));
    r.figures = figuresFrom(o.value(QStringLiteral("figures")).toObject());
    for (const auto& v : o.value(QStringLiteral("stock_levels")).toArray()) {
        const auto l = v.toObject();
        r.stockLevels.push_back({s(l.value(QStringLiteral("model"))), n(l, "in_stock"), n(l, "damaged")});
    }
    if (o.value(QStringLiteral("close")).isObject()) {
        const auto c = o.value(QStringLiteral("close")).toObject();
        DayClose close;
        close.id = n(c, "id");
        close.signedAt = whenFrom(c.value(QStringLiteral("signed_at")));
        close.closedBy = s(c.value(QStringLiteral("closed_by")));
        close.closedByName = s(c.value(QStringLiteral("closed_by_name")));
        close.requestedBy = s(c.value(QStringLiteral("requested_by")));
        close.counterCode = s(c.value(QStringLiteral("counter")));
        close.countedCashFen = n(c, "counted_cash_fen");
        close.expectedCashFen = n(c, "expected_cash_fen");
        r.close = close;
    }
    for (const auto& v : o.value(QStringLiteral("audit_chain_heads")).toArray()) {
        const auto h = v.toObject();
        r.chainHeads.push_back({n(h, "counter_id"), s(h.value(QStringLiteral("counter"))), n(h, "seq"),
                                s(h.value(QStringLiteral("hash")))});
    }
    return r;
}

QJsonObject toJson(const RangeReport& r) {
    QJsonArray days;
    for (const auto& d : r.days)
        days.append(QJsonObject{{QStringLiteral("date"), day(d.date)},
                                {QStringLiteral("closed"), d.closed},
                                {QStringLiteral("figures"), figuresJson(d.figures)}});
    return {{QStringLiteral("report"), QStringLiteral("range")},
            {QStringLiteral("centre"), centreJson(r.centre)},
            {QStringLiteral("from"), day(r.from)},
            {QStringLiteral("to"), day(r.to)},
            {QStringLiteral("closed_days"), r.closedDays()},
            {QStringLiteral("days"), days},
            {QStringLiteral("totals"), figuresJson(r.totals)}};
}

QJsonObject toJson(const CentresReport& r) {
    QJsonArray centres;
    for (const auto& c : r.centres)
        centres.append(QJsonObject{{QStringLiteral("centre"), centreJson(c.centre)},
                                   {QStringLiteral("closed_days"), c.closedDays},
                                   {QStringLiteral("open_days"), c.openDays},
                                   {QStringLiteral("figures"), figuresJson(c.figures)}});
    return {{QStringLiteral("report"), QStringLiteral("centres")},
            {QStringLiteral("from"), day(r.from)},
            {QStringLiteral("to"), day(r.to)},
            {QStringLiteral("centres"), centres},
            {QStringLiteral("totals"), figuresJson(r.totals)}};
}

QJsonObject toJson(const ExpiringReport& r) {
    QJsonArray list;
    for (const auto& c : r.certificates)
        list.append(QJsonObject{{QStringLiteral("serial"), QString::fromStdString(c.serial)},
                                {QStringLiteral("company"), QString::fromStdString(c.company)},
                                {QStringLiteral("uscc"), QString::fromStdString(c.uscc)},
                                {QStringLiteral("centre"), QString::fromStdString(c.centreCode)},
                                {QStringLiteral("key_serial"), QString::fromStdString(c.keySerial)},
                                {QStringLiteral("not_after"), when(c.notAfter)},
                                {QStringLiteral("days_left"), c.daysLeft}});
    QJsonObject o{{QStringLiteral("report"), QStringLiteral("expiring")},
                  {QStringLiteral("days"), r.days},
                  {QStringLiteral("generated_at"), when(r.generatedAt)},
                  {QStringLiteral("count"), static_cast<qint64>(r.certificates.size())},
                  {QStringLiteral("certificates"), list}};
    if (r.centre)
        o.insert(QStringLiteral("centre"), centreJson(*r.centre));
    return o;
}

std::string toCsv(const DailyReport& r) {
    const Figures& f = r.figures;
    std::string out;
    out += line({"report", "daily"});
    out += line({"centre", cell(r.centre.code), cell(r.centre.name)});
    out += line({"date", day(r.date).toStdString()});
    out += line({"status", r.closed() ? "closed" : "open"});
    if (r.close) {
        out += line({"closed_by", cell(r.close->closedBy)});
        out += line({"signed_at", when(r.close->signedAt).toStdString()});
        out += line({"counted_cash", yuan(r.close->countedCashFen)});
        out += line({"expected_cash", yuan(r.close->expectedCashFen)});
        out += line({"difference", yuan(r.close->differenceFen())});
    }
    out += "\r\n";
    out += line({"operation", "completed", "failed", "compensated", "unfinished", "total", "waivers",
                 "waived", "letters_consumed"});
    const auto opCells = [](const std::string& name, const Counts& c, long long waivers, long long waived,
                            long long letters) {
        return line({name, num(c.completed), num(c.failed), num(c.compensated), num(c.unfinished),
                     num(c.total()), num(waivers), yuan(waived), num(letters)});
    };
    for (const auto& o : f.byOperation)
        out += opCells(o.kind, o.counts, o.waivers, o.waivedFen, o.lettersConsumed);
    out += opCells("TOTAL", f.counts, f.waivers, f.waivedFen, f.lettersConsumed);
    out += "\r\n";
    out += line({"operator", "name", "completed", "failed", "compensated", "unfinished", "total", "waivers",
                 "waived"});
    for (const auto& p : f.byOperator)
        out += line({cell(p.username), cell(p.displayName), num(p.counts.completed), num(p.counts.failed),
                     num(p.counts.compensated), num(p.counts.unfinished), num(p.counts.total()),
                     num(p.waivers), yuan(p.waivedFen)});
    out += "\r\n";
    out += line({"method", "payments", "paid", "refunds", "refunded", "net"});
    for (const auto& m : f.byMethod)
        out += line({m.method, num(m.payments), yuan(m.paidFen), num(m.refunds), yuan(m.refundedFen),
                     yuan(m.netFen())});
    out += line({"TOTAL", num(f.payments), yuan(f.paidFen), num(f.refunds), yuan(f.refundedFen),
                 yuan(f.paidFen - f.refundedFen)});
    out += "\r\n";
    out += line({"item", "value"});
    out += line({"cash_taken", yuan(f.cashTakenFen)});
    out += line({"cash_refunded", yuan(f.cashRefundedFen)});
    out += line({"expected_cash", yuan(f.expectedCashFen())});
    out += line({"keys_received", num(f.keysReceived)});
    out += line({"keys_issued", num(f.keysIssued)});
    out += line({"keys_returned_unused", num(f.keysReturnedUnused)});
    out += line({"keys_returned_damaged", num(f.keysReturnedDamaged)});
    out += line({"keys_written_off", num(f.keysWrittenOff)});
    out += line({"letters_consumed", num(f.lettersConsumed)});
    out += "\r\n";
    out += line({"model", "in_stock", "damaged"});
    for (const auto& l : r.stockLevels)
        out += line({cell(l.model), num(l.inStock), num(l.damaged)});
    return out;
}

std::string toCsv(const RangeReport& r) {
    std::string out = line(with({"date", "closed"}, figureColumns()));
    for (const auto& d : r.days)
        out += line(with({day(d.date).toStdString(), d.closed ? "yes" : "no"}, figureCells(d.figures)));
    out += line(with({"TOTAL", std::to_string(r.closedDays()) + "/" + std::to_string(r.days.size())},
                     figureCells(r.totals)));
    return out;
}

std::string toCsv(const CentresReport& r) {
    std::string out = line(with({"centre", "name", "closed_days", "open_days"}, figureColumns()));
    int closed = 0, open = 0;
    for (const auto& c : r.centres) {
        out += line(with({cell(c.centre.code), cell(c.centre.name), num(c.closedDays), num(c.openDays)},
                         figureCells(c.figures)));
        closed += c.closedDays;
        open += c.openDays;
    }
    out += line(with({"TOTAL", "", num(closed), num(open)}, figureCells(r.totals)));
    return out;
}

std::string toCsv(const ExpiringReport& r) {
    std::string out = line({"serial", "company", "uscc", "centre", "key_serial", "not_after", "days_left"});
    for (const auto& c : r.certificates)
        out += line({cell(c.serial), cell(c.company), cell(c.uscc), cell(c.centreCode), cell(c.keySerial),
                     when(c.notAfter).toStdString(), num(c.daysLeft)});
    return out;
}

} // namespace countersign::reports
