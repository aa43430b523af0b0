#pragma once

#include <vector>

#include <QFont>
#include <QPageSize>
#include <QRectF>
#include <QString>
#include <QStringList>

#include "printing/receipt.h"

class QPainter;

// How a receipt is laid out on its paper and drawn: the measures, the blocks a receipt is made of (rows, fee
// lines, sections, the mark band, the QR code, the void stamp) and the painting of them. What the receipt
// says is printing/receipt.cpp's; only it and receiptlayout.cpp include this header.
namespace countersign::printing::receiptlayout {

// Every measure is taken in dots of this resolution and the painter is scaled to the device, so line breaks
// and positions are the same on a PDF, a printer and a picture. PDFs and printers get exactly this
// resolution.
constexpr double kDots = 600.0;

double mm(double millimetres);
double toMm(double dots);

/// What differs between the layouts: the page, the margins, the type sizes and where the QR goes.
struct Spec {
    double widthMm;
    double heightMm; ///< 0: a roll, as long as the content
    double sideMm, topMm, bottomMm;
    double titlePt, centrePt, sectionPt, bodyPt, smallPt, markPt;
    double qrMm;   ///< the QR code with its quiet zone
    bool qrBeside; ///< the QR left of its caption (sheets) or above it (the roll)
};

Spec specOf(Paper paper);

/// One thing drawn on the page, in dots.
struct Item {
    enum Kind { Text, Rule, Box, Qr, VoidStamp } kind = Text;
    QRectF rect;
    QFont font;
    int flags = 0;
    QString text;
    double pen = 0;
};

/// The receipt laid out: what to draw where, in dots, and the page it needs.
struct Layout {
    std::vector<Item> items;
    double width = 0;
    double height = 0;
    QRectF markBand;
};

/// Lays a receipt out from top to bottom: each call adds a block under the last.
class Builder {
public:
    Builder(const Spec& spec, const QString& family);

    QFont font(double points, bool bold = false) const;
    QFont body(bool bold = false) const { return font(m_spec.bodyPt, bold); }
    QFont small() const { return font(m_spec.smallPt); }

    double contentWidth() const { return m_right - m_left; }
    double y() const { return m_y; }
    void skip(double millimetres) { m_y += mm(millimetres); }

    /// Text over the whole width.
    void paragraph(const QString& text, const QFont& f, int align, bool anywhere = false);
    /// The widest of `labels` in the body font decides where values start (at most 42 % of the width).
    void setLabelColumn(const QStringList& labels);
    /// "label   value", the value wrapping in its column.
    void row(const QString& label, const QString& value, bool bold = false, bool anywhere = false);
    /// A fee line: its text on the left (wrapping), the amount right-aligned; `note` in small type below.
    void amountRow(const QString& text, const QString& amount, bool bold, const QString& note = {});
    void section(const QString& title);
    void rule(double widthMm = 0.25, double gapMm = 0);
    /// The reserved band for the marks: always there, empty on a first print.
    void markBand(bool reprint, bool voided);
    /// The QR code (the layout's size, quiet zone included) and, beside or under it, `caption` and `detail`.
    void qrBlock(const QString& payload, const QString& caption, const QString& detail);
    void voidStamp();
    Layout finish();

private:
    static double measure(const QFont& f, double width, int flags, const QString& text);
    static double textWidth(const QFont& f, const QString& text);
    void add(Item item) { m_layout.items.push_back(std::move(item)); }

    const Spec& m_spec;
    QString m_family;
    double m_left, m_right, m_y;
    double m_labelWidth = 0;
    Layout m_layout;
};

/// A finished layout and how far down its content goes (a sheet's content may run past its page).
struct Laid {
    Layout layout;
    double contentHeight = 0;
};

/// Paints `laid` on the page `p` is active on, whose device has `dotsPerInch`.
void paintLayout(QPainter& p, const Laid& laid, double dotsPerInch);

/// The page a QPdfWriter or QPrinter is asked for.
QPageSize pageSizeOf(Paper paper, const Layout& layout);

} // namespace countersign::printing::receiptlayout
