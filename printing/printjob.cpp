#include "printing/printjob.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPrinter>
#include <QThread>

#include <cups/cups.h>

namespace countersign::printing {

namespace {

PrintResult failed(PrintProblem problem, const QString& queue, const QString& detail, int jobId = 0) {
    PrintResult r;
    r.problem = problem;
    r.queue = queue;
    r.jobId = jobId;
    r.message = problemMessage(problem, queue, detail);
    return r;
}

QString documentName(const ReceiptSheet& sheet) {
    const QString number = QJsonDocument::fromJson(sheet.contentJson)
                               .object()
                               .value(QStringLiteral("receipt_number"))
                               .toString();
    return QStringLiteral("受理回执 ") + number + (sheet.reprint ? QStringLiteral(" 补打") : QString());
}

} // namespace

PrintResult printSheet(const ReceiptSheet& sheet, Paper paper, const QString& printerName, int followMs) {
    rereadPrintServer();
    const QueueState before = queueState(printerName);
    if (!before.ready())
        return failed(before.problem, before.queue, before.detail);
    const QString queue = before.queue;
    // Laid out before anything is sent: a receipt that can't be drawn leaves no job behind.
    const ReceiptPageGeometry geometry = receiptGeometry(sheet, paper);
    const int previousJob = lastJobId(queue);
    {
        QPrinter printer(QPrinter::HighResolution);
        printer.setPrinterName(queue);
        // QPrinter quietly falls back to writing a PDF file when CUPS does not know the queue.
        if (printer.outputFormat() != QPrinter::NativeFormat || printer.printerName() != queue)
            return failed(PrintProblem::NoSuchQueue, queue, {});
        printer.setDocName(documentName(sheet));
        printer.setCopyCount(1);
        printer.setColorMode(QPrinter::GrayScale);
        printer.setFullPage(true);
        printer.setPageSize(geometry.pageSize);
        printer.setPageOrientation(QPageLayout::Portrait);
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        printer.setResolution(600);
        QPainter painter;
        if (!painter.begin(&printer))
            return failed(PrintProblem::JobFailed, queue,
                          QStringLiteral("the print job could not be started"));
        paintReceipt(painter, sheet, paper, printer.resolution());
        // QPrinter hands the document to CUPS here, and says nothing when CUPS refuses it: the job list does.
        painter.end();
    }
    const QString submitError = QString::fromUtf8(cupsLastErrorString()); // cupsPrintFile's, on this thread
    const int job = lastJobId(queue);
    if (job <= previousJob) {
        const QueueState now = queueState(queue);
        return failed(now.ready() ? PrintProblem::JobFailed : now.problem, queue,
                      now.ready() ? QStringLiteral("no job was created: %1").arg(submitError) : now.detail);
    }

    // A reason the printer reported before this job (out of paper, off) may be stale: CUPS keeps it until a
    // job clears it, so it only counts once the job has waited on it this long; a new one counts at once.
    constexpr qint64 kStaleFaultGraceMs = 4000;
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        const JobPhase phase = jobPhase(queue, job);
        if (phase == JobPhase::Completed) {
            PrintResult r;
            r.queue = queue;
            r.jobId = job;
            return r;
        }
        const QueueState now = queueState(queue);
        const PrintProblem blocking = !now.ready() ? now.problem : now.fault;
        if (phase == JobPhase::Cancelled || phase == JobPhase::Aborted) {
            return failed(blocking != PrintProblem::None ? blocking : PrintProblem::JobFailed, queue,
                          blocking != PrintProblem::None
                              ? now.detail
                              : QStringLiteral("job %1 was %2")
                                    .arg(job)
                                    .arg(phase == JobPhase::Cancelled ? QStringLiteral("cancelled")
                                                                      : QStringLiteral("aborted")),
                          job);
        }
        const bool faulted = now.fault != PrintProblem::None &&
                             (now.fault != before.fault || waited.elapsed() >= kStaleFaultGraceMs);
        if (!now.ready() || faulted || phase == JobPhase::Stopped || phase == JobPhase::Held) {
            // The job can't finish now: cancel it, or it would come out after the retry's copy.
            cancelJob(queue, job);
            if (blocking != PrintProblem::None)
                return failed(blocking, queue, now.detail, job);
            return failed(
                PrintProblem::JobFailed, queue,
                QStringLiteral("job %1 was %2 and is cancelled")
                    .arg(job)
                    .arg(phase == JobPhase::Held ? QStringLiteral("held") : QStringLiteral("stopped")),
                job);
        }
        if (waited.elapsed() >= followMs) {
            // Still printing (a long queue, a slow printer) with nothing wrong: it is on its way.
            PrintResult r;
            r.queue = queue;
            r.jobId = job;
            return r;
        }
        QThread::msleep(150);
    }
}

} // namespace countersign::printing
