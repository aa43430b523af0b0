#pragma once

#include <QString>
#include <QtQml/qqmlregistration.h>

#include "qml/countercontroller.h"

namespace countersign::receipts {
struct PrintOutcome;
}

namespace countersign::qml {

/// The done step's receipt printing: prints, and reprints, the receipt of the finished transaction on the
/// configured CUPS queue ([printer] name and paper) through receipts::printReceipt — the same function as
/// `countersignctl receipt print` — on the database thread (counter::Desk), so the GUI thread never waits on
/// the printer.
/// When the printer is missing, stopped, out of paper or off, `errorText` says so and printReceipt() again is
/// the retry; the transaction is complete either way. QML makes one per done step.
class ReceiptPrinter : public countersign::qml::CounterController {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString receiptNumber READ receiptNumber WRITE setReceiptNumber NOTIFY receiptNumberChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(int printedCount READ printedCount NOTIFY stateChanged)
    Q_PROPERTY(bool voided READ voided NOTIFY stateChanged)
    Q_PROPERTY(Problem problem READ problem NOTIFY stateChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)

public:
    /// Why the last print did not happen (printing::PrintProblem, and what the counter adds).
    enum class Problem {
        None,
        NoPrintService,
        NoPrinter,
        NoSuchQueue,
        Stopped,
        NotAccepting,
        OutOfPaper,
        Offline,
        PaperJam,
        PrinterError,
        JobFailed,
        NotReady, ///< no counter, nobody logged in, no receipt number
        Database, ///< the database could not be reached or refused
    };
    Q_ENUM(Problem)

    explicit ReceiptPrinter(QObject* parent = nullptr);

    QString receiptNumber() const { return m_number; }
    /// The receipt to print (e.g. TJ01-2026-000123); reads how often it was printed already.
    void setReceiptNumber(const QString& number);
    bool busy() const { return m_busy; }
    /// Prints recorded for this receipt (0: never printed; then the next print is the first).
    int printedCount() const { return m_printedCount; }
    bool voided() const { return m_voided; }
    Problem problem() const { return m_problem; }
    /// What went wrong with the last print and what to do, in the counter's language; empty when it printed.
    QString errorText() const { return m_error; }
    /// What the last print did ("Receipt printed on RECEIPTS."); empty before the first.
    QString statusText() const { return m_status; }

public Q_SLOTS:
    /// Prints the receipt: the first print, or a reprint (补打 / REPRINT) once it was printed. printed() or
    /// failed() follows. Also the retry after a failure. Ignored while a print runs.
    void printReceipt();
    /// Reads the receipt's print count again.
    void refresh();

Q_SIGNALS:
    void receiptNumberChanged();
    void busyChanged();
    void stateChanged();
    void printed(bool reprint);
    void failed(const QString& errorText);

private:
    void setBusy(bool busy);
    void finish(const receipts::PrintOutcome& outcome);
    void fail(Problem problem, const QString& text);

    QString m_number;
    bool m_busy = false;
    int m_printedCount = 0;
    bool m_voided = false;
    Problem m_problem = Problem::None;
    QString m_error;
    QString m_status;
};

} // namespace countersign::qml
