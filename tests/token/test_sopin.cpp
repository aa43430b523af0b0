#include <catch2/catch.hpp>

#include <dlfcn.h>
#include <sys/stat.h>

#include <p11-kit/pkcs11.h>

#include "tests/support/faultkey.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"
#include "token/keydevice.h"
#include "token/pinpolicy.h"
#include "token/secretfile.h"
#include "token/sopin.h"

using namespace countersign;
using token::PinProblem;

TEST_CASE("the SO PIN is the same for the same serial and version and differs otherwise", "[token][sopin]") {
    const auto a = test::testDeriver();
    const auto again = test::testDeriver();
    const auto rotated = test::testDeriver("test master secret, 32 bytes long!!", 2);
    const auto otherMaster = test::testDeriver("another master secret, 32 bytes!!");

    const Secret pin = a->derive("A1B2C3D4E5F60708");
    CHECK(pin.size() == 8);
    CHECK(std::all_of(pin.view().begin(), pin.view().end(), [](char c) { return c >= '0' && c <= '9'; }));
    CHECK(again->derive("A1B2C3D4E5F60708").view() == pin.view());
    CHECK(a->derive("A1B2C3D4E5F60709").view() != pin.view());
    CHECK(rotated->derive("A1B2C3D4E5F60708").view() != pin.view());
    CHECK(otherMaster->derive("A1B2C3D4E5F60708").view() != pin.view());
    CHECK(rotated->version() == 2);
}

TEST_CASE("the SO PIN's length and alphabet follow the configuration", "[token][sopin]") {
    token::SoPinDeriver hex(
        std::make_shared<token::FileMasterSecret>(Secret("test master secret, 32 bytes long!!")), 1,
        {16, "0123456789ABCDEF"});
    const Secret pin = hex.derive("SERIAL-1");
    CHECK(pin.size() == 16);
    CHECK(pin.view().find_first_not_of("0123456789ABCDEF") == std::string_view::npos);
    CHECK_THROWS_AS(token::SoPinDeriver(std::make_shared<token::FileMasterSecret>(Secret("x")), 1, {8, "0"}),
                    token::TokenError);
}

TEST_CASE("a master-secret file others can read is refused, mode 0600 is accepted", "[token][sopin]") {
    const std::string path = test::writeScratchFile("master.key", "0123456789abcdef0123456789abcdef");
    ::chmod(path.c_str(), 0644);
    try {
        token::FileMasterSecret::load(path);
        FAIL("a world-readable master secret was accepted");
    } catch (const token::TokenError& e) {
        CHECK(e.code == token::TokenErrorCode::MasterSecret);
        CHECK_THAT(e.detail, Catch::Contains("chmod 600"));
    }
    ::chmod(path.c_str(), 0640);
    CHECK_THROWS_AS(token::FileMasterSecret::load(path), token::TokenError);
    ::chmod(path.c_str(), 0600);
    const auto fromFile = token::SoPinDeriver(token::FileMasterSecret::load(path), 1);
    const auto inMemory = test::testDeriver("0123456789abcdef0123456789abcdef");
    CHECK(fromFile.derive("S1").view() == inMemory->derive("S1").view());

    const std::string shortFile = test::writeScratchFile("short.key", "too short");
    ::chmod(shortFile.c_str(), 0600);
    CHECK_THROWS_AS(token::FileMasterSecret::load(shortFile), token::TokenError);
    CHECK_THROWS_AS(token::FileMasterSecret::load(test::scratchDir() + "/missing.key"), token::TokenError);
}

