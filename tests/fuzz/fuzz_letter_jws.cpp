// The assistance letter's QR text (JWS compact serialization) → AssistanceLetterVerifier::verify against a
// fixed trust list: the demo tax office's root and its registered signer (trust/). Anyone can print a QR
// code.
#include <optional>

#include "backend/papers/assistanceletter.h"
#include "tests/fuzz/support.h"

using namespace countersign;

namespace {

const papers::AssistanceLetterVerifier& verifier() {
    static const auto* v = new papers::AssistanceLetterVerifier(
        {fuzz::fixture("trust/root.crt")}, {{fuzz::fixture("trust/signer.crt"), "11201010000", true}});
    return *v;
}

std::optional<std::string> unused(const std::string&, const std::string&) {
    return std::nullopt;
}

} // namespace

// The seed letter must pass, or the trust list and the seeds have drifted apart and the run would only ever
// see refusals at "signer".
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (!verifier().verify(fuzz::fixture("corpus/letter_jws/valid-new"), fuzz::today(), unused).ok())
        fuzz::broken("the seed letter corpus/letter_jws/valid-new does not pass against trust/");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto result = verifier().verify(
        fuzz::text(data, size), fuzz::today(),
        [](const std::string&, const std::string&) -> std::optional<std::string> { return std::nullopt; });
    if (result.checks.empty())
        fuzz::broken("a verification lists no checks");
    if (result.ok() && !result.letter)
        fuzz::broken("a letter passed without its fields");
    for (const auto& c : result.checks)
        if (!c.passed && c.reason.empty())
            fuzz::broken("a failed check gives no reason");
    return 0;
}
