// A hand-entered assistance letter (--hand-entered FILE.json, typed in when the QR can't be read) →
// handEnteredLetterFromJson, then what the NEW workflow does with its fields before a supervisor approves it:
// the storable-text rule (textPhrase) and the USCC and ID number checks.
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/uscc.h"
#include "backend/papers/letterjson.h"
#include "backend/workflow/internal.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    papers::AssistanceLetter letter;
    try {
        letter = papers::handEnteredLetterFromJson(fuzz::text(data, size));
    } catch (const papers::LetterJsonError& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused letter file gives no reason");
        return 0;
    }
    for (const auto* field : {&letter.no, &letter.office, &letter.officeName, &letter.org, &letter.agentName})
        (void)workflow::textPhrase(*field, 200).english();
    for (const auto& b : letter.biz)
        (void)papers::isKnownBusiness(b);
    (void)checkUscc(letter.uscc);
    (void)checkResidentId(letter.agentIdNo, fuzz::today());
    if (letter.issued.isValid())
        (void)letter.issued.iso();
    return 0;
}
