#include "tests/support/testkeys.h"

#include <stdexcept>

namespace countersign::test {

std::shared_ptr<const token::SoPinDeriver> testDeriver(const std::string& master, int version) {
    return std::make_shared<token::SoPinDeriver>(std::make_shared<token::FileMasterSecret>(Secret(master)),
                                                 version);
}

token::TokenError tokenErrorFrom(const std::function<void()>& f) {
    try {
        f();
    } catch (const token::TokenError& e) {
        return e;
    }
    throw std::runtime_error("expected a TokenError, but the call succeeded");
}

token::TokenErrorCode tokenErrorOf(const std::function<void()>& f) {
    return tokenErrorFrom(f).code;
}

} // namespace countersign::test
