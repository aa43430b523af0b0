// Issue 19, "the assistance letter": x5c carries a certificate, it does not make a signer. A letter is signed
// by a signer registered with `letter trust add --signer … --office CODE`, active, for letters of that office
// only, valid on the issue date and today; a letter runs at most [letters] max_validity_days; its header
// names no "crit" this verifier lacks; its "biz" holds known operation codes only; its dates are days in the
// centre's zone. Each refusal names its check. The same attacks run through the verifier, through
// `countersignctl letter verify` against the database's trust list, and through the papers step of the
// database as a counter's login.
#include <catch2/catch.hpp>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>

#include <openssl/x509.h>

#include <pqxx/binarystring>
#include <pqxx/transaction>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "backend/auth/authenticator.h"
#include "backend/papers/assistanceletter.h"
#include "db/transactionstore.h"
#include "tests/support/attacklog.h"
#include "tests/support/lettersigning.h"
#include "tests/support/newpapers.h"
#include "tests/support/testenv.h"
#include "token/owned.h"

using namespace countersign;
using namespace countersign::papers;
using Catch::Matchers::Contains;

namespace {

const char* const kOffice = "11201010000";
const char* const kOtherOffice = "11201040000";

using test::ecKey;
using test::makeCert;
using test::pemOf;

// A tax authority: its root, the letter signer of office kOffice, a signer whose certificate ended on
// 2023-12-31, and a TLS server certificate of the same root (an end entity that is no letter signer).
struct TaxAuthority {
    Owned<EVP_PKEY> rootKey = ecKey();
    Owned<X509> root = makeCert("测试税务总局根 TEST ROOT", rootKey.get(), nullptr, rootKey.get(),
                                "20200101000000Z", "20491231235959Z", true);
    Owned<EVP_PKEY> signerKey = ecKey();
    Owned<X509> signer = makeCert("测试税务局 协办函签名", signerKey.get(), root.get(), rootKey.get(),
                                  "20200101000000Z", "20491231235959Z", false);
    Owned<EVP_PKEY> expiredKey = ecKey();
    Owned<X509> expired = makeCert("测试税务局 协办函签名 已过期", expiredKey.get(), root.get(),
                                   rootKey.get(), "20200101000000Z", "20231231235959Z", false);
    Owned<EVP_PKEY> tlsKey = ecKey();
    Owned<X509> tls = makeCert("letters.tax.example.cn", tlsKey.get(), root.get(), rootKey.get(),
                               "20200101000000Z", "20491231235959Z", false, "serverAuth");
};

const TaxAuthority& authority() {
    static const TaxAuthority a;
    return a;
}

AssistanceLetter sampleLetter(const std::string& no = "TJ-HX-2024-000777") {
    AssistanceLetter l;
    l.no = no;
    l.office = kOffice;
    l.officeName = "国家税务总局天津市河西区税务局（测试）";
    l.uscc = "91350100M000100Y43";
    l.org = "天津测试科技有限公司";
    l.agentName = "张三";
    l.agentIdNo = "11010519491231002X";
    l.issued = Date{2024, 5, 1};
    l.expires = Date{2024, 7, 29};
    l.biz = {"NEW"};
    return l;
}

// The letter as JWS, ES256-signed with `key`; the header names `cert` by thumbprint (and carries it in x5c
// if asked) and holds `extra` members.
std::string letterJws(const AssistanceLetter& l, X509* cert, EVP_PKEY* key, bool withX5c,
                      const QJsonObject& extra = {}) {
    return test::letterJws("ES256", cert, withX5c, test::es256(key), l, extra);
}

std::string signed_(const AssistanceLetter& l, bool withX5c = false, const QJsonObject& extra = {}) {
    const auto& a = authority();
    return letterJws(l, a.signer.get(), a.signerKey.get(), withX5c, extra);
}

std::optional<std::string> neverUsed(const std::string&, const std::string&) {
    return std::nullopt;
}

const Date kToday{2024, 5, 15};

// The root trusted; the signer registered for kOffice (active or not) and the expired one too.
AssistanceLetterVerifier verifier(bool signerActive = true) {
    const auto& a = authority();
    return AssistanceLetterVerifier({pemOf(a.root.get())}, {{pemOf(a.signer.get()), kOffice, signerActive},
                                                            {pemOf(a.expired.get()), kOffice, true}});
}

std::vector<std::string> failed(const LetterVerification& v) {
    std::vector<std::string> out;
    for (const auto& c : v.checks) {
        INFO(c.id << ": " << c.reason);
        CHECK_FALSE(c.reason.empty());
        if (!c.passed)
            out.push_back(c.id);
    }
    return out;
}

const std::vector<std::string> kNoSigner = {
    "signer", "signer_office", "chain", "signer_valid_on_issued", "signer_valid_today", "signature"};

} // namespace

