#include <catch2/catch.hpp>

#include <QProcess>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <pqxx/transaction>

#include "backend/ca/builtinca.h"
#include "backend/ca/databasejournal.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testca.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"
#include "token/keydevice.h"
#include "token/signingkey.h"

using namespace countersign;

namespace {

enum class KeyStore { File, Token };

// A database with a built-in CA whose issuing key is in a file or on a SoftHSM2 token. The CA is opened on
// first use: a CA on a token keeps the module loaded, so the keys' CSRs are made before (another context's
// C_Finalize on the same module would end the CA's session).
struct CaFixture {
    test::TestDatabase database;
    std::unique_ptr<pqxx::connection> conn = database.connect();
    ca::BuiltinCaConfig config;
    std::unique_ptr<ca::BuiltinCa> opened;

    explicit CaFixture(KeyStore store = KeyStore::File,
                       ca::CaKeyAlgorithm algorithm = ca::CaKeyAlgorithm::EcP256) {
        config.keyFile = test::scratchDir() + "/" + database.name() + "-issuing.key";
        config.crlUrl = "http://ca.example.cn/countersign.crl";
        config.caIssuersUrl = "http://ca.example.cn/issuing.crt";
        if (store == KeyStore::File) {
            ca::BuiltinCa::initialise(*conn, config, algorithm, "测试中心");
            return;
        }
        std::string serial;
        {
            token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
            serial = device.initialise("", "CA " + database.name()).serial;
            device.setUserPin(serial, Secret("97531864"));
        }
        config.pkcs11Module = test::SoftHsmStore::modulePath();
        ca::BuiltinCa::initialiseOnToken(*conn, config, algorithm, "测试中心", serial, Secret("97531864"));
        config.pinFile = test::writeScratchFile(database.name() + "-ca.pin", "97531864\n");
        ::chmod(config.pinFile.c_str(), 0600);
    }

    ca::BuiltinCa& ca() {
        if (!opened)
            opened = std::make_unique<ca::BuiltinCa>(*conn, config);
        return *opened;
    }

    std::string chainFile(bool rootOnly) {
        const auto chain = ca().chain();
        return test::writeScratchFile(database.name() + (rootOnly ? "-root.pem" : "-issuing.pem"),
                                      rootOnly ? chain[1] : chain[0]);
    }
};

// A CSR made on a SoftHSM2 key, as the counter makes it; its own subject is deliberately not the papers'.
std::string csrFromKey(const std::string& label) {
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
    const std::string serial = device.initialise("", label).serial;
    device.setUserPin(serial, Secret("246810"));
    const auto pair = device.generateKeyPair(serial, Secret("246810"), token::KeyAlgorithm::EcP256);
    return device.makeCsr(serial, Secret("246810"), pair.keyId, "/CN=whatever the request says");
}

X509* parse(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return cert;
}

std::string entry(X509_NAME* name, int nid) {
    const int i = X509_NAME_get_index_by_NID(name, nid, -1);
    if (i < 0)
        return {};
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
    return out;
}

bool critical(X509* cert, int nid) {
    const int i = X509_get_ext_by_NID(cert, nid, -1);
    return i >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, i)) == 1;
}

ca::IssueRequest request(const std::string& csr, const std::string& id) {
    return {csr, "enterprise-tax", id, {"天津市测试科技有限公司", "91350100M000100Y43"}};
}

} // namespace

