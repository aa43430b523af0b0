// A fee schedule version as an admin writes it (countersignctl fees add-version --file, the kiosk's schedule
// editor): fees::parseScheduleVersionJson judged on a fixed day, then what is done with a version it
// accepts — checkScheduleVersion, the text the second person approves (scheduleVersionApprovalText) and the
// JSON the database takes (scheduleVersionJson). Invariant: that JSON, read again, is the same version (the
// same approval text), so what is approved is what is stored.
#include "backend/fees/schedules.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fees::NewScheduleVersion version;
    try {
        version = fees::parseScheduleVersionJson(fuzz::text(data, size), fuzz::today());
    } catch (const fees::FeeError& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused schedule version gives no reason");
        return 0;
    }
    try {
        fees::checkScheduleVersion(version, fuzz::today());
    } catch (const fees::FeeError&) {
        fuzz::broken("a version parseScheduleVersionJson accepted fails checkScheduleVersion");
    }
    const std::string approval = fees::scheduleVersionApprovalText(version);
    const std::string json = fees::scheduleVersionJson(version);
    fees::NewScheduleVersion again;
    try {
        again = fees::parseScheduleVersionJson(json, fuzz::today());
    } catch (const fees::FeeError&) {
        fuzz::broken("the JSON of an accepted version is refused when read again");
    }
    if (fees::scheduleVersionApprovalText(again) != approval)
        fuzz::broken("the version written as JSON and read again is approved as another text");
    if (fees::scheduleVersionJson(again) != json)
        fuzz::broken("the version written as JSON and read again writes other JSON");
    return 0;
}
