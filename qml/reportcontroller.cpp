#include "qml/reportcontroller.h"

#include <optional>

#include <QStandardPaths>
#include <QTimeZone>

#include "backend/counter/desk.h"
#include "backend/money.h"
#include "qml/secrettext.h"

namespace countersign::qml {

namespace {

/// Today at the centre: China Standard Time, whatever the workstation's zone.
QDate centreToday() {
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

QString shown(const QDateTime& at) {
    return at.isValid()
               ? at.toTimeZone(QTimeZone("Asia/Shanghai")).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
               : QString();
}

void putCounts(QVariantMap& m, const reports::Counts& c) {
    m.insert(QStringLiteral("completed"), c.completed);
    m.insert(QStringLiteral("failed"), c.failed);
    m.insert(QStringLiteral("compensated"), c.compensated);
    m.insert(QStringLiteral("unfinished"), c.unfinished);
    m.insert(QStringLiteral("total"), c.total());
}

QVariantMap reportMap(const reports::DailyReport& r) {
    const reports::Figures& f = r.figures;
    QVariantList byOperation, byOperator, byMethod, stock;
    for (const auto& o : f.byOperation) {
        QVariantMap m{{QStringLiteral("kind"), QString::fromStdString(o.kind)},
                      {QStringLiteral("waivers"), o.waivers},
                      {QStringLiteral("letters"), o.lettersConsumed}};
        putCounts(m, o.counts);
        byOperation.append(m);
    }
    for (const auto& o : f.byOperator) {
        QVariantMap m{{QStringLiteral("username"), QString::fromStdString(o.username)},
                      {QStringLiteral("name"),
                       QString::fromStdString(o.displayName.empty() ? o.username : o.displayName)},
                      {QStringLiteral("waivers"), o.waivers}};
        putCounts(m, o.counts);
        byOperator.append(m);
    }
    for (const auto& p : f.byMethod)
        byMethod.append(QVariantMap{{QStringLiteral("method"), QString::fromStdString(p.method)},
                                    {QStringLiteral("payments"), p.payments},
                                    {QStringLiteral("paidFen"), p.paidFen},
                                    {QStringLiteral("refunds"), p.refunds},
                                    {QStringLiteral("refundedFen"), p.refundedFen},
                                    {QStringLiteral("netFen"), p.netFen()}});
    for (const auto& s : r.stockLevels)
        stock.append(QVariantMap{{QStringLiteral("model"), QString::fromStdString(s.model)},
                                 {QStringLiteral("inStock"), s.inStock},
                                 {QStringLiteral("damaged"), s.damaged}});
    QVariantMap totals{{QStringLiteral("netFen"), f.paidFen - f.refundedFen},
                       {QStringLiteral("waivers"), f.waivers},
                       {QStringLiteral("waivedFen"), f.waivedFen},
                       {QStringLiteral("letters"), f.lettersConsumed},
                       {QStringLiteral("paidFen"), f.paidFen},
                       {QStringLiteral("refunds"), f.refunds},
                       {QStringLiteral("refundedFen"), f.refundedFen},
                       {QStringLiteral("expectedCashFen"), f.expectedCashFen()},
                       {QStringLiteral("keysReceived"), f.keysReceived},
                       {QStringLiteral("keysIssued"), f.keysIssued},
                       {QStringLiteral("keysReturnedDamaged"), f.keysReturnedDamaged},
                       {QStringLiteral("keysReturnedUnused"), f.keysReturnedUnused},
                       {QStringLiteral("keysWrittenOff"), f.keysWrittenOff}};
    putCounts(totals, f.counts);
    QVariantMap out{{QStringLiteral("centreName"), QString::fromStdString(r.centre.name)},
                    {QStringLiteral("centreCode"), QString::fromStdString(r.centre.code)},
                    {QStringLiteral("date"), r.date.toString(Qt::ISODate)},
                    {QStringLiteral("closed"), r.closed()},
                    {QStringLiteral("generatedAt"), shown(r.generatedAt)},
                    {QStringLiteral("byOperation"), byOperation},
                    {QStringLiteral("byOperator"), byOperator},
                    {QStringLiteral("byMethod"), byMethod},
                    {QStringLiteral("stock"), stock},
                    {QStringLiteral("totals"), totals}};
    if (r.close)
        out.insert(
            QStringLiteral("close"),
            QVariantMap{{QStringLiteral("signedAt"), shown(r.close->signedAt)},
                        {QStringLiteral("closedBy"),
                         QString::fromStdString(r.close->closedByName.empty() ? r.close->closedBy
                                                                              : r.close->closedByName)},
                        {QStringLiteral("countedCashFen"), r.close->countedCashFen},
                        {QStringLiteral("expectedCashFen"), r.close->expectedCashFen},
                        {QStringLiteral("differenceFen"), r.close->differenceFen()}});
    return out;
}

QVariantList openList(const std::vector<dayclose::OpenTransaction>& open) {
    QVariantList list;
    for (const auto& t : open)
        list.append(QVariantMap{{QStringLiteral("number"), QString::fromStdString(t.number)},
                                {QStringLiteral("kind"), QString::fromStdString(t.kind)},
                                {QStringLiteral("state"), QString::fromStdString(t.state)},
                                {QStringLiteral("counter"), QString::fromStdString(t.counterCode)},
                                {QStringLiteral("operator"), QString::fromStdString(t.operatorUsername)},
                                {QStringLiteral("startedAt"), shown(t.startedAt)}});
    return list;
}

} // namespace

ReportController::ReportController(QObject* parent)
    : CounterController(parent) {}

bool ReportController::isToday() const {
    return m_date.isValid() && m_date == centreToday();
}

QString ReportController::exportFolder() const {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/reports");
}

qint64 ReportController::parseYuan(const QString& text) {
    // What people type around an amount: thousands separators and the yuan sign.
    QString t = text.trimmed();
    t.remove(QLatin1Char(',')).remove(QChar(0xFF0C)).remove(QChar(0xA5)).remove(QChar(0xFFE5));
    t = t.trimmed();
    // Cash in a drawer: never below zero, at most 999,999,999.99 yuan.
    constexpr qint64 kMostFen = 99'999'999'999;
    if (t.startsWith(QLatin1Char('-')))
        return -1;
    const std::optional<Money> amount = Money::parse(t.toStdString());
    return amount && amount->fen() <= kMostFen ? amount->fen() : -1;
}

void ReportController::setBusy(bool busy) {
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

bool ReportController::ready() {
    Workstation* w = workstation();
    m_message.clear();
    if (!w || !w->ready()) {
        m_error = tr("This counter is not ready.");
        Q_EMIT messagesChanged();
        return false;
    }
    if (m_busy)
        return false;
    m_error.clear();
    Q_EMIT messagesChanged();
    return true;
}

void ReportController::load(const QString& isoDate) {
    if (!ready())
        return;
    const QDate asked = isoDate.isEmpty() ? QDate() : QDate::fromString(isoDate, Qt::ISODate);
    if (!isoDate.isEmpty() && !asked.isValid()) {
        m_error = tr("%1 is not a date (YYYY-MM-DD).").arg(isoDate);
        Q_EMIT messagesChanged();
        return;
    }
    setBusy(true);
    const long long counter = workstation()->counterId();
    workstation()->database()->run<reports::DailyReport>(
        this, [counter, asked](counter::Desk& desk) { return desk.dailyReport(counter, asked); },
        [this](const counter::Outcome<reports::DailyReport>& out) {
            setBusy(false);
            if (!out.ok()) {
                m_error = out.connectionLost
                              ? tr("The database cannot be reached; try again.")
                              : tr("The report could not be made: %1").arg(QString::fromStdString(out.error));
                Q_EMIT messagesChanged();
                return;
            }
            m_date = out.value->date;
            m_report = reportMap(*out.value);
            m_preview.clear();
            Q_EMIT reportChanged();
            Q_EMIT previewChanged();
        });
}

void ReportController::shiftDay(int days) {
    const QDate base = m_date.isValid() ? m_date : centreToday();
    load(base.addDays(days).toString(Qt::ISODate));
}

void ReportController::loadPreview() {
    if (!ready())
        return;
    setBusy(true);
    const long long counter = workstation()->counterId();
    const QDate day = m_date;
    workstation()->database()->run<dayclose::Preview>(
        this, [counter, day](counter::Desk& desk) { return desk.dayClosePreview(counter, day); },
        [this](const counter::Outcome<dayclose::Preview>& out) {
            setBusy(false);
            if (!out.ok()) {
                m_error = out.connectionLost ? tr("The database cannot be reached; try again.")
                                             : tr("The day's figures could not be read: %1")
                                                   .arg(QString::fromStdString(out.error));
                Q_EMIT messagesChanged();
                return;
            }
            const dayclose::Preview& p = *out.value;
            // The reasons are worded here, in the operator's language; the backend's English list is for
            // countersignctl.
            QStringList obstacles;
            if (p.alreadyClosed)
                obstacles << tr("This day is closed already.");
            if (p.futureDay)
                obstacles << tr("This day has not come yet.");
            if (!p.open.empty())
                obstacles << tr(
                    "%n transaction(s) of this day are not finished: finish or cancel them first.", "",
                    static_cast<int>(p.open.size()));
            if (obstacles.isEmpty() && !p.canClose())
                for (const auto& o : p.obstacles)
                    obstacles << QString::fromStdString(o);
            m_date = p.report.date;
            m_report = reportMap(p.report);
            m_preview = QVariantMap{{QStringLiteral("expectedCashFen"), p.expectedCashFen},
                                    {QStringLiteral("canClose"), p.canClose()},
                                    {QStringLiteral("alreadyClosed"), p.alreadyClosed},
                                    {QStringLiteral("futureDay"), p.futureDay},
                                    {QStringLiteral("obstacles"), obstacles},
                                    {QStringLiteral("open"), openList(p.open)}};
            Q_EMIT reportChanged();
            Q_EMIT previewChanged();
        });
}

void ReportController::closeDay(const QString& countedCash, const QString& password) {
    Session* session = this->session();
    if (!session || !session->isSupervisor()) {
        m_error = tr("Only a supervisor closes the day.");
        Q_EMIT messagesChanged();
        return;
    }
    const qint64 counted = parseYuan(countedCash);
    if (counted < 0) {
        Q_EMIT closeRefused(tr("Enter the cash counted in the drawer, in yuan (for example 78.00)."));
        return;
    }
    if (password.isEmpty()) {
        Q_EMIT closeRefused(tr("Sign with your password."));
        return;
    }
    if (!m_date.isValid() || !ready())
        return;
    setBusy(true);
    auto secret = secretOf(password);
    const long long counter = workstation()->counterId();
    const std::string signer = session->username().toStdString();
    const QDate day = m_date;
    workstation()->database()->run<counter::DayCloseResult>(
        this,
        [counter, signer, day, counted, secret](counter::Desk& desk) {
            auto closed = desk.closeDay(counter, signer, day, counted, *secret);
            secret->wipe();
            return closed;
        },
        [this](const counter::Outcome<counter::DayCloseResult>& out) {
            setBusy(false);
            if (!out.ok()) {
                Q_EMIT closeRefused(
                    out.connectionLost
                        ? tr("The database cannot be reached; the day is not closed. Try again.")
                        : tr("The day could not be closed: %1").arg(QString::fromStdString(out.error)));
                return;
            }
            if (out.value->refusal) {
                QString why;
                switch (*out.value->refusal) {
                case dayclose::Refusal::WrongCredentials:
                    why = tr("The password is wrong, or the account is locked. The day is not closed.");
                    break;
                case dayclose::Refusal::NotAllowed:
                    why = tr("Only a supervisor or an administrator of this centre closes its days.");
                    break;
                case dayclose::Refusal::FutureDay:
                    why = tr("This day has not come yet.");
                    break;
                case dayclose::Refusal::AlreadyClosed:
                    why = tr("This day is closed already.");
                    break;
                case dayclose::Refusal::OpenTransactions:
                    why = tr("%n transaction(s) of this day are not finished: finish or cancel them first.",
                             "", static_cast<int>(out.value->open.size()));
                    m_preview.insert(QStringLiteral("open"), openList(out.value->open));
                    Q_EMIT previewChanged();
                    break;
                case dayclose::Refusal::BadAmount:
                    why = tr("Enter the cash counted in the drawer, in yuan (for example 78.00).");
                    break;
                }
                Q_EMIT closeRefused(why);
                return;
            }
            m_date = out.value->report->date;
            m_report = reportMap(*out.value->report);
            m_preview.clear();
            m_message = tr("The day %1 is closed. Its figures are frozen.").arg(m_date.toString(Qt::ISODate));
            Q_EMIT messagesChanged();
            Q_EMIT reportChanged();
            Q_EMIT previewChanged();
            Q_EMIT dayClosed();
        });
}

void ReportController::exportReport(const QString& format) {
    const bool pdf = format == QLatin1String("pdf");
    if (!pdf && format != QLatin1String("csv"))
        return;
    if (!ready())
        return;
    setBusy(true);
    const long long counter = workstation()->counterId();
    const QDate day = m_date;
    const QString folder = exportFolder();
    const reports::FileFormat as = pdf ? reports::FileFormat::Pdf : reports::FileFormat::Csv;
    // The report is read again (a closed day: its snapshot), rendered and written on the database thread: the
    // GUI thread touches neither the database nor the disk.
    workstation()->database()->run<reports::WrittenFile>(
        this,
        [counter, day, folder, as](counter::Desk& desk) {
            return desk.exportDailyReport(counter, day, folder, as);
        },
        [this](const counter::Outcome<reports::WrittenFile>& out) {
            setBusy(false);
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
