// The counter's operations end to end on a second, independent PKCS#11 implementation: openCryptoki's soft
// token behind the test fault module, with real PostgreSQL, the built-in CA and DEMO-signed letters, as
// tests/workflow/test_workflow.cpp does on SoftHSM2. The soft token is a vendor's blank key: serial 123, a
// factory SO PIN, PINs 4..8 long, RSA only, its user PIN locked after 3 wrong tries. Each test runs in a
// process of its own with a private pkcsslotd and a fresh store (tests/support/ockslot.sh); the tests tagged
// [ock-two-keys] get a second soft token, which the fault module presents as serial 124.
//
// The soft token's model ("IBM SoftTok") is registered with its factory SO PIN, as a centre does for the keys
// it buys: NEW and REPLACE initialise the blank token with it once and move it to the derived SO PIN. (Not
// countersignctl token init --factory-so-pin-fd followed by NEW: openCryptoki 3.8.1 re-initialised with a
// changed SO PIN answers CKR_FUNCTION_FAILED to every SO login after it, and NEW initialises a key again.)
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <dlfcn.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#endif

#include <QJsonDocument>
#include <QJsonObject>

#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/ockslot.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"
#include "token/tokenerror.h"

using namespace countersign;
using test::CounterFixture;
using test::OckSlot;
using token::KeyAlgorithm;

namespace {

const char* const kPin = "135790";
const char* const kSecondSerial = "124"; // the second soft token, as the fault module presents it

long long count(CounterFixture& f, const std::string& sql) {
    return std::stoll(f.scalar(sql));
}

template <typename R> R byOperator(CounterFixture& f) {
    R r;
    r.operatorId = f.operatorId;
    r.operatorSession = f.operatorSession();
    return r;
}

workflow::NewRequest newRequest(CounterFixture& f, const std::string& letterNo, const std::string& serial,
                                const std::string& pin = kPin) {
    auto r = byOperator<workflow::NewRequest>(f);
    r.letterJws = f.letter(letterNo);
    r.idCardNo = CounterFixture::kAgentId;
    r.keySerial = serial;
    r.newPin = Secret(pin);
    return r;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The key's public key (SubjectPublicKeyInfo, DER) as pkcs11-tool reads it from the token, behind the
// product's back: the public key object with this CKA_ID (hex).
std::string publicKeyOnToken(const std::string& tokenLabel, const std::string& keyId) {
    const std::string file = test::scratchDir() + "/ock-pubkey-" + keyId + ".der";
    std::string program = "pkcs11-tool";
    std::vector<std::string> args{"--module",
                                  test::FaultKey::modulePath(),
                                  "--token-label",
                                  tokenLabel,
                                  "--read-object",
                                  "--type",
                                  "pubkey",
                                  "--id",
                                  keyId,
                                  "--output-file",
                                  file};
#ifdef __SANITIZE_ADDRESS__
    // Under the asan preset the fault module is built with AddressSanitizer, whose runtime must be the first
    // library of the process that loads it: pkcs11-tool is not built with it, so the runtime is preloaded.
    Dl_info runtime{};
    if (::dladdr(reinterpret_cast<void*>(&__asan_address_is_poisoned), &runtime) && runtime.dli_fname) {
        args.insert(args.begin(), {"LD_PRELOAD=" + std::string(runtime.dli_fname), program});
        program = "env";
    }
#endif
    const auto r = test::runProcess(program, args);
    if (r.exitCode != 0)
        throw std::runtime_error("pkcs11-tool could not read the public key: " + r.out + r.err);
    return readFile(file);
}

// The certificate's public key (SubjectPublicKeyInfo, DER), as openssl reads it.
std::string publicKeyOfCertificate(const std::string& certificateDer) {
    const std::string cert =
        test::writeScratchFile("ock-cert-" + std::to_string(certificateDer.size()) + ".der", certificateDer);
    const std::string pub = cert + ".pub.der";
    const auto pem =
        test::runProcess("openssl", {"x509", "-inform", "DER", "-in", cert, "-noout", "-pubkey"});
    const std::string pemFile = test::writeScratchFile("ock-cert-pub.pem", pem.out);
    const auto der =
        test::runProcess("openssl", {"pkey", "-pubin", "-in", pemFile, "-outform", "DER", "-out", pub});
    if (pem.exitCode != 0 || der.exitCode != 0)
        throw std::runtime_error("openssl could not read the certificate's public key: " + pem.err + der.err);
    return readFile(pub);
}

std::string x509Text(const std::string& certificateDer) {
    const std::string cert = test::writeScratchFile("ock-text.der", certificateDer);
    return test::runProcess("openssl", {"x509", "-inform", "DER", "-in", cert, "-noout", "-text"}).out;
}

// What a person checks of a certificate on the key: it verifies against the CA chain, names the enterprise,
// holds an RSA-2048 public key, and that public key is the one on the key.
void checkCertificateOnKey(CounterFixture& f, const std::string& serial, const token::CertificateInfo& cert) {
    const auto verified = f.opensslVerify(cert.der);
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out, Catch::Contains(": OK"));
    CHECK(cert.uscc == CounterFixture::kUscc);
    CHECK(token::algorithmOfCertificate(cert.der) == KeyAlgorithm::Rsa2048);
    CHECK_THAT(x509Text(cert.der), Catch::Contains("Public-Key: (2048 bit)"));
    std::string label;
    {
        token::KeyDevice device(test::FaultKey::modulePath());
        label = device.key(serial).label;
    }
    CHECK(publicKeyOnToken(label, cert.keyId) == publicKeyOfCertificate(cert.der));
}

bool holderPinWorks(CounterFixture& f, const std::string& serial, const std::string& pin) {
    return f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, pin + "\n").exitCode == 0;
}