TEST_CASE("the built-in CA issues the enterprise tax certificate profile for a CSR made on a key",
          "[ca][db]") {
    const auto store = GENERATE(KeyStore::File, KeyStore::Token);
    INFO((store == KeyStore::File ? "issuing key in a file" : "issuing key on a token"));
    const std::string csr = csrFromKey("ca profile");
    CaFixture f(store);
    const auto issued = f.ca().issue(request(csr, "req-1"));

    const std::string certFile = test::writeScratchFile("profile-cert.pem", issued.certificatePem);
    const auto verified = test::runProcess(
        "openssl", {"verify", "-CAfile", f.chainFile(true), "-untrusted", f.chainFile(false), certFile});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);

    X509* cert = parse(issued.certificatePem);
    REQUIRE(cert);
    X509_NAME* subject = X509_get_subject_name(cert);
    CHECK(entry(subject, NID_countryName) == "CN");
    CHECK(entry(subject, NID_organizationName) == "天津市测试科技有限公司");
    CHECK(entry(subject, NID_commonName) == "天津市测试科技有限公司");
    CHECK(entry(subject, NID_organizationIdentifier) == "NTRCN-91350100M000100Y43");
    CHECK(X509_NAME_entry_count(subject) == 4); // nothing from the CSR's own subject
    // UTF-8, not another string type.
    CHECK(ASN1_STRING_type(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(
              subject, X509_NAME_get_index_by_NID(subject, NID_organizationName, -1)))) == V_ASN1_UTF8STRING);

    CHECK(X509_get_key_usage(cert) == (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION));
    CHECK(critical(cert, NID_key_usage));
    CHECK(X509_get_extended_key_usage(cert) == XKU_SSL_CLIENT);
    CHECK(X509_check_ca(cert) == 0);
    CHECK(critical(cert, NID_basic_constraints));
    CHECK(X509_get0_subject_key_id(cert) != nullptr);
    CHECK(X509_get0_authority_key_id(cert) != nullptr);
    CHECK(X509_get_signature_nid(cert) == NID_ecdsa_with_SHA256);

    auto* points =
        static_cast<CRL_DIST_POINTS*>(X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr));
    REQUIRE(points);
    const GENERAL_NAME* uri =
        sk_GENERAL_NAME_value(sk_DIST_POINT_value(points, 0)->distpoint->name.fullname, 0);
    CHECK(std::string(reinterpret_cast<const char*>(
              ASN1_STRING_get0_data(uri->d.uniformResourceIdentifier))) == f.config.crlUrl);
    CRL_DIST_POINTS_free(points);
    auto* aia =
        static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(cert, NID_info_access, nullptr, nullptr));
    REQUIRE(aia);
    const ACCESS_DESCRIPTION* access = sk_ACCESS_DESCRIPTION_value(aia, 0);
    CHECK(OBJ_obj2nid(access->method) == NID_ad_ca_issuers);
    AUTHORITY_INFO_ACCESS_free(aia);

    // 159-bit random serial: positive, at most 20 octets.
    BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
    CHECK(BN_num_bits(serial) <= 159);
    CHECK(BN_num_bits(serial) > 100);
    CHECK_FALSE(BN_is_negative(serial));
    BN_free(serial);
    int days = 0, seconds = 0;
    ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert));
    CHECK(days == 365);
    X509_free(cert);

    // Recorded in the database with its enterprise.
    pqxx::read_transaction tx{*f.conn};
    const auto row =
        tx.exec_params1("SELECT c.status, c.uscc, e.name, c.key_algorithm FROM certificates c JOIN "
                        "enterprises e ON e.id = c.enterprise_id WHERE c.serial = $1",
                        issued.serialHex);
    CHECK(row[0].as<std::string>() == "issued");
    CHECK(row[1].as<std::string>() == "91350100M000100Y43");
    CHECK(row[2].as<std::string>() == "天津市测试科技有限公司");
    CHECK(row[3].as<std::string>() == "EC-P256");
}

TEST_CASE("asking the built-in CA again with the same request id returns the same certificate", "[ca][db]") {
    const auto store = GENERATE(KeyStore::File, KeyStore::Token);
    const std::string csr = csrFromKey("ca idempotent");
    CaFixture f(store);
    ca::BuiltinCa& ca = f.ca();
    const auto first = ca.issue(request(csr, "req-same"));
    const auto again = ca.issue(request(csr, "req-same"));
    CHECK(again.serialHex == first.serialHex);
    CHECK(again.certificatePem == first.certificatePem);
    const auto other = ca.issue(request(csr, "req-other"));
    CHECK(other.serialHex != first.serialHex);
    pqxx::read_transaction tx{*f.conn};
    CHECK(tx.exec1("SELECT count(*) FROM certificates")[0].as<int>() == 2);
}

