#include "printing/reportpdf.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include <QBuffer>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include "printing/cjkfont.h"

namespace countersign::printing {

namespace {

// Everything is laid out in points (1/72 inch) on A4 with 15 mm margins; the painter is scaled to the
// writer's resolution, and fonts are sized in pixels of that point space.
constexpr double kDpi = 300.0;
constexpr double kMarginMm = 15.0;

const QColor kInk(0x20, 0x20, 0x20);
const QColor kGrey(0x70, 0x70, 0x70);
const QColor kRule(0xb0, 0xb0, 0xb0);
const QColor kHeaderFill(0xe8, 0xee, 0xf4);
const QColor kCompleted(0x2e, 0x7d, 0x32);
const QColor kFailed(0xc6, 0x28, 0x28);
const QColor kCompensated(0xef, 0x8f, 0x00);
const QColor kUnfinished(0x90, 0xa4, 0xae);
const QColor kMethodColours[] = {QColor(0x43, 0x8b, 0xd9), QColor(0x7e, 0x57, 0xc2), QColor(0x2e, 0xa0, 0x43),
                                 QColor(0x00, 0x9a, 0xd6)};

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString kindName(const std::string& kind) {
    if (kind == "NEW")
        return QStringLiteral("新办");
    if (kind == "RENEW")
        return QStringLiteral("更新");
    if (kind == "UPGRADE")
        return QStringLiteral("升级");
    if (kind == "REPLACE")
        return QStringLiteral("补办");
    if (kind == "UNLOCK")
        return QStringLiteral("解锁");
    return q(kind);
}

QString methodName(const std::string& method) {
    if (method == "cash")
        return QStringLiteral("现金");
    if (method == "bank_card")
        return QStringLiteral("银行卡");
    if (method == "wechat_pay")
        return QStringLiteral("微信支付");
    if (method == "alipay")
        return QStringLiteral("支付宝");
    return q(method);
}

QString yuan(long long fen) {
    const long long a = std::llabs(fen);
    return QStringLiteral("%1%2.%3")
        .arg(fen < 0 ? QStringLiteral("-") : QString())
        .arg(a / 100)
        .arg(a % 100, 2, 10, QLatin1Char('0'));
}

QString count(long long n) {
    return QString::number(n);
}

QString local(const QDateTime& t) {
    return t.toOffsetFromUtc(8 * 3600).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString day(const QDate& d) {
    return d.toString(Qt::ISODate);
}

/// One column of a table: title, share of the width, right-aligned (numbers) or not.
struct Column {
    QString title;
    double weight = 1;
    bool numeric = true;
};

/// A4 pages in points with a cursor: what doesn't fit on a page starts the next one.
class Document {
public:
    explicit Document(QBuffer& buffer, const QString& title)
        : m_writer(&buffer) {
        m_family = cjkFontFamily();
        if (m_family.isEmpty())
            throw std::runtime_error("no font with Chinese glyphs is installed (fonts-wqy-microhei)");
        m_writer.setTitle(title);
        m_writer.setCreator(QStringLiteral("Countersign"));
        m_writer.setResolution(static_cast<int>(kDpi));
        m_writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                           QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm),
                                           QPageLayout::Millimeter));
        if (!m_painter.begin(&m_writer))
            throw std::runtime_error("the PDF could not be started");
        m_painter.scale(kDpi / 72.0, kDpi / 72.0);
        const QRectF page = m_writer.pageLayout().paintRect(QPageLayout::Point);
        m_width = page.width();
        m_height = page.height();
        m_title = title;
        header();
    }

    ~Document() {
        if (m_painter.isActive())
            m_painter.end();
    }

    void finish() {
        footer();
        m_painter.end();
    }

    QFont font(double size, bool bold = false) const {
        QFont f(m_family);
        f.setPixelSize(static_cast<int>(std::lround(size)));
        f.setBold(bold);
        return f;
    }

    QPainter& painter() { return m_painter; }
    double width() const { return m_width; }
    double y() const { return m_y; }
    void advance(double dy) { m_y += dy; }

