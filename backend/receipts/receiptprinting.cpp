#include "backend/receipts/receiptprinting.h"

#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "db/connection.h"
#include "db/prepared.h"

namespace countersign::receipts {

namespace {

std::optional<QByteArray> storedPdf(const pqxx::field& f) {
    if (f.is_null())
        return std::nullopt;
    const std::string bytes = pqxx::binarystring(f).str();
    return QByteArray(bytes.data(), static_cast<int>(bytes.size()));
}

printing::Paper paperFor(const std::optional<QByteArray>& stored, printing::Paper paper, bool forced) {
    if (!stored || forced)
        return paper;
    return printing::paperOfPdf(*stored).value_or(paper);
}

} // namespace

PrintSettings printSettingsOf(const AppConfig& config) {
    PrintSettings s;
    s.printerName = config.printerName;
    s.paper = printing::paperFromName(config.printerPaper).value_or(printing::Paper::A5);
    return s;
}

printing::ReceiptSheet sheetOf(const ReceiptRecord& receipt, bool reprint, bool voided) {
    printing::ReceiptSheet sheet;
    sheet.contentJson = QByteArray::fromStdString(receipt.contentJson);
    sheet.qrPayload = QString::fromStdString(receipt.qrPayload);
    sheet.reprint = reprint;
    sheet.voided = voided;
    return sheet;
}

PrintOutcome printReceipt(pqxx::connection& conn, const Secret& session, const ReceiptRecord& receipt,
                          const PrintSettings& settings) {
    pqxx::work tx{conn};
    // The row lock (countersign.receipt_lock) makes prints of one receipt take turns; it is held while CUPS
    // takes the job (a second or so), never while a person decides anything.
    pqxx::result rows;
    try {
        rows = db::execPrepared(tx, "SELECT printed_count, voided, pdf FROM countersign.receipt_lock($1)",
                                receipt.id);
    } catch (const pqxx::sql_error& e) {
        if (const auto refusal = db::databaseRefusal(e))
            throw ReceiptError(*refusal);
        throw;
    }
    const int printedBefore = rows[0][0].as<int>();
    const std::optional<QByteArray> stored = storedPdf(rows[0][2]);

    PrintOutcome out;
    out.reprint = printedBefore > 0;
    out.voided = rows[0][1].as<bool>();
    out.paper = paperFor(stored, settings.paper, settings.paperForced);
    out.printedCount = printedBefore;

    // The base document is made before anything is sent, so a print is never without its kept PDF.
    const QByteArray base =
        stored ? QByteArray() : printing::receiptPdf(sheetOf(receipt, false, false), out.paper);
    out.result = printing::printSheet(sheetOf(receipt, out.reprint, out.voided), out.paper,
                                      settings.printerName, settings.followMs);
    if (!out.result.ok()) {
        tx.abort();
        return out;
    }
    recordPrint(tx, session, receipt.id,
                stored ? std::nullopt
                       : std::optional<std::string>(
                             std::string(base.constData(), static_cast<std::size_t>(base.size()))));
    tx.commit();
    out.printedCount = printedBefore + 1;
    return out;
}

QByteArray receiptPdf(pqxx::transaction_base& tx, const ReceiptRecord& receipt, printing::Paper paper,
                      bool paperForced) {
    const auto rows =
        db::execPrepared(tx, "SELECT voided_at IS NOT NULL, pdf FROM receipts WHERE id = $1", receipt.id);
    if (rows.empty())
        throw ReceiptError("no receipt with id " + std::to_string(receipt.id));
    const bool voided = rows[0][0].as<bool>();
    const std::optional<QByteArray> stored = storedPdf(rows[0][1]);
    const printing::Paper used = paperFor(stored, paper, paperForced);
    if (stored && !voided && printing::paperOfPdf(*stored) == used)
        return *stored;
    return printing::receiptPdf(sheetOf(receipt, false, voided), used);
}

} // namespace countersign::receipts
