// The keyboard-wedge scanner catcher (qml/keyboardwedge.cpp, compiled into this target as it is) fed a stream
// of events decoded from the bytes — printable keys with their intervals, Enter, Tab/Backspace/arrows,
// autorepeat, releases, Shift, a mouse press, switching it off and on, new settings — through its event
// filter on a window, as the kiosk's window gets them. Its promise is the invariant: every key typed reaches
// the window exactly once and in order, except the printable keys of a scan, which end up in exactly one
// `scanned` text (and the Enter ending it, and a Shift inside it, which vanish). The texts are then
// classified (KeyboardWedge::classify).
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWindow>

#include "qml/keyboardwedge.h"
#include "tests/fuzz/support.h"

using namespace countersign;
using qml::KeyboardWedge;

namespace {

/// The kiosk's window: records which key events reach it (each event's id is in its nativeScanCode).
class Window : public QWindow {
public:
    std::vector<quint32> pressed;
    std::vector<quint32> released;

protected:
    bool event(QEvent* e) override {
        if (e->type() == QEvent::KeyPress)
            pressed.push_back(static_cast<QKeyEvent*>(e)->nativeScanCode());
        else if (e->type() == QEvent::KeyRelease)
            released.push_back(static_cast<QKeyEvent*>(e)->nativeScanCode());
        return true;
    }
};

/// What a scanner or a person types: ASCII, and a few characters a licence QR or an IME may give.
QString printable(std::uint8_t b) {
    static const char16_t extra[] = {u'中', u'Ａ', u'é', u'\u00a0', u'\u3000', u'\u200b', u'\t', u'\u00ad'};
    if (b < 0xf0)
        return QString(QChar(char16_t(0x20 + b % 0x5f)));
    if (b < 0xf8)
        return QString(QChar(extra[b - 0xf0]));
    return QString::fromUtf16(u"\U0001F600"); // two UTF-16 units: not one printable key
}

struct Typed {
    quint32 id;
    QString text;   ///< what a printable key adds to a scan
    bool mayVanish; ///< a printable key, an Enter or a modifier: the wedge may keep it from the window
    bool enter;
};

struct Scan {
    QString text;
    quint32 during; ///< the id of the event being filtered when it was emitted (the Enter ending it)
};

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size)
        : m_data(data)
        , m_size(size) {}
    bool more() const { return m_pos < m_size; }
    std::uint8_t next() { return m_pos < m_size ? m_data[m_pos++] : 0; }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

void check(const std::vector<Typed>& typed, const std::vector<Scan>& scans, const Window& window) {
    // Every key the window got, once, in order.
    for (std::size_t i = 1; i < window.pressed.size(); ++i)
        if (window.pressed[i] <= window.pressed[i - 1])
            fuzz::broken("a key reached the window twice or out of order");
    for (std::size_t i = 1; i < window.released.size(); ++i)
        if (window.released[i] <= window.released[i - 1])
            fuzz::broken("a key release reached the window twice or out of order");
    // The keys it did not get are exactly the scans' keys and their Enters.
    std::size_t got = 0;
    std::size_t scan = 0;
    QString vanished;
    for (const Typed& t : typed) {
        if (got < window.pressed.size() && window.pressed[got] == t.id) {
            ++got;
            continue;
        }
        if (!t.mayVanish)
            fuzz::broken("a key that is neither printable nor Enter never reached the window");
        if (scan < scans.size() && scans[scan].during == t.id) {
            if (!t.enter)
                fuzz::broken("a scan ended on a key other than Enter");
            if (scans[scan].text != vanished)
                fuzz::broken("a scanned text is not the printable keys held back for it");
            vanished.clear();
            ++scan;
            continue;
        }
        if (t.enter)
            fuzz::broken("an Enter vanished without ending a scan");
        vanished += t.text;
    }
    if (got != window.pressed.size())
        fuzz::broken("the window got a key nobody typed");
    if (scan != scans.size())
        fuzz::broken("a scan was emitted while no Enter was being typed");
    if (!vanished.isEmpty())
        fuzz::broken("printable keys were lost: neither replayed nor scanned");
}

