#include "qml/stepprogress.h"

namespace countersign::qml {

StepProgress::StepProgress(QObject* parent)
    : QObject(parent) {
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &StepProgress::elapsedChanged);
}

int StepProgress::elapsedMs() const {
    return m_step.isEmpty() || !m_clock.isValid() ? 0 : static_cast<int>(m_clock.elapsed());
}

const StepProgress::Estimate* StepProgress::current() const {
    for (const auto& e : m_estimates)
        if (e.step == m_step)
            return &e;
    return nullptr;
}

int StepProgress::estimateMs() const {
    const auto* e = current();
    return e && e->runs > 0 ? e->medianMs : -1;
}

int StepProgress::estimateRuns() const {
    const auto* e = current();
    return e ? e->runs : 0;
}

void StepProgress::setStep(const QString& id) {
    if (id == m_step)
        return;
    m_step = id;
    if (id.isEmpty()) {
        m_tick.stop();
        m_clock.invalidate();
    } else {
        m_clock.start();
        m_tick.start();
    }
    Q_EMIT stepChanged();
    Q_EMIT elapsedChanged();
    Q_EMIT estimatesChanged(); // the estimate is the new step's
}

void StepProgress::setEstimates(const QString& model, std::vector<Estimate> estimates) {
    m_model = model;
    m_estimates = std::move(estimates);
    m_read = true;
    Q_EMIT estimatesChanged();
}

void StepProgress::clear() {
    setStep({});
    m_model.clear();
    m_estimates.clear();
    m_read = false;
    Q_EMIT estimatesChanged();
}

} // namespace countersign::qml
