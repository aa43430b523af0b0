// The key the customer hands over (issue 19): a certificate read from a key counts only when it chains to a
// CA this counter trusts, is the certificate on record for that key (serial, issuer, content), is not
// revoked, and (RENEW, UPGRADE) the holder's PIN makes the key sign a challenge its public key verifies.
// Forged certificates — from a self-made CA, and copying the serial and issuer name of the company's real one
// — are refused by RENEW, UPGRADE, REPLACE and UNLOCK naming the check, with nothing issued and the real
// certificate untouched. Real PostgreSQL, SoftHSM2 behind the fault module, the built-in CA.
#include <catch2/catch.hpp>

#include <functional>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include "tests/support/counterfixture.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testca.h"
#include "token/owned.h"

using namespace countersign;
using test::CounterFixture;

namespace {

const char* const kPin = "135790";

/// A CA anyone can make: its own key, under any name (the built-in CA's, to pass for it).
class SelfMadeCa {
public:
    explicit SelfMadeCa(X509_NAME* name = nullptr)
        : m_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"))
        , m_name(name ? X509_NAME_dup(name) : X509_NAME_new()) {
        if (!name)
            X509_NAME_add_entry_by_txt(m_name.get(), "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>("Home-made CA"), -1, -1, 0);
    }

    /// Signs the CSR (PEM, its subject as given) as this CA, with `serial` (a copied one) or a random one.
    std::string sign(const std::string& csrPem, const ASN1_INTEGER* serial = nullptr) const {
        const Owned<BIO> in(BIO_new_mem_buf(csrPem.data(), static_cast<int>(csrPem.size())));
        const Owned<X509_REQ> req(PEM_read_bio_X509_REQ(in.get(), nullptr, nullptr, nullptr));
        REQUIRE(req);
        const Owned<X509> cert(X509_new());
        X509_set_version(cert.get(), X509_VERSION_3);
        if (serial) {
            X509_set_serialNumber(cert.get(), const_cast<ASN1_INTEGER*>(serial));
        } else {
            const Owned<BIGNUM> bn(BN_new());
            BN_rand(bn.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
            BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()));
        }
        X509_set_subject_name(cert.get(), X509_REQ_get_subject_name(req.get()));
        X509_set_issuer_name(cert.get(), m_name.get());
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
        X509_time_adj_ex(X509_getm_notAfter(cert.get()), 365, 0, nullptr);
        X509_set_pubkey(cert.get(), X509_REQ_get0_pubkey(req.get()));
        X509_sign(cert.get(), m_key.get(), EVP_sha256());
        const Owned<BIO> out(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509(out.get(), cert.get());
        char* data = nullptr;
        const long len = BIO_get_mem_data(out.get(), &data);
        return std::string(data, static_cast<std::size_t>(len));
    }

private:
    Owned<EVP_PKEY> m_key;
    Owned<X509_NAME> m_name;
};

Owned<X509> x509Of(const std::string& der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    return Owned<X509>(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

/// The blank key in the writer initialised with the PIN, as a customer's key of their own.
token::TokenInfo customerKey(CounterFixture::InProcess& p, const std::string& label) {
    std::string blank;
    for (const auto& k : p.keys->keys(false))
        if (k.blank() && !k.serial.empty())
            blank = k.serial;
    const auto key = p.keys->initialise(blank, label);
    p.keys->setUserPin(key.serial, Secret(kPin));
    return p.keys->key(key.serial);
}

/// A customer's key with a key pair and a certificate for the company that `sign` makes from the key's CSR;
/// returns its serial.
std::string keyWithCertificate(CounterFixture::InProcess& p,
                               const std::function<std::string(const std::string& csrPem)>& sign) {
    const auto key = customerKey(p, "customer key");
    const auto pair = p.keys->generateKeyPair(key.serial, Secret(kPin), token::KeyAlgorithm::EcP256);
    const std::string subject = std::string("/C=CN/O=") + CounterFixture::kOrg +
                                "/CN=" + CounterFixture::kUscc + "/organizationIdentifier=NTRCN-" +
                                CounterFixture::kUscc;
    const auto csr = p.keys->makeCsr(key.serial, Secret(kPin), pair.keyId, subject);
    p.keys->writeCertificate(key.serial, Secret(kPin), pair.keyId, sign(csr));
    return key.serial;
}

long long count(CounterFixture& f, const std::string& sql) {
    return std::stoll(f.scalar(sql));
}

/// The company's real certificate as on record: its key, issuer, status, content.
std::string realRow(CounterFixture& f, const std::string& serial) {
    return f.scalar("SELECT coalesce(t.serial, '-') || ' ' || c.issuer || ' ' || c.status || ' ' || "
                    "encode(sha256(c.der), 'hex') FROM countersign.certificates c "
                    "LEFT JOIN countersign.tokens t ON t.id = c.token_id WHERE c.serial = $1",
                    serial);
}

/// Runs an operation that must be refused with `check` first, and checks that nothing was issued or opened:
/// no transaction, no certificate, no CA request, the real certificate's row as it was.
template <typename F>
void expectRefused(CounterFixture& f, const std::string& check, const std::string& realSerial, F&& run) {
    const long long transactions = count(f, "SELECT count(*) FROM countersign.transactions");
    const long long certificates = count(f, "SELECT count(*) FROM countersign.certificates");
    const long long requests = count(f, "SELECT count(*) FROM countersign.ca_requests");
    const std::string real = realSerial.empty() ? std::string() : realRow(f, realSerial);
    try {
        const auto o = run();
        FAIL("the operation was not refused (expected check " << check << "); it ended " << o.state);
    } catch (const workflow::Refusal& r) {
        INFO(r.what());
        const auto failed = r.failed();
        REQUIRE_FALSE(failed.empty());
        CHECK(failed.front().id == check);
        CHECK_FALSE(failed.front().why.empty()); // a phrase the kiosk translates
    } catch (const workflow::StepFailed& e) {
        FAIL("the operation was not refused but failed at step " << e.step << ": " << e.what());
    }
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions") == transactions);
    CHECK(count(f, "SELECT count(*) FROM countersign.certificates") == certificates);
    CHECK(count(f, "SELECT count(*) FROM countersign.ca_requests") == requests);
    if (!realSerial.empty())
        CHECK(realRow(f, realSerial) == real);
    CHECK_FALSE(f.auditBrokenAt());
}

/// A request worked by the fixture's operator, in their session.
template <typename R> R byOperator(CounterFixture& f) {
    R r;
    r.operatorId = f.operatorId;
    r.operatorSession = f.operatorSession();
    return r;
}

workflow::RenewRequest renewal(CounterFixture& f, const std::string& serial) {
    auto r = byOperator<workflow::RenewRequest>(f);
    r.keySerial = serial;
    r.pin = Secret(kPin);
    r.algorithm = token::KeyAlgorithm::EcP256;
    return r;
}

workflow::ReplaceRequest replacement(CounterFixture& f, const std::string& damagedSerial) {
    auto r = byOperator<workflow::ReplaceRequest>(f);
    r.letter = CounterFixture::authorizationLetter(true, false);
    r.idCardNo = r.letter.agentIdNo;
    r.damaged = true;
    r.oldKeySerial = damagedSerial;
    r.newPin = Secret("246813");
    r.algorithm = token::KeyAlgorithm::EcP256;
    r.payments = {fees::PaymentInput{fees::PaymentMethod::Cash, 2600, {}}};
    return r;
}

workflow::UnlockRequest unlocking(CounterFixture& f, const std::string& serial) {
    auto r = byOperator<workflow::UnlockRequest>(f);
    r.letter = CounterFixture::authorizationLetter(false, true);
    r.idCardNo = r.letter.agentIdNo;
    r.keySerial = serial;
    r.newPin = Secret("975310");
    return r;
}

/// Every operation that reads a customer's key, on the forged key: each refused naming `check`.
void refusedEverywhere(CounterFixture& f, CounterFixture::InProcess& p, const std::string& forged,
                       const std::string& check, const std::string& realSerial) {
    SECTION("RENEW") {
        expectRefused(f, check, realSerial, [&] { return p.flow->runRenew(renewal(f, forged), false); });
    }
    SECTION("UPGRADE (a made-up issuer is no retired CA)") {
        expectRefused(f, check, realSerial, [&] { return p.flow->runRenew(renewal(f, forged), true); });
    }
    SECTION("REPLACE of the forged key as damaged") {
        expectRefused(f, check, realSerial, [&] { return p.flow->runReplace(replacement(f, forged)); });
    }
    SECTION("UNLOCK") {
        CounterFixture::lockUserPin(*p.keys, forged);
        expectRefused(f, check, realSerial, [&] { return p.flow->runUnlock(unlocking(f, forged)); });
    }
}

const char* const kRules = "[rules]\nrenew_days_before=400\n";

} // namespace

TEST_CASE(
    "Presented key: A certificate from a self-made CA on a customer's key is refused by every key operation",
    "[workflow][keycert]") {
    CounterFixture f("tianjin-2018", kRules);
    auto p = f.open();
    const SelfMadeCa homeMade;
    const std::string forged =
        keyWithCertificate(p, [&](const std::string& csr) { return homeMade.sign(csr); });
    refusedEverywhere(f, p, forged, "certificate_trust", {});
}

TEST_CASE("Presented key: A forged certificate copying the serial and issuer of the company's real one is "
          "refused and the "
          "real one stays on its key",
          "[workflow][keycert]") {
    CounterFixture f("tianjin-2018", kRules);
    const std::string realKey = f.issueNew("TJ-KC1");
    const auto real = f.certificateOnKey(realKey);
    const auto realCert = x509Of(real.der);
    REQUIRE(realCert);
    auto p = f.open();
    // The built-in CA's name and the real certificate's serial, signed with a key of the forger's own.
    const SelfMadeCa lookalike(X509_get_issuer_name(realCert.get()));
    const std::string forged = keyWithCertificate(p, [&](const std::string& csr) {
        return lookalike.sign(csr, X509_get0_serialNumber(realCert.get()));
    });
    const auto fake = p.keys->key(forged);
    REQUIRE(fake.certificates.size() == 1);
    REQUIRE(fake.certificates[0].serial == real.serial);
    REQUIRE(fake.certificates[0].issuer == real.issuer);
    CHECK(realRow(f, real.serial).rfind(realKey + " ", 0) == 0);
    refusedEverywhere(f, p, forged, "certificate_trust", real.serial);
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", real.serial) == "active");
}

TEST_CASE(
    "Presented key: The company's real certificate copied onto another key is not that key's certificate",
    "[workflow][keycert]") {
    CounterFixture f("tianjin-2018", kRules);
    const std::string realKey = f.issueNew("TJ-KC2");
    const auto real = f.certificateOnKey(realKey);
    auto p = f.open();
    // A key of the forger's with the real certificate (it is public) stored as a certificate object: the
    // chain is the real CA's, but the record puts it on another key.
    const auto other = customerKey(p, "copy");
    const auto label = other.label;
    const std::string der = test::writeScratchFile(f.db.name() + "-real.der", real.der);
    const auto stored =
        test::runProcess("pkcs11-tool", {"--module", test::SoftHsmStore::modulePath(), "--token-label", label,
                                         "--login", "--pin", kPin, "--write-object", der, "--type", "cert",
                                         "--id", "0102", "--label", "copy"});
    INFO(stored.out << stored.err);
    REQUIRE(stored.exitCode == 0);
    expectRefused(f, "certificate_record", real.serial,
                  [&] { return p.flow->runRenew(renewal(f, other.serial), false); });
}

TEST_CASE("Presented key: A key whose certificate's public key is not its key pair is refused before "
          "anything changes",
          "[workflow][keycert]") {
    CounterFixture f("tianjin-2018", kRules);
    const std::string serial = f.issueNew("TJ-KC3");
    const auto real = f.certificateOnKey(serial);
    auto p = f.open();
    // The certificate on record for this key stays; the private key behind it is swapped for another one
    // under the same CKA_ID (what a forger holding a copy of the certificate would have).
    const auto label = p.keys->key(serial).label;
    const std::vector<std::string> login = {
        "--module", test::SoftHsmStore::modulePath(), "--token-label", label, "--login", "--pin", kPin};
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), login.begin(), login.end());
        const auto r = test::runProcess("pkcs11-tool", args);
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
    };
    run({"--delete-object", "--type", "privkey", "--id", real.keyId});
    run({"--keypairgen", "--key-type", "EC:prime256v1", "--id", real.keyId, "--label", "swapped"});
    expectRefused(f, "key_pair", real.serial, [&] { return p.flow->runRenew(renewal(f, serial), false); });
}

