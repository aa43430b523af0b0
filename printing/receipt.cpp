#include "printing/receipt.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QGlyphRun>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPageSize>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QRawFont>
#include <QRegularExpression>
#include <QTextLayout>

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include "printing/cjkfont.h"

namespace countersign::printing {

namespace {

// Every measure is taken in dots of this resolution and the painter is scaled to the device, so line breaks
// and positions are the same on a PDF, a printer and a picture. PDFs and printers get exactly this
// resolution.
constexpr double kDots = 600.0;

double mm(double millimetres) {
    return millimetres * kDots / 25.4;
}

double toMm(double dots) {
    return dots * 25.4 / kDots;
}

/// What differs between the layouts: the page, the margins, the type sizes and where the QR goes.
struct Spec {
    double widthMm;
    double heightMm; ///< 0: a roll, as long as the content
    double sideMm, topMm, bottomMm;
    double titlePt, centrePt, sectionPt, bodyPt, smallPt, markPt;
    double qrMm;   ///< the QR code with its quiet zone
    bool qrBeside; ///< the QR left of its caption (sheets) or above it (the roll)
};

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

QString q(const QJsonValue& v) {
    return v.toString();
}

QString yuan(qint64 fen) {
    const qint64 a = fen < 0 ? -fen : fen;
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(a / 100)
        .arg(a % 100, 2, 10, QLatin1Char('0'));
}

// "2026-03-01T09:30:00+08:00" (China Standard Time, as receipts store it) as a person reads it.
QString dateTime(const QString& iso, bool seconds) {
    if (iso.size() < 16 || iso.at(10) != QLatin1Char('T'))
        return iso;
    return iso.left(10) + QLatin1Char(' ') + iso.mid(11, seconds ? 8 : 5);
}

// The fee lines of the seeded schedules (db/migrations/0004_fees.sql) in Chinese; a line of another schedule
// prints as the schedule wrote it.
QString feeText(const QString& description) {
    static const struct {
        const char* english;
        const char* chinese;
    } words[] = {
        {"new certificate: no fee", "证书新办（免费）"},
        {"certificate renewal: no fee", "证书更新（免费）"},
        {"certificate upgrade: no fee", "证书升级（免费）"},
        {"USB-KEY media fee", "USB-KEY介质费"},
        {"key failed without human damage, exterior intact", "减免：USB-KEY非人为损坏且外观完好"},
        {"USB-KEY unlock: no fee", "USBKEY解锁（免费）"},
        {"first certificate subsidised", "首张证书（政府补贴）"},
        {"further certificate", "新增证书"},
        {"annual service fee", "年度服务费"},
        {"replacement certificate incl. USB-KEY", "补办证书（含USB-KEY）"},
    };
    for (const auto& w : words)
        if (description == QLatin1String(w.english))
            return QString::fromUtf8(w.chinese);
    return description;
}

QString paymentText(const QString& method) {
    if (method == QLatin1String("cash"))
        return QStringLiteral("现金");
    if (method == QLatin1String("bank_card"))
        return QStringLiteral("银行卡");
    if (method == QLatin1String("wechat_pay"))
        return QStringLiteral("微信支付");
    if (method == QLatin1String("alipay"))
        return QStringLiteral("支付宝");
    return method;
}

QString invoiceText(const QJsonValue& invoice) {
    if (!invoice.isObject())
        return QStringLiteral("未申请");
    const QJsonObject o = invoice.toObject();
    const QString status = q(o.value(QStringLiteral("status")));
    QString s = status == QLatin1String("pending")     ? QStringLiteral("已登记，待开具电子发票")
                : status == QLatin1String("issued")    ? QStringLiteral("已开具")
                : status == QLatin1String("cancelled") ? QStringLiteral("已取消")
                                                       : status;
    const QString buyer = q(o.value(QStringLiteral("buyer_name")));
    if (!buyer.isEmpty() && status != QLatin1String("cancelled"))
        s += QStringLiteral("（购买方：%1）").arg(buyer);
    return s;
}

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

class Builder {
public:
    Builder(const Spec& spec, const QString& family)
        : m_spec(spec)
        , m_family(family)
        , m_left(mm(spec.sideMm))
        , m_right(mm(spec.widthMm - spec.sideMm))
        , m_y(mm(spec.topMm)) {
        m_layout.width = mm(spec.widthMm);
    }

    QFont font(double points, bool bold = false) const {
        QFont f(m_family);
        f.setPixelSize(std::max(1, static_cast<int>(std::lround(points * kDots / 72.0))));
        f.setBold(bold);
        f.setHintingPreference(QFont::PreferNoHinting);
        f.setStyleStrategy(QFont::PreferOutline);
        return f;
    }
    QFont body(bool bold = false) const { return font(m_spec.bodyPt, bold); }
    QFont small() const { return font(m_spec.smallPt); }

