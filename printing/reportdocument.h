#pragma once

#include <string>
#include <utility>
#include <vector>

#include <QBuffer>
#include <QColor>
#include <QDate>
#include <QDateTime>
#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QString>

// What the report PDFs (printing/reportpdf.cpp) are drawn with: the A4 page with its cursor, tables and
// facts, the colours, and the words and numbers as the reports print them. Only printing/report*.cpp include
// it.
namespace countersign::printing::reportpdf {

inline const QColor kInk(0x20, 0x20, 0x20);
inline const QColor kGrey(0x70, 0x70, 0x70);
inline const QColor kRule(0xb0, 0xb0, 0xb0);
inline const QColor kHeaderFill(0xe8, 0xee, 0xf4);
inline const QColor kCompleted(0x2e, 0x7d, 0x32);
inline const QColor kFailed(0xc6, 0x28, 0x28);
inline const QColor kCompensated(0xef, 0x8f, 0x00);
inline const QColor kUnfinished(0x90, 0xa4, 0xae);

/// "新办" … for NEW … UNLOCK; another kind as it is.
QString kindName(const std::string& kind);
/// "现金" … for cash, bank_card, wechat_pay, alipay; another method as it is.
QString methodName(const std::string& method);
/// Fen as yuan with two decimals, "-" before a negative amount.
QString yuan(long long fen);
QString count(long long n);
/// "2026-03-01 09:30", China Standard Time.
QString local(const QDateTime& t);
QString day(const QDate& d);

/// One column of a table: title, share of the width, right-aligned (numbers) or not.
struct Column {
    QString title;
    double weight = 1;
    bool numeric = true;
};

/// A4 pages in points with a cursor: what doesn't fit on a page starts the next one.
class Document {
public:
    explicit Document(QBuffer& buffer, const QString& title);
    ~Document();
    Document(const Document&) = delete;
    Document& operator=(const Document&) = delete;

    void finish();

    QFont font(double size, bool bold = false) const;
    QPainter& painter() { return m_painter; }
    double width() const { return m_width; }
    double y() const { return m_y; }
    void advance(double dy) { m_y += dy; }

    /// Makes room for `height` points, starting a new page when the rest of this one is too short.
    void need(double height);
    void newPage();
    void heading(const QString& text);
    void text(const QString& text, double size = 9, const QColor& colour = kInk, bool bold = false);
    /// Label/value pairs in a grid of `perRow` columns.
    void facts(const std::vector<std::pair<QString, QString>>& items, int perRow = 3);
    /// A table with a header row (repeated after a page break); the last row is bold when `totalRow`.
    void table(const std::vector<Column>& columns, const std::vector<std::vector<QString>>& rows,
               bool totalRow = false);

private:
    static constexpr double kFooter = 22;

    void header();
    void footer();

    QPdfWriter m_writer;
    QPainter m_painter;
    QString m_family;
    QString m_title;
    double m_width = 0;
    double m_height = 0;
    double m_y = 0;
    int m_page = 1;
};

} // namespace countersign::printing::reportpdf