TEST_CASE("a master secret kept on a PKCS#11 token derives the same SO PIN without leaving it",
          "[token][sopin]") {
    // A token holding the master secret as a generic secret key, made with raw PKCS#11 like an HSM admin
    // would.
    const std::string master = "hsm master secret of 32 bytes!!!";
    {
        token::KeyDevice setup(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
        const std::string serial = setup.initialise("", "master-hsm").serial;
        setup.setUserPin(serial, Secret("11223344"));
    }
    void* lib = ::dlopen(test::SoftHsmStore::modulePath().c_str(), RTLD_NOW);
    REQUIRE(lib);
    CK_FUNCTION_LIST_PTR f = nullptr;
    REQUIRE(reinterpret_cast<CK_C_GetFunctionList>(::dlsym(lib, "C_GetFunctionList"))(&f) == CKR_OK);
    REQUIRE(f->C_Initialize(nullptr) == CKR_OK);
    CK_ULONG n = 0;
    f->C_GetSlotList(CK_TRUE, nullptr, &n);
    std::vector<CK_SLOT_ID> slots(n);
    f->C_GetSlotList(CK_TRUE, slots.data(), &n);
    CK_SLOT_ID slot = 0;
    for (CK_ULONG i = 0; i < n; ++i) {
        CK_TOKEN_INFO ti{};
        f->C_GetTokenInfo(slots[i], &ti);
        if (std::string(reinterpret_cast<char*>(ti.label), 10) == "master-hsm")
            slot = slots[i];
    }
    CK_SESSION_HANDLE s = 0;
    REQUIRE(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s) == CKR_OK);
    REQUIRE(f->C_Login(s, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>("11223344")), 8) ==
            CKR_OK);
    CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
    CK_KEY_TYPE type = CKK_GENERIC_SECRET;
    CK_BBOOL yes = CK_TRUE;
    std::string keyLabel = "so-pin-master";
    CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls},
                           {CKA_KEY_TYPE, &type, sizeof type},
                           {CKA_TOKEN, &yes, sizeof yes},
                           {CKA_PRIVATE, &yes, sizeof yes},
                           {CKA_SENSITIVE, &yes, sizeof yes},
                           {CKA_SIGN, &yes, sizeof yes},
                           {CKA_LABEL, keyLabel.data(), keyLabel.size()},
                           {CKA_VALUE, const_cast<char*>(master.data()), master.size()}};
    CK_OBJECT_HANDLE key = 0;
    REQUIRE(f->C_CreateObject(s, tmpl, sizeof tmpl / sizeof *tmpl, &key) == CKR_OK);
    f->C_Logout(s);
    f->C_CloseSession(s);
    f->C_Finalize(nullptr);
    ::dlclose(lib);

    token::SoPinDeriver onToken(std::make_shared<token::TokenMasterSecret>(test::SoftHsmStore::modulePath(),
                                                                           "master-hsm", keyLabel,
                                                                           Secret("11223344")),
                                1);
    CHECK(onToken.derive("A1B2C3D4E5F60708").view() ==
          test::testDeriver(master)->derive("A1B2C3D4E5F60708").view());
}

TEST_CASE("new PINs: at least 6 digits, not trivial, not the birth date, entered twice alike",
          "[token][pinpolicy]") {
    const token::PinPolicy policy;
    const std::string birth = "19491231";
    CHECK(policy.check(Secret("246810"), birth) == PinProblem::None);
    CHECK(policy.check(Secret("24681"), birth) == PinProblem::TooShort);
    CHECK(policy.check(Secret("24681012345678901"), birth) == PinProblem::TooLong);
    CHECK(policy.check(Secret("24681a"), birth) == PinProblem::NotDigits);
    CHECK(policy.check(Secret("111111"), birth) == PinProblem::AllSame);
    CHECK(policy.check(Secret("123456"), birth) == PinProblem::Ascending);
    CHECK(policy.check(Secret("890123"), birth) == PinProblem::Ascending);
    CHECK(policy.check(Secret("654321"), birth) == PinProblem::Descending);
    CHECK(policy.check(Secret("19491231"), birth) == PinProblem::BirthDate);
    CHECK(policy.check(Secret("491231"), birth) == PinProblem::BirthDate);
    CHECK(policy.check(Secret("123149"), birth) == PinProblem::BirthDate);
    CHECK(policy.check(Secret("311249"), birth) == PinProblem::BirthDate);
    CHECK(policy.check(Secret("491231"), "") == PinProblem::None);
    CHECK(policy.check(Secret("246810"), Secret("246810"), birth) == PinProblem::None);
    CHECK(policy.check(Secret("246810"), Secret("246811"), birth) == PinProblem::Mismatch);
    CHECK(token::pinProblemMessage(PinProblem::TooShort, true, 6, 16) == "PIN码至少 6 位。");
    CHECK(token::pinProblemMessage(PinProblem::Mismatch, false, 6, 16) == "The two PINs differ.");
}

// --- issue 19: PIN and secret files, SO PIN versions and tries
// ------------------------------------------------

TEST_CASE("sopin: a PIN file written with CR LF gives the PIN without its line end", "[token][sopin]") {
    const std::string path = test::writeScratchFile("crlf.pin", "11223344\r\n");
    ::chmod(path.c_str(), 0600);
    const auto pin = token::readOwnerOnlyLine(path);
    REQUIRE(pin);
    CHECK(pin->view() == "11223344");
    // Checked on the open file: one others may read is refused, whatever its content.
    ::chmod(path.c_str(), 0644);
    CHECK_FALSE(token::readOwnerOnlyLine(path));
}

