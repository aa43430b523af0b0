#pragma once

#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace countersign::qml {

/// The key step the operator and the customer wait on (a real key takes seconds: a key pair 8 s): which one,
/// how long it has taken so far, and what it usually takes on keys of this model — the median of the last
/// runs on record (Desk::keyStepEstimates), or nothing when there are none. Owned by an
/// OperationController, which says when a step starts and stops; the elapsed time ticks four times a second
/// on the GUI thread (a timer, never a wait).
class StepProgress : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("an OperationController's stepProgress")
    /// The running step's id (initialise, generate, request, write, verify, unlock, complete, revoke); empty
    /// while none runs.
    Q_PROPERTY(QString step READ step NOTIFY stepChanged)
    Q_PROPERTY(int elapsedMs READ elapsedMs NOTIFY elapsedChanged)
    /// The estimates for the key's model have been read (or found missing).
    Q_PROPERTY(bool estimatesRead READ estimatesRead NOTIFY estimatesChanged)
    /// The running step's median on this model in milliseconds; -1: no run on record.
    Q_PROPERTY(int estimateMs READ estimateMs NOTIFY estimatesChanged)
    /// How many runs the estimate is the median of (at most 20).
    Q_PROPERTY(int estimateRuns READ estimateRuns NOTIFY estimatesChanged)
    Q_PROPERTY(QString model READ model NOTIFY estimatesChanged)

public:
    /// What a step usually takes on the key's model (Desk::keyStepEstimates).
    struct Estimate {
        QString step;
        int runs = 0;
        int medianMs = 0;
    };

    explicit StepProgress(QObject* parent = nullptr);

    QString step() const { return m_step; }
    int elapsedMs() const;
    bool estimatesRead() const { return m_read; }
    int estimateMs() const;
    int estimateRuns() const;
    QString model() const { return m_model; }

    /// `id` runs from now (the clock starts again when it is another step than the running one); empty:
    /// none runs (stopped, paused, done).
    void setStep(const QString& id);
    /// The estimates of `model` as read; forgets them with an empty model.
    void setEstimates(const QString& model, std::vector<Estimate> estimates);
    void clear();

Q_SIGNALS:
    void stepChanged();
    void elapsedChanged();
    void estimatesChanged();

private:
    const Estimate* current() const;

    QString m_step;
    QElapsedTimer m_clock;
    QTimer m_tick;
    bool m_read = false;
    QString m_model;
    std::vector<Estimate> m_estimates;
};

} // namespace countersign::qml
