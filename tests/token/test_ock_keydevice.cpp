// The key layer on a second, independent PKCS#11 implementation: openCryptoki's soft token (IBM's code),
// which is stricter than SoftHSM2 in the ways real USB-KEYs are: a factory SO PIN that C_InitToken must be
// given, PIN lengths 4..8, RSA only, CKR_ATTRIBUTE_SENSITIVE for CKA_CLASS of private objects, and a user PIN
// that locks after 3 wrong tries by itself. Each test runs in a process of its own with a private pkcsslotd
// and a blank token (tests/support/ockslot.sh); the fault module (tests/faultmodule, here in front of
// openCryptoki) is used only for what the soft token can't show: how many SO PIN tries were spent, whether a
// call reached the key at all, and a key pulled out.
#include <catch2/catch.hpp>

#include <p11-kit/pkcs11.h>

#include <algorithm>
#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "tests/support/faultkey.h"
#include "tests/support/ockslot.h"
#include "tests/support/rawtoken.h"
#include "tests/support/testca.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"
#include "token/keydevice.h"
#include "token/pinpolicy.h"

using namespace countersign;
using test::OckSlot;
using token::KeyAlgorithm;
using token::TokenErrorCode;

namespace {

const Secret& factorySoPin() {
    static const Secret pin{OckSlot::factorySoPin};
    return pin;
}

// The soft token initialised from its factory SO PIN with the test deriver, its first user PIN set.
token::TokenInfo issueBlank(token::KeyDevice& device, const std::string& label, const char* userPin) {
    const auto info = device.initialise(OckSlot::serial, label, {}, &factorySoPin());
    device.setUserPin(OckSlot::serial, Secret(userPin));
    return info;
}

// The soft token behind the fault module, issued with `userPin` (factory SO PIN, then the test deriver's).
struct IssuedBehindFaultModule {
    IssuedBehindFaultModule(const std::string& label, const char* userPin) {
        issueBlank(device, label, userPin);
    }
    const OckSlot slot;
    test::FaultKey fault;
    token::KeyDevice device{test::FaultKey::modulePath(), {}, test::testDeriver()};
};

// The calls that take a PIN and can spend one of its tries.
int pinCalls(test::FaultKey& fault) {
    return fault.calls("C_InitToken") + fault.calls("C_Login") + fault.calls("C_SetPIN");
}

} // namespace

TEST_CASE("a blank openCryptoki token says its SO and user PINs are to be changed, its PIN lengths and "
          "mechanisms",
          "[token][ock]") {
    const OckSlot slot;
    token::KeyDevice device(OckSlot::modulePath());
    const auto keys = device.keys();
    REQUIRE(keys.size() == 1);
    const auto& key = keys.front();
    CHECK(key.serial == OckSlot::serial);
    CHECK_FALSE(key.initialized);
    CHECK(key.blank());
    CHECK(key.soPin.toBeChanged);
    CHECK(key.userPin.toBeChanged);
    CHECK_FALSE(key.soPin.locked);
    CHECK(key.minPinLength == 4);
    CHECK(key.maxPinLength == 8);
    const auto offers = [&](unsigned long mechanism) {
        return std::any_of(key.mechanisms.begin(), key.mechanisms.end(),
                           [&](const auto& m) { return m.type == mechanism; });
    };
    CHECK(offers(CKM_RSA_PKCS_KEY_PAIR_GEN));
    CHECK_FALSE(offers(CKM_EC_KEY_PAIR_GEN));
    CHECK(token::algorithmShortfall(key, KeyAlgorithm::Rsa2048).empty());
    CHECK_THAT(token::algorithmShortfall(key, KeyAlgorithm::EcP256), Catch::Contains("CKM_EC_KEY_PAIR_GEN"));
    CHECK(token::algorithmsOffered(key) ==
          std::vector<KeyAlgorithm>{KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072});
}

// openCryptoki 3.8.1 crashes when its library is unloaded and loaded again in one process (the kiosk keeps
// one KeyDevice; tests and countersignctl's commands make several in turn).
TEST_CASE("one KeyDevice after another in the same process on openCryptoki", "[token][ock]") {
    const OckSlot slot(false);
    for (int i = 0; i < 3; ++i) {
        token::KeyDevice device(OckSlot::modulePath());
        CHECK(device.keys().size() == 1);
    }
}

