#pragma once

#include <QByteArray>
#include <QString>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "backend/receipts/printoutcome.h"
#include "backend/receipts/receipts.h"
#include "printing/receipt.h"

namespace countersign::receipts {

/// Prints a receipt (DESIGN §5) through QPrinter on the configured CUPS queue — the one way the kiosk and
/// countersignctl print. In one database transaction that holds the receipt's row (two counters printing the
/// same receipt take turns, so exactly one paper is the first print):
///  - the first print stores the receipt's PDF with the transaction (receipts.pdf), the base document without
///    marks; every later print is a reprint and carries 补打 / REPRINT;
///  - a reprint is the same document: it is drawn again from the same stored content, on the paper of the
///    kept PDF (unless `paperForced`), by the deterministic renderer (printing/receipt.h) — QPrinter can only
///    be painted on, so the kept PDF's bytes can't be sent as they are; the drawing is the same, and only the
///    mark band differs;
///  - a voided receipt (even one voided after it was printed) prints 作废 / VOID across the page;
///  - only a print the printer took is recorded (recordPrint: counted, audited). When the printer is missing,
///    stopped, out of paper or off, nothing is recorded and the result says why: the caller offers a retry.
///    The counter's transaction is complete either way — printing never changes it.
/// Blocks on CUPS and the printer: run it on a worker thread, never the GUI thread. Throws ReceiptError for a
/// receipt that does not exist (or is another centre's), pqxx errors for the database. Printed by the person
/// of `session` (the print is recorded with it: countersign.receipt_printed).
PrintOutcome printReceipt(pqxx::connection& conn, const Secret& session, const ReceiptRecord& receipt,
                          const PrintSettings& settings);

/// The receipt as a PDF file: the document kept with the transaction when it was printed, byte for byte;
/// drawn again with 作废 / VOID on the same paper when it has been voided since; drawn on `paper` when it was
/// never printed (nothing is stored then) or `paperForced` asks for another paper. Exporting is not printing:
/// nothing is recorded.
QByteArray receiptPdf(pqxx::transaction_base& tx, const ReceiptRecord& receipt, printing::Paper paper,
                      bool paperForced = false);

/// What one printing of `receipt` shows.
printing::ReceiptSheet sheetOf(const ReceiptRecord& receipt, bool reprint, bool voided);

} // namespace countersign::receipts