    /// Makes room for `height` points, starting a new page when the rest of this one is too short.
    void need(double height) {
        if (m_y + height > m_height - kFooter)
            newPage();
    }

    void newPage() {
        footer();
        m_writer.newPage();
        ++m_page;
        header();
    }

    void heading(const QString& text) {
        need(40);
        m_y += 8;
        m_painter.setFont(font(12, true));
        m_painter.setPen(kInk);
        m_painter.drawText(QRectF(0, m_y, m_width, 16), Qt::AlignLeft | Qt::AlignVCenter, text);
        m_y += 18;
    }

    void text(const QString& text, double size = 9, const QColor& colour = kInk, bool bold = false) {
        m_painter.setFont(font(size, bold));
        const QRectF bounds = m_painter.boundingRect(QRectF(0, 0, m_width, 1000), Qt::TextWordWrap, text);
        need(bounds.height() + 2);
        m_painter.setPen(colour);
        m_painter.drawText(QRectF(0, m_y, m_width, bounds.height()), Qt::TextWordWrap, text);
        m_y += bounds.height() + 2;
    }

    /// Label/value pairs in a grid of `perRow` columns.
    void facts(const std::vector<std::pair<QString, QString>>& items, int perRow = 3) {
        const double cellW = m_width / perRow;
        const double rowH = 26;
        for (std::size_t i = 0; i < items.size(); i += perRow) {
            need(rowH);
            for (int c = 0; c < perRow && i + c < items.size(); ++c) {
                const QRectF cell(c * cellW, m_y, cellW - 6, rowH - 4);
                m_painter.setPen(Qt::NoPen);
                m_painter.setBrush(QColor(0xf4, 0xf6, 0xf8));
                m_painter.drawRect(cell);
                m_painter.setPen(kGrey);
                m_painter.setFont(font(7));
                m_painter.drawText(cell.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
                                   items[i + c].first);
                m_painter.setPen(kInk);
                m_painter.setFont(font(10, true));
                m_painter.drawText(cell.adjusted(4, 0, -4, -2), Qt::AlignRight | Qt::AlignBottom,
                                   items[i + c].second);
            }
            m_y += rowH;
        }
        m_y += 4;
    }