TEST_CASE("a revoked certificate is on the CRL with its reason and openssl verify rejects it", "[ca][db]") {
    const auto store = GENERATE(KeyStore::File, KeyStore::Token);
    const std::string revokedCsr = csrFromKey("ca revoke"), keptCsr = csrFromKey("ca kept");
    CaFixture f(store);
    ca::BuiltinCa& ca = f.ca();
    const auto issued = ca.issue(request(revokedCsr, "req-revoke"));
    const auto kept = ca.issue(request(keptCsr, "req-kept"));
    CHECK(ca.status(issued.serialHex).status == ca::CertificateStatus::Good);
    ca.revoke(issued.serialHex, ca::RevocationReason::KeyCompromise, std::chrono::system_clock::now());
    const auto status = ca.status(issued.serialHex);
    CHECK(status.status == ca::CertificateStatus::Revoked);
    CHECK(status.reason == ca::RevocationReason::KeyCompromise);
    CHECK(ca.status("ABCDEF").status == ca::CertificateStatus::Unknown);
    CHECK_THROWS_AS(ca.revoke("ABCDEF", ca::RevocationReason::Superseded, std::chrono::system_clock::now()),
                    ca::CaError);

    const std::string crlFile = test::writeScratchFile("revoke.crl", ca.crl());
    const std::string root = f.chainFile(true), issuing = f.chainFile(false);
    const auto rejected = test::runProcess(
        "openssl", {"verify", "-crl_check", "-CAfile", root, "-untrusted", issuing, "-CRLfile", crlFile,
                    test::writeScratchFile("revoked.pem", issued.certificatePem)});
    CHECK(rejected.exitCode != 0);
    CHECK_THAT(rejected.out + rejected.err, Catch::Contains("certificate revoked"));
    const auto accepted = test::runProcess(
        "openssl", {"verify", "-crl_check", "-CAfile", root, "-untrusted", issuing, "-CRLfile", crlFile,
                    test::writeScratchFile("kept.pem", kept.certificatePem)});
    CHECK(accepted.exitCode == 0);
    const auto text = test::runProcess("openssl", {"crl", "-in", crlFile, "-noout", "-text"});
    CHECK_THAT(text.out, Catch::Contains("Key Compromise"));
    CHECK_THAT(text.out, Catch::Contains(issued.serialHex));

    // The CRL number increases with every CRL.
    const auto numberOf = [](const std::string& pem) {
        const std::string file = test::writeScratchFile("number.crl", pem);
        const auto r = test::runProcess("openssl", {"crl", "-in", file, "-noout", "-crlnumber"});
        return r.out;
    };
    const std::string second = numberOf(ca.crl());
    const std::string third = numberOf(ca.crl());
    CHECK_THAT(second, Catch::Contains("crlNumber=0x02"));
    CHECK_THAT(third, Catch::Contains("crlNumber=0x03"));
}

