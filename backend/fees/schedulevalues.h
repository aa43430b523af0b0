#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/identifiers/date.h"

// Fee schedule versions as plain values, without the database, for the kiosk's fee schedule page
// (backend/fees/schedules.h reads and writes them).
namespace countersign::fees {

/// One version of a schedule as the back office lists it.
struct FeeScheduleVersion {
    long long id = 0;
    std::string code;
    int version = 1;
    std::string name;
    std::string region;       ///< empty: any
    std::string centre;       ///< the centre's code; empty: any
    std::string validFrom;    ///< YYYY-MM-DD
    std::string validTo;      ///< YYYY-MM-DD (the day before the next version starts); empty: open-ended
    std::string status;       ///< "in_force", "future" or "past" on the day listed
    bool inForceHere = false; ///< the version quote() uses at this centre on that day
    std::string createdBy;    ///< user name; empty for the presets
    std::string approvedBy;   ///< the second person's user name; empty for the presets
};

/// A rule of a new version.
struct NewFeeRule {
    std::string operation; ///< NEW, RENEW, UPGRADE, REPLACE, UNLOCK
    std::string condition; ///< default, first_certificate, further_certificate, damage_waiver
    long long amountFen = 0;
    std::string description;
};
/// A new version of a schedule, as an admin writes it.
struct NewScheduleVersion {
    std::string code;
    std::string name;
    std::string validFrom; ///< YYYY-MM-DD, after today
    std::string region;    ///< empty: any (a version keeps its schedule's)
    std::string centre;    ///< a centre's code; empty: any (a version keeps its schedule's)
    std::vector<NewFeeRule> rules;
};

/// What is wrong with `version` (the field named first, e.g. "rules[2].amount: …"), or nullopt when it can be
/// added on a day after `today` (fees::checkScheduleVersion throws it as a FeeError).
std::optional<std::string> scheduleVersionProblem(const NewScheduleVersion& version, Date today);

} // namespace countersign::fees