// A refused NEW: the named check failed first, its reason says `reason`, nothing was recorded but the
// refusal's audit entry, and the blank key saw no PIN, no initialisation and no key generation.
void expectNewRefusedUntouched(CounterFixture& f, workflow::NewRequest request, const std::string& check,
                               const std::string& reason) {
    test::FaultKey fault;
    const auto before = [&] {
        token::KeyDevice device(test::FaultKey::modulePath());
        return device.key(OckSlot::serial);
    }();
    REQUIRE(before.blank());
    const long long transactions = count(f, "SELECT count(*) FROM countersign.transactions");
    const long long tokens = count(f, "SELECT count(*) FROM countersign.tokens");
    const long long certificates = count(f, "SELECT count(*) FROM countersign.certificates");
    fault.resetCounts();
    {
        auto p = f.open();
        try {
            p.flow->runNew(std::move(request));
            FAIL("NEW was not refused (expected check " << check << ")");
        } catch (const workflow::Refusal& r) {
            const auto failed = r.failed();
            INFO(r.what());
            REQUIRE_FALSE(failed.empty());
            CHECK(failed.front().id == check);
            CHECK_THAT(failed.front().reason, Catch::Contains(reason));
        }
    }
    for (const char* call : {"C_InitToken", "C_Login", "C_InitPIN", "C_SetPIN", "C_GenerateKeyPair",
                             "C_CreateObject", "C_DestroyObject"}) {
        INFO(call);
        CHECK(fault.calls(call) == 0);
    }
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions") == transactions);
    CHECK(count(f, "SELECT count(*) FROM countersign.tokens") == tokens);
    CHECK(count(f, "SELECT count(*) FROM countersign.certificates") == certificates);
    CHECK_FALSE(f.auditBrokenAt());
    token::KeyDevice device(test::FaultKey::modulePath());
    const auto after = device.key(OckSlot::serial);
    CHECK(after.blank());
    CHECK(after.label == before.label);
    CHECK_FALSE(after.userPinSet);
    CHECK(after.certificates.empty());
    CHECK_FALSE(after.userPin.countLow);
    CHECK_FALSE(after.soPin.countLow);
}

} // namespace

