#pragma once

#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QKeyEvent;

namespace countersign::qml {

/// Catches what a barcode/QR scanner acting as a keyboard (a "keyboard wedge", DESIGN §3.3) types, on any
/// screen: at least `minLength` printable characters, each within `maxIntervalMs` of the one before, ending
/// in Enter/Return. Made in main() (or a test), installed as an event filter on the application, and handed
/// to QML as the singleton `KeyboardWedge`.
///
/// How a scan is kept out of the focused text field: printable keys are held back, not removed afterwards.
/// The first printable key starts a burst and is swallowed at the window; further fast keys join it. The
/// burst ends in one of three ways:
///  - Enter/Return arrives fast after at least `minLength` characters: `scanned` is emitted and the held keys
///    and the Enter are dropped, so no field ever sees them;
///  - a key comes slowly, no key comes for `maxIntervalMs` (plus a little slack), another key (Tab,
///    Backspace, arrows, a shortcut, autorepeat), a mouse press or a touch arrives, or the burst is too
///    short: the held keys are replayed, in order, to the window they were meant for, and the new key follows
///    them.
/// So a person's typing reaches the field unchanged, only up to ~55 ms late, and a scan never arrives as
/// text. Replayed keys do not go through the shortcut map again (printable keys rarely are shortcuts).
/// Keys typed into a field asking for hidden or sensitive input (a password: Qt::ImhHiddenText or
/// Qt::ImhSensitiveData) pass straight through: nobody scans into a password, and a password manager may
/// type fast.
///
/// Intervals are measured with the events' own timestamps where the platform gives them, so a burst queued
/// while the GUI thread was busy still reads as fast; the flush timer, though, runs on the GUI thread, so a
/// stall longer than the hold time in the middle of a scan can split it.
class KeyboardWedge : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool enabled READ enabled WRITE setEnabled NOTIFY settingsChanged)
    Q_PROPERTY(int minLength READ minLength WRITE setMinLength NOTIFY settingsChanged)
    Q_PROPERTY(int maxIntervalMs READ maxIntervalMs WRITE setMaxIntervalMs NOTIFY settingsChanged)

public:
    /// What a scanned text is (see classify).
    enum class ScanKind {
        Unknown,
        AssistanceLetter, ///< a JWS compact serialization: the QR of an assistance letter (DESIGN §3.2)
        Uscc,             ///< exactly a valid 18-character USCC
        BusinessLicence,  ///< a business licence QR: a URL or text with a valid USCC in it
        ResidentId,       ///< exactly a valid resident ID number
    };
    Q_ENUM(ScanKind)

    explicit KeyboardWedge(QObject* parent = nullptr);
    ~KeyboardWedge() override;

    bool enabled() const { return m_enabled; }
    /// Turning it off replays whatever is held.
    void setEnabled(bool enabled);
    int minLength() const { return m_minLength; }
    void setMinLength(int length);
    int maxIntervalMs() const { return m_maxIntervalMs; }
    void setMaxIntervalMs(int ms);

    /// What `text` is. For Uscc and BusinessLicence `uscc` (if given) receives the USCC, upper case; else it
    /// is cleared. A text that passes both the resident ID and the USCC check (rare: an 18-digit string can)
    /// is read as a ResidentId.
    static ScanKind classify(const QString& text, QString* uscc = nullptr);
    /// classify() for QML.
    Q_INVOKABLE countersign::qml::KeyboardWedge::ScanKind kindOf(const QString& text) const;
    /// The USCC in a Uscc or BusinessLicence text, else "".
    Q_INVOKABLE QString usccOf(const QString& text) const;

    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void scanned(const QString& text);
    void settingsChanged();

private:
    struct Held {
        QPointer<QObject> window;
        std::unique_ptr<QKeyEvent> event;
    };

    bool keyPress(QObject* window, QKeyEvent* key);
    bool keyRelease(QObject* window, QKeyEvent* key);
    bool focusWantsHiddenInput() const;
    qint64 now(const QKeyEvent* key) const;
    void hold(QObject* window, QKeyEvent* key);
    /// Replays the held keys to their windows and forgets the burst.
    void flush();
    void reset();

    bool m_enabled = true;
    int m_minLength = 8;
    int m_maxIntervalMs = 35;

    std::vector<Held> m_held;
    QString m_text;
    qint64 m_lastKeyAt = 0;
    bool m_replaying = false;
    bool m_swallowEnterRelease = false; ///< the Enter that ended a scan: its release goes nowhere either
    QElapsedTimer m_clock;
    QTimer m_flushTimer;
};

} // namespace countersign::qml