    /// A table with a header row (repeated after a page break); the last row is bold when `totalRow`.
    void table(const std::vector<Column>& columns, const std::vector<std::vector<QString>>& rows,
               bool totalRow = false) {
        double sum = 0;
        for (const auto& c : columns)
            sum += c.weight;
        std::vector<double> x{0};
        for (const auto& c : columns)
            x.push_back(x.back() + m_width * c.weight / sum);
        const double rowH = 13;
        const auto headerRow = [&] {
            m_painter.setPen(Qt::NoPen);
            m_painter.setBrush(kHeaderFill);
            m_painter.drawRect(QRectF(0, m_y, m_width, rowH + 2));
            m_painter.setPen(kInk);
            m_painter.setFont(font(7.5, true));
            for (std::size_t c = 0; c < columns.size(); ++c)
                m_painter.drawText(QRectF(x[c] + 3, m_y, x[c + 1] - x[c] - 6, rowH + 2),
                                   (columns[c].numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                                   columns[c].title);
            m_y += rowH + 2;
        };
        need(2 * rowH + 4);
        headerRow();
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if (m_y + rowH > m_height - kFooter) {
                newPage();
                headerRow();
            }
            const bool bold = totalRow && r + 1 == rows.size();
            m_painter.setFont(font(7.5, bold));
            m_painter.setPen(kInk);
            for (std::size_t c = 0; c < columns.size() && c < rows[r].size(); ++c) {
                const QRectF cell(x[c] + 3, m_y, x[c + 1] - x[c] - 6, rowH);
                const QString t =
                    QFontMetricsF(m_painter.font()).elidedText(rows[r][c], Qt::ElideRight, cell.width());
                m_painter.drawText(
                    cell, (columns[c].numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter, t);
            }
            m_y += rowH;
            m_painter.setPen(QPen(bold ? kInk : kRule, bold ? 0.8 : 0.3));
            m_painter.drawLine(QPointF(0, bold ? m_y - rowH : m_y),
                               QPointF(m_width, bold ? m_y - rowH : m_y));
        }
        m_y += 6;
    }

private:
    static constexpr double kFooter = 22;

    void header() {
        m_y = 0;
        m_painter.setPen(kInk);
        // The first page's title as large as fits the width (a long centre name, a range of dates).
        double size = m_page == 1 ? 16 : 10;
        while (size > 8 && QFontMetricsF(font(size, true)).horizontalAdvance(m_title) > m_width)
            size -= 0.5;
        m_painter.setFont(font(size, true));
        const double h = m_page == 1 ? 24 : 14;
        m_painter.drawText(QRectF(0, m_y, m_width, h), Qt::AlignLeft | Qt::AlignVCenter,
                           QFontMetricsF(m_painter.font()).elidedText(m_title, Qt::ElideRight, m_width));
        m_y += h + 2;
        m_painter.setPen(QPen(kInk, 1));
        m_painter.drawLine(QPointF(0, m_y), QPointF(m_width, m_y));
        m_y += 6;
    }

    void footer() {
        m_painter.setPen(kGrey);
        m_painter.setFont(font(7));
        m_painter.drawText(QRectF(0, m_height - 12, m_width, 12), Qt::AlignLeft | Qt::AlignVCenter,
                           QStringLiteral("Countersign · %1").arg(m_title));
        m_painter.drawText(QRectF(0, m_height - 12, m_width, 12), Qt::AlignRight | Qt::AlignVCenter,
                           QStringLiteral("第 %1 页 / page %1").arg(m_page));
    }

    QPdfWriter m_writer;
    QPainter m_painter;
    QString m_family;
    QString m_title;
    double m_width = 0;
    double m_height = 0;
    double m_y = 0;
    int m_page = 1;
};

// ---------------------------------------------------------------------------------------------------------------
// Charts: the same two the kiosk shows — transactions as stacked bars by how they ended, money as a pie by
// payment method.
// ---------------------------------------------------------------------------------------------------------------

struct Bar {
    QString label;
    reports::Counts counts;
};

double niceCeiling(double v) {
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= v)
            return m * p;
    return 10 * p;
}

void legend(QPainter& p, const QFont& font, double x, double y,
            const std::vector<std::pair<QColor, QString>>& items, double maxWidth) {
    p.setFont(font);
    const QFontMetricsF fm(font);
    double cx = x;
    double cy = y;
    for (const auto& [colour, text] : items) {
        const double w = 10 + fm.horizontalAdvance(text) + 10;
        if (cx + w > x + maxWidth && cx > x) {
            cx = x;
            cy += 11;
        }
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawRect(QRectF(cx, cy + 2, 7, 7));
        p.setPen(kInk);
        p.drawText(QRectF(cx + 9, cy, w, 11), Qt::AlignLeft | Qt::AlignVCenter, text);
        cx += w;
    }
}

