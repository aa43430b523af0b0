// A vendor's blank key on SoftHSM2: initialised at the factory with the vendor's SO PIN, emptied, no user PIN
// (tests/support/vendortoken.h). The key layer initialises it from that factory SO PIN and puts the derived
// SO PIN in its place; a wrong factory SO PIN spends one try and says the model setting is wrong.
#include <catch2/catch.hpp>

#include <p11-kit/pkcs11.h>

#include "tests/support/faultkey.h"
#include "tests/support/rawtoken.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testkeys.h"
#include "tests/support/vendortoken.h"
#include "token/keydevice.h"

using namespace countersign;
using token::TokenErrorCode;

TEST_CASE(
    "a SoftHSM2 vendor token is initialised from its factory SO PIN, and then its SO PIN is the derived one",
    "[token]") {
    const Secret factory("FACTORY1");
    const auto vendor = test::makeSoftHsmVendorToken("vendor blank", factory);
    const auto deriver = test::testDeriver();
    {
        token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, deriver);
        const auto blank = device.key(vendor.serial);
        CHECK(blank.initialized);
        CHECK_FALSE(blank.userPinSet);
        CHECK(blank.certificates.empty());
        CHECK(blank.blank());

        const auto info = device.initialise(vendor.serial, "Countersign vendor", {}, &factory);
        CHECK(info.serial == vendor.serial);
        CHECK(info.label == "Countersign vendor");
        device.setUserPin(vendor.serial, Secret("246810"));
        CHECK(device.key(vendor.serial).userPinSet);
    }
    const test::RawToken raw(test::SoftHsmStore::modulePath(), vendor.serial);
    CHECK(raw.soLogin(deriver->derive(vendor.serial)) == CKR_OK);
    CHECK(raw.soLogin(factory) == CKR_PIN_INCORRECT);
}

TEST_CASE("a wrong factory SO PIN spends exactly one try on a SoftHSM2 vendor token", "[token]") {
    const Secret factory("FACTORY2");
    const auto vendor = test::makeSoftHsmVendorToken("vendor wrong", factory);
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    CHECK_FALSE(device.key(vendor.serial).soPin.countLow);

    fault.resetCounts();
    const Secret wrong("FACTORY9");
    try {
        device.initialise(vendor.serial, "Countersign vendor", {}, &wrong);
        FAIL("a wrong factory SO PIN was accepted");
    } catch (const token::TokenError& e) {
        CHECK(e.code == TokenErrorCode::FactorySoPinIncorrect);
        CHECK_THAT(e.message(false), Catch::Contains("factory SO PIN"));
    }
    CHECK(fault.calls("C_InitToken") + fault.calls("C_Login") + fault.calls("C_SetPIN") == 1);
    const auto after = device.key(vendor.serial);
    CHECK(after.soPin.countLow);
    CHECK_FALSE(after.soPin.finalTry);
    CHECK(after.label == "vendor wrong");
    CHECK_FALSE(after.userPinSet);

    // With the right one it is issued, and the factory PIN is no longer the SO PIN.
    CHECK(device.initialise(vendor.serial, "Countersign vendor", {}, &factory).label == "Countersign vendor");
    CHECK(test::RawToken(test::FaultKey::modulePath(), vendor.serial).soLogin(factory) == CKR_PIN_INCORRECT);
}

// Some vendors' modules have no C_InitToken: the factory SO PIN then opens an SO session, the key's objects
// are cleared in it and the SO PIN is replaced there (C_SetPIN).
TEST_CASE("a vendor key whose module has no C_InitToken is initialised in an SO session from its factory SO "
          "PIN",
          "[token]") {
    const Secret factory("FACTORY3");
    const auto vendor = test::makeSoftHsmVendorToken("vendor no init", factory);
    const auto deriver = test::testDeriver();
    {
        test::FaultKey fault;
        fault.setNotOffered("C_InitToken");
        token::KeyDevice device(test::FaultKey::modulePath(), {}, deriver);
        fault.resetCounts();
        const auto info = device.initialise(vendor.serial, "Countersign vendor", {}, &factory);
        fault.setNotOffered("C_InitToken", false);
        CHECK(info.serial == vendor.serial);
        CHECK(info.blank());
        CHECK(fault.calls("C_InitToken") == 1); // asked once, refused by the module
        CHECK(fault.calls("C_SetPIN") == 1);
        // The vendor's label stays: only C_InitToken could have changed it.
        CHECK(info.label == "vendor no init");
        device.setUserPin(vendor.serial, Secret("246810"));
        CHECK(device.key(vendor.serial).userPinSet);
    }
    const test::RawToken raw(test::SoftHsmStore::modulePath(), vendor.serial);
    CHECK(raw.soLogin(deriver->derive(vendor.serial)) == CKR_OK);
    CHECK(raw.soLogin(factory) == CKR_PIN_INCORRECT);
}
