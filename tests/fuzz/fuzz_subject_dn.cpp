// A certificate subject "/C=CN/O=…/CN=…" (UTF-8, backslash escapes), as the CA commands and the enterprise
// profile give it → token::parseSubject, which makes the X509_NAME a CSR carries. The company name in it
// comes from the customer's papers.
#include <openssl/x509.h>

#include "tests/fuzz/support.h"
#include "token/keyobjects.h"
#include "token/tokenerror.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto name = token::parseSubject(fuzz::text(data, size), "fuzz");
        if (!name)
            fuzz::broken("parseSubject gave no name and no error");
        // The name must encode (it goes into the CSR).
        if (token::derOf(i2d_X509_NAME, name.get()).empty())
            fuzz::broken("a parsed subject does not encode");
    } catch (const token::TokenError&) {
    }
    return 0;
}