TEST_CASE("sopin: a 32-byte binary master secret ending in CR LF is used whole", "[token][sopin]") {
    std::string bytes;
    for (int i = 0; i < 30; ++i)
        bytes.push_back(static_cast<char>((i * 151 + 7) & 0xff));
    bytes += "\r\n";
    REQUIRE(bytes.size() == 32);
    const std::string path = test::writeScratchFile("binary-master.key", bytes);
    ::chmod(path.c_str(), 0600);
    const token::SoPinDeriver fromFile(token::FileMasterSecret::load(path), 1);
    CHECK(fromFile.derive("S1").view() == test::testDeriver(bytes)->derive("S1").view());
    CHECK(fromFile.derive("S1").view() != test::testDeriver(bytes.substr(0, 30))->derive("S1").view());
}

TEST_CASE("sopin: initialising a stranger's key (not labelled ours) costs at most one SO PIN try",
          "[token][sopin]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {},
                            test::testDeriver("a stranger's master secret, 32 bytes!!"));
    const std::string serial = device.initialise("", "stranger's key").serial;
    device.setDeriver(test::testDeriver());
    fault.resetCounts();
    CHECK(test::tokenErrorOf([&] { device.initialise(serial, "TJ01-20260101-0001"); }) ==
          token::TokenErrorCode::SoPinIncorrect);
    CHECK(fault.calls("C_InitToken") + fault.calls("C_Login") <= 1);
    CHECK(device.key(serial).label == "stranger's key");
}

TEST_CASE("sopin: an SO PIN on its final try is not spent without a supervisor's confirmation",
          "[token][sopin]") {
    test::FaultKey fault;
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver());
    const std::string serial = device.initialise("", "final try").serial;
    device.setUserPin(serial, Secret("135790"));
    device.setDeriver(test::testDeriver("a different master secret, 32 bytes long"));
    // Wrong SO PINs until one try is left (the fault module locks after 6).
    for (int i = 0; i < 5; ++i)
        CHECK(test::tokenErrorOf([&] { device.unlock(serial, Secret("975310")); }) ==
              token::TokenErrorCode::SoPinIncorrect);
    device.setDeriver(test::testDeriver());
    REQUIRE(device.key(serial).soPin.finalTry);
    fault.resetCounts();
    CHECK(test::tokenErrorOf([&] { device.unlock(serial, Secret("975310")); }) ==
          token::TokenErrorCode::SoPinFinalTryNeedsConfirmation);
    CHECK(test::tokenErrorOf([&] { device.retire(serial); }) ==
          token::TokenErrorCode::SoPinFinalTryNeedsConfirmation);
    CHECK(fault.calls("C_Login") + fault.calls("C_InitToken") == 0);
    CHECK(device.key(serial).soPin.finalTry);
    // Confirmed, the (right) SO PIN is spent and the key unlocked.
    device.unlock(serial, Secret("975310"), {0, true});
    CHECK_FALSE(device.key(serial).soPin.finalTry);
    CHECK_FALSE(device.verifyUserPin(serial, Secret("975310")).locked);
}

TEST_CASE("sopin: a key on SO PIN version 1 is unlocked after the rotation to version 2 and moves to it",
          "[token][sopin]") {
    const std::string v1 = "version one master secret, 32 bytes!",
                      v2 = "version two master secret, 32 bytes!";
    token::KeyDevice device(test::FaultKey::modulePath(), {}, test::testDeriver(v1, 1));
    const std::string serial = device.initialise("", "rotated").serial;
    device.setUserPin(serial, Secret("135790"));
    const auto both = std::make_shared<token::SoPinDeriver>(
        std::map<int, std::shared_ptr<const token::MasterSecret>>{
            {1, std::make_shared<token::FileMasterSecret>(Secret(v1))},
            {2, std::make_shared<token::FileMasterSecret>(Secret(v2))}},
        2);
    device.setDeriver(both);
    CHECK(device.unlock(serial, Secret("975310"), {1, false}) == 2);
    // On version 2 now: version 2's SO PIN opens it, with no wrong try counted.
    CHECK(device.unlock(serial, Secret("864200"), {2, false}) == 2);
    CHECK_FALSE(device.key(serial).soPin.countLow);
    device.setDeriver(test::testDeriver(v2, 2));
    CHECK(device.retire(serial).blank());
}
