#pragma once

#include <string>

#include "token/secret.h"

namespace countersign::test {

/// A SoftHSM2 token made like a vendor's blank USB-KEY: `softhsm2-util --init-token` with the factory SO PIN
/// and a user PIN, then emptied by C_InitToken with the factory SO PIN again (which drops the user PIN and
/// every object). So it is initialised, has a serial, no user PIN and no objects, and its SO PIN is still
/// the factory's. Needs SOFTHSM2_CONF set (tests/support/softhsmstore.h) and softhsm2-util.
struct VendorToken {
    std::string serial;
    std::string label;
};
VendorToken makeSoftHsmVendorToken(const std::string& label, const Secret& factorySoPin);

} // namespace countersign::test