    double contentWidth() const { return m_right - m_left; }
    double y() const { return m_y; }
    void skip(double millimetres) { m_y += mm(millimetres); }

    static double measure(const QFont& f, double width, int flags, const QString& text) {
        QTextLayout layout;
        return layOutText(layout, f, width, flags, text);
    }
    static double textWidth(const QFont& f, const QString& text) {
        return QFontMetricsF(f).horizontalAdvance(text);
    }

    /// Text over the whole width.
    void paragraph(const QString& text, const QFont& f, int align, bool anywhere = false) {
        const int flags = align | Qt::AlignTop | (anywhere ? Qt::TextWrapAnywhere : Qt::TextWordWrap);
        const double h = measure(f, contentWidth(), flags, text);
        add({Item::Text, QRectF(m_left, m_y, contentWidth(), h), f, flags, text});
        m_y += h;
    }

    /// The widest of `labels` in the body font decides where values start (at most 42 % of the width).
    void setLabelColumn(const QStringList& labels) {
        double widest = 0;
        for (const auto& l : labels)
            widest = std::max(widest, textWidth(body(), l));
        m_labelWidth = std::min(widest + mm(2.5), contentWidth() * 0.42);
    }

    /// "label   value", the value wrapping in its column.
    void row(const QString& label, const QString& value, bool bold = false, bool anywhere = false) {
        const QFont lf = body();
        const QFont vf = body(bold);
        const int lflags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
        const int vflags =
            Qt::AlignLeft | Qt::AlignTop | (anywhere ? Qt::TextWrapAnywhere : Qt::TextWordWrap);
        const double valueWidth = contentWidth() - m_labelWidth;
        const double lh = measure(lf, m_labelWidth - mm(1.5), lflags, label);
        const double vh = measure(vf, valueWidth, vflags, value.isEmpty() ? QStringLiteral("—") : value);
        add({Item::Text, QRectF(m_left, m_y, m_labelWidth - mm(1.5), lh), lf, lflags, label});
        add({Item::Text, QRectF(m_left + m_labelWidth, m_y, valueWidth, vh), vf, vflags,
             value.isEmpty() ? QStringLiteral("—") : value});
        m_y += std::max(lh, vh) + mm(m_spec.bodyPt * 0.09);
    }

