// RS256 assistance letters (DESIGN §3.2, RFC 7518 §3.3): a throwaway tax authority with an RSA root and
// RSA signers, made with OpenSSL in the test, signs letters the way a tax office using RSA would.
#include "backend/papers/assistanceletter.h"
#include "token/owned.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace countersign;
using namespace countersign::papers;

namespace {

using Key = Owned<EVP_PKEY>;
using Cert = Owned<X509>;

// The fixtures are built in static initialisers, where a Catch2 REQUIRE can't report; throw instead.
void need(bool ok, const std::string& what) {
    if (!ok)
        throw std::runtime_error("test tax authority: can't " + what);
}

Key rsaKey(unsigned bits) {
    Key k(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
    need(k != nullptr, "make an RSA key");
    return k;
}

Key ecKey() {
    Key k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    need(k != nullptr, "make an EC key");
    return k;
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
    need(ext && X509_add_ext(cert, ext.get(), -1) == 1, std::string("add extension ") + value);
}

// A certificate for `key`, valid `from`..`until` (ASN.1 GeneralizedTime text), issued by `issuer` with
// `issuerKey`, or self-signed when `issuer` is null.
Cert makeCert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey, const char* from,
              const char* until, bool ca) {
    static long serial = 1000;
    Cert c(X509_new());
    need(c && X509_set_version(c.get(), X509_VERSION_3) == 1 &&
             ASN1_INTEGER_set(X509_get_serialNumber(c.get()), ++serial) == 1,
         "start a certificate");
    X509_NAME* name = X509_get_subject_name(c.get());
    need(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>("测试税务机关 TEST"), -1, -1,
                                    0) == 1 &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) == 1,
         "name " + cn);
    need(X509_set_issuer_name(c.get(), issuer ? X509_get_subject_name(issuer) : name) == 1 &&
             ASN1_TIME_set_string_X509(X509_getm_notBefore(c.get()), from) == 1 &&
             ASN1_TIME_set_string_X509(X509_getm_notAfter(c.get()), until) == 1 &&
             X509_set_pubkey(c.get(), key) == 1,
         "fill in " + cn);
    X509* const signedBy = issuer ? issuer : c.get();
    addExtension(c.get(), signedBy, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    addExtension(c.get(), signedBy, NID_key_usage,
                 ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
    addExtension(c.get(), signedBy, NID_subject_key_identifier, "hash");
    addExtension(c.get(), signedBy, NID_authority_key_identifier, "keyid:always");
    need(X509_sign(c.get(), issuerKey, EVP_sha256()) > 0, "sign " + cn);
    return c;
}

std::string pemOf(X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    need(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "write a PEM certificate");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
}

std::string derOf(X509* cert) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    need(len > 0, "encode a certificate");
    std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    return out;
}

std::string bytes(const unsigned char* p, size_t n) {
    return std::string(reinterpret_cast<const char*>(p), n);
}

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

AssistanceLetterVerifier verifier(bool withSignerCerts = true) {
    const auto& a = authority();
    std::vector<std::string> signers;
    if (withSignerCerts) {
        for (X509* c : {a.signer.get(), a.expiredSigner.get(), a.weakSigner.get(), a.ecSigner.get()})
            signers.push_back(pemOf(c));
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
    l.expires = Date{2024, 7, 31};
    l.biz = {"NEW", "UNLOCK"};
    return l;
}

std::string compactJson(const QJsonObject& obj) {
    return QJsonDocument(obj).toJson(QJsonDocument::Compact).toStdString();
}

std::string payloadJson(const AssistanceLetter& l) {
    QJsonArray biz;
    for (const auto& b : l.biz)
        biz.append(QString::fromStdString(b));
    return compactJson(QJsonObject{
        {"ver", l.ver},
        {"no", QString::fromStdString(l.no)},
        {"office", QString::fromStdString(l.office)},
        {"officeName", QString::fromStdString(l.officeName)},
        {"uscc", QString::fromStdString(l.uscc)},
        {"org", QString::fromStdString(l.org)},
        {"agent", QJsonObject{{"name", QString::fromStdString(l.agentName)},
                              {"idNo", QString::fromStdString(l.agentIdNo)}}},
        {"issued", QString::fromStdString(l.issued.iso())},
        {"expires", QString::fromStdString(l.expires.iso())},
        {"biz", biz},
    });
}

using Signer = std::function<std::string(const std::string& signingInput)>;

// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), or RSASSA-PSS when `pss` (what PS256 would be).
Signer rs256(EVP_PKEY* key, bool pss = false) {
    return [key, pss](const std::string& input) {
        Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
        EVP_PKEY_CTX* pctx = nullptr;
        size_t len = 0;
        need(ctx && EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) == 1 &&
                 EVP_PKEY_CTX_set_rsa_padding(pctx, pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) == 1 &&
                 EVP_DigestSign(ctx.get(), nullptr, &len,
                                reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "start an RSA signature");
        std::string sig(len, '\0');
        need(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                            reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "sign with RSA");
        sig.resize(len);
        return sig;
    };
}

// ECDSA P-256 with SHA-256 as JWS carries it: r||s, 32 octets each (RFC 7518 §3.4).
Signer es256(EVP_PKEY* key) {
    return [key](const std::string& input) {
        Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
        size_t len = 0;
        need(ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
                 EVP_DigestSign(ctx.get(), nullptr, &len,
                                reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "start an ECDSA signature");
        std::string der(len, '\0');
        need(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len,
                            reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1,
             "sign with ECDSA");
        const auto* p = reinterpret_cast<const unsigned char*>(der.data());
        Owned<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
        need(sig != nullptr, "read the ECDSA signature");
        unsigned char raw[64];
        need(BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw, 32) == 32 &&
                 BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw + 32, 32) == 32,
             "write r||s");
        return bytes(raw, sizeof raw);
    };
}