/// Stacked bars (completed, failed, compensated, unfinished) in `area`; labels under the bars when there is
/// room for them, every n-th otherwise.
void barChart(Document& doc, const QRectF& area, const QString& title, const std::vector<Bar>& bars) {
    QPainter& p = doc.painter();
    p.setPen(kInk);
    p.setFont(doc.font(9, true));
    p.drawText(QRectF(area.left(), area.top(), area.width(), 12), Qt::AlignLeft | Qt::AlignVCenter, title);
    legend(p, doc.font(7), area.left(), area.top() + 13,
           {{kCompleted, QStringLiteral("完成 completed")},
            {kFailed, QStringLiteral("失败 failed")},
            {kCompensated, QStringLiteral("已冲正 compensated")},
            {kUnfinished, QStringLiteral("未完成 unfinished")}},
           area.width());
    const QRectF plot(area.left() + 34, area.top() + 40, area.width() - 40, area.height() - 58);
    long long max = 0;
    for (const auto& b : bars)
        max = std::max(max, b.counts.total());
    const double top = niceCeiling(static_cast<double>(max));
    p.setFont(doc.font(6.5));
    for (int i = 0; i <= 4; ++i) {
        const double v = top * i / 4;
        const double y = plot.bottom() - plot.height() * i / 4;
        p.setPen(QPen(i == 0 ? kInk : kRule, i == 0 ? 0.6 : 0.25));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(kGrey);
        p.drawText(QRectF(area.left(), y - 5, 30, 10), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(v, 'g', 6));
    }
    if (bars.empty())
        return;
    const double slot = plot.width() / static_cast<double>(bars.size());
    const double barW = std::max(0.4, slot * (bars.size() > 40 ? 0.9 : 0.6));
    const QFontMetricsF fm(doc.font(6.5));
    double widest = 0;
    for (const auto& b : bars)
        widest = std::max(widest, fm.horizontalAdvance(b.label));
    const int every = std::max(1, static_cast<int>(std::ceil((widest + 4) / slot)));
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double cx = plot.left() + slot * (static_cast<double>(i) + 0.5);
        double y = plot.bottom();
        const std::pair<long long, QColor> parts[] = {{bars[i].counts.completed, kCompleted},
                                                      {bars[i].counts.failed, kFailed},
                                                      {bars[i].counts.compensated, kCompensated},
                                                      {bars[i].counts.unfinished, kUnfinished}};
        for (const auto& [n, colour] : parts) {
            if (n <= 0)
                continue;
            const double h = plot.height() * static_cast<double>(n) / top;
            p.setPen(Qt::NoPen);
            p.setBrush(colour);
            p.drawRect(QRectF(cx - barW / 2, y - h, barW, h));
            y -= h;
        }
        if (bars.size() <= 12 && bars[i].counts.total() > 0) {
            p.setPen(kInk);
            p.setFont(doc.font(6.5));
            p.drawText(QRectF(cx - slot / 2, y - 10, slot, 9), Qt::AlignHCenter | Qt::AlignBottom,
                       count(bars[i].counts.total()));
        }
        if (static_cast<int>(i) % every == 0) {
            p.setPen(kInk);
            p.setFont(doc.font(6.5));
            p.drawText(QRectF(cx - slot * every / 2.0, plot.bottom() + 2, slot * every, 10),
                       Qt::AlignHCenter | Qt::AlignTop, bars[i].label);
        }
    }
}

/// Paid amounts by payment method as a pie, with a legend giving each amount and share.
void pieChart(Document& doc, const QRectF& area, const QString& title,
              const std::vector<reports::MethodFigures>& m) {
    QPainter& p = doc.painter();
    p.setPen(kInk);
    p.setFont(doc.font(9, true));
    p.drawText(QRectF(area.left(), area.top(), area.width(), 12), Qt::AlignLeft | Qt::AlignVCenter, title);
    long long total = 0;
    for (const auto& x : m)
        total += std::max(0LL, x.paidFen);
    const double d = std::min(area.width() * 0.42, area.height() - 30);
    const QRectF circle(area.left() + 4, area.top() + 20, d, d);
    if (total == 0) {
        p.setPen(QPen(kRule, 0.8));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(circle);
        p.setPen(kGrey);
        p.setFont(doc.font(8));
        p.drawText(circle, Qt::AlignCenter, QStringLiteral("无收款\nno payments"));
    } else {
        int start = 90 * 16;
        long long done = 0;
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (m[i].paidFen <= 0)
                continue;
            done += m[i].paidFen;
            // The last slice ends exactly where the first began, whatever the rounding.
            const int end =
                90 * 16 - static_cast<int>(std::lround(5760.0 * static_cast<double>(done) / total));
            p.setPen(QPen(Qt::white, 0.8));
            p.setBrush(kMethodColours[i % 4]);
            p.drawPie(circle, start, end - start);
            start = end;
        }
    }
    // The legend beside it, two lines an entry: the method, then its amount and share.
    const double lx = circle.right() + 12;
    const double lw = area.right() - lx;
    double ly = area.top() + 22;
    for (std::size_t i = 0; i < m.size(); ++i) {
        p.setPen(Qt::NoPen);
        p.setBrush(kMethodColours[i % 4]);
        p.drawRect(QRectF(lx, ly + 2, 7, 7));
        p.setPen(kInk);
        p.setFont(doc.font(7.5, true));
        p.drawText(QRectF(lx + 10, ly, lw - 10, 11), Qt::AlignLeft | Qt::AlignVCenter,
                   methodName(m[i].method) + QStringLiteral(" ") + q(m[i].method));
        const QString share =
            total > 0 ? QStringLiteral("  %1%").arg(100.0 * m[i].paidFen / total, 0, 'f', 1) : QString();
        p.setFont(doc.font(7.5));
        p.drawText(QRectF(lx + 10, ly + 10, lw - 10, 11), Qt::AlignLeft | Qt::AlignVCenter,
                   yuan(m[i].paidFen) + QStringLiteral(" CNY") + share);
        ly += 25;
    }
}

