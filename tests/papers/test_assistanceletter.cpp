#include "backend/papers/assistanceletter.h"
#include "backend/papers/demoletterissuer.h"
#include "tests/support/lettersigning.h"
#include "tests/support/testenv.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

using namespace countersign;
using namespace countersign::papers;

namespace {

const std::vector<std::string>& kAllChecks = test::letterCheckIds();

// What a letter without a registered signer fails besides "signer": everything checked with the signer.
const std::vector<std::string> kNoSigner = {
    "signer", "signer_office", "chain", "signer_valid_on_issued", "signer_valid_today", "signature"};

const Date kToday{2024, 5, 15};

// A demo tax office made once for the whole test run: key generation is the slow part.
const DemoLetterIssuer& demoOffice() {
    static const std::string dir = [] {
        const std::string d = test::scratchDir() + "/demo-tax-office";
        DemoLetterIssuer::init(d);
        return d;
    }();
    static const DemoLetterIssuer issuer(dir);
    return issuer;
}

AssistanceLetter sampleLetter() {
    AssistanceLetter l;
    l.ver = 1;
    l.no = "TJ-HP-2024-000123";
    l.office = "11201010000";
    l.officeName = "国家税务总局天津市和平区税务局（演示）";
    l.uscc = "91350100M000100Y43";
    l.org = "演示科技有限公司";
    l.agentName = "张三";
    l.agentIdNo = "11010519491231002X";
    l.issued = Date{2024, 5, 1};
    l.expires = Date{2024, 7, 29}; // 89 days: within [letters] max_validity_days
    l.biz = {"NEW"};
    return l;
}

std::optional<std::string> neverUsed(const std::string&, const std::string&) {
    return std::nullopt;
}

// The demo office's root trusted, and its signer registered for the sample letter's office.
AssistanceLetterVerifier demoVerifier(bool withSignerCerts = true) {
    const auto& office = demoOffice();
    return AssistanceLetterVerifier(
        {office.trustAnchorPem()},
        withSignerCerts ? std::vector<RegisteredSigner>{{office.signerCertPem(), "11201010000"}}
                        : std::vector<RegisteredSigner>{});
}

std::vector<std::string> failedIds(const LetterVerification& v) {
    std::vector<std::string> out;
    for (const auto& c : v.checks) {
        if (!c.passed)
            out.push_back(c.id);
    }
    return out;
}

std::vector<std::string> reportedIds(const LetterVerification& v) {
    std::vector<std::string> out;
    for (const auto& c : v.checks)
        out.push_back(c.id);
    return out;
}

// Every check is listed with a reason, and exactly `expected` failed.
void requireOnlyFailures(const LetterVerification& v, const std::vector<std::string>& expected) {
    REQUIRE(reportedIds(v) == kAllChecks);
    for (const auto& c : v.checks) {
        INFO(c.id << ": " << c.reason);
        CHECK_FALSE(c.reason.empty());
    }
    CHECK(failedIds(v) == expected);
    CHECK_FALSE(v.ok());
    REQUIRE(v.firstFailure() != nullptr);
    CHECK(v.firstFailure()->id == expected.front());
}

std::string replacePayload(const std::string& jws, const std::string& payloadJson) {
    const size_t a = jws.find('.');
    const size_t b = jws.find('.', a + 1);
    return jws.substr(0, a + 1) + detail::base64urlEncode(payloadJson) + jws.substr(b);
}

} // namespace

TEST_CASE("a demo-issued letter passes every check, its signer found by thumbprint", "[papers]") {
    const std::string jws = demoOffice().issue(sampleLetter());
    const auto v = demoVerifier().verify(jws, kToday, neverUsed);
    for (const auto& c : v.checks) {
        INFO(c.id << ": " << c.reason);
        CHECK(c.passed);
        CHECK_FALSE(c.reason.empty());
    }
    CHECK(reportedIds(v) == kAllChecks);
    CHECK(v.ok());
    REQUIRE(v.letter);
    CHECK(v.letter->no == "TJ-HP-2024-000123");
    CHECK(v.letter->org == "演示科技有限公司");
    CHECK(v.letter->agentName == "张三");
    CHECK(v.letter->agentIdNo == "11010519491231002X");
    CHECK(v.letter->issued == Date{2024, 5, 1});
    CHECK(v.letter->expires == Date{2024, 7, 29});
    CHECK(v.letter->biz == std::vector<std::string>{"NEW"});
}

