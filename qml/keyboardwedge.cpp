#include "qml/keyboardwedge.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QInputMethodQueryEvent>
#include <QKeyEvent>
#include <QRegularExpression>

#include "backend/identifiers/date.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"
#include "backend/papers/assistanceletter.h"

namespace countersign::qml {

namespace {

// Slack on top of maxIntervalMs before held keys are given back: a scanner's key rate jitters a little.
constexpr int kFlushSlackMs = 20;

bool isModifierKey(int key) {
    switch (key) {
    case Qt::Key_Shift:
    case Qt::Key_Control:
    case Qt::Key_Alt:
    case Qt::Key_AltGr:
    case Qt::Key_Meta:
    case Qt::Key_CapsLock:
    case Qt::Key_NumLock:
        return true;
    default:
        return false;
    }
}

bool isEnter(int key) {
    return key == Qt::Key_Return || key == Qt::Key_Enter;
}

bool isPrintable(const QKeyEvent* key) {
    if (key->isAutoRepeat() || key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return false;
    const QString text = key->text();
    return text.size() == 1 && text.at(0).isPrint();
}

bool isJwsCompact(const QString& text) {
    static const QRegularExpression jws(
        QStringLiteral("^([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"));
    const auto match = jws.match(text);
    if (!match.hasMatch())
        return false;
    const auto header = papers::detail::base64urlDecode(match.captured(1).toStdString());
    return header && !header->empty() && header->front() == '{';
}

} // namespace

KeyboardWedge::KeyboardWedge(QObject* parent)
    : QObject(parent) {
    m_clock.start();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(m_maxIntervalMs + kFlushSlackMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &KeyboardWedge::flush);
}

KeyboardWedge::~KeyboardWedge() = default;

void KeyboardWedge::setEnabled(bool enabled) {
    if (enabled == m_enabled)
        return;
    if (!enabled)
        flush();
    m_enabled = enabled;
    Q_EMIT settingsChanged();
}

void KeyboardWedge::setMinLength(int length) {
    if (length == m_minLength || length < 1)
        return;
    m_minLength = length;
    Q_EMIT settingsChanged();
}

void KeyboardWedge::setMaxIntervalMs(int ms) {
    if (ms == m_maxIntervalMs || ms < 1)
        return;
    m_maxIntervalMs = ms;
    m_flushTimer.setInterval(ms + kFlushSlackMs);
    Q_EMIT settingsChanged();
}

KeyboardWedge::ScanKind KeyboardWedge::classify(const QString& text, QString* uscc) {
    if (uscc)
        uscc->clear();
    const QString t = text.trimmed();
    if (isJwsCompact(t))
        return ScanKind::AssistanceLetter;
    if (t.size() == 18 && checkResidentId(t.toStdString(), Date::today()).ok())
        return ScanKind::ResidentId;
    if (t.size() == 18) {
        const IdCheck check = checkUscc(t.toStdString());
        if (check.ok()) {
            if (uscc)
                *uscc = QString::fromStdString(check.normalised);
            return ScanKind::Uscc;
        }
    }
    // A licence QR holds a URL or a few lines of text; the USCC is an 18-character run of its own.
    static const QRegularExpression run(QStringLiteral("(?<![A-Za-z0-9])[A-Za-z0-9]{18}(?![A-Za-z0-9])"));
    auto matches = run.globalMatch(t);
    while (matches.hasNext()) {
        const IdCheck check = checkUscc(matches.next().captured(0).toStdString());
        if (check.ok()) {
            if (uscc)
                *uscc = QString::fromStdString(check.normalised);
            return ScanKind::BusinessLicence;
        }
    }
    return ScanKind::Unknown;
}

KeyboardWedge::ScanKind KeyboardWedge::kindOf(const QString& text) const {
    return classify(text);
}

QString KeyboardWedge::usccOf(const QString& text) const {
    QString uscc;
    classify(text, &uscc);
    return uscc;
}

bool KeyboardWedge::eventFilter(QObject* watched, QEvent* event) {
    // A key event reaches the window first and is then passed on to the focused item; only the window's copy
    // is looked at, so each key is judged once and nothing has been delivered yet.
    if (!m_enabled || m_replaying || !watched->isWindowType())
        return false;
    switch (event->type()) {
    case QEvent::KeyPress:
        return keyPress(watched, static_cast<QKeyEvent*>(event));
    case QEvent::KeyRelease:
        return keyRelease(watched, static_cast<QKeyEvent*>(event));
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
        // A tap may move the focus: the keys typed before it belong where the focus was.
        flush();
        return false;
    default:
        return false;
    }
}

bool KeyboardWedge::keyPress(QObject* window, QKeyEvent* key) {
    m_swallowEnterRelease = false;
    if (isModifierKey(key->key())) {
        // Scanners press Shift for capitals; that must neither end a burst nor overtake it.
        if (m_held.empty())
            return false;
        hold(window, key);
        return true;
    }
    const qint64 at = now(key);
    const bool fast = !m_held.empty() && at - m_lastKeyAt <= m_maxIntervalMs;
    if (isPrintable(key)) {
        if (focusWantsHiddenInput()) {
            flush();
            return false;
        }
        if (!m_held.empty() && !fast)
            flush();
        hold(window, key);
        m_text += key->text();
        m_lastKeyAt = at;
        m_flushTimer.start();
        return true;
    }
    if (isEnter(key->key()) && !key->isAutoRepeat() && fast && m_text.size() >= m_minLength) {
        const QString text = m_text;
        reset();
        m_swallowEnterRelease = true;
        Q_EMIT scanned(text);
        return true;
    }
    flush();
    return false;
}

bool KeyboardWedge::keyRelease(QObject* window, QKeyEvent* key) {
    if (!m_held.empty()) {
        // Kept in order with the presses they belong to.
        hold(window, key);
        return true;
    }
    if (m_swallowEnterRelease && isEnter(key->key())) {
        m_swallowEnterRelease = false;
        return true;
    }
    return false;
}

bool KeyboardWedge::focusWantsHiddenInput() const {
    QObject* focus = QGuiApplication::focusObject();
    if (!focus)
        return false;
    QInputMethodQueryEvent query(Qt::ImHints);
    QCoreApplication::sendEvent(focus, &query);
    const auto hints = Qt::InputMethodHints(query.value(Qt::ImHints).toInt());
    return hints & (Qt::ImhHiddenText | Qt::ImhSensitiveData);
}

qint64 KeyboardWedge::now(const QKeyEvent* key) const {
    return key->timestamp() != 0 ? qint64(key->timestamp()) : m_clock.elapsed();
}

void KeyboardWedge::hold(QObject* window, QKeyEvent* key) {
    m_held.push_back(Held{window, std::unique_ptr<QKeyEvent>(key->clone())});
}

void KeyboardWedge::flush() {
    if (m_held.empty())
        return;
    std::vector<Held> held = std::move(m_held);
    reset();
    m_replaying = true;
    for (const Held& h : held) {
        if (h.window)
            QCoreApplication::sendEvent(h.window, h.event.get());
    }
    m_replaying = false;
}

void KeyboardWedge::reset() {
    m_flushTimer.stop();
    m_held.clear();
    m_text.clear();
}

} // namespace countersign::qml
