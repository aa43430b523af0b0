// CRL publication (issue 21, "CRL publication"): `countersignctl ca crl --publish DIR` writes the CRL where
// the distribution point URL is served from, whole and readable by the web server, and `openssl crl` verifies
// it with the issuing CA; with [ca] crl_publish_dir set, a revocation by the workflow publishes at once;
// doctor fails on a CRL older than half its lifetime, one missing a revocation or signed by another key, and
// passes on a fresh one. Real PostgreSQL, OpenSSL (and its command line), the built-in CA.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "backend/ca/caconnector.h"
#include "backend/ca/crlfreshness.h"
#include "backend/ca/crlpublish.h"
#include "tests/support/counterfixture.h"
#include "tests/support/testenv.h"
#include "token/owned.h"

using namespace countersign;
using test::CounterFixture;

namespace {

/// The counter's configuration with [ca] crl_publish_dir = `dir` (a file of its own).
std::string configPublishingTo(const CounterFixture& f, const std::string& dir) {
    std::ifstream in(f.configPath);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find("[ca]\n");
    REQUIRE(at != std::string::npos);
    text.insert(at + 5, "crl_publish_dir=" + dir + "\n");
    return test::writeScratchFile(
        f.db.name() + "-crl-" + std::to_string(std::hash<std::string>{}(dir)) + ".conf", text);
}

std::string publishDir(const CounterFixture& f) {
    const std::string dir = f.dir + "/crl-www";
    QDir().mkpath(QString::fromStdString(dir));
    return dir;
}

Owned<X509> issuingCa(CounterFixture& f) {
    ca::BuiltinCa builtin(*f.conn, ca::builtinCaConfig(f.config));
    const std::string pem = builtin.chain().front();
    const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    return Owned<X509>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

/// A CRL of the issuing CA (its name) signed with `keyFile`'s key, thisUpdate `ageHours` ago, valid 7 days
/// from then; DER.
std::string crlSignedWith(X509* issuing, const std::string& keyFile, long ageHours) {
    const Owned<BIO> in(BIO_new_file(keyFile.c_str(), "r"));
    const Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
    REQUIRE(key);
    const Owned<X509_CRL> crl(X509_CRL_new());
    X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuing));
    const std::time_t thisUpdate = std::time(nullptr) - ageHours * 3600;
    const Owned<ASN1_TIME> last(ASN1_TIME_set(nullptr, thisUpdate));
    const Owned<ASN1_TIME> next(ASN1_TIME_set(nullptr, thisUpdate + 7 * 24 * 3600));
    X509_CRL_set1_lastUpdate(crl.get(), last.get());
    X509_CRL_set1_nextUpdate(crl.get(), next.get());
    X509_CRL_sign(crl.get(), key.get(), EVP_sha256());
    unsigned char* raw = nullptr;
    const int len = i2d_X509_CRL(crl.get(), &raw);
    const Owned<unsigned char> der(raw);
    return std::string(reinterpret_cast<char*>(raw), static_cast<std::size_t>(len));
}

QJsonObject doctorCheck(const CounterFixture& f, const std::string& config, const char* name) {
    const auto r = test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "--json", "doctor"}, {},
                                    {{"CSFAULT_STATE_DIR", f.dir + "/faultstate"}});
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
    for (const auto v : json.value(QStringLiteral("checks")).toArray())
        if (v.toObject().value(QStringLiteral("check")).toString() == QLatin1String(name))
            return v.toObject();
    FAIL("doctor has no check named " << name << ": " << r.out << r.err);
    return {};
}

} // namespace

TEST_CASE(
    "countersignctl ca crl --publish writes the CRL atomically under the distribution point's name, and "
    "openssl crl verifies it with the issuing CA",
    "[ctl][ca][crl]") {
    CounterFixture f;
    const std::string dir = publishDir(f);
    const auto r = f.ctl({"ca", "crl", "--publish", dir});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    // crl_url is http://ca.example.cn/test.crl: DER, as RFC 5280 wants of an HTTP distribution point.
    const std::string path = dir + "/test.crl";
    CHECK_THAT(r.out, Catch::Contains("CRL published at " + path));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0644);
    CHECK(QDir(QString::fromStdString(dir)).entryList(QDir::Files | QDir::Hidden).size() ==
          1); // no temp left

    const std::string chain = f.dir + "/chain.pem";
    REQUIRE(f.ctl({"ca", "export-chain", "--out", chain}).exitCode == 0);
    const auto verify = test::runProcess(
        "openssl", {"crl", "-inform", "DER", "-in", path, "-CAfile", chain, "-noout", "-nextupdate"});
    INFO(verify.out << verify.err);
    CHECK(verify.exitCode == 0);
    CHECK_THAT(verify.err + verify.out, Catch::Contains("verify OK"));

    // Published again: the file replaced whole, with a higher crlNumber.
    const auto first =
        test::runProcess("openssl", {"crl", "-inform", "DER", "-in", path, "-noout", "-crlnumber"});
    REQUIRE(f.ctl({"ca", "crl", "--publish", dir}).exitCode == 0);
    const auto second =
        test::runProcess("openssl", {"crl", "-inform", "DER", "-in", path, "-noout", "-crlnumber"});
    CHECK(first.out != second.out);

    CHECK(f.ctl({"ca", "crl", "--publish", f.dir + "/no-such-dir"}).exitCode == 3);
    CHECK(ca::crlFileName("http://ca.centre.example/pki/countersign.crl?x=1") == "countersign.crl");
    CHECK(ca::crlFileName("") == "countersign.crl");
    CHECK(ca::crlNameWantsPem("ca.crl.pem"));
}

