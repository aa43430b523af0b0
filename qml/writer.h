#pragma once

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace countersign::counter {
class Station;
}

namespace countersign::qml {

/// The key writer as the screens see it: the keys in it and what they carry, as the token thread last saw
/// them (it polls the writer; a key put in or pulled out shows within a second). Made in main() and handed
/// to QML as the singleton `Writer`.
class Writer : public QObject {
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(QString company READ company NOTIFY changed)
    Q_PROPERTY(QString problem READ problem NOTIFY changed)
    Q_PROPERTY(QVariantList keys READ keys NOTIFY changed)
    Q_PROPERTY(int blankCount READ blankCount NOTIFY changed)

public:
    /// What the status bar says about the writer.
    enum class State {
        NotConnected, ///< no module configured or it failed to load
        NoKey,
        BlankKey,
        EnterpriseKey, ///< a key carrying an enterprise certificate (company())
        PinLocked,     ///< a key whose user PIN is locked
        SoPinLocked,   ///< … whose SO PIN is locked too: only a replacement helps
        OtherKey,      ///< initialised, without an enterprise certificate
    };
    Q_ENUM(State)

    explicit Writer(counter::Station* station, QObject* parent = nullptr);

    State state() const { return m_state; }
    QString company() const { return m_company; }
    QString problem() const { return m_problem; }
    /// One map per key: serial, label, blank, company, uscc, certificateSerial, notAfter, userPinLocked,
    /// userPinFinalTry, soPinLocked.
    QVariantList keys() const { return m_keys; }
    int blankCount() const { return m_blankCount; }
    /// The door to the counter's work on this writer's thread (nullptr without a writer).
    counter::Station* station() const { return m_station; }

Q_SIGNALS:
    void changed();

private:
    void refresh();

    counter::Station* m_station;
    State m_state = State::NotConnected;
    QString m_company;
    QString m_problem;
    bool m_problemChanged = false; ///< m_problem is new: the next refresh() tells the screens
    QVariantList m_keys;
    int m_blankCount = 0;
};

} // namespace countersign::qml
