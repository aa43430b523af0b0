#include "qml/recovery.h"

#include "qml/counterworkflow.h"

namespace countersign::qml {

Recovery::Recovery(const AppConfig& config, token::TokenThread* tokens, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_tokens(tokens) {}

namespace {

/// What the token thread hands back: report lines, or why recovery could not run.
struct RecoveryResult {
    std::vector<Recovery::Line> lines;
    QString error;
};

/// An operation's name, translatable; the English is the code.
Phrase kindPhrase(const std::string& kind) {
    return Phrase::word(kind, {QT_TRANSLATE_NOOP("Reason", "NEW"), QT_TRANSLATE_NOOP("Reason", "RENEW"),
                               QT_TRANSLATE_NOOP("Reason", "UPGRADE"), QT_TRANSLATE_NOOP("Reason", "REPLACE"),
                               QT_TRANSLATE_NOOP("Reason", "UNLOCK")});
}

/// Where recovery left a transaction, translatable; the English is the stored state.
Phrase statePhrase(const std::string& state) {
    return Phrase::word(state, {QT_TRANSLATE_NOOP("Reason", "completed"),
                                QT_TRANSLATE_NOOP("Reason", "compensated"), QT_TRANSLATE_NOOP("Reason", "failed")});
}

} // namespace

QStringList Recovery::report() const {
    QStringList out;
    for (const auto& l : m_lines) {
        std::vector<Phrase> parts{statePhrase(l.state)};
        parts.insert(parts.end(), l.notes.begin(), l.notes.end());
        out << Phrase(QT_TRANSLATE_NOOP("Reason", "%1 %2: %3"))
                   .arg(l.number)
                   .arg(kindPhrase(l.kind))
                   .arg(Phrase::joined(parts))
                   .translated();
    }
    return out;
}

void Recovery::run(long long counterId, long long staffId) {
    if (m_running || m_done)
        return;
    if (!m_tokens) {
        m_done = true;
        m_error = tr("No key writer is configured.");
        Q_EMIT changed();
        return;
    }
    m_running = true;
    Q_EMIT changed();
    const AppConfig config = m_config;
    m_tokens->run<RecoveryResult>(
        this,
        [config, counterId, staffId](token::KeyDevice& keys) {
            RecoveryResult result;
            try {
                withCounterWorkflow(config, counterId, keys, {}, [&](workflow::Workflow& flow) {
                    for (const auto& o : flow.recover(staffId))
                        result.lines.push_back(Line{o.transactionNumber, o.kind, o.state, o.notes});
                });
            } catch (const std::exception& e) {
                result.error = QString::fromStdString(e.what());
            }
            return result;
        },
        [this](const token::TokenOutcome<RecoveryResult>& outcome) {
            m_running = false;
            m_done = true;
            if (outcome.ok()) {
                m_lines = outcome.value->lines;
                m_error = outcome.value->error;
            } else {
                m_error = QString::fromStdString(outcome.error->message(true));
            }
            Q_EMIT changed();
            Q_EMIT finished();
        });
}

} // namespace countersign::qml
