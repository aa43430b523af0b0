#pragma once

#include <QByteArray>
#include <QString>

#include "backend/config.h"
#include "db/reportdata.h"

// A report written to a file, as the kiosk's back office exports it, and the bytes of a report as CSV or PDF,
// which countersignctl report writes too: one renderer for both front ends.
namespace countersign::reports {

enum class FileFormat { Csv, Pdf };

/// Where an export went.
struct WrittenFile {
    QString path;    ///< the file written
    QString problem; ///< the folder or file that could not be written; empty when it was
};

/// Where the back office writes reports: `[reports] export_dir` of the configuration file `config` was read
/// from, else "Countersign reports" in the user's documents folder.
QString exportFolder(const AppConfig& config);

/// The report as CSV (db/reportexport.h) or PDF (printing/reportpdf.h). Renders on the calling thread, which
/// is never the GUI thread. std::runtime_error when no PDF could be made.
QByteArray render(const DailyReport& report, FileFormat format);
QByteArray render(const RangeReport& report, FileFormat format);
QByteArray render(const CentresReport& report, FileFormat format);
QByteArray render(const ExpiringReport& report, FileFormat format);

/// Writes the report into `folder` (made when missing) as a private file (backend/privatefile.h), replacing
/// an earlier export of the same report whole: daily-<centre>-<date>, range-<centre>-<from>-<to>,
/// centres-<from>-<to>, expiring-<centre or "all">-<today>-<N>d, each .csv or .pdf.
WrittenFile writeDaily(const DailyReport& report, const QString& folder, FileFormat format);
WrittenFile writeRange(const RangeReport& report, const QString& folder, FileFormat format);
WrittenFile writeCentres(const CentresReport& report, const QString& folder, FileFormat format);
WrittenFile writeExpiring(const ExpiringReport& report, const QString& folder, FileFormat format);

} // namespace countersign::reports
