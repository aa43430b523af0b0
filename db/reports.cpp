#include "db/reports.h"

#include <algorithm>
#include <map>

#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/result>

#include "db/prepared.h"
#include "db/reportexport.h"

namespace countersign::reports {

namespace sql {

const char* const kClosedDay =
    "SELECT d.id, (extract(epoch FROM d.signed_at) * 1000)::bigint, cb.username, cb.display_name, "
    "coalesce(rq.username, ''), coalesce(co.code, ''), d.counted_cash_fen, d.expected_cash_fen, "
    "d.snapshot::text "
    "FROM countersign.day_closes d "
    "JOIN countersign.staff cb ON cb.id = d.closed_by "
    "LEFT JOIN countersign.approvals a ON a.id = d.approval_id "
    "LEFT JOIN countersign.staff rq ON rq.id = a.requested_by "
    "LEFT JOIN countersign.counters co ON co.id = d.counter_id "
    "WHERE d.centre_id = $1 AND d.business_date = $2::date";

// Every report statement returns rows of one shape, a "facet" each:
//   facet, day, centre, k, staff, username, display_name, n1 … n8
//   op     k = kind (daily: with staff), n1..n7 = completed failed compensated unfinished waivers waived_fen
//          letters_consumed
//   opr    range: staff, username, display_name, n1..n6 as for op
//   pay    k = method, n1..n4 = payments paid_fen refunds refunded_fen
//   stock  k = movement kind, n1 = movements
//   level  k = model, n1 = in stock, n2 = damaged (daily)
//   day    range: day, n1 = 1 when closed; centres: centre, n1 = closed days, n2 = open days
// The live functions (0008) are inlined by the planner: an open centre-day is an index-only scan of its rows.
// Which days are closed comes from day_closes' (centre_id, business_date) index alone (the rows hold the
// snapshots): hence dc.centre_id, not dc.id, and the range repeated in the join.

const char* const kDailyLive =
    "SELECT 'op'::text, NULL::date, NULL::bigint, o.kind, o.operator_staff_id, s.username, s.display_name, "
    "o.completed, o.failed, o.compensated, o.unfinished, o.waivers, o.waived_fen, o.letters_consumed, "
    "0::bigint "
    "FROM countersign.report_live_operations($1, $2::date) o "
    "JOIN countersign.staff s ON s.id = o.operator_staff_id "
    "UNION ALL "
    "SELECT 'pay', NULL, NULL, m.method, NULL, NULL, NULL, m.payments, m.paid_fen, m.refunds, "
    "m.refunded_fen, "
    "0, 0, 0, 0 FROM countersign.report_live_money($1, $2::date) m "
    "UNION ALL "
    "SELECT 'stock', NULL, NULL, k.movement, NULL, NULL, NULL, k.movements, 0, 0, 0, 0, 0, 0, 0 "
    "FROM countersign.report_live_stock($1, $2::date) k "
    "UNION ALL "
    "SELECT 'level', NULL, NULL, t.model, NULL, NULL, NULL, count(*) FILTER (WHERE t.state = 'in_stock'), "
    "count(*) FILTER (WHERE t.state = 'damaged'), 0, 0, 0, 0, 0, 0 "
    "FROM countersign.tokens t WHERE t.centre_id = $1 AND t.state IN ('in_stock', 'damaged') GROUP BY "
    "t.model";

const char* const kRange =
    "WITH days AS MATERIALIZED ("
    "  SELECT d::date AS business_date, dc.centre_id IS NOT NULL AS closed "
    "    FROM generate_series($2::date, $3::date, interval '1 day') d "
    "    LEFT JOIN countersign.day_closes dc ON dc.centre_id = $1 AND dc.business_date = d::date "
    "     AND dc.business_date BETWEEN $2::date AND $3::date), "
    "live AS MATERIALIZED ("
    "  SELECT d.business_date, o.kind, o.operator_staff_id, o.completed, o.failed, o.compensated, "
    "o.unfinished, "
    "         o.waivers, o.waived_fen, o.letters_consumed "
    "    FROM days d CROSS JOIN LATERAL countersign.report_live_operations($1, d.business_date) o "
    "   WHERE NOT d.closed), "
    "ops AS ("
    "  SELECT r.business_date, r.kind, r.completed, r.failed, r.compensated, r.unfinished, r.waivers, "
    "         r.waived_fen, r.letters_consumed "
    "    FROM countersign.report_day_operations r "
    "   WHERE r.centre_id = $1 AND r.business_date BETWEEN $2::date AND $3::date "
    "  UNION ALL "
    "  SELECT l.business_date, l.kind, l.completed, l.failed, l.compensated, l.unfinished, l.waivers, "
    "         l.waived_fen, l.letters_consumed FROM live l), "
    "people AS ("
    "  SELECT r.operator_staff_id, r.completed, r.failed, r.compensated, r.unfinished, r.waivers, "
    "r.waived_fen "
    "    FROM countersign.report_day_operators r "
    "   WHERE r.centre_id = $1 AND r.business_date BETWEEN $2::date AND $3::date "
    "  UNION ALL "
    "  SELECT l.operator_staff_id, l.completed, l.failed, l.compensated, l.unfinished, l.waivers, "
    "l.waived_fen "
    "    FROM live l), "
    "money AS ("
    "  SELECT r.business_date, r.method, r.payments, r.paid_fen, r.refunds, r.refunded_fen "
    "    FROM countersign.report_day_money r "
    "   WHERE r.centre_id = $1 AND r.business_date BETWEEN $2::date AND $3::date "
    "  UNION ALL "
    "  SELECT d.business_date, m.method, m.payments, m.paid_fen, m.refunds, m.refunded_fen "
    "    FROM days d CROSS JOIN LATERAL countersign.report_live_money($1, d.business_date) m "
    "   WHERE NOT d.closed), "
    "stock AS ("
    "  SELECT r.business_date, r.movement, r.movements "
    "    FROM countersign.report_day_stock r "
    "   WHERE r.centre_id = $1 AND r.business_date BETWEEN $2::date AND $3::date "
    "  UNION ALL "
    "  SELECT d.business_date, k.movement, k.movements "
    "    FROM days d CROSS JOIN LATERAL countersign.report_live_stock($1, d.business_date) k "
    "   WHERE NOT d.closed) "
    "SELECT 'day'::text, d.business_date, NULL::bigint, NULL::text, NULL::bigint, NULL::text, NULL::text, "
    "       d.closed::int::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, "
    "0::bigint "
    "  FROM days d "
    "UNION ALL "
    "SELECT 'op', o.business_date, NULL, o.kind, NULL, NULL, NULL, sum(o.completed)::bigint, "
    "       sum(o.failed)::bigint, sum(o.compensated)::bigint, sum(o.unfinished)::bigint, "
    "       sum(o.waivers)::bigint, sum(o.waived_fen)::bigint, sum(o.letters_consumed)::bigint, 0 "
    "  FROM ops o GROUP BY o.business_date, o.kind "
    "UNION ALL "
    "SELECT 'opr', NULL, NULL, NULL, p.operator_staff_id, s.username, s.display_name, "
    "sum(p.completed)::bigint, "
    "       sum(p.failed)::bigint, sum(p.compensated)::bigint, sum(p.unfinished)::bigint, "
    "       sum(p.waivers)::bigint, sum(p.waived_fen)::bigint, 0, 0 "
    "  FROM people p JOIN countersign.staff s ON s.id = p.operator_staff_id "
    " GROUP BY p.operator_staff_id, s.username, s.display_name "
    "UNION ALL "
    "SELECT 'pay', m.business_date, NULL, m.method, NULL, NULL, NULL, sum(m.payments)::bigint, "
    "       sum(m.paid_fen)::bigint, sum(m.refunds)::bigint, sum(m.refunded_fen)::bigint, 0, 0, 0, 0 "
    "  FROM money m GROUP BY m.business_date, m.method "
    "UNION ALL "
    "SELECT 'stock', k.business_date, NULL, k.movement, NULL, NULL, NULL, sum(k.movements)::bigint, "
    "       0, 0, 0, 0, 0, 0, 0 "
    "  FROM stock k GROUP BY k.business_date, k.movement";

const char* const kCentres =
    "WITH days AS MATERIALIZED ("
    "  SELECT c.id AS centre_id, d::date AS business_date, dc.centre_id IS NOT NULL AS closed "
    "    FROM countersign.centres c "
    "   CROSS JOIN generate_series($1::date, $2::date, interval '1 day') d "
    "    LEFT JOIN countersign.day_closes dc ON dc.centre_id = c.id AND dc.business_date = d::date "
    "     AND dc.business_date BETWEEN $1::date AND $2::date), "
    "ops AS ("
    "  SELECT r.centre_id, r.kind, r.completed, r.failed, r.compensated, r.unfinished, r.waivers, "
    "r.waived_fen, "
    "         r.letters_consumed "
    "    FROM countersign.report_day_operations r WHERE r.business_date BETWEEN $1::date AND $2::date "
    "  UNION ALL "
    "  SELECT d.centre_id, o.kind, o.completed, o.failed, o.compensated, o.unfinished, o.waivers, "
    "o.waived_fen, "
    "         o.letters_consumed "
    "    FROM days d CROSS JOIN LATERAL countersign.report_live_operations(d.centre_id, d.business_date) o "
    "   WHERE NOT d.closed), "
    "money AS ("
    "  SELECT r.centre_id, r.method, r.payments, r.paid_fen, r.refunds, r.refunded_fen "
    "    FROM countersign.report_day_money r WHERE r.business_date BETWEEN $1::date AND $2::date "
    "  UNION ALL "
    "  SELECT d.centre_id, m.method, m.payments, m.paid_fen, m.refunds, m.refunded_fen "
    "    FROM days d CROSS JOIN LATERAL countersign.report_live_money(d.centre_id, d.business_date) m "
    "   WHERE NOT d.closed), "
    "stock AS ("
    "  SELECT r.centre_id, r.movement, r.movements "
    "    FROM countersign.report_day_stock r WHERE r.business_date BETWEEN $1::date AND $2::date "
    "  UNION ALL "
    "  SELECT d.centre_id, k.movement, k.movements "
    "    FROM days d CROSS JOIN LATERAL countersign.report_live_stock(d.centre_id, d.business_date) k "
    "   WHERE NOT d.closed) "
    "SELECT 'day'::text, NULL::date, d.centre_id, NULL::text, NULL::bigint, NULL::text, NULL::text, "
    "       count(*) FILTER (WHERE d.closed), count(*) FILTER (WHERE NOT d.closed), 0::bigint, 0::bigint, "
    "       0::bigint, 0::bigint, 0::bigint, 0::bigint "
    "  FROM days d GROUP BY d.centre_id "
    "UNION ALL "
    "SELECT 'op', NULL, o.centre_id, o.kind, NULL, NULL, NULL, sum(o.completed)::bigint, "
    "sum(o.failed)::bigint, "
    "       sum(o.compensated)::bigint, sum(o.unfinished)::bigint, sum(o.waivers)::bigint, "
    "       sum(o.waived_fen)::bigint, sum(o.letters_consumed)::bigint, 0 "
    "  FROM ops o GROUP BY o.centre_id, o.kind "
    "UNION ALL "
    "SELECT 'pay', NULL, m.centre_id, m.method, NULL, NULL, NULL, sum(m.payments)::bigint, "
    "       sum(m.paid_fen)::bigint, sum(m.refunds)::bigint, sum(m.refunded_fen)::bigint, 0, 0, 0, 0 "
    "  FROM money m GROUP BY m.centre_id, m.method "
    "UNION ALL "
    "SELECT 'stock', NULL, k.centre_id, k.movement, NULL, NULL, NULL, sum(k.movements)::bigint, "
    "       0, 0, 0, 0, 0, 0, 0 "
    "  FROM stock k GROUP BY k.centre_id, k.movement";

} // namespace sql

namespace {

const char* const kExpiring =
    "SELECT c.serial, e.name, coalesce(c.uscc, e.uscc), coalesce(ce.code, ''), coalesce(k.serial, ''), "
    "(extract(epoch FROM c.not_after) * 1000)::bigint, "
    "((c.not_after AT TIME ZONE 'Asia/Shanghai')::date - (now() AT TIME ZONE 'Asia/Shanghai')::date) "
    "FROM countersign.certificates c "
    "JOIN countersign.enterprises e ON e.id = c.enterprise_id "
    "LEFT JOIN countersign.transactions t ON t.id = c.transaction_id "
    "LEFT JOIN countersign.tokens k ON k.id = c.token_id "
    "LEFT JOIN countersign.centres ce ON ce.id = coalesce(t.centre_id, k.centre_id) "
    "WHERE c.status = 'active' AND c.not_after >= now() AND c.not_after < now() + make_interval(days => $1) "
    "AND ($2::bigint IS NULL OR coalesce(t.centre_id, k.centre_id) = $2::bigint) "
    "ORDER BY c.not_after, c.serial";

std::string iso(const QDate& d) {
    return d.toString(Qt::ISODate).toStdString();
}

QDateTime fromMs(long long ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

template <typename T> std::size_t indexIn(const std::vector<T>& list, const std::string& code) {
    return static_cast<std::size_t>(std::find(list.begin(), list.end(), code) - list.begin());
}

Figures emptyFigures() {
    Figures f;
    for (const auto& k : operationKinds())
        f.byOperation.push_back({k, {}, 0, 0, 0});
    for (const auto& m : paymentMethods())
        f.byMethod.push_back({m, 0, 0, 0, 0});
    return f;
}

/// One facet row, as every report statement returns them.
struct FacetRow {
    std::string facet;
    QDate day;
    long long centre = 0;
    std::string k;
    long long staff = 0;
    std::string username;
    std::string displayName;
    long long n[8] = {};
};

FacetRow readFacet(const pqxx::row& r) {
    FacetRow f;
    f.facet = r[0].as<std::string>();
    if (!r[1].is_null())
        f.day = QDate::fromString(QString::fromStdString(r[1].as<std::string>()), Qt::ISODate);
    f.centre = r[2].is_null() ? 0 : r[2].as<long long>();
    f.k = r[3].is_null() ? std::string() : r[3].as<std::string>();
    f.staff = r[4].is_null() ? 0 : r[4].as<long long>();
    f.username = r[5].is_null() ? std::string() : r[5].as<std::string>();
    f.displayName = r[6].is_null() ? std::string() : r[6].as<std::string>();
    for (int i = 0; i < 8; ++i)
        f.n[i] = r[7 + i].as<long long>();
    return f;
}

void addFacet(Figures& f, const FacetRow& row, bool withOperator) {
    if (row.facet == "op" || row.facet == "opr") {
        const Counts counts{row.n[0], row.n[1], row.n[2], row.n[3]};
        if (row.facet == "op") {
            const auto i = indexIn(operationKinds(), row.k);
            if (i < f.byOperation.size()) {
                auto& o = f.byOperation[i];
                o.counts += counts;
                o.waivers += row.n[4];
                o.waivedFen += row.n[5];
                o.lettersConsumed += row.n[6];
            }
        }
        if (withOperator && row.staff != 0) {
            auto it = std::find_if(f.byOperator.begin(), f.byOperator.end(),
                                   [&](const OperatorFigures& o) { return o.staffId == row.staff; });
            if (it == f.byOperator.end()) {
                f.byOperator.push_back({row.staff, row.username, row.displayName, {}, 0, 0});
                it = f.byOperator.end() - 1;
            }
            it->counts += counts;
            it->waivers += row.n[4];
            it->waivedFen += row.n[5];
        }
    } else if (row.facet == "pay") {
        const auto i = indexIn(paymentMethods(), row.k);
        if (i < f.byMethod.size()) {
            auto& m = f.byMethod[i];
            m.payments += row.n[0];
            m.paidFen += row.n[1];
            m.refunds += row.n[2];
            m.refundedFen += row.n[3];
        }
    } else if (row.facet == "stock") {
        const long long n = row.n[0];
        if (row.k == "receive")
            f.keysReceived += n;
        else if (row.k == "issue")
            f.keysIssued += n;
        else if (row.k == "return_unused")
            f.keysReturnedUnused += n;
        else if (row.k == "return_damaged")
            f.keysReturnedDamaged += n;
        else if (row.k == "write_off")
            f.keysWrittenOff += n;
    }
}

/// The totals of the rows (byOperation and byMethod hold everything; byOperator repeats it by person).
void finish(Figures& f) {
    f.counts = {};
    f.waivers = f.waivedFen = f.lettersConsumed = 0;
    for (const auto& o : f.byOperation) {
        f.counts += o.counts;
        f.waivers += o.waivers;
        f.waivedFen += o.waivedFen;
        f.lettersConsumed += o.lettersConsumed;
    }
    f.payments = f.paidFen = f.refunds = f.refundedFen = f.cashTakenFen = f.cashRefundedFen = 0;
    for (const auto& m : f.byMethod) {
        f.payments += m.payments;
        f.paidFen += m.paidFen;
        f.refunds += m.refunds;
        f.refundedFen += m.refundedFen;
        if (m.method == "cash") {
            f.cashTakenFen += m.paidFen;
            f.cashRefundedFen += m.refundedFen;
        }
    }
    std::sort(f.byOperator.begin(), f.byOperator.end(),
              [](const OperatorFigures& a, const OperatorFigures& b) { return a.username < b.username; });
}

QDateTime databaseNow(pqxx::transaction_base& tx) {
    return fromMs(
        db::execPrepared1(tx, "SELECT (extract(epoch FROM now()) * 1000)::bigint")[0].as<long long>());
}

// The report statements are short, but their estimated cost grows with the days they might read live (the
// planner can't know most are closed), and past jit_above_cost PostgreSQL compiles them with LLVM first — a
// second or more spent to save microseconds. Off for the rest of the caller's transaction only.
void noJit(pqxx::transaction_base& tx) {
    db::execPrepared(tx, "SET LOCAL jit = off");
}

void checkRange(const QDate& from, const QDate& to) {
    if (!from.isValid() || !to.isValid())
        throw ReportError("a report needs valid dates");
    if (to < from)
        throw ReportError("the range ends (" + iso(to) + ") before it starts (" + iso(from) + ")");
    if (from.daysTo(to) + 1 > kMaxRangeDays)
        throw ReportError("a range covers at most " + std::to_string(kMaxRangeDays) + " days; " + iso(from) +
                          " to " + iso(to) + " is " + std::to_string(from.daysTo(to) + 1));
}

} // namespace

const std::vector<std::string>& operationKinds() {
    static const std::vector<std::string> kinds{"NEW", "RENEW", "UPGRADE", "REPLACE", "UNLOCK"};
    return kinds;
}

const std::vector<std::string>& paymentMethods() {
    static const std::vector<std::string> methods{"cash", "bank_card", "wechat_pay", "alipay"};
    return methods;
}

const std::vector<std::string>& stockMovements() {
    static const std::vector<std::string> movements{"receive", "issue", "return_unused", "return_damaged",
                                                    "write_off"};
    return movements;
}

Counts& Counts::operator+=(const Counts& other) {
    completed += other.completed;
    failed += other.failed;
    compensated += other.compensated;
    unfinished += other.unfinished;
    return *this;
}

Figures& Figures::operator+=(const Figures& other) {
    if (byOperation.empty())
        byOperation = emptyFigures().byOperation;
    if (byMethod.empty())
        byMethod = emptyFigures().byMethod;
    for (const auto& o : other.byOperation) {
        const auto i = indexIn(operationKinds(), o.kind);
        if (i >= byOperation.size())
            continue;
        auto& mine = byOperation[i];
        mine.counts += o.counts;
        mine.waivers += o.waivers;
        mine.waivedFen += o.waivedFen;
        mine.lettersConsumed += o.lettersConsumed;
    }
    for (const auto& o : other.byOperator) {
        auto it = std::find_if(byOperator.begin(), byOperator.end(),
                               [&](const OperatorFigures& x) { return x.staffId == o.staffId; });
        if (it == byOperator.end()) {
            byOperator.push_back(o);
            continue;
        }
        it->counts += o.counts;
        it->waivers += o.waivers;
        it->waivedFen += o.waivedFen;
    }
    for (const auto& m : other.byMethod) {
        const auto i = indexIn(paymentMethods(), m.method);
        if (i >= byMethod.size())
            continue;
        auto& mine = byMethod[i];
        mine.payments += m.payments;
        mine.paidFen += m.paidFen;
        mine.refunds += m.refunds;
        mine.refundedFen += m.refundedFen;
    }
    keysReceived += other.keysReceived;
    keysIssued += other.keysIssued;
    keysReturnedUnused += other.keysReturnedUnused;
    keysReturnedDamaged += other.keysReturnedDamaged;
    keysWrittenOff += other.keysWrittenOff;
    finish(*this);
    return *this;
}

int RangeReport::closedDays() const {
    return static_cast<int>(
        std::count_if(days.begin(), days.end(), [](const DayRow& d) { return d.closed; }));
}

std::optional<Centre> findCentre(pqxx::transaction_base& tx, const std::string& code) {
    const auto r =
        db::execPrepared(tx, "SELECT id, code, name FROM countersign.centres WHERE code = $1", code);
    if (r.empty())
        return std::nullopt;
    return Centre{r[0][0].as<long long>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

Centre centreById(pqxx::transaction_base& tx, long long centreId) {
    const auto r =
        db::execPrepared(tx, "SELECT id, code, name FROM countersign.centres WHERE id = $1", centreId);
    if (r.empty())
        throw ReportError("there is no centre with id " + std::to_string(centreId));
    return Centre{r[0][0].as<long long>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

QDate businessToday(pqxx::transaction_base& tx) {
    return QDate::fromString(
        QString::fromStdString(
            db::execPrepared1(tx, "SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text")[0]
                .as<std::string>()),
        Qt::ISODate);
}

DailyReport dailyLive(pqxx::transaction_base& tx, long long centreId, const QDate& date) {
    if (!date.isValid())
        throw ReportError("a daily report needs a valid date");
    DailyReport report;
    report.centre = centreById(tx, centreId);
    report.date = date;
    report.generatedAt = databaseNow(tx);
    report.figures = emptyFigures();
    noJit(tx);
    for (const auto& r : db::execPrepared(tx, sql::kDailyLive, centreId, iso(date))) {
        const FacetRow row = readFacet(r);
        if (row.facet == "level")
            report.stockLevels.push_back({row.k, row.n[0], row.n[1]});
        else
            addFacet(report.figures, row, true);
    }
    finish(report.figures);
    std::sort(report.stockLevels.begin(), report.stockLevels.end(),
              [](const StockLevel& a, const StockLevel& b) { return a.model < b.model; });
    return report;
}

DailyReport daily(pqxx::transaction_base& tx, long long centreId, const QDate& date) {
    if (!date.isValid())
        throw ReportError("a daily report needs a valid date");
    const auto closed = db::execPrepared(tx, sql::kClosedDay, centreId, iso(date));
    if (closed.empty())
        return dailyLive(tx, centreId, date);
    const auto& r = closed[0];
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r[8].as<std::string>()));
    if (!doc.isObject())
        throw ReportError("the snapshot of " + iso(date) + " can't be read");
    DailyReport report = dailyFromJson(doc.object());
    // What the close says about itself comes from its row (the snapshot repeats it).
    DayClose close;
    close.id = r[0].as<long long>();
    close.signedAt = fromMs(r[1].as<long long>());
    close.closedBy = r[2].as<std::string>();
    close.closedByName = r[3].as<std::string>();
    close.requestedBy = r[4].as<std::string>();
    close.counterCode = r[5].as<std::string>();
    close.countedCashFen = r[6].as<long long>();
    close.expectedCashFen = r[7].as<long long>();
    report.close = close;
    report.centre = centreById(tx, centreId);
    report.date = date;
    return report;
}

RangeReport range(pqxx::transaction_base& tx, long long centreId, const QDate& from, const QDate& to) {
    checkRange(from, to);
    RangeReport report;
    report.centre = centreById(tx, centreId);
    report.from = from;
    report.to = to;
    std::map<QDate, std::size_t> index;
    for (QDate d = from; d <= to; d = d.addDays(1)) {
        index[d] = report.days.size();
        report.days.push_back({d, false, emptyFigures()});
    }
    report.totals = emptyFigures();
    noJit(tx);
    for (const auto& r : db::execPrepared(tx, sql::kRange, centreId, iso(from), iso(to))) {
        const FacetRow row = readFacet(r);
        if (row.facet == "opr") {
            addFacet(report.totals, row, true);
            continue;
        }
        const auto it = index.find(row.day);
        if (it == index.end())
            continue;
        DayRow& day = report.days[it->second];
        if (row.facet == "day")
            day.closed = row.n[0] != 0;
        else
            addFacet(day.figures, row, false);
    }
    // byOperator of the totals came from 'opr'; everything else is the sum of the days.
    auto byOperator = std::move(report.totals.byOperator);
    report.totals = emptyFigures();
    for (auto& day : report.days) {
        finish(day.figures);
        report.totals += day.figures;
    }
    report.totals.byOperator = std::move(byOperator);
    finish(report.totals);
    return report;
}

CentresReport centres(pqxx::transaction_base& tx, const QDate& from, const QDate& to) {
    checkRange(from, to);
    CentresReport report;
    report.from = from;
    report.to = to;
    std::map<long long, std::size_t> index;
    for (const auto& r :
         db::execPrepared(tx, "SELECT id, code, name FROM countersign.centres ORDER BY code")) {
        index[r[0].as<long long>()] = report.centres.size();
        CentreRow row;
        row.centre = {r[0].as<long long>(), r[1].as<std::string>(), r[2].as<std::string>()};
        row.figures = emptyFigures();
        report.centres.push_back(std::move(row));
    }
    noJit(tx);
    for (const auto& r : db::execPrepared(tx, sql::kCentres, iso(from), iso(to))) {
        const FacetRow row = readFacet(r);
        const auto it = index.find(row.centre);
        if (it == index.end())
            continue;
        CentreRow& centre = report.centres[it->second];
        if (row.facet == "day") {
            centre.closedDays = static_cast<int>(row.n[0]);
            centre.openDays = static_cast<int>(row.n[1]);
        } else {
            addFacet(centre.figures, row, false);
        }
    }
    report.totals = emptyFigures();
    for (auto& c : report.centres) {
        finish(c.figures);
        report.totals += c.figures;
    }
    return report;
}

ExpiringReport expiring(pqxx::transaction_base& tx, int days, std::optional<long long> centreId) {
    if (days < 1 || days > 3660)
        throw ReportError("expiring: the number of days must be between 1 and 3660");
    ExpiringReport report;
    report.days = days;
    if (centreId)
        report.centre = centreById(tx, *centreId);
    report.generatedAt = databaseNow(tx);
    for (const auto& r : db::execPrepared(tx, kExpiring, days, centreId)) {
        ExpiringCertificate c;
        c.serial = r[0].as<std::string>();
        c.company = r[1].as<std::string>();
        c.uscc = r[2].as<std::string>();
        c.centreCode = r[3].as<std::string>();
        c.keySerial = r[4].as<std::string>();
        c.notAfter = fromMs(r[5].as<long long>());
        c.daysLeft = r[6].as<int>();
        report.certificates.push_back(std::move(c));
    }
    return report;
}

} // namespace countersign::reports
