#include "printing/receiptlayout.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <QFontMetricsF>
#include <QGlyphRun>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QRawFont>
#include <QTextLayout>

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

namespace countersign::printing::receiptlayout {

namespace {

const QString kReprintMark = QStringLiteral("补打 / REPRINT");
const QString kVoidMark = QStringLiteral("作废 / VOID");

/// Lays `text` out in `width` (flags: a horizontal alignment, Qt::TextWrapAnywhere to break anywhere, else at
/// word boundaries and inside a word only when it is longer than the line) and returns its height. Measuring
/// and drawing both go through here, with design metrics, so what was measured is what is drawn.
double layOutText(QTextLayout& layout, const QFont& font, double width, int flags, QString text) {
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    QTextOption option(Qt::Alignment(flags & Qt::AlignHorizontal_Mask));
    option.setWrapMode((flags & Qt::TextWrapAnywhere) ? QTextOption::WrapAnywhere
                                                      : QTextOption::WrapAtWordBoundaryOrAnywhere);
    option.setUseDesignMetrics(true);
    layout.setText(text);
    layout.setFont(font);
    layout.setTextOption(option);
    layout.beginLayout();
    double y = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
    return y;
}

ZXing::BitMatrix qrMatrix(const QString& payload) {
    try {
        // Level Q (25 % of the code can be lost): receipts get folded and crumpled.
        return ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
            .setEncoding(ZXing::CharacterSet::UTF8)
            .setEccLevel(5)
            .setMargin(0)
            .encode(payload.toStdString(), 0, 0);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("receipt: can't make the QR code: ") + e.what());
    }
}

void drawQr(QPainter& p, const QRectF& area, const QString& payload) {
    const ZXing::BitMatrix m = qrMatrix(payload);
    const int n = m.width();
    // Four modules of quiet zone around; whole dots per module keep the edges sharp.
    const double module = std::floor(area.width() / (n + 8));
    const double origin = std::round((area.width() - module * n) / 2);
    QPainterPath path;
    for (int y = 0; y < n; ++y) {
        int x = 0;
        while (x < n) {
            if (!m.get(x, y)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < n && m.get(x, y))
                ++x;
            path.addRect(QRectF(area.left() + origin + start * module, area.top() + origin + y * module,
                                (x - start) * module, module));
        }
    }
    path.setFillRule(Qt::WindingFill);
    p.fillPath(path, Qt::black);
}

void drawVoidStamp(QPainter& p, const Item& item, const Layout& layout, double contentHeight) {
    QPainterPath text;
    text.addText(0, 0, item.font, item.text);
    const QRectF r = text.boundingRect();
    // Across the middle of the receipt, at most 95 % of the page's width once turned.
    const double angle = -28.0;
    const double rad = std::abs(angle) * 3.14159265358979 / 180.0;
    const double turnedWidth = r.width() * std::cos(rad) + r.height() * std::sin(rad);
    const double scale = std::min(1.0, layout.width * 0.95 / turnedWidth);
    p.save();
    p.translate(layout.width / 2, std::min(layout.height, contentHeight) / 2);
    p.rotate(angle);
    p.scale(scale, scale);
    p.translate(-r.center());
    QPen pen(Qt::black, mm(0.7) / scale);
    pen.setJoinStyle(Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(QColor(0, 0, 0, 28));
    p.drawPath(text);
    p.restore();
}

// The CJK fonts have no bold face: Qt makes one up, which the PDF engine writes as stroked glyphs but the
// raster engine loses when it draws big or transformed text as outlines. On a picture the outlines get that
// stroke here, so the screenshots show what the paper shows.
void emboldenOnRaster(QPainter& p, const QTextLayout& text, const QPointF& origin, const QFont& font) {
    QPainterPath outline;
    for (const QGlyphRun& run : text.glyphRuns()) {
        const QRawFont raw = run.rawFont();
        const auto glyphs = run.glyphIndexes();
        const auto positions = run.positions();
        for (int i = 0; i < glyphs.size(); ++i)
            outline.addPath(raw.pathForGlyph(glyphs[i]).translated(origin + positions[i]));
    }
    p.save();
    p.setPen(QPen(Qt::black, font.pixelSize() / 28.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(outline);
    p.restore();
}

} // namespace

double mm(double millimetres) {
    return millimetres * kDots / 25.4;
}

double toMm(double dots) {
    return dots * 25.4 / kDots;
}

Spec specOf(Paper paper) {
    switch (paper) {
    case Paper::A4:
        return {210, 297, 20, 18, 16, 20, 13, 11.5, 11, 8.5, 13, 40, true};
    case Paper::Roll80:
        // 80 mm paper, about 72 mm printable on thermal printers; the bottom margin is the tear-off.
        return {80, 0, 4, 4, 12, 13, 9, 8.5, 8, 6.5, 10, 38, false};
    case Paper::A5:
        break;
    }
    return {148, 210, 12, 11, 10, 16, 10.5, 9.5, 9, 7, 11, 32, true};
}

Builder::Builder(const Spec& spec, const QString& family)
    : m_spec(spec)
    , m_family(family)
    , m_left(mm(spec.sideMm))
    , m_right(mm(spec.widthMm - spec.sideMm))
    , m_y(mm(spec.topMm)) {
    m_layout.width = mm(spec.widthMm);
}

QFont Builder::font(double points, bool bold) const {
    QFont f(m_family);
    f.setPixelSize(std::max(1, static_cast<int>(std::lround(points * kDots / 72.0))));
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    f.setStyleStrategy(QFont::PreferOutline);
    return f;
}

double Builder::measure(const QFont& f, double width, int flags, const QString& text) {
    QTextLayout layout;
    return layOutText(layout, f, width, flags, text);
}

double Builder::textWidth(const QFont& f, const QString& text) {
    return QFontMetricsF(f).horizontalAdvance(text);
}

void Builder::paragraph(const QString& text, const QFont& f, int align, bool anywhere) {
    const int flags = align | Qt::AlignTop | (anywhere ? Qt::TextWrapAnywhere : Qt::TextWordWrap);
    const double h = measure(f, contentWidth(), flags, text);
    add({Item::Text, QRectF(m_left, m_y, contentWidth(), h), f, flags, text});
    m_y += h;
}

void Builder::setLabelColumn(const QStringList& labels) {
    double widest = 0;
    for (const auto& l : labels)
        widest = std::max(widest, textWidth(body(), l));
    m_labelWidth = std::min(widest + mm(2.5), contentWidth() * 0.42);
}

void Builder::row(const QString& label, const QString& value, bool bold, bool anywhere) {
    const QFont lf = body();
    const QFont vf = body(bold);
    const int lflags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
    const int vflags = Qt::AlignLeft | Qt::AlignTop | (anywhere ? Qt::TextWrapAnywhere : Qt::TextWordWrap);
    const double valueWidth = contentWidth() - m_labelWidth;
    const double lh = measure(lf, m_labelWidth - mm(1.5), lflags, label);
    const double vh = measure(vf, valueWidth, vflags, value.isEmpty() ? QStringLiteral("—") : value);
    add({Item::Text, QRectF(m_left, m_y, m_labelWidth - mm(1.5), lh), lf, lflags, label});
    add({Item::Text, QRectF(m_left + m_labelWidth, m_y, valueWidth, vh), vf, vflags,
         value.isEmpty() ? QStringLiteral("—") : value});
    m_y += std::max(lh, vh) + mm(m_spec.bodyPt * 0.09);
}

void Builder::amountRow(const QString& text, const QString& amount, bool bold, const QString& note) {
    const QFont f = body(bold);
    const double amountWidth = textWidth(f, QStringLiteral("-00000.00 元")) + mm(2);
    const double textWidthAvail = contentWidth() - amountWidth;
    const int tflags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
    const int aflags = Qt::AlignRight | Qt::AlignTop;
    const double th = measure(f, textWidthAvail, tflags, text);
    const double ah = measure(f, amountWidth, aflags, amount);
    add({Item::Text, QRectF(m_left, m_y, textWidthAvail, th), f, tflags, text});
    add({Item::Text, QRectF(m_right - amountWidth, m_y, amountWidth, ah), f, aflags, amount});
    m_y += std::max(th, ah);
    if (!note.isEmpty()) {
        const QFont s = small();
        const double nh = measure(s, textWidthAvail - mm(3), tflags, note);
        add({Item::Text, QRectF(m_left + mm(3), m_y, textWidthAvail - mm(3), nh), s, tflags, note});
        m_y += nh;
    }
    m_y += mm(m_spec.bodyPt * 0.09);
}

void Builder::section(const QString& title) {
    skip(m_spec.bodyPt * 0.22);
    paragraph(title, font(m_spec.sectionPt, true), Qt::AlignLeft);
    skip(m_spec.bodyPt * 0.12);
}

void Builder::rule(double widthMm, double gapMm) {
    const double gap = gapMm > 0 ? gapMm : m_spec.bodyPt * 0.2;
    skip(gap);
    add({Item::Rule, QRectF(m_left, m_y, contentWidth(), 0), {}, 0, {}, mm(widthMm)});
    skip(gap);
}

void Builder::markBand(bool reprint, bool voided) {
    const QFont f = font(m_spec.markPt, true);
    const double pad = mm(1.4);
    const double boxHeight = QFontMetricsF(f).height() + 2 * pad;
    const double band = boxHeight + mm(2.0);
    m_layout.markBand = QRectF(m_left, m_y, contentWidth(), band);
    QStringList marks;
    if (voided)
        marks << kVoidMark;
    if (reprint)
        marks << kReprintMark;
    const double gap = mm(4);
    double total = 0;
    for (const auto& m : marks)
        total += textWidth(f, m) + 2 * mm(3) + (total > 0 ? gap : 0);
    double x = m_left + (contentWidth() - total) / 2;
    for (const auto& m : marks) {
        const double w = textWidth(f, m) + 2 * mm(3);
        add({Item::Box, QRectF(x, m_y + mm(1.0), w, boxHeight), f, Qt::AlignHCenter, m, mm(0.5)});
        x += w + gap;
    }
    m_y += band;
}

void Builder::qrBlock(const QString& payload, const QString& caption, const QString& detail) {
    const double size = mm(m_spec.qrMm);
    const QFont cf = body(true);
    const QFont df = small();
    const int flags = Qt::AlignTop | Qt::TextWrapAnywhere;
    if (m_spec.qrBeside) {
        const double textLeft = m_left + size + mm(3);
        const double w = m_right - textLeft;
        const double top = m_y + mm(2.5);
        const double ch = measure(cf, w, flags | Qt::AlignLeft, caption);
        const double dh = measure(df, w, flags | Qt::AlignLeft, detail);
        add({Item::Qr, QRectF(m_left, m_y, size, size), {}, 0, payload});
        add({Item::Text, QRectF(textLeft, top, w, ch), cf, flags | Qt::AlignLeft, caption});
        add({Item::Text, QRectF(textLeft, top + ch + mm(1.5), w, dh), df, flags | Qt::AlignLeft, detail});
        m_y = std::max(m_y + size, top + ch + mm(1.5) + dh);
    } else {
        add({Item::Qr, QRectF(m_left + (contentWidth() - size) / 2, m_y, size, size), {}, 0, payload});
        m_y += size;
        paragraph(caption, cf, Qt::AlignHCenter, true);
        skip(1);
        paragraph(detail, df, Qt::AlignHCenter, true);
    }
}

void Builder::voidStamp() {
    add({Item::VoidStamp, {}, font(m_spec.titlePt * 3, true), 0, QStringLiteral("作废 VOID")});
}

Layout Builder::finish() {
    m_y += mm(m_spec.bottomMm);
    m_layout.height = m_spec.heightMm > 0 ? mm(m_spec.heightMm) : mm(std::ceil(toMm(m_y)));
    return std::move(m_layout);
}

void paintLayout(QPainter& p, const Laid& laid, double dotsPerInch) {
    const Layout& layout = laid.layout;
    const bool raster = p.paintEngine() && p.paintEngine()->type() == QPaintEngine::Raster;
    p.save();
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    double scale = dotsPerInch / kDots;
    p.scale(scale, scale);
    // A sheet receipt with a great many fee lines shrinks to fit its page rather than lose its end.
    if (laid.contentHeight > layout.height) {
        const double fit = layout.height / laid.contentHeight;
        p.translate(layout.width * (1 - fit) / 2, 0);
        p.scale(fit, fit);
    }
    for (const Item& item : layout.items) {
        switch (item.kind) {
        case Item::Text: {
            QTextLayout text;
            layOutText(text, item.font, item.rect.width(), item.flags, item.text);
            p.setPen(Qt::black);
            text.draw(&p, item.rect.topLeft());
            if (raster && item.font.bold())
                emboldenOnRaster(p, text, item.rect.topLeft(), item.font);
            break;
        }
        case Item::Rule:
            p.setPen(QPen(Qt::black, item.pen, Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(item.rect.left(), item.rect.top()),
                       QPointF(item.rect.right(), item.rect.top()));
            break;
        case Item::Box: {
            p.setPen(QPen(Qt::black, item.pen));
            p.setBrush(Qt::NoBrush);
            p.drawRect(item.rect.adjusted(item.pen / 2, item.pen / 2, -item.pen / 2, -item.pen / 2));
            QTextLayout text;
            const double h = layOutText(text, item.font, item.rect.width(), Qt::AlignHCenter, item.text);
            const QPointF at(item.rect.left(), item.rect.top() + (item.rect.height() - h) / 2);
            text.draw(&p, at);
            if (raster)
                emboldenOnRaster(p, text, at, item.font);
            break;
        }
        case Item::Qr:
            drawQr(p, item.rect, item.text);
            break;
        case Item::VoidStamp:
            drawVoidStamp(p, item, layout, laid.contentHeight);
            break;
        }
    }
    p.restore();
}

QPageSize pageSizeOf(Paper paper, const Layout& layout) {
    switch (paper) {
    case Paper::A5:
        return QPageSize(QPageSize::A5);
    case Paper::A4:
        return QPageSize(QPageSize::A4);
    case Paper::Roll80:
        break;
    }
    return QPageSize(QSizeF(toMm(layout.width), toMm(layout.height)), QPageSize::Millimeter,
                     QStringLiteral("Roll 80 mm"), QPageSize::ExactMatch);
}

} // namespace countersign::printing::receiptlayout
