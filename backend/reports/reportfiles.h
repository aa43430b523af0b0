#pragma once

#include <QString>

#include "db/reportdata.h"

// A report written to a file, as the kiosk's back office exports it.
namespace countersign::reports {

enum class FileFormat { Csv, Pdf };

/// Where an export went.
struct WrittenFile {
    QString path;    ///< the file written
    QString problem; ///< the folder or file that could not be written; empty when it was
};

/// Writes the day's report into `folder` (made when missing) as daily-<centre code>-<date>.csv or .pdf — the
/// CSV of db/reportexport.h, the PDF of printing/reportpdf.h — replacing an earlier export of that day whole.
/// Renders and writes on the calling thread, which is never the GUI thread.
WrittenFile writeDaily(const DailyReport& report, const QString& folder, FileFormat format);

} // namespace countersign::reports