void classify(const QString& text) {
    QString uscc;
    const auto kind = KeyboardWedge::classify(text, &uscc);
    const bool hasUscc =
        kind == KeyboardWedge::ScanKind::Uscc || kind == KeyboardWedge::ScanKind::BusinessLicence;
    if (hasUscc != !uscc.isEmpty())
        fuzz::broken("classify gave a USCC for a kind without one, or none for a USCC");
    if (hasUscc && uscc.size() != 18)
        fuzz::broken("classify gave a USCC that is not 18 characters");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static int argc = 1;
    static char name[] = "fuzz_wedge";
    static char* argv[] = {name, nullptr};
    // Never destroyed: a static application would be torn down after Qt's own statics at exit.
    static QGuiApplication* app = new QGuiApplication(argc, argv);
    (void)app;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Window window;
    KeyboardWedge wedge;
    window.installEventFilter(&wedge);
    std::vector<Typed> typed;
    std::vector<Scan> scans;
    quint32 current = 0;
    QObject::connect(&wedge, &KeyboardWedge::scanned, [&](const QString& text) {
        scans.push_back(Scan{text, current});
    });

    Reader in(data, size);
    ulong clock = 1000; // the wedge reads a timestamp of 0 as "none given"
    quint32 lastId = 0;
    Qt::Key lastKey = Qt::Key_A;
    QString lastText;
    auto send = [&](QEvent::Type type, Qt::Key key, Qt::KeyboardModifiers modifiers, const QString& text,
                    bool autoRepeat, bool mayVanish) {
        clock += in.next() % 201;
        quint32 id = 0;
        if (type == QEvent::KeyPress) {
            id = ++lastId;
            typed.push_back(Typed{id, mayVanish ? text : QString(), mayVanish,
                                  key == Qt::Key_Return || key == Qt::Key_Enter});
            lastKey = key;
            lastText = text;
        } else {
            id = ++lastId;
        }
        QKeyEvent event(type, key, modifiers, id, 0, 0, text, autoRepeat);
        event.setTimestamp(clock);
        current = id;
        QCoreApplication::sendEvent(&window, &event);
        current = 0;
    };

    while (in.more()) {
        const std::uint8_t op = in.next();
        switch (op % 16) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
        case 6: {
            const QString text = printable(in.next());
            const bool shift = op & 0x80;
            const Qt::Key key =
                text.at(0).isLetterOrNumber() ? Qt::Key(text.at(0).toUpper().unicode()) : Qt::Key_unknown;
            send(QEvent::KeyPress, key, shift ? Qt::ShiftModifier : Qt::NoModifier, text, false, true);
            break;
        }
        case 7:
            send(QEvent::KeyPress, (op & 0x80) ? Qt::Key_Enter : Qt::Key_Return, Qt::NoModifier,
                 QStringLiteral("\r"), (op & 0x40) != 0, (op & 0x40) == 0);
            break;
        case 8: {
            static const Qt::Key keys[] = {Qt::Key_Tab,    Qt::Key_Backspace, Qt::Key_Left,   Qt::Key_Right,
                                           Qt::Key_Escape, Qt::Key_F1,        Qt::Key_Delete, Qt::Key_Up};
            static const char* texts[] = {"\t", "\b", "", "", "\x1b", "", "\x7f", ""};
            const int k = in.next() % 8;
            send(QEvent::KeyPress, keys[k], Qt::NoModifier, QString::fromLatin1(texts[k]), false, false);
            break;
        }
        case 9: // autorepeat of a printable key, or one with Ctrl held (a shortcut)
            send(QEvent::KeyPress, Qt::Key_A, (op & 0x80) ? Qt::ControlModifier : Qt::NoModifier,
                 printable(in.next()), (op & 0x80) == 0, false);
            break;
        case 10:
        case 11: // the release of the last key pressed
            send(QEvent::KeyRelease, lastKey, Qt::NoModifier, lastText, false, false);
            break;
        case 12:
            send(QEvent::KeyPress, (op & 0x80) ? Qt::Key_Shift : Qt::Key_CapsLock, Qt::ShiftModifier,
                 QString(), false, true);
            break;
        case 13: {
            QMouseEvent press(QEvent::MouseButtonPress, QPointF(1, 1), QPointF(1, 1), Qt::LeftButton,
                              Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(&window, &press);
            break;
        }
        case 14:
            wedge.setEnabled(op & 0x80);
            break;
        default:
            if (op & 0x80)
                wedge.setMinLength(in.next() % 24);
            else
                wedge.setMaxIntervalMs(in.next() % 200);
            break;
        }
    }
    wedge.setEnabled(false); // gives back whatever is still held
    check(typed, scans, window);

    QString all;
    for (const Typed& t : typed)
        all += t.text;
    classify(all);
    for (const Scan& s : scans)
        classify(s.text);
    return 0;
}
