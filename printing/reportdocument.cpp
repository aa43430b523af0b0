#include "printing/reportdocument.h"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>

#include "printing/cjkfont.h"

namespace countersign::printing::reportpdf {

namespace {

// Everything is laid out in points (1/72 inch) on A4 with 15 mm margins; the painter is scaled to the
// writer's resolution, and fonts are sized in pixels of that point space.
constexpr double kDpi = 300.0;
constexpr double kMarginMm = 15.0;

} // namespace

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
    return QString::fromStdString(kind);
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
    return QString::fromStdString(method);
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

Document::Document(QBuffer& buffer, const QString& title)
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

Document::~Document() {
    if (m_painter.isActive())
        m_painter.end();
}

void Document::finish() {
    footer();
    m_painter.end();
}

QFont Document::font(double size, bool bold) const {
    QFont f(m_family);
    f.setPixelSize(static_cast<int>(std::lround(size)));
    f.setBold(bold);
    return f;
}

void Document::need(double height) {
    if (m_y + height > m_height - kFooter)
        newPage();
}

void Document::newPage() {
    footer();
    m_writer.newPage();
    ++m_page;
    header();
}

void Document::heading(const QString& text) {
    need(40);
    m_y += 8;
    m_painter.setFont(font(12, true));
    m_painter.setPen(kInk);
    m_painter.drawText(QRectF(0, m_y, m_width, 16), Qt::AlignLeft | Qt::AlignVCenter, text);
    m_y += 18;
}

void Document::text(const QString& text, double size, const QColor& colour, bool bold) {
    m_painter.setFont(font(size, bold));
    const QRectF bounds = m_painter.boundingRect(QRectF(0, 0, m_width, 1000), Qt::TextWordWrap, text);
    need(bounds.height() + 2);
    m_painter.setPen(colour);
    m_painter.drawText(QRectF(0, m_y, m_width, bounds.height()), Qt::TextWordWrap, text);
    m_y += bounds.height() + 2;
}

void Document::facts(const std::vector<std::pair<QString, QString>>& items, int perRow) {
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
            m_painter.drawText(cell.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop, items[i + c].first);
            m_painter.setPen(kInk);
            m_painter.setFont(font(10, true));
            m_painter.drawText(cell.adjusted(4, 0, -4, -2), Qt::AlignRight | Qt::AlignBottom,
                               items[i + c].second);
        }
        m_y += rowH;
    }
    m_y += 4;
}

void Document::table(const std::vector<Column>& columns, const std::vector<std::vector<QString>>& rows,
                     bool totalRow) {
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
            m_painter.drawText(cell, (columns[c].numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                               t);
        }
        m_y += rowH;
        m_painter.setPen(QPen(bold ? kInk : kRule, bold ? 0.8 : 0.3));
        m_painter.drawLine(QPointF(0, bold ? m_y - rowH : m_y), QPointF(m_width, bold ? m_y - rowH : m_y));
    }
    m_y += 6;
}

void Document::header() {
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

void Document::footer() {
    m_painter.setPen(kGrey);
    m_painter.setFont(font(7));
    m_painter.drawText(QRectF(0, m_height - 12, m_width, 12), Qt::AlignLeft | Qt::AlignVCenter,
                       QStringLiteral("Countersign · %1").arg(m_title));
    m_painter.drawText(QRectF(0, m_height - 12, m_width, 12), Qt::AlignRight | Qt::AlignVCenter,
                       QStringLiteral("第 %1 页 / page %1").arg(m_page));
}

} // namespace countersign::printing::reportpdf
