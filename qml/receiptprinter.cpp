#include "qml/receiptprinter.h"

#include <optional>

#include "backend/counter/desk.h"

namespace countersign::qml {

namespace {

ReceiptPrinter::Problem problemOf(counter::PrintProblem p) {
    using P = counter::PrintProblem;
    using R = ReceiptPrinter::Problem;
    switch (p) {
    case P::None:
        return R::None;
    case P::NoPrintService:
        return R::NoPrintService;
    case P::NoPrinter:
        return R::NoPrinter;
    case P::NoSuchQueue:
        return R::NoSuchQueue;
    case P::Stopped:
        return R::Stopped;
    case P::NotAccepting:
        return R::NotAccepting;
    case P::OutOfPaper:
        return R::OutOfPaper;
    case P::Offline:
        return R::Offline;
    case P::PaperJam:
        return R::PaperJam;
    case P::PrinterError:
        return R::PrinterError;
    case P::JobFailed:
        break;
    }
    return R::JobFailed;
}

} // namespace

ReceiptPrinter::ReceiptPrinter(QObject* parent)
    : CounterController(parent) {
    // The print count is read once the receipt and the workstation are both known, whichever comes first.
    connect(this, &CounterController::servicesChanged, this, &ReceiptPrinter::refresh);
}

void ReceiptPrinter::setReceiptNumber(const QString& number) {
    if (number == m_number)
        return;
    m_number = number;
    m_printedCount = 0;
    m_voided = false;
    m_problem = Problem::None;
    m_error.clear();
    m_status.clear();
    Q_EMIT receiptNumberChanged();
    Q_EMIT stateChanged();
    refresh();
}

void ReceiptPrinter::setBusy(bool busy) {
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void ReceiptPrinter::refresh() {
    Workstation* w = workstation();
    if (m_number.isEmpty() || !w || !w->ready())
        return;
    const std::string number = m_number.toStdString();
    w->database()->run<std::optional<counter::ReceiptState>>(
        this, [number](counter::Desk& desk) { return desk.receiptState(number); },
        [this, number](const counter::Outcome<std::optional<counter::ReceiptState>>& out) {
            // A late answer for a receipt no longer shown changes nothing.
            if (!out.ok() || !*out.value || m_number.toStdString() != number || m_busy)
                return;
            m_printedCount = (*out.value)->printedCount;
            m_voided = (*out.value)->voided;
            Q_EMIT stateChanged();
        });
}

void ReceiptPrinter::printReceipt() {
    if (m_busy)
        return;
    Workstation* w = workstation();
    Session* session = this->session();
    if (m_number.isEmpty() || !w || !w->ready() || !session || !session->loggedIn()) {
        fail(Problem::NotReady, tr("There is no receipt to print here."));
        return;
    }
    setBusy(true);
    m_problem = Problem::None;
    m_error.clear();
    m_status.clear();
    Q_EMIT stateChanged();

    const std::string number = m_number.toStdString();
    const auth::SessionToken token = session->token();
    const receipts::PrintSettings settings = receipts::printSettingsOf(w->config());
    w->database()->run<std::optional<receipts::PrintOutcome>>(
        this,
        [number, token, settings](counter::Desk& desk) { return desk.printReceipt(number, token, settings); },
        [this](const counter::Outcome<std::optional<receipts::PrintOutcome>>& out) {
            setBusy(false);
            if (!out.ok()) {
                fail(
                    Problem::Database,
                    out.connectionLost
                        ? tr("The database cannot be reached, so the receipt could not be printed. Try again "
                             "when the status bar shows the database as connected.")
                        : tr("The receipt could not be printed: %1").arg(QString::fromStdString(out.error)));
                return;
            }
            if (!*out.value) {
                fail(Problem::NotReady, tr("Receipt %1 is not in the database.").arg(m_number));
                return;
            }
            finish(**out.value);
        });
}

void ReceiptPrinter::finish(const receipts::PrintOutcome& outcome) {
    m_printedCount = outcome.printedCount;
    m_voided = outcome.voided;
    const counter::PrintResult& r = outcome.result;
    if (r.ok()) {
        m_problem = Problem::None;
        m_error.clear();
        m_status = outcome.reprint ? tr("Reprint sent to the printer %1.").arg(r.queue)
                                   : tr("Receipt printed on %1.").arg(r.queue);
        Q_EMIT stateChanged();
        Q_EMIT printed(outcome.reprint);
        return;
    }
    const QString queue = r.queue;
    QString text;
    switch (problemOf(r.problem)) {
    case Problem::NoPrintService:
        text = tr("The print service of this computer is not running.");
        break;
    case Problem::NoPrinter:
        text = tr("No printer is set up on this computer.");
        break;
    case Problem::NoSuchQueue:
        text = tr("The printer %1 is not installed on this computer.").arg(queue);
        break;
    case Problem::Stopped:
        text = tr("The printer %1 is stopped.").arg(queue);
        break;
    case Problem::NotAccepting:
        text = tr("The printer %1 does not accept print jobs.").arg(queue);
        break;
    case Problem::OutOfPaper:
        text = tr("The printer %1 is out of paper. Load paper.").arg(queue);
        break;
    case Problem::Offline:
        text = tr("The printer %1 is switched off or not connected. Switch it on.").arg(queue);
        break;
    case Problem::PaperJam:
        text = tr("The printer %1 has a paper jam or an open cover.").arg(queue);
        break;
    default:
        text = tr("The printer %1 did not print the receipt.").arg(queue);
        break;
    }
    fail(problemOf(r.problem), text);
}

void ReceiptPrinter::fail(Problem problem, const QString& text) {
    m_problem = problem;
    m_error = text;
    m_status.clear();
    Q_EMIT stateChanged();
    Q_EMIT failed(text);
}

} // namespace countersign::qml