TEST_CASE(
    "countersignctl token list --json shows a blank openCryptoki token's PIN flags as the key sets them",
    "[token][ock][ctl][db]") {
    const OckSlot slot;
    const test::TestDatabase database;
    const std::string config =
        test::writeTestConfig(database, "[pkcs11]\nmodule=" + OckSlot::modulePath() + "\n");
    const auto list = test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "--json", "token", "list"});
    INFO(list.out << list.err);
    REQUIRE(list.exitCode == 0);
    const auto keys = QJsonDocument::fromJson(QByteArray::fromStdString(list.out)).object()["keys"].toArray();
    REQUIRE(keys.size() == 1);
    const auto key = keys.first().toObject();
    CHECK(key["serial"].toString() == QStringLiteral("123"));
    CHECK_FALSE(key["initialized"].toBool());
    CHECK(key["blank"].toBool());
    CHECK(key["soPin"].toObject()["toBeChanged"].toBool());
    CHECK(key["userPin"].toObject()["toBeChanged"].toBool());
}

TEST_CASE("a blank openCryptoki token is initialised from its factory SO PIN, and then its SO PIN is the "
          "derived one",
          "[token][ock]") {
    const OckSlot slot;
    const auto deriver = test::testDeriver();
    {
        token::KeyDevice device(OckSlot::modulePath(), {}, deriver);
        const auto info = device.initialise(OckSlot::serial, "ock factory", {}, &factorySoPin());
        CHECK(info.serial == OckSlot::serial);
        CHECK(info.initialized);
        CHECK(info.label == "ock factory");
        CHECK_FALSE(info.userPinSet);
        CHECK_FALSE(info.soPin.toBeChanged);
        CHECK_FALSE(info.soPin.countLow);
    }
    // Behind the product's back: an SO login with the derived PIN works, with the factory one it fails.
    const test::RawToken raw(OckSlot::modulePath(), OckSlot::serial);
    CHECK(raw.soLogin(deriver->derive(OckSlot::serial)) == CKR_OK);
    CHECK(raw.soLogin(factorySoPin()) == CKR_PIN_INCORRECT);
}

TEST_CASE("a wrong factory SO PIN is refused by an openCryptoki token, naming the model setting, and leaves "
          "it blank",
          "[token][ock]") {
    const OckSlot slot;
    token::KeyDevice device(OckSlot::modulePath(), {}, test::testDeriver());
    const auto before = device.key(OckSlot::serial);
    const Secret wrong("11112222");
    const auto e = test::tokenErrorFrom([&] { device.initialise(OckSlot::serial, "ock wrong", {}, &wrong); });
    CHECK(e.code == TokenErrorCode::FactorySoPinIncorrect);
    CHECK(e.ckr == CKR_PIN_INCORRECT);
    CHECK_THAT(e.message(false), Catch::Contains("factory SO PIN"));
    const auto after = device.key(OckSlot::serial);
    CHECK_FALSE(after.initialized);
    CHECK(after.label == before.label);
    CHECK(after.soPin.toBeChanged);
    // The right one still works.
    CHECK(device.initialise(OckSlot::serial, "ock right", {}, &factorySoPin()).initialized);
}

// The soft token counts no wrong SO PIN given to C_InitToken (its flags stay as they were); the fault module
// in front of it counts the tries a real key would.
TEST_CASE("a wrong factory SO PIN spends exactly one try on an openCryptoki token", "[token][ock]") {
    const OckSlot slot;
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const auto before = device.key(OckSlot::serial).soPin;
    CHECK_FALSE(before.countLow);
    fault.resetCounts();
    const Secret wrong("11112222");
    CHECK(test::tokenErrorOf([&] { device.initialise(OckSlot::serial, "ock wrong", {}, &wrong); }) ==
          TokenErrorCode::FactorySoPinIncorrect);
    CHECK(pinCalls(fault) == 1);
    CHECK(fault.calls("C_InitToken") == 1);
    const auto after = device.key(OckSlot::serial).soPin;
    CHECK(after.countLow);
    CHECK_FALSE(after.finalTry);
    CHECK_FALSE(after.locked);
}

