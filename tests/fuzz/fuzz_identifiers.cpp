// The identifiers the customer's papers and the ID reader give: the USCC (GB 32100-2015), the resident ID
// number (GB 11643-1999), a legacy 15/20-character taxpayer ID, their input folding, a date YYYY-MM-DD, and
// the masked ID number the receipt prints.
#include "backend/identifiers/date.h"
#include "backend/identifiers/idcheck.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input = fuzz::text(data, size);
    const auto folded = detail::foldIdInput(input);
    (void)describe(folded, "ID");
    const auto uscc = checkUscc(input);
    // Surrounding white space is trimmed and case folded (foldIdInput); what passes is 18 characters.
    if (uscc.ok() && uscc.normalised.size() != 18)
        fuzz::broken("a USCC of other than 18 characters passed");
    if (input.size() >= 17)
        (void)usccCheckCharacter(std::string_view(input).substr(0, 17));
    const auto resident = checkResidentId(input, fuzz::today());
    (void)describe(resident, "ID");
    const auto birth = residentIdBirthDate(input);
    if (resident.ok() && !birth)
        fuzz::broken("a valid resident ID has no birth date");
    (void)maskedId(input);
    if (resident.ok() && resident.normalised.size() == 18 &&
        maskedId(resident.normalised).find(resident.normalised.substr(6, 8)) != std::string::npos)
        fuzz::broken("the masked ID shows the birth date");
    (void)checkTaxpayerId(input, fuzz::today());
    if (const auto date = Date::parse(input)) {
        if (!date->isValid() || Date::parse(date->iso()) != date)
            fuzz::broken("a parsed date does not print back as itself");
    }
    return 0;
}