void charts(Document& doc, const std::vector<Bar>& bars, const QString& barTitle, const reports::Figures& f) {
    const double h = 170;
    doc.need(h + 8);
    const double w = doc.width();
    barChart(doc, QRectF(0, doc.y(), w * 0.55 - 8, h), barTitle, bars);
    pieChart(doc, QRectF(w * 0.55 + 8, doc.y(), w * 0.45 - 8, h),
             QStringLiteral("按支付方式收款 Paid by method"), f.byMethod);
    doc.advance(h + 8);
}

std::vector<Bar> operationBars(const reports::Figures& f) {
    std::vector<Bar> bars;
    for (const auto& o : f.byOperation)
        bars.push_back({kindName(o.kind), o.counts});
    return bars;
}

void operationTable(Document& doc, const reports::Figures& f) {
    std::vector<std::vector<QString>> rows;
    const auto row = [](const QString& name, const reports::Counts& c, long long waivers, long long waived,
                        long long letters) {
        return std::vector<QString>{name,
                                    count(c.completed),
                                    count(c.failed),
                                    count(c.compensated),
                                    count(c.unfinished),
                                    count(c.total()),
                                    count(waivers),
                                    yuan(waived),
                                    count(letters)};
    };
    for (const auto& o : f.byOperation)
        rows.push_back(row(kindName(o.kind) + QStringLiteral(" ") + q(o.kind), o.counts, o.waivers,
                           o.waivedFen, o.lettersConsumed));
    rows.push_back(row(QStringLiteral("合计 TOTAL"), f.counts, f.waivers, f.waivedFen, f.lettersConsumed));
    doc.table({{QStringLiteral("业务 Operation"), 2.0, false},
               {QStringLiteral("完成"), 1},
               {QStringLiteral("失败"), 1},
               {QStringLiteral("已冲正"), 1},
               {QStringLiteral("未完成"), 1},
               {QStringLiteral("合计"), 1},
               {QStringLiteral("减免笔数"), 1},
               {QStringLiteral("减免 CNY"), 1.2},
               {QStringLiteral("用函"), 0.9}},
              rows, true);
}

void operatorTable(Document& doc, const reports::Figures& f) {
    if (f.byOperator.empty())
        return;
    std::vector<std::vector<QString>> rows;
    for (const auto& o : f.byOperator)
        rows.push_back({q(o.username), q(o.displayName), count(o.counts.completed), count(o.counts.failed),
                        count(o.counts.compensated), count(o.counts.unfinished), count(o.counts.total()),
                        count(o.waivers), yuan(o.waivedFen)});
    doc.table({{QStringLiteral("受理员 Operator"), 1.6, false},
               {QStringLiteral("姓名 Name"), 1.8, false},
               {QStringLiteral("完成"), 1},
               {QStringLiteral("失败"), 1},
               {QStringLiteral("已冲正"), 1},
               {QStringLiteral("未完成"), 1},
               {QStringLiteral("合计"), 1},
               {QStringLiteral("减免笔数"), 1},
               {QStringLiteral("减免 CNY"), 1.2}},
              rows);
}

