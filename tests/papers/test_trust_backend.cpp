// The letter-trust door both front ends use (backend/papers/lettertrust.h): an admin's session adds a trust
// anchor and a signer bound to its office and disables it by its listed id; an operator's session can't; the
// list shows subject, office, fingerprint, dates and whether enabled; the verifier built from the database's
// list refuses the next letter of a disabled signer at the signer check.
#include <catch2/catch.hpp>

#include <string>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/papers/assistanceletter.h"
#include "backend/papers/lettertrust.h"
#include "tests/support/lettersigning.h"
#include "tests/support/testenv.h"

using namespace countersign;
using namespace countersign::papers;
using Catch::Contains;

namespace {

const char* const kOffice = "11201010000";

std::shared_ptr<const Secret> logIn(pqxx::connection& conn, const std::string& user,
                                    const std::string& password) {
    const auto r = auth::logIn(conn, auth::LoginPurpose::Login, user, Secret(password));
    REQUIRE(r.status == auth::LoginStatus::Ok);
    return r.session;
}

AssistanceLetter letter() {
    AssistanceLetter l;
    l.no = "TJ-HX-2024-000901";
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

} // namespace

TEST_CASE(
    "letter trust through the backend: an admin adds and disables, an operator can't, the verifier follows",
    "[papers][db][trust]") {
    test::TestDatabase database;
    auto counter = database.connectAsCounter();
    database.addStaff("admin.li", "admin-password", "admin");
    database.addStaff("op.zhou", "operator-password", "operator");
    const auto admin = logIn(*counter, "admin.li", "admin-password");
    const auto op = logIn(*counter, "op.zhou", "operator-password");

    auto rootKey = test::ecKey();
    auto root = test::makeCert("TEST ROOT", rootKey.get(), nullptr, rootKey.get(), "20200101000000Z",
                               "20491231235959Z", true);
    auto signerKey = test::ecKey();
    auto signer = test::makeCert("测试税务局 协办函签名", signerKey.get(), root.get(), rootKey.get(),
                                 "20200101000000Z", "20491231235959Z", false);
    const std::string rootFile = test::writeScratchFile("trust-root.pem", test::pemOf(root.get()));
    const std::string signerFile = test::writeScratchFile("trust-signer.pem", test::pemOf(signer.get()));
    CHECK_THROWS_WITH(readTrustCertificate(test::writeScratchFile("not.pem", "hello")),
                      Contains("no PEM certificate"));
    CHECK_THROWS_WITH(readTrustCertificate("/nonexistent/signer.pem"),
                      Contains("can't read /nonexistent/signer.pem"));
    const auto rootCert = readTrustCertificate(rootFile);
    const auto signerCert = readTrustCertificate(signerFile);
    CHECK(signerCert.fingerprint.size() == 64);

    {
        pqxx::work tx{*counter};
        CHECK_THROWS_WITH(addTrust(tx, op->c_str(), false, kOffice, signerCert, database.counterId()),
                          Contains("op.zhou is operator"));
    }
    {
        pqxx::work tx{*counter};
        CHECK_THROWS_WITH(addTrust(tx, nullptr, true, "", rootCert, database.counterId()),
                          Contains("needs an admin"));
    }
    {
        pqxx::work tx{*counter};
        CHECK_THROWS_WITH(addTrust(tx, admin->c_str(), false, "", signerCert, database.counterId()),
                          Contains("tax office whose letters it signs"));
    }
    {
        pqxx::work tx{*counter};
        CHECK(addTrust(tx, admin->c_str(), true, "", rootCert, database.counterId()));
        CHECK(addTrust(tx, admin->c_str(), false, kOffice, signerCert, database.counterId()));
        CHECK_FALSE(addTrust(tx, admin->c_str(), false, kOffice, signerCert, database.counterId()));
        tx.commit();
    }
    long long signerId = 0;
    {
        pqxx::read_transaction tx{*counter};
        const auto list = listTrust(tx);
        REQUIRE(list.size() == 2);
        CHECK(list[0].kind == "trust_anchor");
        CHECK(list[1].kind == "signer");
        CHECK(list[1].office == kOffice);
        CHECK(list[1].subject.find("协办函签名") != std::string::npos);
        CHECK(list[1].fingerprint == signerCert.fingerprint);
        CHECK(list[1].notBefore == "2020-01-01");
        CHECK(list[1].notAfter == "2049-12-31");
        CHECK(list[1].active);
        signerId = list[1].id;
    }
    const auto verify = [&] {
        pqxx::read_transaction tx{*counter};
        const AssistanceLetterVerifier verifier(trustedAnchorPems(tx), registeredSigners(tx));
        return verifier.verify(
            test::letterJws("ES256", signer.get(), false, test::es256(signerKey.get()), letter()),
            Date{2024, 5, 15},
            [](const std::string&, const std::string&) { return std::optional<std::string>(); });
    };
    CHECK(verify().ok());

    {
        pqxx::work tx{*counter};
        CHECK_THROWS_WITH(disableTrustById(tx, op->c_str(), signerId, database.counterId()),
                          Contains("op.zhou is operator"));
    }
    {
        pqxx::work tx{*counter};
        CHECK(disableTrustById(tx, admin->c_str(), signerId, database.counterId()));
        CHECK_FALSE(disableTrustById(tx, admin->c_str(), signerId, database.counterId()));
        tx.commit();
    }
    const auto after = verify();
    CHECK_FALSE(after.ok());
    bool signerRefused = false;
    for (const auto& c : after.checks)
        if (c.id == "signer" && !c.passed) {
            signerRefused = true;
            CHECK_THAT(c.reason, Contains("disabled"));
        }
    CHECK(signerRefused);
    {
        pqxx::read_transaction tx{*counter};
        CHECK(
            tx.exec1("SELECT count(*) FROM countersign.audit_log WHERE event = 'letter_signer.disabled' AND "
                     "actor_staff_id = (SELECT id FROM countersign.staff WHERE username = 'admin.li')")[0]
                .as<int>() == 1);
    }
}
