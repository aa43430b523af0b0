#include "qml/officereports.h"

#include <QTimeZone>

#include "backend/reports/reportfiles.h"

namespace countersign::qml {

namespace {

constexpr int kMaxExpiringDays = 3660;

QDate centreToday() {
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

QString shownDay(const QDateTime& at) {
    return at.isValid() ? at.toTimeZone(QTimeZone("Asia/Shanghai")).toString(QStringLiteral("yyyy-MM-dd"))
                        : QString();
}

/// A row of figures with the CSV export's columns (db/reportexport.h figureCells).
QVariantMap rowOf(const QString& label, const reports::Figures& f) {
    QVariantMap m{{QStringLiteral("label"), label},
                  {QStringLiteral("total"), f.counts.total()},
                  {QStringLiteral("completed"), f.counts.completed},
                  {QStringLiteral("failed"), f.counts.failed},
                  {QStringLiteral("compensated"), f.counts.compensated},
                  {QStringLiteral("unfinished"), f.counts.unfinished},
                  {QStringLiteral("waivers"), f.waivers},
                  {QStringLiteral("waivedFen"), f.waivedFen},
                  {QStringLiteral("paidFen"), f.paidFen},
                  {QStringLiteral("refunds"), f.refunds},
                  {QStringLiteral("refundedFen"), f.refundedFen},
                  {QStringLiteral("netFen"), f.paidFen - f.refundedFen},
                  {QStringLiteral("expectedCashFen"), f.expectedCashFen()},
                  {QStringLiteral("keysIssued"), f.keysIssued},
                  {QStringLiteral("keysReturnedDamaged"), f.keysReturnedDamaged},
                  {QStringLiteral("letters"), f.lettersConsumed}};
    for (const auto& o : f.byOperation)
        m.insert(QString::fromStdString(o.kind), o.counts.total());
    for (const auto& p : f.byMethod)
        m.insert(QString::fromStdString(p.method), p.paidFen);
    return m;
}

QVariantList operationsOf(const reports::Figures& f) {
    QVariantList list;
    for (const auto& o : f.byOperation)
        list.append(QVariantMap{{QStringLiteral("kind"), QString::fromStdString(o.kind)},
                                {QStringLiteral("completed"), o.counts.completed},
                                {QStringLiteral("failed"), o.counts.failed},
                                {QStringLiteral("compensated"), o.counts.compensated},
                                {QStringLiteral("unfinished"), o.counts.unfinished},
                                {QStringLiteral("total"), o.counts.total()}});
    return list;
}

QVariantList methodsOf(const reports::Figures& f) {
    QVariantList list;
    for (const auto& p : f.byMethod)
        list.append(QVariantMap{{QStringLiteral("method"), QString::fromStdString(p.method)},
                                {QStringLiteral("payments"), p.payments},
                                {QStringLiteral("paidFen"), p.paidFen},
                                {QStringLiteral("refunds"), p.refunds},
                                {QStringLiteral("refundedFen"), p.refundedFen},
                                {QStringLiteral("netFen"), p.netFen()}});
    return list;
}

QVariantMap rangeMap(const reports::RangeReport& r) {
    QVariantList days;
    for (const auto& d : r.days) {
        QVariantMap row = rowOf(d.date.toString(Qt::ISODate), d.figures);
        row.insert(QStringLiteral("closed"), d.closed);
        days.append(row);
    }
    return {{QStringLiteral("centreCode"), QString::fromStdString(r.centre.code)},
            {QStringLiteral("centreName"), QString::fromStdString(r.centre.name)},
            {QStringLiteral("from"), r.from.toString(Qt::ISODate)},
            {QStringLiteral("to"), r.to.toString(Qt::ISODate)},
            {QStringLiteral("closedDays"), r.closedDays()},
            {QStringLiteral("dayCount"), static_cast<int>(r.days.size())},
            {QStringLiteral("days"), days},
            {QStringLiteral("totals"), rowOf(QStringLiteral("TOTAL"), r.totals)},
            {QStringLiteral("byOperation"), operationsOf(r.totals)},
            {QStringLiteral("byMethod"), methodsOf(r.totals)}};
}

QVariantMap centresMap(const reports::CentresReport& r) {
    QVariantList centres;
    int closed = 0, open = 0;
    for (const auto& c : r.centres) {
        closed += c.closedDays;
        open += c.openDays;
        QVariantMap row = rowOf(QString::fromStdString(c.centre.code), c.figures);
        row.insert(QStringLiteral("code"), QString::fromStdString(c.centre.code));
        row.insert(QStringLiteral("name"), QString::fromStdString(c.centre.name));
        row.insert(QStringLiteral("closedDays"), c.closedDays);
        row.insert(QStringLiteral("openDays"), c.openDays);
        centres.append(row);
    }
    QVariantMap totals = rowOf(QStringLiteral("TOTAL"), r.totals);
    totals.insert(QStringLiteral("closedDays"), closed);
    totals.insert(QStringLiteral("openDays"), open);
    return {{QStringLiteral("from"), r.from.toString(Qt::ISODate)},
            {QStringLiteral("to"), r.to.toString(Qt::ISODate)},
            {QStringLiteral("centres"), centres},
            {QStringLiteral("totals"), totals},
            {QStringLiteral("byMethod"), methodsOf(r.totals)}};
}

QVariantMap expiringMap(const reports::ExpiringReport& r) {
    QVariantList certificates;
    for (const auto& c : r.certificates)
        certificates.append(QVariantMap{{QStringLiteral("serial"), QString::fromStdString(c.serial)},
                                        {QStringLiteral("company"), QString::fromStdString(c.company)},
                                        {QStringLiteral("uscc"), QString::fromStdString(c.uscc)},
                                        {QStringLiteral("centre"), QString::fromStdString(c.centreCode)},
                                        {QStringLiteral("keySerial"), QString::fromStdString(c.keySerial)},
                                        {QStringLiteral("notAfter"), shownDay(c.notAfter)},
                                        {QStringLiteral("daysLeft"), c.daysLeft}});
    return {{QStringLiteral("days"), r.days},
            {QStringLiteral("centreCode"), r.centre ? QString::fromStdString(r.centre->code) : QString()},
            {QStringLiteral("count"), static_cast<int>(r.certificates.size())},
            {QStringLiteral("certificates"), certificates}};
}

} // namespace

OfficeReports::OfficeReports(QObject* parent)
    : CounterController(parent) {}

QString OfficeReports::defaultFrom() const {
    return centreToday().addDays(-29).toString(Qt::ISODate);
}

QString OfficeReports::defaultTo() const {
    return centreToday().toString(Qt::ISODate);
}

QString OfficeReports::exportFolder() const {
    return workstation() ? reports::exportFolder(workstation()->config()) : QString();
}

void OfficeReports::fail(const QString& text) {
    m_error = text;
    m_message.clear();
    Q_EMIT messagesChanged();
}

bool OfficeReports::ready() {
    Workstation* w = workstation();
    if (!w || !w->ready()) {
        fail(tr("This counter is not ready."));
        return false;
    }
    if (m_busy)
        return false;
    if (!session() || !session()->isSupervisor()) {
        fail(tr("Only a supervisor or an admin reads the reports."));
        return false;
    }
    m_error.clear();
    m_message.clear();
    Q_EMIT messagesChanged();
    return true;
}

bool OfficeReports::datesOf(const QString& from, const QString& to, counter::ReportAsk& ask) {
    ask.from = QDate::fromString(from.trimmed(), Qt::ISODate);
    ask.to = QDate::fromString(to.trimmed(), Qt::ISODate);
    if (!ask.from.isValid() || from.trimmed().size() != 10) {
        fail(tr("%1 is not a date (YYYY-MM-DD).").arg(from));
        return false;
    }
    if (!ask.to.isValid() || to.trimmed().size() != 10) {
        fail(tr("%1 is not a date (YYYY-MM-DD).").arg(to));
        return false;
    }
    if (ask.to < ask.from) {
        fail(tr("The range ends before it starts."));
        return false;
    }
    if (ask.from.daysTo(ask.to) + 1 > reports::kMaxRangeDays) {
        fail(tr("A report covers at most %1 days.").arg(reports::kMaxRangeDays));
        return false;
    }
    return true;
}

void OfficeReports::loadRange(const QString& from, const QString& to) {
    counter::ReportAsk ask;
    ask.kind = counter::ReportAsk::Kind::Range;
    if (ready() && datesOf(from, to, ask))
        load(ask, QStringLiteral("range"));
}

void OfficeReports::loadCentres(const QString& from, const QString& to) {
    if (!ready())
        return;
    if (!session()->isAdmin()) {
        fail(tr("Only an admin sees every centre's figures."));
        return;
    }
    counter::ReportAsk ask;
    ask.kind = counter::ReportAsk::Kind::Centres;
    if (datesOf(from, to, ask))
        load(ask, QStringLiteral("centres"));
}

void OfficeReports::loadExpiring(const QString& days, bool allCentres) {
    if (!ready())
        return;
    counter::ReportAsk ask;
    ask.kind = counter::ReportAsk::Kind::Expiring;
    ask.allCentres = allCentres;
    bool ok = true;
    ask.days = days.trimmed().isEmpty() ? 60 : days.trimmed().toInt(&ok);
    if (!ok || ask.days < 1 || ask.days > kMaxExpiringDays) {
        fail(tr("Enter a number of days from 1 to %1.").arg(kMaxExpiringDays));
        return;
    }
    if (allCentres && !session()->isAdmin()) {
        fail(tr("Only an admin sees every centre's figures."));
        return;
    }
    load(ask, QStringLiteral("expiring"));
}

QString OfficeReports::failure(const counter::Outcome<counter::OfficeReport>& out) const {
    return out.connectionLost ? tr("The database cannot be reached; try again.")
                              : tr("The report could not be made: %1").arg(QString::fromStdString(out.error));
}

void OfficeReports::load(const counter::ReportAsk& ask, const QString& kind) {
    m_busy = true;
    Q_EMIT busyChanged();
    const long long counter = workstation()->counterId();
    const auth::SessionToken token = session()->token();
    workstation()->database()->run<counter::OfficeReport>(
        this, [counter, token, ask](counter::Desk& desk) { return desk.officeReport(counter, token, ask); },
        [this, ask, kind](const counter::Outcome<counter::OfficeReport>& out) {
            m_busy = false;
            Q_EMIT busyChanged();
            if (!out.ok()) {
                fail(failure(out));
                return;
            }
            const counter::OfficeReport& r = *out.value;
            m_report = r.range     ? rangeMap(*r.range)
                       : r.centres ? centresMap(*r.centres)
                                   : expiringMap(*r.expiring);
            m_kind = kind;
            m_shown = ask;
            Q_EMIT reportChanged();
        });
}

void OfficeReports::exportReport(const QString& format) {
    const bool pdf = format == QLatin1String("pdf");
    if ((!pdf && format != QLatin1String("csv")) || m_kind.isEmpty() || !ready())
        return;
    m_busy = true;
    Q_EMIT busyChanged();
    const long long counter = workstation()->counterId();
    const auth::SessionToken token = session()->token();
    const counter::ReportAsk ask = m_shown;
    const QString folder = exportFolder();
    const reports::FileFormat as = pdf ? reports::FileFormat::Pdf : reports::FileFormat::Csv;
    // Read again, rendered and written on the database thread: the GUI thread touches neither the database
    // nor the disk.
    workstation()->database()->run<reports::WrittenFile>(
        this,
        [counter, token, ask, folder, as](counter::Desk& desk) {
            return desk.exportOfficeReport(counter, token, ask, folder, as);
        },
        [this](const counter::Outcome<reports::WrittenFile>& out) {
            m_busy = false;
            Q_EMIT busyChanged();
            if (!out.ok())
                m_error =
                    out.connectionLost
                        ? tr("The database cannot be reached; try again.")
                        : tr("The report could not be exported: %1").arg(QString::fromStdString(out.error));
            else if (!out.value->problem.isEmpty())
                m_error = tr("The report could not be written to %1.").arg(out.value->problem);
            else
                m_message = tr("Saved as %1").arg(out.value->path);
            Q_EMIT messagesChanged();
        });
}

} // namespace countersign::qml
