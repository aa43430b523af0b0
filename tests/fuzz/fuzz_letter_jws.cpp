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

} // namespace

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
