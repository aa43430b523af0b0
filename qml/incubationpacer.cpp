#include "qml/incubationpacer.h"

namespace countersign::qml {

IncubationPacer::IncubationPacer(int sliceMs, QObject* parent)
    : QObject(parent)
    , m_sliceMs(sliceMs) {
    // A zero timer: one slice per turn of the event loop, after the input, timers and frames waiting.
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        incubateFor(m_sliceMs);
        if (incubatingObjectCount() == 0)
            m_timer.stop();
    });
}

void IncubationPacer::incubatingObjectCountChanged(int count) {
    if (count > 0 && !m_timer.isActive())
        m_timer.start();
    else if (count == 0)
        m_timer.stop();
}

} // namespace countersign::qml