TEST_CASE("a demo-issued letter carrying its registered signer in x5c passes, and without the registration "
          "it is refused at the signer check",
          "[papers]") {
    const std::string jws = demoOffice().issue(sampleLetter(), true);
    const auto v = demoVerifier().verify(jws + "\r\n", kToday, neverUsed);
    for (const auto& c : v.checks) {
        INFO(c.id << ": " << c.reason);
        CHECK(c.passed);
    }
    CHECK(v.ok());

    // x5c carries the certificate; it does not make it a signer.
    const auto unregistered = demoVerifier(false).verify(jws, kToday, neverUsed);
    requireOnlyFailures(unregistered, kNoSigner);
    CHECK_THAT(unregistered.check("signer")->reason, Catch::Contains("not a registered tax-office signer"));
}

TEST_CASE("a letter whose signer is neither carried nor registered is refused at the signer check",
          "[papers]") {
    const auto v = demoVerifier(false).verify(demoOffice().issue(sampleLetter()), kToday, neverUsed);
    requireOnlyFailures(v, kNoSigner);
}

TEST_CASE("the demo issuer keeps its keys private", "[papers]") {
    demoOffice();
    struct stat st {};
    for (const char* key : {"/demo-tax-office/demo-root.key", "/demo-tax-office/demo-signer.key"}) {
        REQUIRE(::stat((test::scratchDir() + key).c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
    }
    CHECK(demoOffice().trustAnchorPem().find("BEGIN CERTIFICATE") != std::string::npos);
}

TEST_CASE("a letter's QR code round-trips through a PNG", "[papers]") {
    const std::string jws = demoOffice().issue(sampleLetter(), true);
    const std::string png = test::scratchDir() + "/letter-qr.png";
    DemoLetterIssuer::writeQrPng(jws, png);
    CHECK(decodeQrFromImage(png) == jws);

    const std::string chinese = "证书协办函 演示税务机关 DEMO";
    DemoLetterIssuer::writeQrPng(chinese, test::scratchDir() + "/chinese-qr.png");
    CHECK(decodeQrFromImage(test::scratchDir() + "/chinese-qr.png") == chinese);

    CHECK_FALSE(decodeQrFromImage(test::writeScratchFile("not-an-image.png", "plain text")));
}

TEST_CASE("a letter changed after signing fails the signature check only", "[papers]") {
    const std::string jws = demoOffice().issue(sampleLetter());
    AssistanceLetter other = sampleLetter();
    other.org = "另一家公司";
    const std::string otherJws = demoOffice().issue(other);
    const std::string otherPayload = *detail::base64urlDecode(
        otherJws.substr(otherJws.find('.') + 1, otherJws.rfind('.') - otherJws.find('.') - 1));
    const auto v = demoVerifier().verify(replacePayload(jws, otherPayload), kToday, neverUsed);
    requireOnlyFailures(v, {"signature"});
    REQUIRE(v.letter);
    CHECK(v.letter->org == "另一家公司"); // shown to the operator, but not trusted
}

TEST_CASE("a letter signed by an untrusted office fails the chain check", "[papers]") {
    const std::string dir = test::scratchDir() + "/rogue-tax-office";
    DemoLetterIssuer::init(dir);
    const DemoLetterIssuer rogue(dir);
    // Its signer is not registered: it carries its certificate in x5c, which is no registration.
    const auto v = demoVerifier().verify(rogue.issue(sampleLetter(), true), kToday, neverUsed);
    requireOnlyFailures(v, kNoSigner);

    // Registered as a signer but still not chaining to the demo root.
    const AssistanceLetterVerifier misconfigured({demoOffice().trustAnchorPem()},
                                                 {{rogue.signerCertPem(), "11201010000"}});
    const auto chain = misconfigured.verify(rogue.issue(sampleLetter()), kToday, neverUsed);
    requireOnlyFailures(chain, {"chain"});
    CHECK(chain.check("chain")->reason.find("trust anchor") != std::string::npos);
}

TEST_CASE("a letter outside its dates fails the dates check", "[papers]") {
    const std::string jws = demoOffice().issue(sampleLetter());
    SECTION("expired") {
        const auto v = demoVerifier().verify(jws, Date{2024, 7, 30}, neverUsed);
        requireOnlyFailures(v, {"dates"});
        CHECK(v.check("dates")->reason.find("expired") != std::string::npos);
    }
    SECTION("not yet valid") {
        const auto v = demoVerifier().verify(jws, Date{2024, 4, 30}, neverUsed);
        requireOnlyFailures(v, {"dates"});
        CHECK(v.check("dates")->reason.find("not valid yet") != std::string::npos);
    }
    SECTION("expires before it was issued") {
        AssistanceLetter l = sampleLetter();
        l.expires = Date{2024, 4, 1};
        requireOnlyFailures(demoVerifier().verify(demoOffice().issue(l), kToday, neverUsed), {"dates"});
    }
}

TEST_CASE("a letter issued before its signer's certificate was valid fails signer_valid_on_issued",
          "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.issued = Date{2019, 12, 1}; // the demo certificates start on 2020-01-01
    l.expires = Date{2020, 2, 28};
    const auto v = demoVerifier().verify(demoOffice().issue(l), Date{2020, 1, 15}, neverUsed);
    requireOnlyFailures(v, {"signer_valid_on_issued"});
    CHECK(v.check("signer_valid_on_issued")->reason.find("2019-12-01") != std::string::npos);
}

TEST_CASE("a letter without NEW among its business fails the business check", "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.biz = {"RENEW", "UNLOCK"};
    requireOnlyFailures(demoVerifier().verify(demoOffice().issue(l), kToday, neverUsed), {"business"});
}

TEST_CASE("a letter with a wrong USCC check character fails the uscc check", "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.uscc = "91350100M000100Y44";
    const auto v = demoVerifier().verify(demoOffice().issue(l), kToday, neverUsed);
    requireOnlyFailures(v, {"uscc"});
    CHECK(v.check("uscc")->reason.find("USCC") != std::string::npos);
}

TEST_CASE("a letter with an invalid agent ID number fails the agent_id check", "[papers]") {
    AssistanceLetter l = sampleLetter();
    SECTION("wrong check digit") {
        l.agentIdNo = "110105194912310021";
    }
    SECTION("born after today") {
        l.agentIdNo = "110105203001010011";
    }
    const auto v = demoVerifier().verify(demoOffice().issue(l), kToday, neverUsed);
    requireOnlyFailures(v, {"agent_id"});
}

TEST_CASE("a letter already used fails the unused check naming the transaction", "[papers]") {
    const std::string jws = demoOffice().issue(sampleLetter());
    std::string askedOffice, askedNo;
    const auto v = demoVerifier().verify(jws, kToday, [&](const std::string& office, const std::string& no) {
        askedOffice = office;
        askedNo = no;
        return std::optional<std::string>("TJ01-20240502-0007");
    });
    requireOnlyFailures(v, {"unused"});
    CHECK(askedOffice == "11201010000");
    CHECK(askedNo == "TJ-HP-2024-000123");
    CHECK(v.check("unused")->reason.find("TJ01-20240502-0007") != std::string::npos);
}

TEST_CASE("without a register of used letters the unused check does not pass", "[papers]") {
    requireOnlyFailures(demoVerifier().verify(demoOffice().issue(sampleLetter()), kToday), {"unused"});
}

TEST_CASE("garbage text fails the format check and every other check says why it was not run", "[papers]") {
    for (const std::string text : {"hello world", "", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.%%%.xyz"}) {
        INFO("text: " << text);
        const auto v = demoVerifier().verify(text, kToday, neverUsed);
        REQUIRE(reportedIds(v) == kAllChecks);
        CHECK_FALSE(v.ok());
        CHECK_FALSE(v.letter);
        REQUIRE(v.firstFailure() != nullptr);
        CHECK(v.firstFailure()->id == "format");
        for (const auto& c : v.checks)
            CHECK_FALSE(c.reason.empty());
    }
}

TEST_CASE("a letter of an unknown version fails the format check but its signature is still checked",
          "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.ver = 2;
    const auto v = demoVerifier().verify(demoOffice().issue(l), kToday, neverUsed);
    CHECK(v.check("format")->passed == false);
    CHECK(v.check("format")->reason.find("version") != std::string::npos);
    CHECK(v.check("signature")->passed);
    CHECK(v.check("chain")->passed);
    CHECK_FALSE(v.letter);
}

TEST_CASE("base64url helpers refuse padding and foreign characters", "[papers]") {
    CHECK(detail::base64urlEncode("\xfb\xff") == "-_8");
    CHECK(detail::base64urlDecode("-_8") == std::string("\xfb\xff"));
    CHECK(detail::base64urlDecode("") == std::string());
    for (const std::string bytes : {"a", "ab", "abc", "abcd", "abcdef"})
        CHECK(detail::base64urlDecode(detail::base64urlEncode(bytes)) == bytes);
    CHECK_FALSE(detail::base64urlDecode("-_8="));
    CHECK_FALSE(detail::base64urlDecode("+/8"));
    CHECK_FALSE(detail::base64urlDecode("abcde"));
}
