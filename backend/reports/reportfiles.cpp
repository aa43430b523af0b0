#include "backend/reports/reportfiles.h"

#include <QDir>
#include <QStandardPaths>
#include <QTimeZone>

#include "backend/privatefile.h"
#include "db/reportexport.h"
#include "printing/reportpdf.h"

namespace countersign::reports {

namespace {

QString isoDay(const QDate& d) {
    return d.toString(Qt::ISODate);
}

WrittenFile write(const QByteArray& bytes, const QString& folder, const QString& base, FileFormat format) {
    WrittenFile w;
    if (!QDir().mkpath(folder)) {
        w.problem = folder;
        return w;
    }
    w.path =
        QStringLiteral("%1/%2.%3")
            .arg(folder, base, format == FileFormat::Pdf ? QStringLiteral("pdf") : QStringLiteral("csv"));
    try {
        writePrivateFile(w.path.toStdString(),
                         std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    } catch (const PrivateFileError&) {
        w.problem = w.path;
    }
    return w;
}

template <typename Report, typename Pdf> QByteArray bytesOf(const Report& r, FileFormat format, Pdf pdf) {
    return format == FileFormat::Pdf ? pdf(r) : QByteArray::fromStdString(toCsv(r));
}

} // namespace

QString exportFolder(const AppConfig& config) {
    const QString& configured = config.reportsExportDir;
    if (!configured.isEmpty())
        return configured;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
           QStringLiteral("/Countersign reports");
}

QByteArray render(const DailyReport& report, FileFormat format) {
    return bytesOf(report, format, printing::dailyReportPdf);
}
QByteArray render(const RangeReport& report, FileFormat format) {
    return bytesOf(report, format, printing::rangeReportPdf);
}
QByteArray render(const CentresReport& report, FileFormat format) {
    return bytesOf(report, format, printing::centresReportPdf);
}
QByteArray render(const ExpiringReport& report, FileFormat format) {
    return bytesOf(report, format, printing::expiringReportPdf);
}

WrittenFile writeDaily(const DailyReport& report, const QString& folder, FileFormat format) {
    const QByteArray bytes = render(report, format);
    return write(
        bytes, folder,
        QStringLiteral("daily-%1-%2").arg(QString::fromStdString(report.centre.code), isoDay(report.date)),
        format);
}

WrittenFile writeRange(const RangeReport& report, const QString& folder, FileFormat format) {
    const QByteArray bytes = render(report, format);
    return write(bytes, folder,
                 QStringLiteral("range-%1-%2-%3")
                     .arg(QString::fromStdString(report.centre.code), isoDay(report.from), isoDay(report.to)),
                 format);
}

WrittenFile writeCentres(const CentresReport& report, const QString& folder, FileFormat format) {
    const QByteArray bytes = render(report, format);
    return write(bytes, folder, QStringLiteral("centres-%1-%2").arg(isoDay(report.from), isoDay(report.to)),
                 format);
}

WrittenFile writeExpiring(const ExpiringReport& report, const QString& folder, FileFormat format) {
    const QByteArray bytes = render(report, format);
    const QDate today = report.generatedAt.toTimeZone(QTimeZone("Asia/Shanghai")).date();
    return write(bytes, folder,
                 QStringLiteral("expiring-%1-%2-%3d")
                     .arg(report.centre ? QString::fromStdString(report.centre->code) : QStringLiteral("all"),
                          isoDay(today))
                     .arg(report.days),
                 format);
}

} // namespace countersign::reports