void methodTable(Document& doc, const reports::Figures& f) {
    std::vector<std::vector<QString>> rows;
    for (const auto& m : f.byMethod)
        rows.push_back({methodName(m.method) + QStringLiteral(" ") + q(m.method), count(m.payments),
                        yuan(m.paidFen), count(m.refunds), yuan(m.refundedFen), yuan(m.netFen())});
    rows.push_back({QStringLiteral("合计 TOTAL"), count(f.payments), yuan(f.paidFen), count(f.refunds),
                    yuan(f.refundedFen), yuan(f.paidFen - f.refundedFen)});
    doc.table({{QStringLiteral("支付方式 Method"), 2.2, false},
               {QStringLiteral("笔数"), 1},
               {QStringLiteral("收款 CNY"), 1.4},
               {QStringLiteral("退款笔数"), 1},
               {QStringLiteral("退款 CNY"), 1.4},
               {QStringLiteral("净额 CNY"), 1.4}},
              rows, true);
}

void stockFacts(Document& doc, const reports::Figures& f) {
    doc.facts({{QStringLiteral("领用库存 keys taken from stock"), count(f.keysIssued)},
               {QStringLiteral("损坏交回 returned damaged"), count(f.keysReturnedDamaged)},
               {QStringLiteral("未用退库 returned unused"), count(f.keysReturnedUnused)},
               {QStringLiteral("入库 received"), count(f.keysReceived)},
               {QStringLiteral("报废 written off"), count(f.keysWrittenOff)},
               {QStringLiteral("消耗函件 letters consumed"), count(f.lettersConsumed)}});
}

std::vector<std::pair<QString, QString>> moneyFacts(const reports::Figures& f) {
    return {{QStringLiteral("业务笔数 transactions"), count(f.counts.total())},
            {QStringLiteral("完成 completed"), count(f.counts.completed)},
            {QStringLiteral("失败/冲正 failed/compensated"),
             count(f.counts.failed) + QStringLiteral(" / ") + count(f.counts.compensated)},
            {QStringLiteral("收款 paid CNY"), yuan(f.paidFen)},
            {QStringLiteral("退款 refunded CNY"), yuan(f.refundedFen)},
            {QStringLiteral("应有现金 expected cash CNY"), yuan(f.expectedCashFen())},
            {QStringLiteral("减免 waivers"), count(f.waivers) + QStringLiteral(" / ") + yuan(f.waivedFen)}};
}

template <typename Paint> QByteArray render(const QString& title, Paint paint) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        Document doc(buffer, title);
        paint(doc);
        doc.finish();
    }
    buffer.close();
    if (bytes.isEmpty())
        throw std::runtime_error("the PDF came out empty");
    return bytes;
}

/// What a report over many days opens with: the money, the bar chart over `bars` beside the payment pie, the
/// operations and the payments.
void overview(Document& doc, const reports::Figures& f, const std::vector<Bar>& bars, const QString& barTitle) {
    doc.facts(moneyFacts(f));
    charts(doc, bars, barTitle, f);
    doc.heading(QStringLiteral("业务 Operations"));
    operationTable(doc, f);
    doc.heading(QStringLiteral("收款与退款 Payments and refunds"));
    methodTable(doc, f);
}

} // namespace