TEST_CASE("PIN lengths come from the openCryptoki token: a 9-digit user PIN never reaches it, and a long "
          "derived SO PIN is cut to fit",
          "[token][ock]") {
    const OckSlot slot;
    // A master whose SO PINs are 12 digits long: more than the soft token's 8.
    const auto master =
        std::make_shared<token::FileMasterSecret>(Secret("test master secret, 32 bytes long!!"));
    const auto deriver =
        std::make_shared<token::SoPinDeriver>(master, 1, token::SoPinFormat{12, "0123456789"});
    test::FaultKey fault;
    {
        token::KeyDevice device(test::FaultKey::modulePath(), {}, deriver);
        const auto info = device.initialise(OckSlot::serial, "ock lengths", {}, &factorySoPin());
        REQUIRE(info.maxPinLength == 8);

        fault.resetCounts();
        const auto tooLong =
            test::tokenErrorFrom([&] { device.setUserPin(OckSlot::serial, Secret("135792468")); });
        CHECK(tooLong.code == TokenErrorCode::PinPolicy);
        const auto tooShort =
            test::tokenErrorFrom([&] { device.setUserPin(OckSlot::serial, Secret("135")); });
        CHECK(tooShort.code == TokenErrorCode::PinPolicy);
        CHECK(fault.calls("C_InitPIN") == 0);
        CHECK(pinCalls(fault) == 0);
        CHECK_FALSE(device.key(OckSlot::serial).userPinSet);

        device.setUserPin(OckSlot::serial, Secret("13579246"));
        CHECK(device.key(OckSlot::serial).userPinSet);
    }
    // The policy a counter applies to this key: its own minimum, the key's maximum.
    const auto policy = token::PinPolicy{}.within(4, 8);
    CHECK(policy.minLength == 6);
    CHECK(policy.maxLength == 8);
    CHECK(policy.check(Secret("135792468")) == token::PinProblem::TooLong);

    const Secret full = deriver->derive(OckSlot::serial);
    REQUIRE(full.size() == 12);
    const test::RawToken raw(OckSlot::modulePath(), OckSlot::serial);
    CHECK(raw.soLogin(Secret(full.view().substr(0, 8))) == CKR_OK);
}

TEST_CASE("the life of a key on openCryptoki: RSA-2048 on the key, CSR, certificate, self-test, retire",
          "[token][ock]") {
    const OckSlot slot;
    token::KeyDevice device(OckSlot::modulePath(), {}, test::testDeriver());
    const std::string serial = OckSlot::serial;
    const Secret pin("24681357");
    issueBlank(device, "ock life", "24681357");
    CHECK(device.key(serial).userPinSet);
    CHECK_FALSE(device.key(serial).userPin.toBeChanged);

    const auto pair = device.generateKeyPair(serial, pin, KeyAlgorithm::Rsa2048);
    CHECK(pair.algorithm == KeyAlgorithm::Rsa2048);
    // The soft token answers CKR_ATTRIBUTE_SENSITIVE for the whole of a C_GetAttributeValue that asks a
    // private key for CKA_CLASS together with a sensitive attribute (alone, CKA_CLASS is given): the key
    // layer must find its objects without reading attributes it doesn't need.
    const test::RawToken raw(OckSlot::modulePath(), serial);
    CHECK(raw.privateKeyAttributesRv(pin, {CKA_CLASS, CKA_PRIVATE_EXPONENT}) == CKR_ATTRIBUTE_SENSITIVE);
    CHECK(raw.privateKeyAttributesRv(pin, {CKA_CLASS, CKA_ID}) == CKR_OK);

    const std::string subject = "/C=CN/O=天津市测试科技有限公司/CN=天津市测试科技有限公司"
                                "/organizationIdentifier=NTRCN-91350100M000100Y43";
    const std::string csr = device.makeCsr(serial, pin, pair.keyId, subject);
    const std::string csrFile = test::writeScratchFile("ock.csr", csr);
    const auto verified = test::runProcess("openssl", {"req", "-in", csrFile, "-noout", "-verify"});
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out + verified.err, Catch::Contains("verify OK"));
    const auto text = test::runProcess("openssl", {"req", "-in", csrFile, "-noout", "-text"});
    CHECK_THAT(text.out, Catch::Contains("sha256WithRSAEncryption"));
    CHECK_THAT(text.out, Catch::Contains("Public-Key: (2048 bit)"));

    test::TestCa ca;
    const std::string certificate = ca.sign(csr);
    device.writeCertificate(serial, pin, pair.keyId, certificate, ca.certificatePem());
    const auto onKey = device.key(serial);
    const auto own = std::find_if(onKey.certificates.begin(), onKey.certificates.end(),
                                  [](const auto& c) { return !c.isCa; });
    REQUIRE(own != onKey.certificates.end());
    CHECK(own->keyId == pair.keyId);
    CHECK(own->uscc == "91350100M000100Y43");
    CHECK(token::algorithmOfCertificate(own->der) == KeyAlgorithm::Rsa2048);
    CHECK(std::count_if(onKey.certificates.begin(), onKey.certificates.end(),
                        [](const auto& c) { return c.isCa; }) == 1);

    device.selfTest(serial, pin, pair.keyId);

    const auto retired = device.retire(serial);
    CHECK(retired.serial == serial);
    CHECK(retired.blank());
    CHECK_FALSE(retired.userPinSet);
    CHECK(retired.certificates.empty());
    // Retired, the key is on the derived SO PIN: it is issued again without the factory's.
    CHECK(device.initialise(serial, "ock again").label == "ock again");
}

