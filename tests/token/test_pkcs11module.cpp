#include <catch2/catch.hpp>

#include "tests/support/softhsmstore.h"
#include "token/pkcs11module.h"

using namespace countersign;

TEST_CASE("a fresh SoftHSM2 store shows one blank, removable key in the writer", "[token]") {
    token::Pkcs11Module module(test::SoftHsmStore::modulePath());
    const auto tokens = module.tokens();
    REQUIRE(tokens.size() == 1);
    const auto& key = tokens.front();
    CHECK_FALSE(key.initialized);
    CHECK_FALSE(key.userPinSet);
    CHECK_FALSE(key.soPinLocked); // SoftHSM claims a locked SO PIN on blank tokens; we don't pass that on
    CHECK(key.removable);
    CHECK(key.manufacturer == "SoftHSM project");
    // Unlike a real USB-KEY, a blank SoftHSM2 token has no serial until it is initialised.
    CHECK(key.serial.empty());
}

TEST_CASE("loading a PKCS#11 module that does not exist fails with the path in the message", "[token]") {
    CHECK_THROWS_WITH(token::Pkcs11Module("/nonexistent/libpkcs11.so"),
                      Catch::Contains("/nonexistent/libpkcs11.so"));
}

TEST_CASE("the default PKCS#11 module is p11-kit's proxy and it is installed", "[token]") {
    CHECK_THAT(token::defaultModulePath(), Catch::EndsWith("p11-kit-proxy.so"));
    token::Pkcs11Module proxy(token::defaultModulePath());
    // Through the proxy the system's registered modules are reachable; SoftHSM2 is registered by its package.
    const auto tokens = proxy.tokens();
    const bool softhsmSeen = std::any_of(tokens.begin(), tokens.end(),
                                         [](const auto& t) { return t.manufacturer == "SoftHSM project"; });
    CHECK(softhsmSeen);
}

TEST_CASE("CKR codes are named as the PKCS#11 standard names them", "[token]") {
    CHECK(token::ckrName(0xa0) == "CKR_PIN_INCORRECT");
    CHECK(token::ckrName(0xa4) == "CKR_PIN_LOCKED");
    CHECK(token::ckrName(0x12345) == "CKR_0x12345");
}