QByteArray dailyReportPdf(const reports::DailyReport& r) {
    const QString title =
        QStringLiteral("日报 Daily report · %1 %2 · %3").arg(q(r.centre.name), q(r.centre.code), day(r.date));
    return render(title, [&](Document& doc) {
        const reports::Figures& f = r.figures;
        if (r.close) {
            const auto& c = *r.close;
            doc.text(QStringLiteral("已日结 CLOSED — 签字 signed by %1 (%2), %3%4")
                         .arg(q(c.closedBy), q(c.closedByName), local(c.signedAt),
                              c.requestedBy.empty()
                                  ? QString()
                                  : QStringLiteral(", 申请 asked by %1").arg(q(c.requestedBy))),
                     9, kCompleted, true);
            doc.text(
                QStringLiteral("本报表为日结时冻结的快照。This report is the snapshot frozen at the close."),
                8, kGrey);
        } else {
            doc.text(QStringLiteral("未日结 OPEN — 数据截至 figures as at %1 (北京时间 CST)")
                         .arg(local(r.generatedAt)),
                     9, kCompensated, true);
        }
        auto facts = moneyFacts(f);
        if (r.close) {
            facts.push_back({QStringLiteral("实点现金 counted cash CNY"), yuan(r.close->countedCashFen)});
            facts.push_back({QStringLiteral("差额 difference CNY"), yuan(r.close->differenceFen())});
        }
        doc.facts(facts);
        charts(doc, operationBars(f), QStringLiteral("按业务 Transactions by operation"), f);
        doc.heading(QStringLiteral("业务 Operations"));
        operationTable(doc, f);
        if (!f.byOperator.empty()) {
            doc.heading(QStringLiteral("受理员 Operators"));
            operatorTable(doc, f);
        }
        doc.heading(QStringLiteral("收款与退款 Payments and refunds"));
        methodTable(doc, f);
        doc.text(QStringLiteral(
                     "应有现金 = 现金收款 %1 − 现金退款 %2 = %3 CNY   (expected cash = cash taken − cash "
                     "refunded)")
                     .arg(yuan(f.cashTakenFen), yuan(f.cashRefundedFen), yuan(f.expectedCashFen())),
                 8);
        doc.heading(QStringLiteral("库存与函件 Keys and letters"));
        stockFacts(doc, f);
        if (!r.stockLevels.empty()) {
            std::vector<std::vector<QString>> rows;
            for (const auto& l : r.stockLevels)
                rows.push_back({q(l.model), count(l.inStock), count(l.damaged)});
            doc.text(r.close ? QStringLiteral("日结时库存 Stock at the close")
                             : QStringLiteral("当前库存 Stock now"),
                     8, kGrey);
            doc.table({{QStringLiteral("型号 Model"), 3, false},
                       {QStringLiteral("在库 in stock"), 1},
                       {QStringLiteral("损坏 damaged"), 1}},
                      rows);
        }
        if (!r.chainHeads.empty()) {
            doc.heading(QStringLiteral("审计链锚点 Audit chain heads at the close"));
            std::vector<std::vector<QString>> rows;
            for (const auto& h : r.chainHeads)
                rows.push_back({q(h.counterCode), count(h.seq), q(h.hashHex)});
            doc.table({{QStringLiteral("窗口 Counter"), 1, false},
                       {QStringLiteral("序号 seq"), 1},
                       {QStringLiteral("哈希 SHA-256"), 6, false}},
                      rows);
        }
    });
}

QByteArray rangeReportPdf(const reports::RangeReport& r) {
    const QString title = QStringLiteral("区间报表 Range report · %1 %2 · %3 – %4")
                              .arg(q(r.centre.name), q(r.centre.code), day(r.from), day(r.to));
    return render(title, [&](Document& doc) {
        const reports::Figures& f = r.totals;
        doc.text(QStringLiteral("已日结 %1 / %2 天 days closed").arg(r.closedDays()).arg(r.days.size()), 9,
                 kInk, true);
        std::vector<Bar> bars;
        for (const auto& d : r.days)
            bars.push_back(
                {d.date.toString(r.days.size() > 31 ? QStringLiteral("MM-dd") : QStringLiteral("dd")),
                 d.figures.counts});
        overview(doc, f, bars, QStringLiteral("每日业务 Transactions per day"));
        if (!f.byOperator.empty()) {
            doc.heading(QStringLiteral("受理员 Operators"));
            operatorTable(doc, f);
        }
        doc.heading(QStringLiteral("每日 Day by day"));
        std::vector<std::vector<QString>> rows;
        for (const auto& d : r.days)
            rows.push_back({day(d.date), d.closed ? QStringLiteral("已日结") : QStringLiteral("未日结"),
                            count(d.figures.counts.total()), count(d.figures.counts.completed),
                            count(d.figures.counts.failed), count(d.figures.counts.compensated),
                            yuan(d.figures.paidFen), yuan(d.figures.refundedFen),
                            yuan(d.figures.expectedCashFen())});
        rows.push_back({QStringLiteral("合计 TOTAL"), QString(), count(f.counts.total()),
                        count(f.counts.completed), count(f.counts.failed), count(f.counts.compensated),
                        yuan(f.paidFen), yuan(f.refundedFen), yuan(f.expectedCashFen())});
        doc.table({{QStringLiteral("日期 Date"), 1.5, false},
                   {QStringLiteral("状态"), 1, false},
                   {QStringLiteral("合计"), 1},
                   {QStringLiteral("完成"), 1},
                   {QStringLiteral("失败"), 1},
                   {QStringLiteral("已冲正"), 1},
                   {QStringLiteral("收款 CNY"), 1.4},
                   {QStringLiteral("退款 CNY"), 1.3},
                   {QStringLiteral("应有现金 CNY"), 1.4}},
                  rows, true);
    });
}

