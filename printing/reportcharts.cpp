#include "printing/reportcharts.h"

#include <algorithm>
#include <cmath>

#include <QFontMetricsF>
#include <QPainter>

namespace countersign::printing::reportpdf {

namespace {

const QColor kMethodColours[] = {QColor(0x43, 0x8b, 0xd9), QColor(0x7e, 0x57, 0xc2), QColor(0x2e, 0xa0, 0x43),
                                 QColor(0x00, 0x9a, 0xd6)};

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
                   methodName(m[i].method) + QStringLiteral(" ") + QString::fromStdString(m[i].method));
        const QString share =
            total > 0 ? QStringLiteral("  %1%").arg(100.0 * m[i].paidFen / total, 0, 'f', 1) : QString();
        p.setFont(doc.font(7.5));
        p.drawText(QRectF(lx + 10, ly + 10, lw - 10, 11), Qt::AlignLeft | Qt::AlignVCenter,
                   yuan(m[i].paidFen) + QStringLiteral(" CNY") + share);
        ly += 25;
    }
}

} // namespace

void charts(Document& doc, const std::vector<Bar>& bars, const QString& barTitle, const reports::Figures& f) {
    const double h = 170;
    doc.need(h + 8);
    const double w = doc.width();
    barChart(doc, QRectF(0, doc.y(), w * 0.55 - 8, h), barTitle, bars);
    pieChart(doc, QRectF(w * 0.55 + 8, doc.y(), w * 0.45 - 8, h),
             QStringLiteral("按支付方式收款 Paid by method"), f.byMethod);
    doc.advance(h + 8);
}

} // namespace countersign::printing::reportpdf
