// What a preview tells the counter's checks step beside the checks (the decision card, issue 22): the letter
// and the key as read, the certificate on the key, and the agent's ID number masked as the receipt prints it
// (maskedId), for NEW, RENEW, UNLOCK and REPLACE. Real PostgreSQL, SoftHSM2 behind the fault module, the
// built-in CA.
#include <catch2/catch.hpp>

#include "tests/support/counterfixture.h"

using namespace countersign;
using test::CounterFixture;

TEST_CASE(
    "a preview names the letter, the key and its certificate, and the agent's ID masked as on the receipt",
    "[workflow][checks]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    const std::string serial = f.issueNew("PV-ISSUED");
    const auto cert = f.certificateOnKey(serial);
    auto p = f.open();
    const auto common = [&](workflow::Common& r) {
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.preview = true;
        r.idCardNo = CounterFixture::kAgentId; // the agent's ID card, presented
    };

    // NEW: the assistance letter's number, office and last day; the agent masked (first 6, last 4).
    {
        workflow::NewRequest r;
        common(r);
        r.letterJws = f.letter("PV-NEW");
        const auto o = p.flow->runNew(std::move(r));
        REQUIRE(o.state == "checked");
        const auto letter = f.letterFields("PV-NEW");
        CHECK(o.papers.letterNo == "PV-NEW");
        CHECK(o.papers.officeCode == CounterFixture::kOffice);
        CHECK(o.papers.officeName == letter.officeName);
        CHECK(o.papers.letterValidUntil == letter.expires.iso());
        CHECK(o.agentIdMasked == "110105********002X");
        CHECK(o.agentIdNo == CounterFixture::kAgentId); // the whole number stays for the PIN rules
        CHECK(o.papers.keyCertificateSerial.empty());
    }
    // RENEW: the certificate on the key, its last day; no letter, no agent.
    {
        workflow::RenewRequest r;
        common(r);
        r.keySerial = serial;
        const auto o = p.flow->runRenew(std::move(r), false);
        REQUIRE(o.state == "checked");
        CHECK(o.keySerial == serial);
        CHECK(o.papers.keyCertificateSerial == cert.serial);
        CHECK(o.papers.keyCertificateNotAfter == cert.notAfter);
        CHECK(o.papers.letterNo.empty());
        CHECK(o.agentIdMasked.empty());
    }
    // UNLOCK: the authorization letter's business and last day, the certificate on the locked key.
    CounterFixture::lockUserPin(*p.keys, serial);
    {
        workflow::UnlockRequest r;
        common(r);
        r.letter = CounterFixture::authorizationLetter(false, true);
        r.keySerial = serial;
        const std::string until = r.letter.validTo.iso();
        const auto o = p.flow->runUnlock(std::move(r));
        REQUIRE(o.state == "checked");
        CHECK(o.papers.letterBusiness == std::vector<std::string>{"UNLOCK"});
        CHECK(o.papers.letterValidUntil == until);
        CHECK(o.papers.keyCertificateSerial == cert.serial);
        CHECK(o.agentIdMasked == "110105********002X");
    }
    // REPLACE of a lost key: the old key on record, its certificate's last day as on record.
    {
        workflow::ReplaceRequest r;
        common(r);
        r.letter = CounterFixture::authorizationLetter(true, false);
        const auto o = p.flow->runReplace(std::move(r));
        REQUIRE(o.state == "checked");
        CHECK(o.papers.letterBusiness == std::vector<std::string>{"REPLACE"});
        CHECK(o.papers.oldKeySerial == serial);
        CHECK(o.papers.keyCertificateSerial == cert.serial);
        CHECK(o.papers.keyCertificateNotAfter.substr(0, 10) == cert.notAfter.substr(0, 10));
        CHECK(o.keySerial != serial);
    }
}
