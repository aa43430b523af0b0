#include "tests/support/vendortoken.h"

#include <stdexcept>

#include "tests/support/rawtoken.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testenv.h"

namespace countersign::test {

VendorToken makeSoftHsmVendorToken(const std::string& label, const Secret& factorySoPin) {
    // The factory's own set-up, with a user PIN it does not hand out.
    const auto made = runProcess("softhsm2-util", {"--init-token", "--free", "--label", label, "--so-pin",
                                                   std::string(factorySoPin.view()), "--pin", "11223344"});
    if (made.exitCode != 0)
        throw std::runtime_error("softhsm2-util --init-token failed: " + made.out + made.err);
    VendorToken token{RawToken::serialOf(SoftHsmStore::modulePath(), label), label};
    // Emptied as a vendor ships it: no user PIN, no objects, the factory SO PIN.
    const unsigned long rv =
        RawToken(SoftHsmStore::modulePath(), token.serial).initToken(factorySoPin, label);
    if (rv != 0)
        throw std::runtime_error("emptying the vendor token with C_InitToken failed: CKR " +
                                 std::to_string(rv));
    return token;
}

} // namespace countersign::test
