#include "qml/operationcontroller.h"

#include <QStringList>

// checks: decision card. What a passed preview established, for the card on top of the checks step
// (qml/DecisionCard.qml): the papers and the key as the workflow read them.

namespace countersign::qml {

void OperationController::setDecision(const workflow::Outcome* preview) {
    m_decision.clear();
    if (!preview)
        return;
    const auto q = [](const std::string& text) { return QString::fromStdString(text); };
    const workflow::PapersRead& p = preview->papers;
    QStringList business;
    for (const auto& b : p.letterBusiness)
        business.append(q(b));
    m_decision =
        QVariantMap{{QStringLiteral("agentIdMasked"), q(preview->agentIdMasked)},
                    {QStringLiteral("letterNo"), q(p.letterNo)},
                    {QStringLiteral("officeCode"), q(p.officeCode)},
                    {QStringLiteral("officeName"), q(p.officeName)},
                    {QStringLiteral("letterValidUntil"), q(p.letterValidUntil)},
                    {QStringLiteral("letterBusiness"), business},
                    {QStringLiteral("keySerial"), q(preview->keySerial)},
                    {QStringLiteral("oldKeySerial"), q(p.oldKeySerial)},
                    {QStringLiteral("keyCertificateSerial"), q(p.keyCertificateSerial)},
                    // The day it ends is what a person compares ("2027-03-01"), not the second.
                    {QStringLiteral("keyCertificateNotAfter"), q(p.keyCertificateNotAfter.substr(0, 10))}};
}

} // namespace countersign::qml