TEST_CASE("bad certificate requests are refused with a clear reason", "[ca][db]") {
    const std::string good = csrFromKey("ca broken"), another = csrFromKey("ca nosubject");
    CaFixture f;
    ca::BuiltinCa& ca = f.ca();
    const auto reasonOf = [&](const std::string& csr) {
        try {
            ca.issue(request(csr, "bad-" + std::to_string(std::hash<std::string>{}(csr))));
        } catch (const ca::CaError& e) {
            CHECK(e.code == ca::CaErrorCode::CsrInvalid);
            return e.reason;
        }
        FAIL("a bad CSR was accepted");
        return std::string();
    };
    CHECK_THAT(reasonOf("garbage\x01\x02"), Catch::Contains("not a PEM certificate request"));

    // A broken signature: one byte of the signature changed.
    BIO* bio = BIO_new_mem_buf(good.data(), static_cast<int>(good.size()));
    X509_REQ* req = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    const ASN1_BIT_STRING* sig = nullptr;
    X509_REQ_get0_signature(req, &sig, nullptr);
    const_cast<ASN1_BIT_STRING*>(sig)->data[10] ^= 0x01;
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio_X509_REQ(out, req);
    char* data = nullptr;
    const long len = BIO_get_mem_data(out, &data);
    const std::string broken(data, static_cast<std::size_t>(len));
    BIO_free(out);
    X509_REQ_free(req);
    CHECK_THAT(reasonOf(broken), Catch::Contains("signature does not verify"));

    // A key the profile doesn't allow: EC P-384 and RSA-1024.
    for (const std::vector<std::string>& keyArgs :
         {std::vector<std::string>{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"},
          std::vector<std::string>{"-newkey", "rsa:1024"}}) {
        std::vector<std::string> args{
            "req", "-new", "-nodes", "-subj", "/CN=x", "-keyout", test::scratchDir() + "/k.pem"};
        args.insert(args.end(), keyArgs.begin(), keyArgs.end());
        const auto made = test::runProcess("openssl", args);
        REQUIRE(made.exitCode == 0);
        CHECK_THAT(reasonOf(made.out), Catch::Contains("neither RSA of at least 2048 bits nor EC P-256"));
    }

    // The subject must come from the papers.
    try {
        ca.issue({another, "enterprise-tax", "req-nosubject", {"", ""}});
        FAIL("issued without a subject");
    } catch (const ca::CaError& e) {
        CHECK(e.code == ca::CaErrorCode::ProfileViolation);
    }
}

TEST_CASE("two processes issuing 500 certificates each at once get 1,000 distinct serials and 1,000 rows",
          "[ca][db]") {
    CaFixture f(KeyStore::File, ca::CaKeyAlgorithm::EcP256);
    const std::string csrFile =
        test::writeScratchFile(f.database.name() + "-many.csr", csrFromKey("ca concurrent"));
    QProcess a, b;
    for (const auto& [process, prefix] : {std::pair{&a, "first-"}, std::pair{&b, "second-"}})
        process->start(QStringLiteral(COUNTERSIGN_ISSUE_MANY_PATH),
                       {QString::fromStdString(f.database.dsn()), QString::fromStdString(f.config.keyFile),
                        QStringLiteral("500"), QLatin1String(prefix), QString::fromStdString(csrFile)});
    REQUIRE(a.waitForFinished(120000));
    REQUIRE(b.waitForFinished(120000));
    INFO(a.readAllStandardError().toStdString() << b.readAllStandardError().toStdString());
    CHECK(a.exitCode() == 0);
    CHECK(b.exitCode() == 0);
    pqxx::read_transaction tx{*f.conn};
    const auto counts = tx.exec1("SELECT count(*), count(DISTINCT serial) FROM certificates");
    CHECK(counts[0].as<int>() == 1000);
    CHECK(counts[1].as<int>() == 1000);
    CHECK(tx.exec1("SELECT count(*) FROM ca_requests")[0].as<int>() == 1000);
}

TEST_CASE("the issuing CA key file must be private to its owner", "[ca][db]") {
    CaFixture f;
    ::chmod(f.config.keyFile.c_str(), 0644);
    try {
        f.ca();
        FAIL("a world-readable CA key was used");
    } catch (const ca::CaError& e) {
        CHECK_THAT(e.reason, Catch::Contains("chmod 600"));
    }
    struct stat st {};
    ::stat((f.config.keyFile + ".root").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("with the issuing key on a SoftHSM2 token the CA signs there, and the key can't be extracted",
          "[ca][db][token]") {
    test::TestDatabase database;
    auto conn = database.connect();
    std::string tokenSerial;
    {
        token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
        tokenSerial = device.initialise("", "CA HSM").serial;
        device.setUserPin(tokenSerial, Secret("97531864"));
    }
    const std::string csr = csrFromKey("ca on token"); // before the CA opens the module for good
    ca::BuiltinCaConfig config;
    config.rootKeyFile = test::scratchDir() + "/" + database.name() + "-root.key";
    config.pkcs11Module = test::SoftHsmStore::modulePath();
    ca::BuiltinCa::initialiseOnToken(*conn, config, ca::CaKeyAlgorithm::EcP256, "HSM测试", tokenSerial,
                                     Secret("97531864"));
    config.pinFile = test::writeScratchFile(database.name() + "-ca.pin", "97531864\n");
    ::chmod(config.pinFile.c_str(), 0600);

    std::string keyRef;
    {
        pqxx::read_transaction tx{*conn};
        const auto row = tx.exec1("SELECT key_store, key_ref FROM ca_authority");
        CHECK(row[0].as<std::string>() == "pkcs11");
        keyRef = row[1].as<std::string>();
    }
    CHECK_THAT(keyRef, Catch::StartsWith("pkcs11:serial=" + tokenSerial + ";id="));
    {
        ca::BuiltinCa ca(*conn, config);
        const auto issued = ca.issue(request(csr, "req-hsm"));
        const auto chain = ca.chain();
        const std::string root = test::writeScratchFile("hsm-root.pem", chain[1]);
        const std::string issuing = test::writeScratchFile("hsm-issuing.pem", chain[0]);
        const std::string cert = test::writeScratchFile("hsm-cert.pem", issued.certificatePem);
        const auto ok = test::runProcess("openssl", {"verify", "-CAfile", root, "-untrusted", issuing, cert});
        INFO(ok.out << ok.err);
        CHECK(ok.exitCode == 0);
        ca.revoke(issued.serialHex, ca::RevocationReason::Superseded, std::chrono::system_clock::now());
        const std::string crl = test::writeScratchFile("hsm.crl", ca.crl());
        const auto revoked = test::runProcess("openssl", {"verify", "-crl_check", "-CAfile", root,
                                                          "-untrusted", issuing, "-CRLfile", crl, cert});
        CHECK(revoked.exitCode != 0);
        CHECK_THAT(revoked.out + revoked.err, Catch::Contains("certificate revoked"));
    }
    // The issuing key is sensitive and never extractable on its token.
    const std::string keyId = keyRef.substr(keyRef.find(";id=") + 4);
    CHECK(token::privateKeyIsNonExtractable(test::SoftHsmStore::modulePath(), tokenSerial, keyId,
                                            Secret("97531864")));
}

TEST_CASE("what an external CA issued is journaled in the database and found again by any later process",
          "[ca][db]") {
    test::TestDatabase database;
    test::TestCa external;
    const std::string certificate = [&] {
        token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, test::testDeriver());
        const std::string serial = device.initialise("", "journal").serial;
        device.setUserPin(serial, Secret("246810"));
        const auto pair = device.generateKeyPair(serial, Secret("246810"), token::KeyAlgorithm::EcP256);
        return external.sign(device.makeCsr(serial, Secret("246810"), pair.keyId,
                                            "/C=CN/O=宁波外部测试有限公司/CN=宁波外部测试有限公司"
                                            "/organizationIdentifier=NTRCN-91350100M000100Y43"));
    }();
    ca::IssuedCertificate issued;
    issued.certificatePem = certificate;
    issued.chainPem = {external.certificatePem()};
    {
        auto conn = database.connect();
        ca::DatabaseJournal journal(*conn);
        CHECK_FALSE(journal.find("ext-1").has_value());
        journal.record("ext-1", issued);
    }
    // A new connection, as another process or counter would have.
    auto conn = database.connect();
    ca::DatabaseJournal journal(*conn);
    const auto found = journal.find("ext-1");
    REQUIRE(found.has_value());
    CHECK(found->certificatePem == certificate);
    REQUIRE(found->chainPem.size() == 1);
    CHECK(found->chainPem[0] == external.certificatePem());
    CHECK_FALSE(found->serialHex.empty());
    CHECK(journal.certificateBySerial(found->serialHex) == certificate);
    CHECK_FALSE(journal.certificateBySerial("ABCDEF").has_value());
    pqxx::read_transaction tx{*conn};
    const auto row =
        tx.exec1("SELECT e.name, c.uscc FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id");
    CHECK(row[0].as<std::string>() == "宁波外部测试有限公司");
    CHECK(row[1].as<std::string>() == "91350100M000100Y43");
}