TEST_CASE("an openCryptoki token locks its user PIN after 3 wrong tries, and the derived SO PIN unlocks it",
          "[token][ock]") {
    const OckSlot slot;
    token::KeyDevice device(OckSlot::modulePath(), {}, test::testDeriver());
    const std::string serial = OckSlot::serial;
    issueBlank(device, "ock lock", "97531864");

    const auto first = test::tokenErrorFrom([&] { device.verifyUserPin(serial, Secret("0000")); });
    CHECK(first.code == TokenErrorCode::PinIncorrect);
    CHECK(first.flags.countLow);
    const auto second = test::tokenErrorFrom([&] { device.verifyUserPin(serial, Secret("0000")); });
    CHECK(second.code == TokenErrorCode::PinIncorrect);
    CHECK(second.flags.finalTry);
    // The final try is never spent without the holder's confirmation.
    CHECK(test::tokenErrorOf([&] { device.verifyUserPin(serial, Secret("0000")); }) ==
          TokenErrorCode::FinalTryNeedsConfirmation);
    CHECK_FALSE(device.key(serial).userPin.locked);
    const auto third = test::tokenErrorFrom([&] { device.verifyUserPin(serial, Secret("0000"), true); });
    CHECK((third.code == TokenErrorCode::PinIncorrect || third.code == TokenErrorCode::PinLocked));
    CHECK(device.key(serial).userPin.locked);
    // Locked: even the right PIN is refused.
    CHECK(test::tokenErrorOf([&] { device.verifyUserPin(serial, Secret("97531864"), true); }) ==
          TokenErrorCode::PinLocked);

    CHECK(device.unlock(serial, Secret("86429753")) == 1);
    const auto unlocked = device.key(serial).userPin;
    CHECK_FALSE(unlocked.locked);
    CHECK_FALSE(unlocked.finalTry);
    CHECK_FALSE(device.verifyUserPin(serial, Secret("86429753")).locked);
    // The unlock's new PIN obeys the key's lengths too.
    CHECK(test::tokenErrorOf([&] { device.unlock(serial, Secret("864297531")); }) ==
          TokenErrorCode::PinPolicy);
}

TEST_CASE("EC P-256 is refused on openCryptoki before anything on the key changes, naming what it lacks",
          "[token][ock]") {
    IssuedBehindFaultModule ock("ock no ec", "51627384");
    auto& device = ock.device;
    const std::string serial = OckSlot::serial;
    const auto before = device.key(serial);

    ock.fault.resetCounts();
    const auto e = test::tokenErrorFrom(
        [&] { device.generateKeyPair(serial, Secret("51627384"), KeyAlgorithm::EcP256); });
    CHECK(e.code == TokenErrorCode::Unsupported);
    CHECK_THAT(std::string(e.what()) + " " + e.detail, Catch::Contains("CKM_EC_KEY_PAIR_GEN"));
    CHECK(ock.fault.calls("C_GenerateKeyPair") == 0);
    CHECK(ock.fault.calls("C_Login") == 0); // not even the PIN was sent
    const auto after = device.key(serial);
    CHECK(after.certificates.size() == before.certificates.size());
    CHECK_FALSE(after.userPin.countLow);

    // What the key can do still works.
    const auto pair = device.generateKeyPair(serial, Secret("51627384"), KeyAlgorithm::Rsa2048);
    CHECK(pair.algorithm == KeyAlgorithm::Rsa2048);
}

TEST_CASE("an openCryptoki token pulled out during key generation is 'key removed', and works once back",
          "[token][ock]") {
    IssuedBehindFaultModule ock("ock pulled", "36925814");
    auto& device = ock.device;
    const std::string serial = OckSlot::serial;

    ock.fault.removeAt("C_GenerateKeyPair", 1);
    CHECK(test::tokenErrorOf([&] {
              device.generateKeyPair(serial, Secret("36925814"), KeyAlgorithm::Rsa2048);
          }) == TokenErrorCode::KeyRemoved);
    ock.fault.reinsert();
    const auto pair = device.generateKeyPair(serial, Secret("36925814"), KeyAlgorithm::Rsa2048);
    CHECK(pair.keyId.size() == 32);
}