TEST_CASE("Presented key: A certificate of a configured legacy CA renews, and is refused without that CA "
          "configured",
          "[workflow][keycert]") {
    CounterFixture f("tianjin-2018", kRules);
    const test::TestCa legacy;
    const std::string bundle =
        test::writeScratchFile(f.db.name() + "-legacy-ca.pem", legacy.certificatePem());
    auto p = f.open();
    const std::string serial =
        keyWithCertificate(p, [&](const std::string& csr) { return legacy.sign(csr); });
    const auto old = p.keys->key(serial).certificates.at(0);

    f.config.legacyCaFile.clear();
    expectRefused(f, "certificate_trust", {}, [&] { return p.flow->runRenew(renewal(f, serial), false); });

    f.config.legacyCaFile = QString::fromStdString(bundle);
    const auto o = p.flow->runRenew(renewal(f, serial), false);
    CHECK(o.state == "completed");
    const auto renewed = f.certificateOnKey(serial);
    CHECK(renewed.serial != old.serial);
    CHECK(renewed.uscc == CounterFixture::kUscc);
    CHECK(f.opensslVerify(renewed.der).exitCode == 0);
    // The legacy certificate was recorded on this key at its first visit, and superseded.
    CHECK(f.scalar(
              "SELECT t.serial || ' ' || c.status FROM countersign.certificates c JOIN countersign.tokens t "
              "ON t.id = c.token_id WHERE c.serial = $1",
              old.serial) == serial + " superseded");
}