TEST_CASE("letter trust: an honest letter of a registered signer passes, with or without x5c", "[papers]") {
    for (const bool x5c : {false, true}) {
        const auto v = verifier().verify(signed_(sampleLetter(), x5c), kToday, neverUsed);
        CHECK(failed(v).empty());
        CHECK(v.ok());
    }
}

TEST_CASE(
    "letter trust: a letter signed through x5c by an end entity of the trusted root that is no registered "
    "signer (a TLS certificate) is refused at the signer check",
    "[papers]") {
    const auto& a = authority();
    const auto v =
        verifier().verify(letterJws(sampleLetter(), a.tls.get(), a.tlsKey.get(), true), kToday, neverUsed);
    CHECK(failed(v) == kNoSigner);
    CHECK(v.firstFailure()->id == "signer");
    CHECK_THAT(v.check("signer")->reason,
               Contains("letters.tax.example.cn") && Contains("not a registered tax-office signer"));
}

TEST_CASE("letter trust: a letter of another office than its signer's is refused at the signer_office check",
          "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.office = kOtherOffice;
    const auto v = verifier().verify(signed_(l, true), kToday, neverUsed);
    CHECK(failed(v) == std::vector<std::string>{"signer_office"});
    CHECK_THAT(v.check("signer_office")->reason, Contains(kOffice) && Contains(kOtherOffice));
}

TEST_CASE("letter trust: a 5-year letter, and one issued longer ago than a letter runs, are refused at the "
          "lifetime check",
          "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.expires = Date{2029, 4, 30};
    const auto v = verifier().verify(signed_(l), kToday, neverUsed);
    CHECK(failed(v) == std::vector<std::string>{"lifetime"});
    CHECK_THAT(v.check("lifetime")->reason, Contains("1825 days") && Contains("at most 90 days"));

    // A 60-day letter, used 100 days after its issue (while a wrong "expires" would still cover it).
    l = sampleLetter();
    l.issued = Date{2024, 1, 1};
    l.expires = Date{2024, 3, 31};
    const auto old = AssistanceLetterVerifier({pemOf(authority().root.get())},
                                              {{pemOf(authority().signer.get()), kOffice, true}},
                                              LetterRules{60, "Asia/Shanghai"})
                         .verify(signed_(l), Date{2024, 3, 31}, neverUsed);
    CHECK(failed(old) == std::vector<std::string>{"lifetime"});
}

TEST_CASE("letter trust: a letter back-dated into the time of an expired signer is refused at the "
          "signer_valid_today check",
          "[papers]") {
    const auto& a = authority();
    AssistanceLetter l = sampleLetter();
    l.issued = Date{2023, 12, 20}; // the expired signer's certificate ended on 2023-12-31
    l.expires = Date{2024, 3, 18};
    for (const bool x5c : {false, true}) {
        const auto v = verifier().verify(letterJws(l, a.expired.get(), a.expiredKey.get(), x5c),
                                         Date{2024, 3, 1}, neverUsed);
        CHECK(failed(v) == std::vector<std::string>{"signer_valid_today"});
        CHECK_THAT(v.check("signer_valid_today")->reason, Contains("2024-03-01") && Contains("expired"));
    }
}

TEST_CASE("letter trust: a letter whose header marks an extension critical (crit) is refused at the header "
          "check",
          "[papers]") {
    const QJsonObject crit{{"crit", QJsonArray{"exp"}}, {"exp", 1893456000}};
    const auto v = verifier().verify(signed_(sampleLetter(), false, crit), kToday, neverUsed);
    CHECK(failed(v) == std::vector<std::string>{"header"});
    CHECK_THAT(v.check("header")->reason, Contains("\"exp\"") && Contains("crit"));
    // Malformed: not a list.
    const auto odd = verifier().verify(signed_(sampleLetter(), false, {{"crit", "b64"}}), kToday, neverUsed);
    CHECK(failed(odd) == std::vector<std::string>{"header"});
}

TEST_CASE("letter trust: a letter whose business list holds an unknown operation code is refused at the "
          "business check naming it",
          "[papers]") {
    AssistanceLetter l = sampleLetter();
    l.biz = {"NEW", "CANCEL"};
    const auto v = verifier().verify(signed_(l), kToday, neverUsed);
    CHECK(failed(v) == std::vector<std::string>{"business"});
    CHECK_THAT(v.check("business")->reason, Contains("\"CANCEL\""));
    CHECK_FALSE(isKnownBusiness("new")); // exactly the codes
    CHECK(isKnownBusiness("UNLOCK"));
}