TEST_CASE("NEW on openCryptoki issues onto an RSA-2048 key pair, the profile's first the key offers",
          "[workflow][ock]") {
    const OckSlot slot;
    CounterFixture f;
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    workflow::Outcome o;
    {
        auto p = f.open();
        // What the operator sees before the agent types a PIN: the algorithm the key will get.
        auto preview = newRequest(f, "OCK-N1", {});
        REQUIRE_FALSE(preview.algorithm); // the profile chooses: rsa2048, ec-p256, rsa3072
        preview.preview = true;
        const auto checked = p.flow->runNew(std::move(preview));
        CHECK(checked.state == "checked");
        CHECK(checked.algorithm == "RSA-2048");
        o = p.flow->runNew(newRequest(f, "OCK-N1", {}));
    }
    CHECK(o.state == "completed");
    CHECK(o.keySerial == OckSlot::serial);
    const auto cert = f.certificateOnKey(OckSlot::serial);
    CHECK(cert.serial == o.certificateSerial);
    checkCertificateOnKey(f, OckSlot::serial, cert);
    CHECK(holderPinWorks(f, OckSlot::serial, kPin));
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", OckSlot::serial) == "active");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", cert.serial) == "active");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("countersignctl new on openCryptoki issues onto an RSA-2048 key pair without --alg",
          "[workflow][ock][ctl]") {
    const OckSlot slot;
    CounterFixture f;
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    const auto r = f.ctl(CounterFixture::asOperator({"--json", "new", "--letter-qr-file",
                                                     f.letterFile("OCK-C1"), "--new-pin-fd", "0"}),
                         std::string(CounterFixture::kOperatorPassword) + "\n" + kPin + "\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
    CHECK(o["state"].toString() == QStringLiteral("completed"));
    CHECK(o["key_serial"].toString() == QStringLiteral("123"));
    const auto cert = f.certificateOnKey(OckSlot::serial);
    CHECK(cert.serial == o["certificate_serial"].toString().toStdString());
    checkCertificateOnKey(f, OckSlot::serial, cert);
    CHECK(holderPinWorks(f, OckSlot::serial, kPin));
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("RENEW on openCryptoki keeps the RSA-2048 key pair's algorithm and revokes the old certificate",
          "[workflow][ock]") {
    const OckSlot slot;
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    const std::string serial = f.issueNew("OCK-R1", kPin, std::nullopt);
    const auto old = f.certificateOnKey(serial);
    REQUIRE(token::algorithmOfCertificate(old.der) == KeyAlgorithm::Rsa2048);

    workflow::Outcome o;
    {
        auto p = f.open();
        const auto renewal = [&](bool preview) {
            auto r = byOperator<workflow::RenewRequest>(f);
            r.keySerial = serial;
            r.pin = Secret(kPin);
            r.preview = preview;
            return p.flow->runRenew(std::move(r), false);
        };
        CHECK(renewal(true).algorithm == "RSA-2048"); // what the operator is shown
        o = renewal(false);
    }
    CHECK(o.state == "completed");
    CHECK(o.kind == "RENEW");
    const auto renewed = f.certificateOnKey(serial);
    CHECK(renewed.serial != old.serial);
    CHECK(renewed.keyId != old.keyId); // a new key pair
    checkCertificateOnKey(f, serial, renewed);
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", old.serial) ==
          "superseded");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", renewed.serial) ==
          "active");
    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(old.serial));
    CHECK_THAT(crl, Catch::Contains("Superseded"));
    CHECK(holderPinWorks(f, serial, kPin));
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("UNLOCK on openCryptoki: a user PIN locked after 3 wrong tries gets a new PIN with the derived SO "
          "PIN",
          "[workflow][ock]") {
    const OckSlot slot;
    CounterFixture f;
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    const std::string serial = f.issueNew("OCK-U1", kPin, std::nullopt);
    {
        // The holder mistypes three times (the third confirmed as the final try): locked.
        token::KeyDevice device(test::FaultKey::modulePath());
        for (int i = 0; i < 2; ++i)
            CHECK(test::tokenErrorOf([&] { device.verifyUserPin(serial, Secret("0000")); }) ==
                  token::TokenErrorCode::PinIncorrect);
        CHECK(device.key(serial).userPin.finalTry);
        test::tokenErrorOf([&] { device.verifyUserPin(serial, Secret("0000"), true); });
        CHECK(device.key(serial).userPin.locked);
    }
    CHECK_FALSE(holderPinWorks(f, serial, kPin));

    workflow::Outcome o;
    {
        auto p = f.open();
        auto r = byOperator<workflow::UnlockRequest>(f);
        r.letter = CounterFixture::authorizationLetter(false, true);
        r.idCardNo = r.letter.agentIdNo;
        r.keySerial = serial;
        r.newPin = Secret("97531086");
        o = p.flow->runUnlock(std::move(r));
    }
    CHECK(o.state == "completed");
    CHECK(o.kind == "UNLOCK");
    {
        token::KeyDevice device(test::FaultKey::modulePath());
        const auto key = device.key(serial);
        CHECK_FALSE(key.userPin.locked);
        CHECK_FALSE(key.soPin.countLow); // the derived SO PIN was right the first time
    }
    CHECK(holderPinWorks(f, serial, "97531086"));
    CHECK_FALSE(holderPinWorks(f, serial, kPin));
    // The certificate is still there and still good.
    CHECK(f.opensslVerify(f.certificateOnKey(serial).der).exitCode == 0);
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", serial) == "active");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("REPLACE of a lost key on openCryptoki revokes its certificate and issues onto a new blank key",
          "[workflow][ock][ock-two-keys]") {
    const OckSlot slot;
    CounterFixture f;
    {
        token::KeyDevice device(test::FaultKey::modulePath());
        const auto keys = device.keys(false);
        REQUIRE(keys.size() == 2); // two soft tokens, both blank on the factory SO PIN
        CHECK(keys[0].serial != keys[1].serial);
        CHECK(keys[1].model == OckSlot::model);
    }
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    {
        auto p = f.open();
        auto r = newRequest(f, "OCK-L1", OckSlot::serial);
        REQUIRE(p.flow->runNew(std::move(r)).state == "completed");
    }
    const auto lost = f.certificateOnKey(OckSlot::serial);

    // The enterprise lost key 123; key 124 is the blank one in the writer.
    workflow::Outcome o;
    {
        auto p = f.open();
        auto r = byOperator<workflow::ReplaceRequest>(f);
        r.letter = CounterFixture::authorizationLetter(true, false);
        r.idCardNo = r.letter.agentIdNo;
        r.oldKeySerial = OckSlot::serial;
        r.newPin = Secret("24681357");
        r.payments = {fees::PaymentInput{fees::PaymentMethod::Cash, 2600, {}}};
        o = p.flow->runReplace(std::move(r));
    }
    CHECK(o.state == "completed");
    CHECK(o.kind == "REPLACE");
    CHECK(o.keySerial == kSecondSerial);
    const auto cert = f.certificateOnKey(kSecondSerial);
    CHECK(cert.serial == o.certificateSerial);
    checkCertificateOnKey(f, kSecondSerial, cert);
    CHECK(holderPinWorks(f, kSecondSerial, "24681357"));

    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(lost.serial));
    CHECK_THAT(crl, Catch::Contains("Key Compromise"));
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", lost.serial) ==
          "revoked");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", OckSlot::serial) == "lost");
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", kSecondSerial) == "active");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("NEW asking for EC P-256 on openCryptoki is refused naming CKM_EC_KEY_PAIR_GEN, and the key stays "
          "blank and untouched",
          "[workflow][ock]") {
    const OckSlot slot;
    CounterFixture f;
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    auto r = newRequest(f, "OCK-E1", {});
    r.algorithm = KeyAlgorithm::EcP256;
    expectNewRefusedUntouched(f, std::move(r), "key_algorithm", "CKM_EC_KEY_PAIR_GEN");
}

TEST_CASE("NEW on openCryptoki refuses a PIN longer than the key's 8 digits at the checks, and the key stays "
          "blank and untouched",
          "[workflow][ock]") {
    const OckSlot slot;
    CounterFixture f;
    f.registerKeyModel(OckSlot::model, OckSlot::factorySoPin);
    expectNewRefusedUntouched(f, newRequest(f, "OCK-P1", {}, "135792468"), "new_pin", "at most 8 digits");
    // Eight digits are within the key's lengths.
    {
        auto p = f.open();
        CHECK(p.flow->runNew(newRequest(f, "OCK-P2", {}, "13579246")).state == "completed");
    }
    CHECK(holderPinWorks(f, OckSlot::serial, "13579246"));
}
