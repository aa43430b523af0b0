#include "backend/reports/reportfiles.h"

#include <QByteArray>
#include <QDir>
#include <QSaveFile>

#include "db/reportexport.h"
#include "printing/reportpdf.h"

namespace countersign::reports {

WrittenFile writeDaily(const DailyReport& report, const QString& folder, FileFormat format) {
    const bool pdf = format == FileFormat::Pdf;
    WrittenFile w;
    const QByteArray bytes =
        pdf ? printing::dailyReportPdf(report) : QByteArray::fromStdString(toCsv(report));
    if (!QDir().mkpath(folder)) {
        w.problem = folder;
        return w;
    }
    w.path = QStringLiteral("%1/daily-%2-%3.%4")
                 .arg(folder, QString::fromStdString(report.centre.code), report.date.toString(Qt::ISODate),
                      pdf ? QStringLiteral("pdf") : QStringLiteral("csv"));
    QSaveFile file(w.path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        w.problem = w.path;
    return w;
}

} // namespace countersign::reports