TEST_CASE("letter trust: a disabled signer's letter is refused at the signer check, with or without x5c",
          "[papers]") {
    for (const bool x5c : {false, true}) {
        const auto v = verifier(false).verify(signed_(sampleLetter(), x5c), kToday, neverUsed);
        CHECK(failed(v) == kNoSigner);
        CHECK_THAT(v.check("signer")->reason, Contains("disabled"));
    }
}

TEST_CASE("letter trust: today is the centre's day, not the machine's", "[papers]") {
    // 23:30 UTC is the next morning in Shanghai.
    const QDateTime lateUtc(QDate(2024, 5, 14), QTime(23, 30), Qt::UTC);
    const QDate shanghai = lateUtc.toTimeZone(QTimeZone("Asia/Shanghai")).date();
    CHECK(shanghai == QDate(2024, 5, 15));
    CHECK_THROWS_WITH(centreToday("Mars/Olympus_Mons"), Contains("not known"));
    const Date now = centreToday("Asia/Shanghai");
    const QDate expected = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
    CHECK(now.iso() == expected.toString(Qt::ISODate).toStdString());
}

// ---------------------------------------------------------------------------------------------------------------
// The same through countersignctl letter verify, against the database's trust list
// ---------------------------------------------------------------------------------------------------------------

namespace {

struct CtlLetters {
    test::TestDatabase database;
    std::string ownerConfig = test::writeTestConfig(database, {}, test::DatabaseLogin::Owner);
    std::string config = test::writeTestConfig(database);
    std::string dir = test::scratchDir() + "/" + database.name() + "-lettertrust";

    CtlLetters() {
        const auto& a = authority();
        std::filesystem::create_directories(dir);
        std::ofstream(dir + "/root.crt") << pemOf(a.root.get());
        std::ofstream(dir + "/signer.crt") << pemOf(a.signer.get());
        std::ofstream(dir + "/expired.crt") << pemOf(a.expired.get());
        REQUIRE(owner({"letter", "trust", "add", "--anchor", dir + "/root.crt"}).exitCode == 0);
        REQUIRE(owner({"letter", "trust", "add", "--signer", dir + "/signer.crt", "--office", kOffice})
                    .exitCode == 0);
        REQUIRE(owner({"letter", "trust", "add", "--signer", dir + "/expired.crt", "--office", kOffice})
                    .exitCode == 0);
    }

    test::ProcessResult owner(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--config", ownerConfig});
        return test::runProcess(COUNTERSIGNCTL_PATH, args);
    }

    test::ProcessResult verify(const std::string& jws,
                               std::vector<std::pair<std::string, std::string>> env = {}) const {
        return test::runProcess(COUNTERSIGNCTL_PATH,
                                {"--config", config, "letter", "verify", "--payload", jws}, {}, env);
    }
};

/// The letter sample with dates around the centre's today.
AssistanceLetter todaysLetter(const std::string& no, int issuedDaysAgo = 1, int expiresInDays = 30) {
    const Date today = centreToday("Asia/Shanghai");
    const QDate t(today.year, today.month, today.day);
    const auto day = [](const QDate& d) { return Date{d.year(), d.month(), d.day()}; };
    AssistanceLetter l = sampleLetter(no);
    l.issued = day(t.addDays(-issuedDaysAgo));
    l.expires = day(t.addDays(expiresInDays));
    return l;
}

void refusedNaming(const test::ProcessResult& r, const std::string& check, const std::string& words) {
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.out,
               Contains("FAIL  " + check + ": ") && Contains(words) && Contains("the letter is REFUSED"));
}

} // namespace

