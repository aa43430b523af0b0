#pragma once

#include <QString>

#include "printing/printqueue.h"
#include "printing/receipt.h"

namespace countersign::printing {

/// How printing a receipt went.
struct PrintResult {
    PrintProblem problem = PrintProblem::None;
    QString queue;   ///< the CUPS queue it went to (or would have)
    int jobId = 0;   ///< the CUPS job, once there was one
    QString message; ///< what went wrong, in English (problemMessage); empty when it printed
    bool ok() const { return problem == PrintProblem::None; }
};

/// Prints `sheet` laid out for `paper` on the CUPS queue `printerName` (empty: the default printer) through
/// QPrinter, and follows the job until the printer has taken it. A queue that is missing, stopped or
/// rejecting jobs is reported before anything is sent. A printer that is out of paper, off or jammed while
/// the job waits gets the job cancelled (a retry must not print the receipt twice) and is reported the same
/// way. A job still printing after `followMs` with nothing wrong counts as printed.
///
/// Blocks (CUPS over the network, the printer): call it on a worker thread, never the GUI thread — QPainter
/// on a QPrinter is allowed there. Throws std::runtime_error when the sheet can't be drawn (receipt.h).
PrintResult printSheet(const ReceiptSheet& sheet, Paper paper, const QString& printerName,
                       int followMs = 10000);

} // namespace countersign::printing