QByteArray centresReportPdf(const reports::CentresReport& r) {
    const QString title = QStringLiteral("各中心报表 All centres · %1 – %2").arg(day(r.from), day(r.to));
    return render(title, [&](Document& doc) {
        const reports::Figures& f = r.totals;
        std::vector<Bar> bars;
        for (const auto& c : r.centres)
            bars.push_back({q(c.centre.code), c.figures.counts});
        overview(doc, f, bars, QStringLiteral("各中心业务 Transactions by centre"));
        doc.heading(QStringLiteral("各中心 By centre"));
        std::vector<std::vector<QString>> rows;
        for (const auto& c : r.centres)
            rows.push_back({q(c.centre.code), q(c.centre.name),
                            QStringLiteral("%1/%2").arg(c.closedDays).arg(c.closedDays + c.openDays),
                            count(c.figures.counts.total()), count(c.figures.counts.completed),
                            count(c.figures.counts.failed), yuan(c.figures.paidFen),
                            yuan(c.figures.refundedFen), yuan(c.figures.expectedCashFen())});
        rows.push_back({QStringLiteral("合计"), QStringLiteral("TOTAL"), QString(), count(f.counts.total()),
                        count(f.counts.completed), count(f.counts.failed), yuan(f.paidFen),
                        yuan(f.refundedFen), yuan(f.expectedCashFen())});
        doc.table({{QStringLiteral("中心"), 0.9, false},
                   {QStringLiteral("名称 Name"), 2.6, false},
                   {QStringLiteral("已日结"), 0.9},
                   {QStringLiteral("合计"), 1},
                   {QStringLiteral("完成"), 1},
                   {QStringLiteral("失败"), 0.8},
                   {QStringLiteral("收款 CNY"), 1.4},
                   {QStringLiteral("退款 CNY"), 1.2},
                   {QStringLiteral("应有现金 CNY"), 1.4}},
                  rows, true);
    });
}

QByteArray expiringReportPdf(const reports::ExpiringReport& r) {
    const QString title =
        QStringLiteral("即将到期证书 Certificates expiring in %1 days%2")
            .arg(r.days)
            .arg(r.centre ? QStringLiteral(" · %1 %2").arg(q(r.centre->name), q(r.centre->code)) : QString());
    return render(title, [&](Document& doc) {
        doc.text(QStringLiteral("共 %1 张 %1 certificate(s), 截至 as at %2")
                     .arg(r.certificates.size())
                     .arg(local(r.generatedAt)),
                 9, kInk, true);
        std::vector<std::vector<QString>> rows;
        for (const auto& c : r.certificates)
            rows.push_back({local(c.notAfter).left(10), count(c.daysLeft), q(c.company), q(c.uscc),
                            q(c.centreCode), q(c.keySerial), q(c.serial)});
        doc.table({{QStringLiteral("到期 Expires"), 1.3, false},
                   {QStringLiteral("剩余天数"), 0.9},
                   {QStringLiteral("企业 Company"), 3, false},
                   {QStringLiteral("统一社会信用代码"), 2.2, false},
                   {QStringLiteral("中心"), 0.8, false},
                   {QStringLiteral("介质 Key"), 1.4, false},
                   {QStringLiteral("证书序列号 Serial"), 2.6, false}},
                  rows);
    });
}

} // namespace countersign::printing
