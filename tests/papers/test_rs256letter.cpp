// RS256 assistance letters (DESIGN §3.2, RFC 7518 §3.3): a throwaway tax authority with an RSA root and
// RSA signers, made with OpenSSL in the test, signs letters the way a tax office using RSA would.
#include "backend/papers/assistanceletter.h"
#include "tests/support/lettersigning.h"
#include "token/owned.h"

#include <catch2/catch.hpp>

#include <openssl/x509.h>

#include <string>
#include <vector>

using namespace countersign;
using namespace countersign::papers;
using test::derOf;
using test::ecKey;
using test::es256;
using test::hs256;
using test::makeCert;
using test::payloadJson;
using test::pemOf;
using test::rs256;
using test::rsaKey;
using test::Signer;

namespace {

using Key = Owned<EVP_PKEY>;
using Cert = Owned<X509>;

// A tax authority with an RSA-3072 root and the signer certificates the tests need, all made once per run
// (RSA key generation is the slow part).
struct TaxAuthority {
    Key rootKey = rsaKey(3072);
    Cert root = makeCert("测试税务总局根 TEST ROOT", rootKey.get(), nullptr, rootKey.get(), "20200101000000Z",
                         "20491231235959Z", true);
    // RSA-2048, the ordinary RS256 signer.
    Key signerKey = rsaKey(2048);
    Cert signer = makeCert("测试税务局 协办函签名 RSA", signerKey.get(), root.get(), rootKey.get(),
                           "20200101000000Z", "20491231235959Z", false);
    // The same key in a certificate that ended before the test letters are issued.
    Cert expiredSigner = makeCert("测试税务局 协办函签名 RSA 已过期", signerKey.get(), root.get(),
                                  rootKey.get(), "20200101000000Z", "20231231235959Z", false);
    // A key the tax office never certified.
    Key strangerKey = rsaKey(2048);
    // Too short for RS256.
    Key weakKey = rsaKey(1024);
    Cert weakSigner = makeCert("测试税务局 协办函签名 RSA-1024", weakKey.get(), root.get(), rootKey.get(),
                               "20200101000000Z", "20491231235959Z", false);
    // An ES256 signer of the same authority.
    Key ecSignerKey = ecKey();
    Cert ecSigner = makeCert("测试税务局 协办函签名 EC", ecSignerKey.get(), root.get(), rootKey.get(),
                             "20200101000000Z", "20491231235959Z", false);
};

const TaxAuthority& authority() {
    static const TaxAuthority a;
    return a;
}

// The authority's root trusted, and its signers registered for the sample letter's office.
AssistanceLetterVerifier verifier(bool withSignerCerts = true) {
    const auto& a = authority();
    std::vector<RegisteredSigner> signers;
    if (withSignerCerts) {
        for (X509* c : {a.signer.get(), a.expiredSigner.get(), a.weakSigner.get(), a.ecSigner.get()})
            signers.push_back({pemOf(c), "11201040000"});
    }
    return AssistanceLetterVerifier({pemOf(a.root.get())}, signers);
}

const Date kToday{2024, 5, 15};

AssistanceLetter sampleLetter() {
    AssistanceLetter l;
    l.ver = 1;
    l.no = "TJ-NK-2024-000456";
    l.office = "11201040000";
    l.officeName = "测试税务局南开分局（测试）";
    l.uscc = "91350100M000100Y43";
    l.org = "测试数据有限公司";
    l.agentName = "李四";
    l.agentIdNo = "11010519491231002X";
    l.issued = Date{2024, 5, 1};
    l.expires = Date{2024, 7, 29};
    l.biz = {"NEW", "UNLOCK"};
    return l;
}

// The sample letter unless other fields are given.
std::string letterJws(const std::string& alg, X509* signerCert, bool withX5c, const Signer& sign,
                      const AssistanceLetter& fields = sampleLetter()) {
    return test::letterJws(alg, signerCert, withX5c, sign, fields);
}

std::string signatureOf(const std::string& jws) {
    return detail::base64urlDecode(jws.substr(jws.rfind('.') + 1)).value_or("?");
}

std::optional<std::string> neverUsed(const std::string&, const std::string&) {
    return std::nullopt;
}

const std::vector<std::string>& kAllChecks = test::letterCheckIds();

std::vector<std::string> failedIds(const LetterVerification& v) {
    std::vector<std::string> out;
    for (const auto& c : v.checks) {
        if (!c.passed)
            out.push_back(c.id);
    }
    return out;
}

// Every check is listed with a reason, and exactly `expected` failed.
void requireOnlyFailures(const LetterVerification& v, const std::vector<std::string>& expected) {
    std::vector<std::string> ids;
    for (const auto& c : v.checks) {
        INFO(c.id << ": " << c.reason);
        CHECK_FALSE(c.reason.empty());
        ids.push_back(c.id);
    }
    REQUIRE(ids == kAllChecks);
    CHECK(failedIds(v) == expected);
    CHECK_FALSE(v.ok());
    REQUIRE(v.firstFailure() != nullptr);
    CHECK(v.firstFailure()->id == expected.front());
}

void requireAllPassed(const LetterVerification& v) {
    std::vector<std::string> ids;
    for (const auto& c : v.checks) {
        INFO(c.id << ": " << c.reason);
        CHECK(c.passed);
        CHECK_FALSE(c.reason.empty());
        ids.push_back(c.id);
    }
    CHECK(ids == kAllChecks);
    REQUIRE(v.ok());
}

const std::string& reasonOf(const LetterVerification& v, const std::string& id) {
    const LetterCheck* check = v.check(id);
    REQUIRE(check != nullptr);
    return check->reason;
}

} // namespace

