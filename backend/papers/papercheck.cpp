#include "backend/papers/papercheck.h"

#include <algorithm>
#include <regex>

#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"

namespace countersign::papers {

const char* operationCode(Operation operation) {
    switch (operation) {
    case Operation::New:
        return "NEW";
    case Operation::Renew:
        return "RENEW";
    case Operation::Upgrade:
        return "UPGRADE";
    case Operation::Replace:
        return "REPLACE";
    case Operation::Unlock:
        return "UNLOCK";
    }
    return "NEW";
}

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

void add(PaperReport& report, std::string id, bool passed, std::string reason) {
    report.checks.push_back({std::move(id), passed, passed ? std::string() : std::move(reason)});
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
    add(report, "names", named, "the letter must name the company and the agent");

    const IdCheck company = checkTaxpayerId(letter.companyId, today);
    add(report, "company_id", company.ok(), company.ok() ? "" : describe(company, "company ID"));

    const IdCheck agent = checkResidentId(letter.agentIdNo, today);
    add(report, "agent_id", agent.ok(), agent.ok() ? "" : describe(agent, "agent's ID number"));

    static const std::regex mobile("^1[3-9][0-9]{9}$");
    add(report, "agent_mobile", std::regex_match(trimmed(letter.agentMobile), mobile),
        "the agent's mobile number must be 11 digits starting with 1");

    const bool datesReal =
        letter.validFrom.isValid() && letter.validTo.isValid() && letter.validFrom <= letter.validTo;
    const bool inPeriod = datesReal && letter.validFrom <= today && today <= letter.validTo;
    add(report, "validity", inPeriod,
        !datesReal ? "the letter's validity period is missing or ends before it starts"
        : today < letter.validFrom
            ? "the letter is valid only from " + letter.validFrom.iso()
            : "the letter expired on " + letter.validTo.iso() + "; the enterprise must issue a new one");

    bool covers = false;
    std::string notCovered;
    switch (operation) {
    case Operation::Replace:
        covers = letter.replaceTicked;
        notCovered = "business type 补办 (replace) is not ticked on the letter";
        break;
    case Operation::Unlock:
        covers = letter.unlockTicked;
        notCovered = "business type 解锁 (unlock) is not ticked on the letter";
        break;
    default:
        notCovered = std::string("an authorization letter covers replacing and unlocking keys, not ") +
                     operationCode(operation);
        break;
    }
    add(report, "business_type", covers, notCovered);

    const std::string letterId = company.ok() ? company.normalised : trimmed(letter.companyId);
    const bool sameCompany = !certificateUscc.empty() && letterId == certificateUscc;
    add(report, "company_matches_certificate", sameCompany,
        certificateUscc.empty()
            ? "there is no certificate with a USCC to compare the letter with"
            : "the letter is for " + letterId + " but the certificate is for " + certificateUscc);

    add(report, "seal", letter.sealConfirmed,
        "the operator has not confirmed the company seal on the letter");
    return report;
}

} // namespace countersign::papers
