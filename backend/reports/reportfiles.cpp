#include "backend/reports/reportfiles.h"

#include <QByteArray>
#include <QDir>

#include "backend/privatefile.h"
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
    try {
        writePrivateFile(w.path.toStdString(),
                         std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    } catch (const PrivateFileError&) {
        w.problem = w.path;
    }
    return w;
}

} // namespace countersign::reports
