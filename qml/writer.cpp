#include "qml/writer.h"

#include "backend/counter/station.h"

namespace countersign::qml {

namespace {

int rank(Writer::State state) {
    switch (state) {
    case Writer::State::NotConnected:
    case Writer::State::NoKey:
        return 0;
    case Writer::State::OtherKey:
        return 1;
    case Writer::State::BlankKey:
        return 2;
    case Writer::State::EnterpriseKey:
        return 3;
    case Writer::State::PinLocked:
        return 4;
    case Writer::State::SoPinLocked:
        return 5;
    }
    return 0;
}

} // namespace

Writer::Writer(counter::Station* station, QObject* parent)
    : QObject(parent)
    , m_station(station) {
    if (!m_station) {
        m_problem = tr("No key writer is configured.");
        return;
    }
    connect(m_station, &counter::Station::keysChanged, this, &Writer::refresh);
    connect(m_station, &counter::Station::moduleFailed, this, [this](const QString& message) {
        m_problem = message;
        m_problemChanged = true;
        refresh();
    });
    refresh();
}

void Writer::refresh() {
    // The token thread says the keys changed at every step of the work on a key; the screens (papers, key
    // step, status bar) hear of it only when what they show is different.
    const QVariantList keysBefore = m_keys;
    const State stateBefore = m_state;
    const QString companyBefore = m_company;
    const int blankBefore = m_blankCount;
    m_keys.clear();
    m_blankCount = 0;
    m_company.clear();
    State state = State::NoKey;
    if (!m_station->moduleProblem().isEmpty()) {
        state = State::NotConnected;
    } else {
        for (const auto& k : m_station->keys()) {
            QString company, uscc, serial, notAfter;
            for (const auto& c : k.certificates) {
                if (c.isCa)
                    continue;
                company = QString::fromStdString(c.organisation);
                uscc = QString::fromStdString(c.uscc);
                serial = QString::fromStdString(c.serial);
                notAfter = QString::fromStdString(c.notAfter);
            }
            const bool blank = k.blank();
            m_blankCount += blank ? 1 : 0;
            m_keys.append(QVariantMap{{QStringLiteral("serial"), QString::fromStdString(k.serial)},
                                      {QStringLiteral("label"), QString::fromStdString(k.label)},
                                      {QStringLiteral("blank"), blank},
                                      {QStringLiteral("company"), company},
                                      {QStringLiteral("uscc"), uscc},
                                      {QStringLiteral("certificateSerial"), serial},
                                      {QStringLiteral("notAfter"), notAfter},
                                      {QStringLiteral("userPinLocked"), k.userPin.locked},
                                      {QStringLiteral("userPinFinalTry"), k.userPin.finalTry},
                                      {QStringLiteral("soPinLocked"), k.soPin.locked},
                                      {QStringLiteral("minPinLength"), static_cast<int>(k.minPinLength)},
                                      {QStringLiteral("maxPinLength"), static_cast<int>(k.maxPinLength)}});
            // The most telling key decides what the status bar says: a locked one, then an enterprise's.
            State mine = blank                                 ? State::BlankKey
                         : company.isEmpty() && uscc.isEmpty() ? State::OtherKey
                                                               : State::EnterpriseKey;
            if (k.userPin.locked)
                mine = k.soPin.locked ? State::SoPinLocked : State::PinLocked;
            if (rank(mine) > rank(state)) {
                state = mine;
                if (!company.isEmpty())
                    m_company = company;
            }
        }
    }
    m_state = state;
    if (m_keys != keysBefore || m_state != stateBefore || m_company != companyBefore ||
        m_blankCount != blankBefore || m_problemChanged) {
        m_problemChanged = false;
        Q_EMIT changed();
    }
}

} // namespace countersign::qml