TEST_CASE(
    "With [ca] crl_publish_dir set, a REPLACE's revocation publishes the CRL at once, and doctor checks "
    "the published CRL's age, issuer and revocations",
    "[workflow][ctl][ca][crl]") {
    CounterFixture f;
    const std::string dir = publishDir(f);
    const std::string config = configPublishingTo(f, dir);
    const std::string path = dir + "/test.crl";

    // Nothing published yet: doctor fails naming it.
    auto check = doctorCheck(f, config, "CRL");
    CHECK_FALSE(check["ok"].toBool());
    CHECK_THAT(check["detail"].toString().toStdString(), Catch::Contains("no CRL published at " + path));

    const std::string lostSerial = f.issueNew("CRL-P1");
    const auto lost = f.certificateOnKey(lostSerial);
    f.config.caCrlPublishDir = QString::fromStdString(dir);
    {
        auto p = f.open();
        workflow::ReplaceRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = CounterFixture::authorizationLetter(true, false);
        r.idCardNo = r.letter.agentIdNo;
        r.oldKeySerial = lostSerial;
        r.newPin = Secret("24681357");
        r.algorithm = token::KeyAlgorithm::EcP256;
        r.payments = {fees::PaymentInput{fees::PaymentMethod::Cash, 2600, {}}};
        REQUIRE(p.flow->runReplace(std::move(r)).state == "completed");
    }
    const auto text = test::runProcess("openssl", {"crl", "-inform", "DER", "-in", path, "-noout", "-text"});
    INFO(text.err);
    CHECK_THAT(text.out, Catch::Contains(lost.serial));
    CHECK_THAT(text.out, Catch::Contains("Key Compromise"));
    check = doctorCheck(f, config, "CRL");
    CHECK(check["ok"].toBool());
    CHECK_THAT(check["detail"].toString().toStdString(), Catch::Contains("1 revocation(s)"));

    // A CRL of the right name but 4 days into its 7: publication has stopped.
    const auto issuing = issuingCa(f);
    ca::writeAtomically(path, crlSignedWith(issuing.get(), f.dir + "/issuing.key", 96), 0644);
    check = doctorCheck(f, config, "CRL");
    CHECK_FALSE(check["ok"].toBool());
    CHECK_THAT(check["detail"].toString().toStdString(), Catch::Contains("more than half its lifetime"));
    // A fresh one that misses the revocation (a publication that failed after it).
    ca::writeAtomically(path, crlSignedWith(issuing.get(), f.dir + "/issuing.key", 1), 0644);
    check = doctorCheck(f, config, "CRL");
    CHECK_FALSE(check["ok"].toBool());
    CHECK_THAT(check["detail"].toString().toStdString(),
               Catch::Contains("does not list certificate " + lost.serial));
    // Signed by a key that is not the issuing CA's.
    {
        const Owned<EVP_PKEY> other(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        const std::string otherKey = f.dir + "/other.key";
        const Owned<BIO> out(BIO_new_file(otherKey.c_str(), "w"));
        PEM_write_bio_PrivateKey(out.get(), other.get(), nullptr, nullptr, 0, nullptr, nullptr);
        BIO_flush(out.get());
        ca::writeAtomically(path, crlSignedWith(issuing.get(), otherKey, 1), 0644);
    }
    check = doctorCheck(f, config, "CRL");
    CHECK_FALSE(check["ok"].toBool());
    CHECK_THAT(check["detail"].toString().toStdString(), Catch::Contains("is not signed by the issuing CA"));
    ca::writeAtomically(path, "not a CRL", 0644);
    CHECK_THAT(doctorCheck(f, config, "CRL")["detail"].toString().toStdString(),
               Catch::Contains("is not a readable CRL"));

    // What the timer runs puts it right.
    REQUIRE(
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "ca", "crl", "--publish", dir}).exitCode ==
        0);
    CHECK(doctorCheck(f, config, "CRL")["ok"].toBool());
}

TEST_CASE(
    "A revocation whose CRL can't be published stands, is audited, and doctor names what the published CRL "
    "lacks",
    "[ctl][ca][crl]") {
    CounterFixture f;
    f.db.addStaff("admin.liu", "admin-password", "admin");
    const std::string dir = publishDir(f);
    const std::string serial = f.certificateOnKey(f.issueNew("CRL-F1")).serial;
    REQUIRE(f.ctl({"ca", "crl", "--publish", dir}).exitCode == 0);
    // The revocation's publication fails (its directory is a file: a failure even root meets); the CRL in the
    // served directory stays the one from before.
    const std::string broken = test::writeScratchFile(f.db.name() + "-not-a-dir", "x");
    const auto r =
        test::runProcess(COUNTERSIGNCTL_PATH,
                         {"--config", configPublishingTo(f, broken), "ca", "revoke", serial, "--reason",
                          "keyCompromise", "--operator", "admin.liu", "--password-fd", "0"},
                         "admin-password\n");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.err, Catch::Contains("the CRL was not published"));
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", serial) == "revoked");
    CHECK(f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'ca.crl_publish_failed' AND "
                   "subject = $1",
                   serial) == "1");
    const auto check = doctorCheck(f, configPublishingTo(f, dir), "CRL");
    CHECK_FALSE(check["ok"].toBool());
    CHECK_THAT(check["detail"].toString().toStdString(),
               Catch::Contains("does not list certificate " + serial));
    CHECK_FALSE(f.auditBrokenAt());
}
