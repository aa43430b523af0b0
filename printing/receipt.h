#pragma once

#include <optional>

#include <QByteArray>
#include <QImage>
#include <QPageSize>
#include <QRectF>
#include <QSizeF>
#include <QString>

class QPainter;

namespace countersign::printing {

/// The paper a receipt is laid out for ([printer] paper): the two kinds of printer counters have.
enum class Paper {
    A5,     ///< a5: a sheet printer with A5 paper (the default)
    A4,     ///< a4: a sheet printer with A4 paper
    Roll80, ///< roll80: an 80 mm thermal roll; the page is as long as the receipt
};

/// "a5", "a4" or "roll80" (case-insensitive); nullopt for anything else.
std::optional<Paper> paperFromName(const QString& name);
QString paperName(Paper paper);

/// One printing of a receipt (受理回执, DESIGN §5): what the receipt says, exactly as stored at issue
/// (receipts::ReceiptRecord::contentJson, its QR payload), and the marks this printing carries.
struct ReceiptSheet {
    QByteArray contentJson;
    QString qrPayload;
    bool reprint = false; ///< prints "补打 / REPRINT"
    bool voided = false;  ///< prints "作废 / VOID" across the page
};

/// Where a sheet's page is, in millimetres: its size (a roll's length fits the content) and the band under
/// the title that holds the reprint and void marks. Nothing else is ever drawn in the band, so a reprint
/// differs from the first print only there (and a voided one also by the stamp across the page).
struct ReceiptPageGeometry {
    QSizeF size;
    QRectF markBand;
    QPageSize pageSize; ///< what to ask of a QPdfWriter or QPrinter
};

/// The rendering is deterministic: the same sheet on the same paper gives the same drawing, down to the
/// line breaks (every measure is taken at one fixed resolution, whatever the device). Every function below
/// throws std::runtime_error when the content can't be read or no font with Chinese glyphs is installed.
ReceiptPageGeometry receiptGeometry(const ReceiptSheet& sheet, Paper paper);

/// Paints the sheet on the page `painter` is active on, whose top left is the paper's top left and whose
/// device has `dotsPerInch` (QPrinter with full-page on, QPdfWriter without margins, QImage).
void paintReceipt(QPainter& painter, const ReceiptSheet& sheet, Paper paper, double dotsPerInch);

/// The sheet as a one-page PDF (QPdfWriter) with its fonts embedded.
QByteArray receiptPdf(const ReceiptSheet& sheet, Paper paper);

/// The sheet as a picture of its page at `dotsPerInch`, white background (the screenshots).
QImage receiptImage(const ReceiptSheet& sheet, Paper paper, int dotsPerInch);

/// The paper a PDF from receiptPdf() was laid out for, read from its page size; nullopt when it is not one.
std::optional<Paper> paperOfPdf(const QByteArray& pdf);

} // namespace countersign::printing
