#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "qml/operationcontroller.h"

// The agent's ID card on the operation's screens (the "idcard" block of operationcontroller.h).
namespace countersign::qml {

namespace {

/// The agent object of a scanned assistance letter's payload (DESIGN §3.2: agent.name, agent.idNo), read
/// without verifying anything: only for the operator to compare with the card before the check.
QJsonObject letterAgent(const QString& letterText) {
    const auto parts = letterText.trimmed().split(QLatin1Char('.'));
    if (parts.size() != 3 || parts[1].size() > 16384)
        return {};
    const auto payload = QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding |
                                                                         QByteArray::OmitTrailingEquals);
    return QJsonDocument::fromJson(payload).object().value(QStringLiteral("agent")).toObject();
}

} // namespace

void OperationController::setIdCardNo(const QString& number) {
    if (m_idCardNo == number)
        return;
    m_idCardNo = number;
    // Checks made with another card no longer hold.
    m_checked = false;
    m_checksPassed = false;
    Q_EMIT papersChanged();
    Q_EMIT checksChanged();
}

QString OperationController::letterAgentName() const {
    if (!m_handEntered.isEmpty())
        return m_handEntered.value(QStringLiteral("agentName")).toString().trimmed();
    return letterAgent(m_letterText).value(QStringLiteral("name")).toString().trimmed();
}

QString OperationController::letterAgentIdNo() const {
    if (!m_handEntered.isEmpty())
        return m_handEntered.value(QStringLiteral("agentIdNo")).toString().trimmed().toUpper();
    return letterAgent(m_letterText).value(QStringLiteral("idNo")).toString().trimmed().toUpper();
}

} // namespace countersign::qml
