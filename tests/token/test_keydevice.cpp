#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>

#include "tests/support/softhsmstore.h"
#include "tests/support/testca.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"
#include "token/keydevice.h"
#include "token/signingkey.h"

using namespace countersign;
using token::KeyAlgorithm;
using token::TokenErrorCode;

namespace {

// The IDs pkcs11-tool (OpenSC, an independent client) lists for one kind of object on the token.
std::set<std::string> objectIds(const std::string& tokenLabel, const std::string& kind) {
    const auto r = test::runProcess("pkcs11-tool", {"--module", test::SoftHsmStore::modulePath(),
                                                    "--token-label", tokenLabel, "--list-objects"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    std::set<std::string> ids;
    bool inKind = false;
    std::istringstream lines(r.out);
    static const std::regex idLine(R"(^\s*ID:\s*([0-9a-fA-F]+))");
    for (std::string line; std::getline(lines, line);) {
        if (line.find("Object;") != std::string::npos)
            inKind = line.find(kind) != std::string::npos;
        std::smatch m;
        if (inKind && std::regex_search(line, m, idLine)) {
            std::string id = m[1];
            for (auto& c : id)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            ids.insert(id);
        }
    }
    return ids;
}

} // namespace

TEST_CASE("a fresh SoftHSM2 store shows one blank, removable key in the writer", "[token]") {
    token::KeyDevice device(test::SoftHsmStore::modulePath());
    const auto keys = device.keys();
    REQUIRE(keys.size() == 1);
    const auto& key = keys.front();
    CHECK_FALSE(key.initialized);
    CHECK(key.blank());
    CHECK_FALSE(key.soPin.locked); // SoftHSM claims a locked SO PIN on blank tokens; we don't pass that on
    CHECK(key.removable);
    CHECK(key.manufacturer == "SoftHSM project");
    // Unlike a real USB-KEY, a blank SoftHSM2 token has no serial until it is initialised.
    CHECK(key.serial.empty());
}

TEST_CASE("loading a PKCS#11 module that does not exist is a typed error naming the module", "[token]") {
    try {
        token::KeyDevice device("/nonexistent/libpkcs11.so");
        FAIL("the module loaded");
    } catch (const token::TokenError& e) {
        CHECK(e.code == TokenErrorCode::ModuleLoadFailed);
        CHECK_THAT(e.what(), Catch::Contains("/nonexistent/libpkcs11.so"));
        CHECK_THAT(e.message(true), Catch::Contains("PKCS#11"));
    }
}

// Until the context had one owner, the signer unloaded a module that never loaded and crashed doing so.
TEST_CASE("a CA signing key whose PKCS#11 module does not exist is a typed error naming the step and module",
          "[token]") {
    try {
        token::SigningKey key("/nonexistent/libpkcs11.so", "0123456789abcdef", "01", Secret("1234"));
        FAIL("the module loaded");
    } catch (const token::TokenError& e) {
        CHECK(e.code == TokenErrorCode::ModuleLoadFailed);
        CHECK(e.step == "opening the CA signing key");
        CHECK(e.detail == "/nonexistent/libpkcs11.so");
    }
}

TEST_CASE("the default PKCS#11 module is p11-kit's proxy, which reaches SoftHSM2", "[token]") {
    CHECK_THAT(token::defaultModulePath(), Catch::EndsWith("p11-kit-proxy.so"));
    token::KeyDevice proxy({}, {}, test::testDeriver());
    const auto keys = proxy.keys();
    CHECK(std::any_of(keys.begin(), keys.end(),
                      [](const auto& t) { return t.manufacturer == "SoftHSM project"; }));
    // Its raw calls work too: the proxy hands out a new instance at every C_GetFunctionList, which the key
    // layer initialises on its own (an uninitialised one answered CKR_CRYPTOKI_NOT_INITIALIZED to every
    // session, so nothing but listing worked through the default module).
    const auto key = proxy.initialise("", "through the proxy");
    proxy.setUserPin(key.serial, Secret("246810"));
    CHECK(proxy.verifyUserPin(key.serial, Secret("246810")).countLow == false);
    CHECK_FALSE(proxy.key(key.serial).mechanisms.empty());
}

TEST_CASE("the life of a key: initialise, set the PIN, generate on the key, CSR, certificate, self-test",
          "[token]") {
    const auto algorithm = GENERATE(KeyAlgorithm::EcP256, KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072);
    INFO(token::algorithmName(algorithm));
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string label = std::string("life ") + token::algorithmName(algorithm);

    const auto initialised = device.initialise("", label);
    REQUIRE_FALSE(initialised.serial.empty());
    CHECK(initialised.initialized);
    CHECK(initialised.label == label);
    CHECK_FALSE(initialised.userPinSet);
    const std::string serial = initialised.serial;

    device.setUserPin(serial, Secret("246810"));
    CHECK(device.key(serial).userPinSet);
    CHECK_FALSE(device.verifyUserPin(serial, Secret("246810")).countLow);

    const auto pair = device.generateKeyPair(serial, Secret("246810"), algorithm);
    CHECK(pair.keyId.size() == 32);

    const std::string subject = "/C=CN/O=天津市测试科技有限公司/CN=天津市测试科技有限公司"
                                "/organizationIdentifier=NTRCN-91350100M000100Y43";
    const std::string csr = device.makeCsr(serial, Secret("246810"), pair.keyId, subject);
    const std::string csrFile = test::writeScratchFile(serial + ".csr", csr);
    const auto verified = test::runProcess("openssl", {"req", "-in", csrFile, "-noout", "-verify"});
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out + verified.err, Catch::Contains("verify OK"));
    const auto text =
        test::runProcess("openssl", {"req", "-in", csrFile, "-noout", "-text", "-nameopt", "utf8"});
    CHECK_THAT(text.out, Catch::Contains(algorithm == KeyAlgorithm::EcP256 ? "ecdsa-with-SHA256"
                                                                           : "sha256WithRSAEncryption"));
    CHECK_THAT(text.out, Catch::Contains("NTRCN-91350100M000100Y43"));

    test::TestCa ca;
    const std::string certificate = ca.sign(csr);
    device.writeCertificate(serial, Secret("246810"), pair.keyId, certificate, ca.certificatePem());
    // Writing the chain again (a renewal does) doesn't pile up CA copies.
    device.writeCertificate(serial, Secret("246810"), pair.keyId, certificate, ca.certificatePem());
    const auto onKey = device.key(serial);
    const auto own = std::find_if(onKey.certificates.begin(), onKey.certificates.end(),
                                  [](const auto& c) { return !c.isCa; });
    REQUIRE(own != onKey.certificates.end());
    CHECK(std::count_if(onKey.certificates.begin(), onKey.certificates.end(),
                        [](const auto& c) { return c.isCa; }) == 1);
    CHECK(own->uscc == "91350100M000100Y43");
    CHECK(own->organisation == "天津市测试科技有限公司");
    CHECK(own->keyId == pair.keyId);

    // An independent client sees the key pair and the certificate under one CKA_ID.
    CHECK(objectIds(label, "Public Key").count(pair.keyId) == 1);
    CHECK(objectIds(label, "Certificate").count(pair.keyId) == 1);

    device.selfTest(serial, Secret("246810"), pair.keyId);

    device.removeKeyPair(serial, Secret("246810"), pair.keyId);
    CHECK(objectIds(label, "Public Key").count(pair.keyId) == 0);
    CHECK(test::tokenErrorOf([&] { device.selfTest(serial, Secret("246810"), pair.keyId); }) ==
          TokenErrorCode::NoSuchObject);
}

TEST_CASE("a certificate for another key pair is refused before anything is written", "[token]") {
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string serial = device.initialise("", "wrong cert").serial;
    device.setUserPin(serial, Secret("975310"));
    const auto a = device.generateKeyPair(serial, Secret("975310"), KeyAlgorithm::EcP256);
    const auto b = device.generateKeyPair(serial, Secret("975310"), KeyAlgorithm::EcP256);
    test::TestCa ca;
    const auto certForB = ca.sign(device.makeCsr(serial, Secret("975310"), b.keyId, "/CN=b"));
    CHECK(test::tokenErrorOf([&] { device.writeCertificate(serial, Secret("975310"), a.keyId, certForB); }) ==
          TokenErrorCode::InvalidInput);
    CHECK(device.key(serial).certificates.empty());
}

TEST_CASE("a wrong PIN is a typed error with the key's PIN flags", "[token]") {
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string serial = device.initialise("", "wrong pin").serial;
    device.setUserPin(serial, Secret("135790"));
    try {
        device.verifyUserPin(serial, Secret("000000"));
        FAIL("a wrong PIN was accepted");
    } catch (const token::TokenError& e) {
        CHECK(e.code == TokenErrorCode::PinIncorrect);
        CHECK(e.ckr == 0xa0);
        CHECK(e.flags.countLow);
        CHECK_THAT(e.message(true), Catch::Contains("PIN码错误"));
        CHECK_THAT(e.message(false), Catch::Contains("Wrong PIN"));
    }
    CHECK_FALSE(device.verifyUserPin(serial, Secret("135790")).locked);
}

TEST_CASE("a retired key is blank again and can be issued anew", "[token]") {
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string serial = device.initialise("", "to retire").serial;
    device.setUserPin(serial, Secret("864209"));
    device.generateKeyPair(serial, Secret("864209"), KeyAlgorithm::EcP256);
    const auto retired = device.retire(serial);
    CHECK(retired.serial == serial);
    CHECK(retired.blank());
    CHECK_FALSE(retired.userPinSet);
    CHECK(device.initialise(serial, "issued again").label == "issued again");
}

TEST_CASE("a key initialised under another master secret can't be unlocked or retired here", "[token]") {
    token::KeyDevice ours(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string serial = ours.initialise("", "foreign").serial;
    ours.setUserPin(serial, Secret("314159"));
    ours.setDeriver(test::testDeriver("a different master secret of 32 bytes"));
    CHECK(test::tokenErrorOf([&] { ours.unlock(serial, Secret("271828")); }) ==
          TokenErrorCode::SoPinIncorrect);
    CHECK(test::tokenErrorOf([&] { ours.retire(serial); }) == TokenErrorCode::SoPinIncorrect);
}

TEST_CASE("keys are named by serial: an unknown serial is 'no key', never another key", "[token]") {
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string first = device.initialise("", "first").serial;
    const std::string second = device.initialise("", "second").serial;
    CHECK(first != second);
    CHECK(device.key(first).label == "first");
    CHECK(device.key(second).label == "second");
    CHECK(test::tokenErrorOf([&] { device.key("0000000000000000"); }) == TokenErrorCode::NoKey);
}

TEST_CASE("a PKCS#11 URI selects the writer's token", "[token]") {
    token::KeyDevice setup(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string serial = setup.initialise("", "by uri").serial;
    token::KeyDevice selected(
        test::SoftHsmStore::modulePath(),
        token::Pkcs11Uri::parse("pkcs11:token=by%20uri;manufacturer=SoftHSM%20project"));
    const auto keys = selected.keys();
    REQUIRE(keys.size() == 1);
    CHECK(keys.front().serial == serial);
    CHECK_THROWS_AS(token::Pkcs11Uri::parse("pkcs11:colour=blue"), std::invalid_argument);
    CHECK_THROWS_AS(token::Pkcs11Uri::parse("https://example.com"), std::invalid_argument);
}