// HMAC-SHA256 keyed with `secret`: the key-confusion attack uses the signer's public certificate as secret.
Signer hs256(const std::string& secret) {
    return [secret](const std::string& input) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        need(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
                  reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len) != nullptr,
             "compute an HMAC");
        return bytes(mac, len);
    };
}

// A letter as JWS compact text: the header names `alg` and the signer's thumbprint (and carries the signer
// in "x5c" if asked); `sign` makes the signature, whatever the header says.
std::string letterJws(const std::string& alg, X509* signerCert, bool withX5c, const Signer& sign,
                      const AssistanceLetter& fields = sampleLetter()) {
    const std::string der = derOf(signerCert);
    QJsonObject header{{"alg", QString::fromStdString(alg)},
                       {"typ", "CSAL"},
                       {"x5t#S256", QString::fromStdString(detail::thumbprintS256(der))}};
    if (withX5c) // standard base64, not base64url (RFC 7515 §4.1.6)
        header.insert("x5c", QJsonArray{QString::fromLatin1(QByteArray::fromStdString(der).toBase64())});
    const std::string input =
        detail::base64urlEncode(compactJson(header)) + "." + detail::base64urlEncode(payloadJson(fields));
    return input + "." + detail::base64urlEncode(sign ? sign(input) : std::string());
}

std::string signatureOf(const std::string& jws) {
    return detail::base64urlDecode(jws.substr(jws.rfind('.') + 1)).value_or("?");
}

std::optional<std::string> neverUsed(const std::string&, const std::string&) {
    return std::nullopt;
}

const std::vector<std::string> kAllChecks = {
    "format",   "algorithm", "signer",   "chain", "signer_valid_on_issued", "signature", "dates",
    "business", "uscc",      "agent_id", "unused"};

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
    CHECK(v.letter->expires == Date{2024, 7, 31});
    CHECK(v.letter->biz == std::vector<std::string>{"NEW", "UNLOCK"});
}

TEST_CASE("an RS256 letter carrying its RSA signer in x5c passes with only the trust anchor configured",
          "[papers]") {
    const auto& a = authority();
    const std::string jws = letterJws("RS256", a.signer.get(), true, rs256(a.signerKey.get()));
    const auto v = verifier(false).verify(jws + "\n", kToday, neverUsed);
    requireAllPassed(v);
    CHECK_THAT(reasonOf(v, "signer"), Catch::Contains("carried in the letter"));

    // Without x5c and without configured signers the counter can't know the signer.
    const std::string bare = letterJws("RS256", a.signer.get(), false, rs256(a.signerKey.get()));
    requireOnlyFailures(verifier(false).verify(bare, kToday, neverUsed),
                        {"signer", "chain", "signer_valid_on_issued", "signature"});
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
        requireOnlyFailures(v, {"signer_valid_on_issued"});
        CHECK_THAT(reasonOf(v, "signer_valid_on_issued"), Catch::Contains("2024-05-01"));
        CHECK_THAT(reasonOf(v, "signer_valid_on_issued"), Catch::Contains("expired"));
    }

    // Issued while that certificate was still valid, the same signer is accepted.
    AssistanceLetter older = sampleLetter();
    older.issued = Date{2023, 12, 20};
    older.expires = Date{2024, 6, 30};
    requireAllPassed(
        verifier().verify(letterJws("RS256", a.expiredSigner.get(), false, rs256(a.signerKey.get()), older),
                          kToday, neverUsed));
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