    /// A fee line: its text on the left (wrapping), the amount right-aligned; `note` in small type below.
    void amountRow(const QString& text, const QString& amount, bool bold, const QString& note = {}) {
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

    void section(const QString& title) {
        skip(m_spec.bodyPt * 0.22);
        paragraph(title, font(m_spec.sectionPt, true), Qt::AlignLeft);
        skip(m_spec.bodyPt * 0.12);
    }

    void rule(double widthMm = 0.25, double gapMm = 0) {
        const double gap = gapMm > 0 ? gapMm : m_spec.bodyPt * 0.2;
        skip(gap);
        add({Item::Rule, QRectF(m_left, m_y, contentWidth(), 0), {}, 0, {}, mm(widthMm)});
        skip(gap);
    }

    /// The reserved band for the marks: always there, empty on a first print.
    void markBand(bool reprint, bool voided) {
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

    /// The QR code (the layout's size, quiet zone included) and, beside or under it, `caption` and `detail`.
    void qrBlock(const QString& payload, const QString& caption, const QString& detail) {
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

    void voidStamp() {
        add({Item::VoidStamp, {}, font(m_spec.titlePt * 3, true), 0, QStringLiteral("作废 VOID")});
    }

    Layout finish() {
        m_y += mm(m_spec.bottomMm);
        m_layout.height = m_spec.heightMm > 0 ? mm(m_spec.heightMm) : mm(std::ceil(toMm(m_y)));
        return std::move(m_layout);
    }

private:
    void add(Item item) { m_layout.items.push_back(std::move(item)); }

    const Spec& m_spec;
    QString m_family;
    double m_left, m_right, m_y;
    double m_labelWidth = 0;
    Layout m_layout;
};

QJsonObject contentOf(const ReceiptSheet& sheet) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(sheet.contentJson, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw std::runtime_error("receipt: the stored content is not a JSON object (" +
                                 error.errorString().toStdString() + ")");
    return doc.object();
}

QString fontFamily() {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        throw std::runtime_error(
            "receipt: drawing a receipt needs a QGuiApplication (QT_QPA_PLATFORM=offscreen "
            "will do)");
    const QString family = cjkFontFamily();
    if (family.isEmpty())
        throw std::runtime_error(
            "receipt: no font with Chinese glyphs is installed (Debian: fonts-wqy-microhei), "
            "the receipt would print boxes");
    return family;
}

struct Laid {
    Layout layout;
    double contentHeight = 0;
};

Laid layOut(const ReceiptSheet& sheet, Paper paper) {
    const QJsonObject c = contentOf(sheet);
    const Spec spec = specOf(paper);
    Builder b(spec, fontFamily());

    const QJsonObject centre = c.value(QStringLiteral("centre")).toObject();
    const QJsonObject counter = c.value(QStringLiteral("counter")).toObject();
    const QJsonObject company = c.value(QStringLiteral("company")).toObject();
    const QJsonObject agent = c.value(QStringLiteral("agent")).toObject();
    const QJsonObject cert = c.value(QStringLiteral("certificate")).toObject();

    b.setLabelColumn({QStringLiteral("统一社会信用代码"), QStringLiteral("经办人身份证号"),
                      QStringLiteral("USB-KEY序列号")});

    // Title: the centre, then what the paper is.
    b.paragraph(q(centre.value(QStringLiteral("name"))), b.font(spec.centrePt, true), Qt::AlignHCenter);
    b.skip(0.8);
    b.paragraph(QStringLiteral("受理回执"), b.font(spec.titlePt, true), Qt::AlignHCenter);
    b.skip(0.5);
    b.markBand(sheet.reprint, sheet.voided);

    b.rule(0.5, 1.2);
    b.row(QStringLiteral("回执编号"), q(c.value(QStringLiteral("receipt_number"))), true);
    b.row(QStringLiteral("办理时间"), dateTime(q(c.value(QStringLiteral("issued_at"))), true));
    b.row(QStringLiteral("服务中心"),
          QStringLiteral("%1（%2）")
              .arg(q(centre.value(QStringLiteral("name"))), q(centre.value(QStringLiteral("code")))));
    QString counterText = q(counter.value(QStringLiteral("code")));
    if (counter.value(QStringLiteral("name")).isString())
        counterText += QLatin1Char(' ') + q(counter.value(QStringLiteral("name")));
    b.row(QStringLiteral("受理窗口"), counterText);
    b.row(QStringLiteral("受理员"), q(c.value(QStringLiteral("operator"))));
    b.row(QStringLiteral("业务类型"), q(c.value(QStringLiteral("operation_name"))).isEmpty()
                                          ? q(c.value(QStringLiteral("operation")))
                                          : q(c.value(QStringLiteral("operation_name"))));
    b.row(QStringLiteral("业务流水号"), q(c.value(QStringLiteral("transaction"))));

    if (!company.isEmpty() || !agent.isEmpty()) {
        b.section(QStringLiteral("单位及经办人"));
        if (!company.isEmpty()) {
            b.row(QStringLiteral("单位名称"), q(company.value(QStringLiteral("name"))));
            b.row(QStringLiteral("统一社会信用代码"), q(company.value(QStringLiteral("uscc"))));
        }
        if (!agent.isEmpty()) {
            b.row(QStringLiteral("经办人"), q(agent.value(QStringLiteral("name"))));
            b.row(QStringLiteral("经办人身份证号"), q(agent.value(QStringLiteral("id_masked"))));
        }
    }

    b.section(QStringLiteral("USB-KEY及证书"));
    b.row(QStringLiteral("USB-KEY序列号"), q(c.value(QStringLiteral("key_serial"))), false, true);
    if (!cert.isEmpty()) {
        b.row(QStringLiteral("证书序列号"), q(cert.value(QStringLiteral("serial"))), false, true);
        b.row(QStringLiteral("证书有效期"),
              QStringLiteral("%1 至 %2")
                  .arg(dateTime(q(cert.value(QStringLiteral("not_before"))), false),
                       dateTime(q(cert.value(QStringLiteral("not_after"))), false)));
    } else {
        b.row(QStringLiteral("证书"), QStringLiteral("本次业务未签发证书"));
    }

    b.section(QStringLiteral("收费明细（元）"));
    for (const auto& v : c.value(QStringLiteral("fee_lines")).toArray()) {
        const QJsonObject line = v.toObject();
        const QString description = q(line.value(QStringLiteral("description")));
        const QString reason = q(line.value(QStringLiteral("waiver_reason")));
        const QString note = reason.isEmpty() || reason == description
                                 ? QString()
                                 : QStringLiteral("减免原因：%1").arg(feeText(reason));
        b.amountRow(feeText(description), yuan(line.value(QStringLiteral("amount_fen")).toInteger()), false,
                    note);
    }
    b.rule(0.15, 0.6);
    const qint64 total = c.value(QStringLiteral("total_fen")).toInteger();
    b.amountRow(QStringLiteral("合计"), yuan(total), true);
    QStringList paid;
    for (const auto& v : c.value(QStringLiteral("payments")).toArray()) {
        const QJsonObject p = v.toObject();
        QString s = paymentText(q(p.value(QStringLiteral("method")))) + QLatin1Char(' ') +
                    yuan(p.value(QStringLiteral("amount_fen")).toInteger()) + QStringLiteral(" 元");
        if (p.value(QStringLiteral("reference")).isString())
            s += QStringLiteral("（交易参考号 %1）").arg(q(p.value(QStringLiteral("reference"))));
        paid << s;
    }
    b.row(QStringLiteral("支付方式"),
          paid.isEmpty() ? (total == 0 ? QStringLiteral("无需缴费") : QStringLiteral("未收款"))
                         : paid.join(QLatin1Char('\n')));
    b.row(QStringLiteral("发票"), invoiceText(c.value(QStringLiteral("invoice"))));

    b.rule();
    b.qrBlock(sheet.qrPayload, QStringLiteral("扫描二维码核验本回执"),
              QStringLiteral("核验码：") + sheet.qrPayload);
    b.rule(0.25);
    b.paragraph(QStringLiteral("本回执为办理业务的凭证，请妥善保管。"), b.small(), Qt::AlignHCenter);
    if (sheet.voided)
        b.voidStamp();
    Laid laid;
    const double contentBottom = b.y();
    laid.layout = b.finish();
    laid.contentHeight = contentBottom + mm(spec.bottomMm);
    return laid;
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

} // namespace

std::optional<Paper> paperFromName(const QString& name) {
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("a5"))
        return Paper::A5;
    if (n == QLatin1String("a4"))
        return Paper::A4;
    if (n == QLatin1String("roll80"))
        return Paper::Roll80;
    return std::nullopt;
}

QString paperName(Paper paper) {
    switch (paper) {
    case Paper::A4:
        return QStringLiteral("a4");
    case Paper::Roll80:
        return QStringLiteral("roll80");
    case Paper::A5:
        break;
    }
    return QStringLiteral("a5");
}

ReceiptPageGeometry receiptGeometry(const ReceiptSheet& sheet, Paper paper) {
    const Laid laid = layOut(sheet, paper);
    const QRectF band = laid.layout.markBand;
    return {QSizeF(toMm(laid.layout.width), toMm(laid.layout.height)),
            QRectF(toMm(band.left()), toMm(band.top()), toMm(band.width()), toMm(band.height())),
            pageSizeOf(paper, laid.layout)};
}

void paintReceipt(QPainter& painter, const ReceiptSheet& sheet, Paper paper, double dotsPerInch) {
    paintLayout(painter, layOut(sheet, paper), dotsPerInch);
}

QByteArray receiptPdf(const ReceiptSheet& sheet, Paper paper) {
    const Laid laid = layOut(sheet, paper);
    QByteArray pdf;
    QBuffer buffer(&pdf);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(static_cast<int>(kDots));
        writer.setPageSize(pageSizeOf(paper, laid.layout));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
        writer.setTitle(QStringLiteral("受理回执 ") +
                        contentOf(sheet).value(QStringLiteral("receipt_number")).toString());
        writer.setCreator(QStringLiteral("Countersign"));
        QPainter p;
        if (!p.begin(&writer))
            throw std::runtime_error("receipt: can't start the PDF");
        paintLayout(p, laid, kDots);
        if (!p.end())
            throw std::runtime_error("receipt: can't finish the PDF");
    }
    return pdf;
}

QImage receiptImage(const ReceiptSheet& sheet, Paper paper, int dotsPerInch) {
    const Laid laid = layOut(sheet, paper);
    const double scale = dotsPerInch / kDots;
    QImage image(static_cast<int>(std::ceil(laid.layout.width * scale)),
                 static_cast<int>(std::ceil(laid.layout.height * scale)), QImage::Format_RGB32);
    image.fill(Qt::white);
    const int dotsPerMetre = static_cast<int>(std::lround(dotsPerInch / 0.0254));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    QPainter p(&image);
    paintLayout(p, laid, dotsPerInch);
    p.end();
    return image;
}

std::optional<Paper> paperOfPdf(const QByteArray& pdf) {
    static const QRegularExpression mediaBox(
        QStringLiteral(R"(/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\])"));
    const auto match = mediaBox.match(QString::fromLatin1(pdf));
    if (!match.hasMatch())
        return std::nullopt;
    const double width = match.captured(3).toDouble() - match.captured(1).toDouble();
    const double height = match.captured(4).toDouble() - match.captured(2).toDouble();
    const auto near = [](double points, double millimetres) {
        return std::abs(points - millimetres * 72.0 / 25.4) < 1.5;
    };
    if (near(width, 148) && near(height, 210))
        return Paper::A5;
    if (near(width, 210) && near(height, 297))
        return Paper::A4;
    if (near(width, 80))
        return Paper::Roll80;
    return std::nullopt;
}

} // namespace countersign::printing
