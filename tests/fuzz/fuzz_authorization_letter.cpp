// The authorization letter (授权书) as countersignctl's --letter-json reads it → authorizationLetterFromJson,
// then every check the counter runs on it for a replacement and an unlock (checkAuthorizationLetter), and the
// workflow's rule that its text fields are storable text (checkLetterText). The customer writes this letter.
#include "backend/operation.h"
#include "backend/papers/letterjson.h"
#include "backend/workflow/internal.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    papers::AuthorizationLetter letter;
    try {
        letter = papers::authorizationLetterFromJson(fuzz::text(data, size));
    } catch (const papers::LetterJsonError& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused letter file gives no reason");
        return 0;
    }
    for (const auto operation : {Operation::Replace, Operation::Unlock})
        for (const std::string certificateUscc :
             {std::string(), std::string("91350100M000100Y43"), letter.companyId}) {
            const auto report =
                papers::checkAuthorizationLetter(letter, operation, fuzz::today(), certificateUscc);
            if (report.checks.empty())
                fuzz::broken("a letter was judged by no check");
            for (const auto& c : report.checks)
                if (!c.passed && c.why.empty())
                    fuzz::broken("a failed check gives no reason");
        }
    std::vector<workflow::Check> checks;
    workflow::checkLetterText(letter, checks);
    return 0;
}