TEST_CASE("an RS256 letter from an RSA-2048 signer passes every check, its signer found by thumbprint",
          "[papers]") {
    const auto& a = authority();
    const std::string jws = letterJws("RS256", a.signer.get(), false, rs256(a.signerKey.get()));
    CHECK(signatureOf(jws).size() == 256); // RFC 7518 §3.3: as long as the modulus

    const auto v = verifier().verify(jws, kToday, neverUsed);
    requireAllPassed(v);
    CHECK_THAT(reasonOf(v, "algorithm"), Catch::Contains("RS256"));
    CHECK_THAT(reasonOf(v, "signer"), Catch::Contains("协办函签名 RSA"));
    REQUIRE(v.letter);
    CHECK(v.letter->no == "TJ-NK-2024-000456");
    CHECK(v.letter->office == "11201040000");
    CHECK(v.letter->officeName == "测试税务局南开分局（测试）");
    CHECK(v.letter->uscc == "91350100M000100Y43");
    CHECK(v.letter->org == "测试数据有限公司");
    CHECK(v.letter->agentName == "李四");
    CHECK(v.letter->agentIdNo == "11010519491231002X");
    CHECK(v.letter->issued == Date{2024, 5, 1});
    CHECK(v.letter->expires == Date{2024, 7, 29});
    CHECK(v.letter->biz == std::vector<std::string>{"NEW", "UNLOCK"});
}

TEST_CASE("an RS256 letter carrying its RSA signer in x5c passes only when that signer is registered",
          "[papers]") {
    const auto& a = authority();
    const std::string jws = letterJws("RS256", a.signer.get(), true, rs256(a.signerKey.get()));
    requireAllPassed(verifier().verify(jws + "\n", kToday, neverUsed));
    const std::vector<std::string> noSigner = {
        "signer", "signer_office", "chain", "signer_valid_on_issued", "signer_valid_today", "signature"};
    const auto carried = verifier(false).verify(jws + "\n", kToday, neverUsed);
    requireOnlyFailures(carried, noSigner);
    CHECK_THAT(reasonOf(carried, "signer"), Catch::Contains("not a registered tax-office signer"));

    // Without x5c and without registered signers the counter can't know the signer.
    const std::string bare = letterJws("RS256", a.signer.get(), false, rs256(a.signerKey.get()));
    requireOnlyFailures(verifier(false).verify(bare, kToday, neverUsed), noSigner);
}

TEST_CASE("a letter whose signature does not fit the algorithm its header names fails the signature check "
          "saying why",
          "[papers]") {
    const auto& a = authority();
    SECTION("header RS256, RSA signer, but an ES256 signature") {
        const std::string jws = letterJws("RS256", a.signer.get(), false, es256(a.ecSignerKey.get()));
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signature"});
        CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("does not match"));
    }
    SECTION("header RS256, RSA signer, but an RSASSA-PSS signature") {
        const std::string jws = letterJws("RS256", a.signer.get(), true, rs256(a.signerKey.get(), true));
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signature"});
        CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("does not match"));
    }
    SECTION("header ES256, but the signer's key is RSA and it signed RS256") {
        const std::string jws = letterJws("ES256", a.signer.get(), false, rs256(a.signerKey.get()));
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signature"});
        CHECK_THAT(reasonOf(v, "signature"),
                   Catch::Contains("says ES256 but the signer's key is not an EC P-256 key"));
    }
    SECTION("header RS256, but the signer's key is EC and it signed ES256") {
        const std::string jws = letterJws("RS256", a.ecSigner.get(), true, es256(a.ecSignerKey.get()));
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signature"});
        CHECK_THAT(reasonOf(v, "signature"),
                   Catch::Contains("says RS256 but the signer's key is not an RSA key"));
    }
    SECTION("the same EC signer and signature under an ES256 header pass") {
        requireAllPassed(verifier().verify(
            letterJws("ES256", a.ecSigner.get(), true, es256(a.ecSignerKey.get())), kToday, neverUsed));
    }
}