TEST_CASE("Presented key: A legacy certificate imported before its key's first visit (certificates import) "
          "renews from that key like any other, and its key (an SO PIN not ours) is not unlocked by a guess",
          "[workflow][keycert][legacy]") {
    const test::TestCa legacy;
    const std::string caFile = test::writeScratchFile("import-renew-legacy-ca.pem", legacy.certificatePem());
    CounterFixture f("tianjin-2018", std::string(kRules) + "[trust]\nlegacy_ca_file=" + caFile + "\n");
    f.db.addStaff("admin.liu", "admin-password", "admin");
    auto p = f.open();
    std::string pem;
    const std::string serial =
        keyWithCertificate(p, [&](const std::string& csr) { return pem = legacy.sign(csr); });
    const auto old = p.keys->key(serial).certificates.at(0);

    // The old system's records, imported by an admin: the key, its enterprise and its certificate.
    const std::string bundle =
        test::writeScratchFile(f.db.name() + "-import.pem", "Key-Serial: " + serial + "\n" + pem);
    const auto imported =
        f.ctl({"certificates", "import", "--file", bundle, "--operator", "admin.liu", "--password-fd", "0"},
              "admin-password\n");
    INFO(imported.out << imported.err);
    REQUIRE(imported.exitCode == 0);
    REQUIRE(
        f.scalar(
            "SELECT t.serial || ' ' || c.status FROM countersign.certificates c JOIN countersign.tokens t "
            "ON t.id = c.token_id WHERE c.serial = $1",
            old.serial) == serial + " active");

    // Its SO PIN is the old system's, not one this counter derives: an unlock is refused at that check,
    // first, before anything is sent to the key (a guess would spend one of its SO PIN tries).
    auto unlock = byOperator<workflow::UnlockRequest>(f);
    unlock.letter = CounterFixture::authorizationLetter(false, true);
    unlock.idCardNo = unlock.letter.agentIdNo;
    unlock.keySerial = serial;
    unlock.newPin = Secret("975310");
    expectRefused(f, "so_pin_ours", old.serial, [&] { return p.flow->runUnlock(std::move(unlock)); });

    const auto o = p.flow->runRenew(renewal(f, serial), false);
    CHECK(o.state == "completed");
    const auto renewed = f.certificateOnKey(serial);
    CHECK(renewed.serial != old.serial);
    CHECK(renewed.uscc == CounterFixture::kUscc);
    CHECK(f.opensslVerify(renewed.der).exitCode == 0);
    CHECK(f.scalar("SELECT count(*) FROM countersign.certificates WHERE serial = $1", old.serial) == "1");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", old.serial) ==
          "superseded");
    // Renewed, the key still has the old system's SO PIN and no version of ours: an unlock stays refused.
    CHECK(f.scalar("SELECT coalesce(countersign.key_so_pin_version($1)::text, 'none')", serial) == "none");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Presented key: A renewal names the enterprise as on record and never renames it from the key",
          "[workflow][keycert]") {
    CounterFixture f("tianjin-2018", kRules);
    const std::string serial = f.issueNew("TJ-KC4");
    const std::string renamed = "天津测试科技股份有限公司";
    {
        auto owner = f.db.connect();
        pqxx::work tx{*owner};
        tx.exec_params("UPDATE countersign.enterprises SET name = $1 WHERE uscc = $2", renamed,
                       std::string(CounterFixture::kUscc));
        tx.commit();
    }
    auto p = f.open();
    const auto o = p.flow->runRenew(renewal(f, serial), false);
    REQUIRE(o.state == "completed");
    CHECK(f.certificateOnKey(serial).organisation == renamed);
    CHECK(f.scalar("SELECT name FROM countersign.enterprises WHERE uscc = $1", CounterFixture::kUscc) ==
          renamed);
}

