#include "tests/screens/layoutcheck.h"

#include <algorithm>
#include <cmath>

#include <QFont>
#include <QFontInfo>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>
#include <QUrl>
#include <QtQml/qqml.h>

namespace countersign::test {

namespace {

constexpr double kOutside = 1.0; ///< px a control may stick out (rounding)
constexpr double kOverlap = 3.0; ///< px two controls may overlap each way (a border shared)

enum class Kind { None, Interactive, Text };

Kind kindOf(const QQuickItem* i) {
    for (const char* type :
         {"QQuickAbstractButton", "QQuickTextInput", "QQuickTextEdit", "QQuickComboBox", "QQuickSpinBox",
          "QQuickSlider", "QQuickRangeSlider", "QQuickDial", "QQuickTumbler"})
        if (i->inherits(type))
            return Kind::Interactive;
    if (i->inherits("QQuickText") && !i->property("text").toString().trimmed().isEmpty())
        return Kind::Text;
    return Kind::None;
}

bool isTextInput(const QQuickItem* i) {
    return i->inherits("QQuickTextInput") || i->inherits("QQuickTextEdit");
}

QString typeName(const QObject* o) {
    QString c = QString::fromLatin1(o->metaObject()->className());
    c = c.section(QStringLiteral("_QMLTYPE_"), 0, 0).section(QStringLiteral("_QML_"), 0, 0);
    if (c.startsWith(QLatin1String("QQuick")))
        c = c.mid(6);
    return c;
}

/// The QML file the item is written in (the controls' own insides are their user's).
QString fileOf(const QQuickItem* i) {
    for (; i; i = i->parentItem())
        if (const QQmlContext* context = qmlContext(i)) {
            const QUrl url = context->baseUrl();
            if (!url.isEmpty() && !url.path().contains(QLatin1String("/QtQuick/")))
                return url.fileName();
        }
    return {};
}

QString shortened(QString text) {
    text = text.simplified();
    return text.size() > 40 ? text.left(39) + QChar(0x2026) : text;
}

QString describe(const QQuickItem* i) {
    QString s = i->objectName().isEmpty() ? typeName(i) : i->objectName();
    // A field's typed text may be a password: only what it asks for.
    const QString text =
        isTextInput(i) ? i->property("placeholderText").toString() : i->property("text").toString();
    if (!text.trimmed().isEmpty())
        s += QStringLiteral(" '") + shortened(text) + QLatin1Char('\'');
    QStringList around;
    for (const QQuickItem* p = i->parentItem(); p && around.size() < 2; p = p->parentItem())
        if (!p->objectName().isEmpty())
            around.prepend(p->objectName());
    if (!around.isEmpty())
        s += QStringLiteral(" in ") + around.join(QLatin1Char('/'));
    const QString file = fileOf(i);
    if (!file.isEmpty())
        s += QStringLiteral(" (") + file + QLatin1Char(')');
    return s;
}

QRectF sceneRect(const QQuickItem* i) {
    return i->mapRectToScene(QRectF(0, 0, i->width(), i->height()));
}

/// Where a Text's glyphs are: its content placed in its box by its alignment (beyond the box when it spills).
QRectF paintedRect(const QQuickItem* t) {
    const double lp = t->property("leftPadding").toDouble(), rp = t->property("rightPadding").toDouble();
    const double tp = t->property("topPadding").toDouble(), bp = t->property("bottomPadding").toDouble();
    const double cw = t->property("contentWidth").toDouble(), ch = t->property("contentHeight").toDouble();
    const double aw = t->width() - lp - rp, ah = t->height() - tp - bp;
    const int h = t->property("effectiveHorizontalAlignment").toInt();
    const int v = t->property("verticalAlignment").toInt();
    double x = lp, y = tp;
    if (h & Qt::AlignRight)
        x = lp + aw - cw;
    else if (h & Qt::AlignHCenter)
        x = lp + (aw - cw) / 2;
    if (v & Qt::AlignBottom)
        y = tp + ah - ch;
    else if (v & Qt::AlignVCenter)
        y = tp + (ah - ch) / 2;
    return t->mapRectToScene(QRectF(x, y, cw, ch));
}

double pixelSize(const QQuickItem* i) {
    const QFont f = i->property("font").value<QFont>();
    return f.pixelSize() > 0 ? f.pixelSize() : QFontInfo(f).pixelSize();
}

struct Control {
    QQuickItem* item;
    Kind kind;
    QRectF rect;    ///< the control, or a text's glyphs
    QRectF visible; ///< what its clipping ancestors leave of it
    QQuickItem* layer;
    QRectF bounds; ///< its part of the window
    QString area;
    QList<QQuickItem*> clips; ///< clipping ancestors, outermost first
};

struct Context {
    QQuickItem* layer = nullptr;
    QRectF bounds;
    QString area;
    QList<QQuickItem*> clips;
    const QHash<const QQuickItem*, QString>* parts = nullptr; ///< an ApplicationWindow's page, header, footer
};

void collect(QQuickItem* item, Context context, QList<Control>& controls, QList<QQuickItem*>& flickables) {
    if (!item->isVisible() || item->opacity() < 0.01)
        return;
    if (const auto part = context.parts->find(item); part != context.parts->end()) {
        context.area = *part;
        // Qt puts the header and footer inside the page's item, beyond its edges.
        context.bounds = QRectF(QPointF(0, 0), item->window()->size()).intersected(sceneRect(item));
    }
    const Kind kind = kindOf(item);
    if (kind != Kind::None && item->width() >= 1 && item->height() >= 1) {
        Control c{item,         kind,          kind == Kind::Text ? paintedRect(item) : sceneRect(item),
                  {},           context.layer, context.bounds,
                  context.area, context.clips};
        c.visible = c.rect;
        for (const QQuickItem* clip : context.clips)
            c.visible = c.visible.intersected(sceneRect(clip));
        controls.append(c);
    } else if (kind == Kind::Text && !item->property("text").toString().trimmed().isEmpty()) {
        // A label squeezed to nothing by its layout still has text to show.
        Control c{item,          kind,           paintedRect(item), {},
                  context.layer, context.bounds, context.area,      context.clips};
        c.visible = c.rect;
        controls.append(c);
    }
    if (item->inherits("QQuickFlickable"))
        flickables.append(item);
    if (item->clip())
        context.clips.append(item);
    for (QQuickItem* child : item->childItems())
        collect(child, context, controls, flickables);
}

bool scrollable(const QQuickItem* f, Qt::Orientation o) {
    if (!f->property("interactive").toBool())
        return false;
    return o == Qt::Vertical ? f->property("contentHeight").toDouble() > f->height() + kOutside
                             : f->property("contentWidth").toDouble() > f->width() + kOutside;
}

/// A scroll bar a person can see: the Basic style shows one only while it scrolls, unless AlwaysOn.
bool scrollBarShown(const QQuickItem* f, Qt::Orientation o) {
    QList<QQuickItem*> near = f->childItems();
    if (QQuickItem* p = f->parentItem(); p && p->inherits("QQuickScrollView"))
        near += p->childItems();
    for (const QQuickItem* bar : near) {
        if (!bar->inherits("QQuickScrollBar") || !bar->isVisible() ||
            bar->property("orientation").toInt() != o)
            continue;
        const auto* handle = bar->property("contentItem").value<QQuickItem*>();
        if (bar->property("policy").toInt() == Qt::ScrollBarAlwaysOn || (handle && handle->opacity() > 0.05))
            return true;
    }
    return false;
}

/// The flickable that scrolls `item` inside the clipping ancestor `clip` (the clip itself, or a ScrollView's
/// flickable), or nullptr.
const QQuickItem* scrollerOf(const QQuickItem* clip, const QQuickItem* item) {
    if (clip->inherits("QQuickFlickable"))
        return clip;
    for (const QQuickItem* child : clip->childItems())
        if (child->inherits("QQuickFlickable") && child->isAncestorOf(item))
            return child;
    return nullptr;
}

QString where(const QRectF& r) {
    return QStringLiteral("[%1,%2 %3x%4]")
        .arg(std::lround(r.x()))
        .arg(std::lround(r.y()))
        .arg(std::lround(r.width()))
        .arg(std::lround(r.height()));
}

bool sticksOut(const QRectF& r, const QRectF& bounds) {
    return r.left() < bounds.left() - kOutside || r.top() < bounds.top() - kOutside ||
           r.right() > bounds.right() + kOutside || r.bottom() > bounds.bottom() + kOutside;
}

void checkControl(const Control& c, QList<LayoutFinding>& found) {
    const auto add = [&](const QString& problem, const QRectF& rect) {
        found.append({problem, describe(c.item), rect});
    };
    // Cut off by a clipping ancestor, unless that one scrolls that way.
    bool scrolledAway = false;
    for (const QQuickItem* clip : c.clips) {
        const QRectF box = sceneRect(clip);
        if (!sticksOut(c.rect, box))
            continue;
        const QQuickItem* scroller = scrollerOf(clip, c.item);
        const bool vertical =
            c.rect.top() < box.top() - kOutside || c.rect.bottom() > box.bottom() + kOutside;
        const bool horizontal =
            c.rect.left() < box.left() - kOutside || c.rect.right() > box.right() + kOutside;
        if (scroller && (!vertical || scrollable(scroller, Qt::Vertical)) &&
            (!horizontal || scrollable(scroller, Qt::Horizontal))) {
            scrolledAway = scrolledAway || c.rect.intersected(box).isEmpty();
            continue;
        }
        add(QStringLiteral("cut off by %1 %2, which does not scroll that way")
                .arg(describe(clip), where(box)),
            c.rect);
        break; // a ScrollView and its flickable both clip: once is enough
    }
    if (scrolledAway || c.visible.isEmpty())
        return;
    if (sticksOut(c.visible, c.bounds))
        add(QStringLiteral("outside the %1 %2").arg(c.area, where(c.bounds)), c.visible);
    if (c.kind == Kind::Text) {
        const QQuickItem* t = c.item;
        const double lp = t->property("leftPadding").toDouble() + t->property("rightPadding").toDouble();
        const double tp = t->property("topPadding").toDouble() + t->property("bottomPadding").toDouble();
        const double cw = t->property("contentWidth").toDouble(),
                     ch = t->property("contentHeight").toDouble();
        if (t->property("truncated").toBool())
            add(QStringLiteral("text cut short (elided)"), sceneRect(t));
        else if (cw + lp > t->width() + kOutside)
            add(QStringLiteral("text %1 px wide in a %2 px box")
                    .arg(std::lround(cw))
                    .arg(std::lround(t->width())),
                sceneRect(t));
        else if (ch + tp > t->height() + 2 * kOutside)
            add(QStringLiteral("text %1 px high in a %2 px box")
                    .arg(std::lround(ch))
                    .arg(std::lround(t->height())),
                sceneRect(t));
    }
    if (c.kind == Kind::Text || isTextInput(c.item)) {
        const double px = pixelSize(c.item);
        if (px < kMinimumTextPixels)
            add(QStringLiteral("text %1 px, below %2 px").arg(px).arg(kMinimumTextPixels), c.visible);
    }
}

/// The outermost control `item` is part of (itself when none holds it).
const Control* ownerOf(const Control& c, const QHash<const QQuickItem*, const Control*>& byItem) {
    const Control* owner = &c;
    for (const QQuickItem* p = c.item->parentItem(); p; p = p->parentItem())
        if (const Control* o = byItem.value(p))
            owner = o;
    return owner;
}

void checkOverlaps(const QList<Control>& controls, QList<LayoutFinding>& found) {
    QHash<const QQuickItem*, const Control*> byItem;
    for (const Control& c : controls)
        byItem.insert(c.item, &c);
    QList<const Control*> owners;
    for (const Control& c : controls)
        owners.append(ownerOf(c, byItem));
    for (int a = 0; a < controls.size(); ++a)
        for (int b = a + 1; b < controls.size(); ++b) {
            const Control& x = controls[a];
            const Control& y = controls[b];
            if (x.layer != y.layer || x.item->isAncestorOf(y.item) || y.item->isAncestorOf(x.item))
                continue;
            // Two controls: compared as wholes, not by their insides; inside one control, its parts.
            if (owners[a] != owners[b] && (owners[a] != &x || owners[b] != &y))
                continue;
            const QRectF both = x.visible.intersected(y.visible);
            if (both.width() > kOverlap && both.height() > kOverlap)
                found.append({QStringLiteral("overlaps %1 %2").arg(describe(y.item), where(y.visible)),
                              describe(x.item), x.visible});
        }
}

} // namespace

QString LayoutFinding::text() const {
    return QStringLiteral("%1: %2 at %3").arg(problem, item, where(rect));
}

QList<LayoutFinding> checkLayout(QQuickWindow* window) {
    QQuickItem* root = window->contentItem();
    const QRectF windowRect(0, 0, window->width(), window->height());
    // An ApplicationWindow's parts: each control stays inside its own.
    const auto part = [window](const char* name) { return window->property(name).value<QQuickItem*>(); };
    const QHash<const QQuickItem*, QString> parts{
        {part("contentItem"), QStringLiteral("page")},
        {part("header"), QStringLiteral("header")},
        {part("footer"), QStringLiteral("footer")},
    };
    QList<Control> controls;
    QList<QQuickItem*> flickables;
    for (QQuickItem* top : root->childItems()) {
        if (top->inherits("QQuickOverlay")) {
            // Each open popup is a layer of its own above the page.
            for (QQuickItem* popup : top->childItems())
                collect(popup, {popup, windowRect, QStringLiteral("window"), {}, &parts}, controls,
                        flickables);
            continue;
        }
        // The page, header and footer are one layer: a control of one lying on another's is under it.
        collect(top, {root, windowRect, QStringLiteral("window"), {}, &parts}, controls, flickables);
    }

    QList<LayoutFinding> found;
    for (const Control& c : controls)
        checkControl(c, found);
    checkOverlaps(controls, found);
    for (const QQuickItem* f : flickables) {
        const QRectF view = sceneRect(f).intersected(windowRect);
        if (view.isEmpty())
            continue;
        if (scrollable(f, Qt::Vertical) && !scrollBarShown(f, Qt::Vertical))
            found.append({QStringLiteral("scrolls (%1 px of content in %2) without a visible scroll bar")
                              .arg(std::lround(f->property("contentHeight").toDouble()))
                              .arg(std::lround(f->height())),
                          describe(f), sceneRect(f)});
        if (scrollable(f, Qt::Horizontal) && !scrollBarShown(f, Qt::Horizontal))
            found.append(
                {QStringLiteral("scrolls sideways (%1 px of content in %2) without a visible scroll bar")
                     .arg(std::lround(f->property("contentWidth").toDouble()))
                     .arg(std::lround(f->width())),
                 describe(f), sceneRect(f)});
    }
    return found;
}

void LayoutReport::add(const QString& screen, QSize size, const QString& language,
                       const QList<LayoutFinding>& found) {
    for (const LayoutFinding& f : found) {
        const QString line =
            QStringLiteral("%1x%2 %3: %4").arg(size.width()).arg(size.height()).arg(language, f.text());
        Seen& seen = m_seen[line];
        if (seen.screens.isEmpty()) {
            seen.line = line;
            m_order.append(line);
        }
        if (!seen.screens.contains(screen))
            seen.screens.append(screen);
    }
}

QStringList LayoutReport::lines() const {
    QStringList out;
    for (const QString& key : m_order) {
        const Seen& seen = m_seen[key];
        QString screens = seen.screens.first();
        if (seen.screens.size() > 1)
            screens += QStringLiteral(" (and %1 more: %2)")
                           .arg(seen.screens.size() - 1)
                           .arg(QStringList(seen.screens.mid(1, 4)).join(QStringLiteral(", ")) +
                                (seen.screens.size() > 5 ? QStringLiteral(", …") : QString()));
        out.append(screens + QLatin1Char(' ') + seen.line);
    }
    return out;
}

} // namespace countersign::test
