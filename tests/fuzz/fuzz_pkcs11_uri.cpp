// A PKCS#11 URI of the configuration ([token] writer: which writer's slot holds the customer's key) →
// Pkcs11Uri::parse, then matching it against a slot and a token as the slot scan does.
#include <stdexcept>

#include "tests/fuzz/support.h"
#include "token/pkcs11uri.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    token::Pkcs11Uri uri;
    try {
        uri = token::Pkcs11Uri::parse(fuzz::text(data, size));
    } catch (const std::invalid_argument& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused URI gives no reason");
        return 0;
    }
    (void)uri.matchesSlot("ACS ACR38U 00 00", "Feitian", 1);
    (void)uri.matchesToken("ePass3003", "Feitian Technologies", "2a11b03c04d05e06", "ePass3003Auto");
    (void)uri.matchesToken(std::string("\0\xff%", 3), "", "", "");
    return 0;
}
