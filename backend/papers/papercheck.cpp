#include "backend/papers/papercheck.h"

#include <algorithm>
#include <regex>

#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"

namespace countersign::papers {

bool PaperReport::ok() const {
    return !checks.empty() &&
           std::all_of(checks.begin(), checks.end(), [](const PaperCheck& c) { return c.passed; });
}

std::vector<std::string> PaperReport::failed() const {
    std::vector<std::string> ids;
    for (const auto& c : checks)
        if (!c.passed)
            ids.push_back(c.id);
    return ids;
}

namespace {

void add(PaperReport& report, std::string id, bool passed, Phrase why) {
    if (passed)
        why = Phrase();
    std::string reason = why.english();
    report.checks.push_back({std::move(id), passed, std::move(reason), std::move(why)});
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

} // namespace

PaperReport checkAuthorizationLetter(const AuthorizationLetter& letter, Operation operation, Date today,
                                     const std::string& certificateUscc) {
    PaperReport report;
    const bool named = !trimmed(letter.companyName).empty() && !trimmed(letter.agentName).empty();
    add(report, "names", named,
        Phrase(QT_TRANSLATE_NOOP("Reason", "the letter must name the company and the agent")));

    const IdCheck company = checkTaxpayerId(letter.companyId, today);
    add(report, "company_id", company.ok(),
        describe(company, Phrase(QT_TRANSLATE_NOOP("Reason", "company ID"))));

    const IdCheck agent = checkResidentId(letter.agentIdNo, today);
    add(report, "agent_id", agent.ok(),
        describe(agent, Phrase(QT_TRANSLATE_NOOP("Reason", "agent's ID number"))));

    static const std::regex mobile("^1[3-9][0-9]{9}$");
    add(report, "agent_mobile", std::regex_match(trimmed(letter.agentMobile), mobile),
        Phrase(QT_TRANSLATE_NOOP("Reason", "the agent's mobile number must be 11 digits starting with 1")));

    const bool datesReal =
        letter.validFrom.isValid() && letter.validTo.isValid() && letter.validFrom <= letter.validTo;
    const bool inPeriod = datesReal && letter.validFrom <= today && today <= letter.validTo;
    add(report, "validity", inPeriod,
        !datesReal ? Phrase(QT_TRANSLATE_NOOP(
                         "Reason", "the letter's validity period is missing or ends before it starts"))
        : today < letter.validFrom
            ? Phrase(QT_TRANSLATE_NOOP("Reason", "the letter is valid only from %1"))
                  .arg(letter.validFrom.iso())
            : Phrase(QT_TRANSLATE_NOOP("Reason",
                                       "the letter expired on %1; the enterprise must issue a new one"))
                  .arg(letter.validTo.iso()));

    bool covers = false;
    Phrase notCovered;
    switch (operation) {
    case Operation::Replace:
        covers = letter.replaceTicked;
        notCovered =
            Phrase(QT_TRANSLATE_NOOP("Reason", "business type 补办 (replace) is not ticked on the letter"));
        break;
    case Operation::Unlock:
        covers = letter.unlockTicked;
        notCovered =
            Phrase(QT_TRANSLATE_NOOP("Reason", "business type 解锁 (unlock) is not ticked on the letter"));
        break;
    default:
        notCovered =
            Phrase(QT_TRANSLATE_NOOP("Reason",
                                     "an authorization letter covers replacing and unlocking keys, not %1"))
                .arg(operationCode(operation));
        break;
    }
    add(report, "business_type", covers, notCovered);

    const std::string letterId = company.ok() ? company.normalised : trimmed(letter.companyId);
    const bool sameCompany = !certificateUscc.empty() && letterId == certificateUscc;
    add(report, "company_matches_certificate", sameCompany,
        certificateUscc.empty()
            ? Phrase(QT_TRANSLATE_NOOP("Reason",
                                       "there is no certificate with a USCC to compare the letter with"))
            : Phrase(QT_TRANSLATE_NOOP("Reason", "the letter is for %1 but the certificate is for %2"))
                  .arg(letterId)
                  .arg(certificateUscc));

    add(report, "seal", letter.sealConfirmed,
        Phrase(QT_TRANSLATE_NOOP("Reason", "the operator has not confirmed the company seal on the letter")));
    return report;
}

} // namespace countersign::papers