TEST_CASE("letter trust, countersignctl: x5c end entity, other office, 5-year, back-dated, crit, biz and "
          "disabled signer letters are refused naming the check",
          "[papers][ctl][db]") {
    CtlLetters f;
    const auto& a = authority();
    const auto honest = f.verify(signed_(todaysLetter("C-1"), true));
    INFO(honest.out << honest.err);
    REQUIRE(honest.exitCode == 0);

    refusedNaming(f.verify(letterJws(todaysLetter("C-2"), a.tls.get(), a.tlsKey.get(), true)), "signer",
                  "not a registered tax-office signer");
    AssistanceLetter other = todaysLetter("C-3");
    other.office = kOtherOffice;
    refusedNaming(f.verify(signed_(other, true)), "signer_office", kOtherOffice);
    refusedNaming(f.verify(signed_(todaysLetter("C-4", 1, 5 * 365))), "lifetime", "at most 90 days");
    AssistanceLetter backDated = sampleLetter("C-5");
    backDated.issued = Date{2023, 12, 20};
    backDated.expires = todaysLetter("C-5").expires;
    refusedNaming(f.verify(letterJws(backDated, a.expired.get(), a.expiredKey.get(), true)),
                  "signer_valid_today", "expired");
    refusedNaming(f.verify(signed_(todaysLetter("C-6"), false, {{"crit", QJsonArray{"exp"}}, {"exp", 1}})),
                  "header", "crit");
    AssistanceLetter biz = todaysLetter("C-7");
    biz.biz = {"NEW", "CANCEL"};
    refusedNaming(f.verify(signed_(biz)), "business", "CANCEL");

    // Disabling a signer is an admin's (here the owner's) work; the counter's login alone is refused.
    const auto byCounter =
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", f.config, "letter", "trust", "disable", "--signer",
                                               f.dir + "/signer.crt"});
    CHECK(byCounter.exitCode == 1);
    CHECK_THAT(byCounter.err, Contains("needs an admin's session"));
    const auto disabled = f.owner({"letter", "trust", "disable", "--signer", f.dir + "/signer.crt"});
    INFO(disabled.out << disabled.err);
    REQUIRE(disabled.exitCode == 0);
    for (const bool x5c : {false, true})
        refusedNaming(f.verify(signed_(todaysLetter("C-8"), x5c)), "signer", "disabled");
    CHECK_THAT(f.owner({"letter", "trust", "list"}).out, Contains("(disabled)") && Contains(kOffice));
}

TEST_CASE(
    "letter trust, countersignctl: a signer registered before signers had an office signs nothing until "
    "an admin adds it again with its office, once",
    "[papers][ctl][db]") {
    CtlLetters f;
    // As 0015 left it: a signer with no office.
    {
        auto owner = f.database.connect();
        pqxx::work tx{*owner};
        tx.exec0("UPDATE countersign.letter_signers SET office_code = NULL WHERE kind = 'signer'");
        tx.commit();
    }
    refusedNaming(f.verify(signed_(todaysLetter("O-1"))), "signer_office", kOffice);
    const auto set =
        f.owner({"letter", "trust", "add", "--signer", f.dir + "/signer.crt", "--office", kOffice});
    INFO(set.out << set.err);
    REQUIRE(set.exitCode == 0);
    const auto now = f.verify(signed_(todaysLetter("O-2")));
    INFO(now.out << now.err);
    CHECK(now.exitCode == 0);
    // An office once set is never moved by adding the signer again for another.
    const auto moved =
        f.owner({"letter", "trust", "add", "--signer", f.dir + "/signer.crt", "--office", kOtherOffice});
    CHECK_THAT(moved.out, Contains("already trusted"));
    refusedNaming(f.verify(signed_([] {
        AssistanceLetter l = todaysLetter("O-3");
        l.office = kOtherOffice;
        return l;
    }())),
                  "signer_office", kOtherOffice);
    auto owner = f.database.connect();
    pqxx::read_transaction tx{*owner};
    CHECK(tx.exec1("SELECT count(*) FROM countersign.audit_log WHERE event = 'letter_signer.office_set'")[0]
              .as<int>() == 1);
}

TEST_CASE("letter trust, countersignctl: a letter's dates are days in the centre's zone (Asia/Shanghai), not "
          "the machine's (TZ)",
          "[papers][ctl][db]") {
    CtlLetters f;
    // A machine zone whose date differs from Shanghai's right now: 14 hours ahead of UTC while Shanghai's
    // evening, else 12 hours behind.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDate shanghai = now.toTimeZone(QTimeZone("Asia/Shanghai")).date();
    const bool ahead = now.toTimeZone(QTimeZone("Asia/Shanghai")).time().hour() >= 18;
    const std::string tz = ahead ? "Etc/GMT-14" : "Etc/GMT+12";
    const QDate machine = now.toTimeZone(QTimeZone(QByteArray::fromStdString(tz))).date();
    REQUIRE(machine != shanghai);
    INFO("machine zone " << tz << ": " << machine.toString(Qt::ISODate).toStdString() << ", Shanghai "
                         << shanghai.toString(Qt::ISODate).toStdString());
    const std::vector<std::pair<std::string, std::string>> env = {{"TZ", tz}};

    // Expires on Shanghai's today: valid all of that day, whichever day the machine is in.
    const auto lastDay = f.verify(signed_(todaysLetter("Z-1", 10, 0)), env);
    INFO(lastDay.out << lastDay.err);
    CHECK(lastDay.exitCode == 0);
    // Expired yesterday in Shanghai: refused, though the machine may still be in that day.
    refusedNaming(f.verify(signed_(todaysLetter("Z-2", 10, -1)), env), "dates", "has expired");
}

