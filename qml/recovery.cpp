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
    QStringList lines;
    QString error;
};

} // namespace

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
                    for (const auto& o : flow.recover(staffId)) {
                        QString line =
                            QString::fromStdString(o.transactionNumber + " " + o.kind + ": " + o.state);
                        for (const auto& n : o.notes)
                            line += QStringLiteral("; ") + QString::fromStdString(n);
                        result.lines << line;
                    }
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
                m_report = outcome.value->lines;
                m_error = outcome.value->error;
            } else {
                m_error = QString::fromStdString(outcome.error->message(true));
            }
            Q_EMIT changed();
            Q_EMIT finished();
        });
}

} // namespace countersign::qml
