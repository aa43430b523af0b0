#include "backend/workflow/internal.h"

// The agent's ID card (DESIGN §3.3): NEW, REPLACE and UNLOCK compare the card in front of the operator with
// the agent the letter names. A trust rule, not a setting: the person who gets the key is the one named.
namespace countersign::workflow {

void Workflow::Impl::checkIdCard(const Common& common, const std::string& agentName,
                                 const std::string& agentIdNo, std::vector<Check>& checks) const {
    const Date today = papers::centreToday(s.config.timeZone.toStdString());
    const IdCheck card = checkResidentId(common.idCardNo, today);
    if (card.error == IdError::Empty) {
        add(checks, "id_card", false,
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "the agent's ID card was not compared: type or scan the number "
                                     "of the ID card the agent presents")));
        return;
    }
    if (!card.ok()) {
        add(checks, "id_card", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the ID card number presented (%1) is not valid: %2"))
                .arg(maskedId(card.normalised))
                .arg(describe(card, Phrase(QT_TRANSLATE_NOOP("Reason", "ID card number")))));
        return;
    }
    // The letter's number as the other checks normalised it (upper-case X); one that fails its own check
    // is refused there, and can't match a valid card here.
    const IdCheck letter = checkResidentId(agentIdNo, today);
    const std::string named = letter.ok() ? letter.normalised : agentIdNo;
    if (named.empty()) {
        add(checks, "id_card", false,
            Phrase(QT_TRANSLATE_NOOP("Reason", "the letter names no agent ID number to compare the ID card "
                                               "(%1) with"))
                .arg(maskedId(card.normalised)));
        return;
    }
    add(checks, "id_card", card.normalised == named,
        Phrase(QT_TRANSLATE_NOOP("Reason", "the ID card presented (%1) is not the letter's agent (%2, %3): "
                                           "the agent named on the letter must come in person"))
            .arg(maskedId(card.normalised))
            .arg(agentName)
            .arg(maskedId(named)));
}

} // namespace countersign::workflow