TEST_CASE("Presented key: certificate_presented never moves a certificate on record to another key or "
          "changes its issuer",
          "[workflow][keycert][db]") {
    CounterFixture f("tianjin-2018", kRules);
    const std::string realKey = f.issueNew("TJ-KC5");
    const auto real = f.certificateOnKey(realKey);
    const std::string before = realRow(f, real.serial);
    const std::string session = f.operatorSession()->c_str();
    // As the counter's own login, in an opening transaction, the way the workflow records what a key brings.
    auto attempt = [&](const std::string& issuer, const std::string& der, bool otherKey) {
        pqxx::work tx{*f.conn};
        tx.exec_params("SELECT * FROM countersign.tx_open($1, 'RENEW', '{}')", session);
        const auto enterprise = tx.exec_params1("SELECT id FROM countersign.enterprises WHERE uscc = $1",
                                                CounterFixture::kUscc)[0]
                                    .as<long long>();
        const auto token =
            tx.exec_params1("SELECT token_id FROM countersign.key_presented($1, $2, 'x', '', "
                            "'active', $3)",
                            session, otherKey ? std::string("K-ATTACKER") : realKey, enterprise)[0]
                .as<long long>();
        tx.exec_params("SELECT countersign.certificate_presented($1, $2, $3, $4, $5, 'CN=x', $6, now(), "
                       "now() + interval '1 year', $7)",
                       session, token, enterprise, real.serial, issuer, std::string(CounterFixture::kUscc),
                       pqxx::binarystring(der));
        tx.commit();
    };
    CHECK_THROWS_WITH(attempt(real.issuer, real.der, true),
                      Catch::Contains("not the certificate of that serial"));
    CHECK_THROWS_WITH(attempt("CN=Home-made CA", real.der, false),
                      Catch::Contains("not the certificate of that serial"));
    CHECK_THROWS_WITH(attempt(real.issuer, real.der + std::string("\0", 1), false),
                      Catch::Contains("not the certificate of that serial"));
    CHECK(realRow(f, real.serial) == before);
    // The honest call (the certificate on record, on its own key) still goes through and changes nothing.
    CHECK_NOTHROW(attempt(real.issuer, real.der, false));
    CHECK(realRow(f, real.serial) == before);
}
