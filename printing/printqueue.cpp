#include "printing/printqueue.h"

#include <algorithm>
#include <memory>

#include <QStringList>

#include <cups/cups.h>

namespace countersign::printing {

namespace {

struct DestFree {
    void operator()(cups_dest_t* d) const { cupsFreeDests(1, d); }
};
using Dest = std::unique_ptr<cups_dest_t, DestFree>;

QString option(const cups_dest_t* d, const char* name) {
    return QString::fromUtf8(cupsGetOption(name, d->num_options, d->options));
}

bool serviceReachable() {
    http_t* http =
        httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, 5000, nullptr);
    if (!http)
        return false;
    httpClose(http);
    return true;
}

/// The reasons that stop a receipt from coming out, from printer-state-reasons. A keyword ending in
/// -warning is not one; -report is, for offline only (that is how CUPS reports a printer switched off).
PrintProblem problemOfReasons(const QString& reasons, QString& which) {
    for (const QString& raw : reasons.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString reason = raw.trimmed();
        QString base = reason;
        QString level = QStringLiteral("error");
        for (const char* suffix : {"-error", "-warning", "-report"}) {
            if (reason.endsWith(QLatin1String(suffix))) {
                base = reason.left(reason.size() - static_cast<int>(qstrlen(suffix)));
                level = QLatin1String(suffix + 1);
            }
        }
        if (base == QLatin1String("offline")) {
            which = reason;
            return PrintProblem::Offline;
        }
        if (level != QLatin1String("error") || base == QLatin1String("none"))
            continue;
        which = reason;
        if (base == QLatin1String("media-empty") || base == QLatin1String("media-needed"))
            return PrintProblem::OutOfPaper;
        if (base == QLatin1String("media-jam") || base == QLatin1String("cover-open") ||
            base == QLatin1String("door-open") || base == QLatin1String("input-tray-missing"))
            return PrintProblem::PaperJam;
        if (base == QLatin1String("paused"))
            return PrintProblem::Stopped;
        // Reasons cupsd itself adds while it works, not printer faults.
        if (base.startsWith(QLatin1String("cups-")) || base == QLatin1String("connecting-to-device"))
            continue;
        return PrintProblem::PrinterError;
    }
    which.clear();
    return PrintProblem::None;
}

} // namespace

void rereadPrintServer() {
    cupsSetServer(nullptr);
}

QueueState queueState(const QString& name) {
    QueueState s;
    const QByteArray wanted = name.toUtf8();
    const Dest dest(
        cupsGetNamedDest(CUPS_HTTP_DEFAULT, name.isEmpty() ? nullptr : wanted.constData(), nullptr));
    if (!dest) {
        s.queue = name;
        s.detail = QString::fromUtf8(cupsLastErrorString());
        s.problem = !serviceReachable() ? PrintProblem::NoPrintService
                    : name.isEmpty()    ? PrintProblem::NoPrinter
                                        : PrintProblem::NoSuchQueue;
        return s;
    }
    s.queue = QString::fromUtf8(dest->name);
    const QString message = option(dest.get(), "printer-state-message");
    QString which;
    s.fault = problemOfReasons(option(dest.get(), "printer-state-reasons"), which);
    // printer-state 5 is "stopped": paused by a person, or stopped by CUPS after a job failed.
    if (option(dest.get(), "printer-state") == QLatin1String("5") || s.fault == PrintProblem::Stopped) {
        s.problem = PrintProblem::Stopped;
        if (s.fault == PrintProblem::Stopped)
            s.fault = PrintProblem::None;
    } else if (option(dest.get(), "printer-is-accepting-jobs") == QLatin1String("false")) {
        s.problem = PrintProblem::NotAccepting;
    }
    QStringList parts;
    if (!message.isEmpty())
        parts << message;
    if (!which.isEmpty())
        parts << which;
    s.detail = parts.join(QStringLiteral("; "));
    return s;
}

QString problemMessage(PrintProblem problem, const QString& queue, const QString& detail) {
    QString text;
    switch (problem) {
    case PrintProblem::None:
        return {};
    case PrintProblem::NoPrintService:
        text = QStringLiteral("The print service (CUPS) is not running or can't be reached.");
        break;
    case PrintProblem::NoPrinter:
        text = QStringLiteral("No printer is set up: configure [printer] name or set a default printer.");
        break;
    case PrintProblem::NoSuchQueue:
        text = QStringLiteral("There is no printer %1 on this computer (check [printer] name).").arg(queue);
        break;
    case PrintProblem::Stopped:
        text = QStringLiteral("The printer %1 is stopped; start it again (cupsenable %1).").arg(queue);
        break;
    case PrintProblem::NotAccepting:
        text = QStringLiteral("The printer %1 does not accept print jobs (cupsaccept %1).").arg(queue);
        break;
    case PrintProblem::OutOfPaper:
        text = QStringLiteral("The printer %1 is out of paper: load paper.").arg(queue);
        break;
    case PrintProblem::Offline:
        text = QStringLiteral("The printer %1 is switched off or not connected.").arg(queue);
        break;
    case PrintProblem::PaperJam:
        text = QStringLiteral("The printer %1 has a paper jam or an open cover.").arg(queue);
        break;
    case PrintProblem::PrinterError:
        text = QStringLiteral("The printer %1 reports an error.").arg(queue);
        break;
    case PrintProblem::JobFailed:
        text = QStringLiteral("The printer %1 did not print the receipt.").arg(queue);
        break;
    }
    if (!detail.isEmpty())
        text += QStringLiteral(" (CUPS: %1)").arg(detail);
    return text + QStringLiteral(" Nothing was printed; print again once it is fixed.");
}

int lastJobId(const QString& queue) {
    cups_job_t* jobs = nullptr;
    const QByteArray name = queue.toUtf8();
    const int count = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, name.constData(), 1, CUPS_WHICHJOBS_ALL);
    int last = 0;
    for (int i = 0; i < count; ++i)
        last = std::max(last, jobs[i].id);
    cupsFreeJobs(count, jobs);
    return last;
}

JobPhase jobPhase(const QString& queue, int jobId) {
    cups_job_t* jobs = nullptr;
    const QByteArray name = queue.toUtf8();
    const int count = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, name.constData(), 1, CUPS_WHICHJOBS_ALL);
    JobPhase phase = JobPhase::Unknown;
    for (int i = 0; i < count; ++i) {
        if (jobs[i].id != jobId)
            continue;
        switch (jobs[i].state) {
        case IPP_JSTATE_PENDING:
            phase = JobPhase::Pending;
            break;
        case IPP_JSTATE_HELD:
            phase = JobPhase::Held;
            break;
        case IPP_JSTATE_PROCESSING:
            phase = JobPhase::Processing;
            break;
        case IPP_JSTATE_STOPPED:
            phase = JobPhase::Stopped;
            break;
        case IPP_JSTATE_CANCELED:
            phase = JobPhase::Cancelled;
            break;
        case IPP_JSTATE_ABORTED:
            phase = JobPhase::Aborted;
            break;
        case IPP_JSTATE_COMPLETED:
            phase = JobPhase::Completed;
            break;
        }
    }
    cupsFreeJobs(count, jobs);
    return phase;
}

void cancelJob(const QString& queue, int jobId) {
    cupsCancelJob2(CUPS_HTTP_DEFAULT, queue.toUtf8().constData(), jobId, 0);
}

} // namespace countersign::printing