TEST_CASE("an RS256 letter signed by an RSA key other than its signer's fails the signature check only",
          "[papers]") {
    const auto& a = authority();
    for (const bool withX5c : {false, true}) {
        INFO("x5c: " << withX5c);
        const std::string jws = letterJws("RS256", a.signer.get(), withX5c, rs256(a.strangerKey.get()));
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signature"});
        CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("signed with another key"));
        REQUIRE(v.letter); // shown to the operator, but not trusted
        CHECK(v.letter->org == "测试数据有限公司");
    }

    // A correct signature over other contents.
    const std::string good = letterJws("RS256", a.signer.get(), false, rs256(a.signerKey.get()));
    AssistanceLetter other = sampleLetter();
    other.org = "另一家公司";
    const std::string forged = good.substr(0, good.find('.') + 1) +
                               detail::base64urlEncode(payloadJson(other)) + good.substr(good.rfind('.'));
    const auto v = verifier().verify(forged, kToday, neverUsed);
    requireOnlyFailures(v, {"signature"});
    REQUIRE(v.letter);
    CHECK(v.letter->org == "另一家公司");
}

TEST_CASE("an RS256 letter issued after its signer's certificate expired fails signer_valid_on_issued",
          "[papers]") {
    const auto& a = authority();
    for (const bool withX5c : {false, true}) {
        INFO("x5c: " << withX5c);
        // expiredSigner holds the right key, but its certificate ended on 2023-12-31.
        const std::string jws = letterJws("RS256", a.expiredSigner.get(), withX5c, rs256(a.signerKey.get()));
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signer_valid_on_issued", "signer_valid_today"});
        CHECK_THAT(reasonOf(v, "signer_valid_on_issued"), Catch::Contains("2024-05-01"));
        CHECK_THAT(reasonOf(v, "signer_valid_on_issued"), Catch::Contains("expired"));
        CHECK_THAT(reasonOf(v, "signer_valid_today"), Catch::Contains("2024-05-15"));
    }

    // Back-dated into the time that certificate was still valid, the same signer is refused: it is not valid
    // today, and the letter was issued longer ago than a letter may run.
    AssistanceLetter older = sampleLetter();
    older.issued = Date{2023, 12, 20};
    older.expires = Date{2024, 3, 18};
    const auto backDated =
        verifier().verify(letterJws("RS256", a.expiredSigner.get(), false, rs256(a.signerKey.get()), older),
                          Date{2024, 3, 1}, neverUsed);
    requireOnlyFailures(backDated, {"signer_valid_today"});
    CHECK_THAT(reasonOf(backDated, "signer_valid_today"), Catch::Contains("2024-03-01"));
    CHECK_THAT(reasonOf(backDated, "signer_valid_today"), Catch::Contains("expired"));
}

TEST_CASE("an RS256 letter from a 1024-bit RSA signer fails the signature check naming the key size",
          "[papers]") {
    const auto& a = authority();
    for (const bool withX5c : {false, true}) {
        INFO("x5c: " << withX5c);
        const std::string jws = letterJws("RS256", a.weakSigner.get(), withX5c, rs256(a.weakKey.get()));
        CHECK(signatureOf(jws).size() == 128); // a genuine, well-formed 1024-bit signature
        const auto v = verifier().verify(jws, kToday, neverUsed);
        requireOnlyFailures(v, {"signature"});
        CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("1024 bits"));
        CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("at least 2048"));
    }
}

TEST_CASE("letters with alg none, HS256 or another unaccepted algorithm are refused at the algorithm check",
          "[papers]") {
    const auto& a = authority();
    SECTION("alg none with an empty signature") {
        const std::string jws = letterJws("none", a.signer.get(), true, nullptr);
        CHECK(jws.back() == '.');
        const auto v = verifier().verify(jws, kToday, neverUsed);
        CHECK_FALSE(v.ok());
        CHECK_FALSE(v.check("algorithm")->passed);
        CHECK_THAT(reasonOf(v, "algorithm"), Catch::Contains("\"none\""));
        CHECK_THAT(reasonOf(v, "algorithm"), Catch::Contains("only ES256 and RS256"));
        CHECK_FALSE(v.check("signature")->passed);
    }
    SECTION("alg none with a genuine RS256 signature attached") {
        const auto v = verifier().verify(letterJws("none", a.signer.get(), false, rs256(a.signerKey.get())),
                                         kToday, neverUsed);
        requireOnlyFailures(v, {"algorithm", "signature"});
        CHECK_THAT(reasonOf(v, "algorithm"), Catch::Contains("\"none\""));
        CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("Not checked"));
    }
    SECTION("HS256 keyed with the signer's public certificate") {
        for (const std::string& secret : {pemOf(a.signer.get()), derOf(a.signer.get())}) {
            const auto v = verifier().verify(letterJws("HS256", a.signer.get(), false, hs256(secret)), kToday,
                                             neverUsed);
            requireOnlyFailures(v, {"algorithm", "signature"});
            CHECK_THAT(reasonOf(v, "algorithm"), Catch::Contains("\"HS256\""));
            CHECK_THAT(reasonOf(v, "signature"), Catch::Contains("Not checked"));
        }
    }
    SECTION("names that are not exactly RS256") {
        for (const char* alg : {"rs256", "RS384", "PS256", "RS256 ", ""}) {
            INFO("alg: [" << alg << "]");
            const auto v = verifier().verify(letterJws(alg, a.signer.get(), false, rs256(a.signerKey.get())),
                                             kToday, neverUsed);
            requireOnlyFailures(v, {"algorithm", "signature"});
        }
    }
}
