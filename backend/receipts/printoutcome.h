#pragma once

#include <QString>

#include "backend/config.h"
#include "printing/printjob.h"
#include "printing/receipt.h"

// Where receipts are printed and how printing one went: plain values without the database, so the kiosk's
// done step can show them (receiptprinting.h prints).
namespace countersign::receipts {

/// Where receipts are printed and on what: [printer] name and paper.
struct PrintSettings {
    QString printerName;                         ///< the CUPS queue; empty: the default printer
    printing::Paper paper = printing::Paper::A5; ///< the layout of a first print
    bool paperForced = false; ///< use `paper` for a reprint too, not the paper of the kept document
    int followMs = 10000;     ///< how long to follow the job (printing::printSheet)
};

/// The settings of this workstation's configuration.
PrintSettings printSettingsOf(const AppConfig& config);

/// How printing a receipt went.
struct PrintOutcome {
    printing::PrintResult result;
    bool reprint = false; ///< the paper says 补打 / REPRINT
    bool voided = false;  ///< the paper says 作废 / VOID
    printing::Paper paper = printing::Paper::A5;
    int printedCount = 0; ///< prints recorded so far (this one included when it printed)
};

} // namespace countersign::receipts
