#pragma once

#include <QList>
#include <QMap>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>

class QQuickWindow;

namespace countersign::test {

/// One thing wrong with what the window shows, as a person at the counter would see it.
struct LayoutFinding {
    QString problem; ///< e.g. "outside the window", "overlaps Button 'OK'", "text cut off"
    QString item;    ///< the item: its objectName (or type and text), the named items around it, its file
    QRectF rect;     ///< where it is, in window coordinates
    QString text() const;
};

/// The geometry checker of the screenshot walk: looks at the controls a user reads or touches on the window
/// as it is drawn now (the page, the header and footer, every open popup) and says what is wrong:
///   - a control (partly, beyond 1 px) outside the window or outside its part of it (header, page, footer);
///   - a control cut off by a clipping ancestor that can't be scrolled that way (a control scrolled out of
///     a list or scroll view is fine, but a view whose content is larger must show its scroll bar);
///   - two controls overlapping (more than 3 px each way), neither inside the other, in the same layer
///     (a popup's controls are not compared with the page underneath);
///   - text elided or truncated, or wider/taller than its box (it spills over its neighbours);
///   - text smaller than kMinimumTextPixels.
/// Controls: buttons, check boxes, radio buttons, switches, delegates (every AbstractButton), text fields and
/// areas, combo boxes, spin boxes, sliders, and every Text/Label with text.
QList<LayoutFinding> checkLayout(QQuickWindow* window);

constexpr int kMinimumTextPixels = 14;

/// The findings of a walk over many screens, sizes and languages; a problem seen on several screens at the
/// same size and language is listed once, naming the screens.
class LayoutReport {
public:
    void add(const QString& screen, QSize size, const QString& language, const QList<LayoutFinding>& found);
    int count() const { return int(m_order.size()); }
    /// One line per finding: "<screen> [+ other screens] <W>x<H> <lang>: <problem>: <item> at [x,y wxh]".
    QStringList lines() const;

private:
    struct Seen {
        QString line; ///< without the screen
        QStringList screens;
    };
    QMap<QString, Seen> m_seen;
    QStringList m_order;
};

} // namespace countersign::test
