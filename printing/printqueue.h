#pragma once

#include <QString>

namespace countersign::printing {

/// Why a receipt did not print. The kiosk words each in the counter's language; problemMessage() words them
/// in English for countersignctl and the logs.
enum class PrintProblem {
    None,
    NoPrintService, ///< CUPS can't be reached
    NoPrinter,      ///< no queue configured and no default printer
    NoSuchQueue,    ///< the configured queue does not exist
    Stopped,        ///< the queue is stopped (paused, cupsdisable, or stopped after an error)
    NotAccepting,   ///< the queue rejects jobs (cupsreject)
    OutOfPaper,     ///< media-empty / media-needed
    Offline,        ///< the printer is switched off or not connected
    PaperJam,       ///< media-jam, an open cover or door
    PrinterError,   ///< another error the printer reports
    JobFailed,      ///< the job was refused, cancelled or aborted
};

/// A CUPS queue as far as printing a receipt on it goes.
struct QueueState {
    QString queue; ///< the queue's name (the default printer's when none was asked for)
    /// Whether the queue takes jobs now: NoPrintService, NoPrinter, NoSuchQueue, Stopped, NotAccepting.
    PrintProblem problem = PrintProblem::None;
    /// What the printer last reported (printer-state-reasons): OutOfPaper, Offline, PaperJam, PrinterError.
    /// CUPS keeps a reason after the job it was reported for has gone until the next job clears it, so on an
    /// idle queue it may be stale (paper was loaded since); it counts while a job waits on the printer.
    PrintProblem fault = PrintProblem::None;
    QString detail; ///< what CUPS said: its state message and the reason keywords
    bool ready() const { return problem == PrintProblem::None; }
};

/// Asks CUPS (CUPS_SERVER, client.conf, else the local scheduler) about queue `name` (empty: the default
/// printer). Blocks on the network: never on the GUI thread.
QueueState queueState(const QString& name);

/// A sentence a person can act on, in English ("The printer RECEIPT is out of paper. …").
QString problemMessage(PrintProblem problem, const QString& queue, const QString& detail = {});

/// The highest job id this user has on `queue`, finished ones included (0: none). QPrinter does not say
/// which job it made; the job after this one is it.
int lastJobId(const QString& queue);

/// Where a job is.
enum class JobPhase { Unknown, Pending, Held, Processing, Stopped, Cancelled, Aborted, Completed };
JobPhase jobPhase(const QString& queue, int jobId);

/// Cancels a job that can't finish, so a retry does not print the receipt twice once the printer is back.
void cancelJob(const QString& queue, int jobId);

/// Makes the next CUPS call read the server setting again (CUPS keeps it per thread from its first use).
void rereadPrintServer();

} // namespace countersign::printing
