#include "qml/recovery.h"

#include "backend/counter/station.h"
#include "backend/operation.h"

namespace countersign::qml {

Recovery::Recovery(counter::Station* station, QObject* parent)
    : QObject(parent)
    , m_station(station) {}

namespace {

/// What the token thread hands back: the report's lines.
struct RecoveryResult {
    std::vector<Recovery::Line> lines;
};

/// Where recovery left a transaction, translatable; the English is the stored state.
Phrase statePhrase(const std::string& state) {
    return Phrase::word(state,
                        {QT_TRANSLATE_NOOP("Reason", "completed"), QT_TRANSLATE_NOOP("Reason", "compensated"),
                         QT_TRANSLATE_NOOP("Reason", "failed")});
}

} // namespace

QStringList Recovery::report() const {
    QStringList out;
    for (const auto& l : m_lines) {
        std::vector<Phrase> parts{statePhrase(l.state)};
        parts.insert(parts.end(), l.notes.begin(), l.notes.end());
        out << Phrase(QT_TRANSLATE_NOOP("Reason", "%1 %2: %3"))
                   .arg(l.number)
                   .arg(operationPhrase(l.kind))
                   .arg(Phrase::joined(parts))
                   .translated();
    }
    return out;
}

void Recovery::run(long long counterId, long long staffId, auth::SessionToken session) {
    if (m_running || m_done)
        return;
    if (!m_station) {
        m_done = true;
        m_error = tr("No key writer is configured.");
        Q_EMIT changed();
        return;
    }
    m_running = true;
    Q_EMIT changed();
    m_station->run<RecoveryResult>(
        this, counterId, {},
        [staffId, session = std::move(session)](counter::Counter& counter) {
            RecoveryResult result;
            for (const auto& o : counter.recover(staffId, session))
                result.lines.push_back(Line{o.transactionNumber, o.kind, o.state, o.notes});
            return result;
        },
        [this](const counter::JobResult<RecoveryResult>& outcome) {
            m_running = false;
            m_done = true;
            if (outcome.ok())
                m_lines = outcome.value->lines;
            else
                m_error = QString::fromStdString(outcome.text(true));
            Q_EMIT changed();
            Q_EMIT finished();
        });
}

} // namespace countersign::qml