// ---------------------------------------------------------------------------------------------------------------
// The papers step in the database, as a counter's login
// ---------------------------------------------------------------------------------------------------------------

TEST_CASE("letter trust, database: the papers step records a scanned letter only with its registered, active "
          "signer of its office, in letters.signer_id, and only known operation codes",
          "[papers][db][redteam]") {
    test::TestDatabase database;
    auto owner = database.connect();
    auto counter = database.connectAsCounter();
    database.addStaff("op.li", "operator-pass");
    const auto login = auth::logIn(*counter, auth::LoginPurpose::Login, "op.li", Secret("operator-pass"));
    REQUIRE(login.status == auth::LoginStatus::Ok);
    const auth::SessionToken& session = login.session;
    test::registerNewPapersSigner(*owner);
    const auto recordIn = [&](pqxx::transaction_base& tx, const db::PapersRecord& papers) {
        db::TransactionStore store{tx};
        const long long id = store.open(*session, "NEW", "{}").id;
        return store.recordPapers(*session, id, papers, "{}").letterId.value_or(0);
    };
    const auto scalar = [&](const std::string& sql, long long id) {
        pqxx::read_transaction tx{*owner};
        return tx.exec_params1(sql, id)[0];
    };

    // Honest: the signer is the one registered for the office, found by the database from the letter.
    long long letter = 0;
    {
        pqxx::work tx{*counter};
        letter = recordIn(tx, test::newPapers("D-1"));
        tx.commit();
    }
    REQUIRE(letter > 0);
    CHECK(
        scalar("SELECT s.subject FROM letters l JOIN letter_signers s ON s.id = l.signer_id WHERE l.id = $1",
               letter)
            .as<std::string>() == "CN=newPapers DEMO signer");

    test::AttackLog log{*counter};
    const auto& a = authority();
    auto tls = test::newPapers("D-2");
    AssistanceLetter fields = sampleLetter("D-2");
    fields.issued = Date{2020, 1, 1};
    fields.expires = Date{2099, 12, 31};
    tls.assistanceLetter->jws = letterJws(fields, a.tls.get(), a.tlsKey.get(), true);
    log.attack("a letter signed through x5c by an unregistered end entity of a trusted root",
               "not a registered tax-office signer", [&](pqxx::transaction_base& tx) { recordIn(tx, tls); });
    auto otherOffice = test::newPapers("D-3");
    otherOffice.assistanceLetter->officeCode = kOtherOffice;
    log.attack("a letter of another office than its signer's", "signs for tax office",
               [&](pqxx::transaction_base& tx) { recordIn(tx, otherOffice); });
    auto changed = test::newPapers("D-4");
    changed.assistanceLetter->letterNo = "D-4-changed";
    log.attack("fields other than the signed letter's", "not those of its signed text",
               [&](pqxx::transaction_base& tx) { recordIn(tx, changed); });
    auto unknownBiz = test::newPapers("D-5");
    unknownBiz.assistanceLetter->biz = {"NEW", "CANCEL\",\"UNLOCK"};
    log.attack("an unknown operation code in the business list", "unknown operation codes: CANCEL\",\"UNLOCK",
               [&](pqxx::transaction_base& tx) { recordIn(tx, unknownBiz); });
    log.attack("a counter's login disables a signer", "needs an admin's session",
               [&](pqxx::transaction_base& tx) {
                   tx.exec_params("SELECT countersign.letter_signer_disable(NULL, $1, NULL)",
                                  pqxx::binarystring(std::string("x")));
               });
    log.attack("a counter's login moves a signer to another office by hand", "permission denied",
               [&](pqxx::transaction_base& tx) {
                   tx.exec("UPDATE letter_signers SET active = true, office_code = '11201040000'");
               });

    // Disabled by the owner (the installer), the signer signs nothing more.
    {
        pqxx::work tx{*owner};
        tx.exec("SELECT countersign.letter_signer_disable(NULL, der, NULL) FROM letter_signers");
        tx.commit();
    }
    log.attack("a disabled signer's letter", "was disabled",
               [&](pqxx::transaction_base& tx) { recordIn(tx, test::newPapers("D-6")); });
    CHECK(log.succeeded().empty());
    CHECK(scalar("SELECT count(*) FROM letters WHERE id <> $1", letter).as<long long>() == 0);
}
