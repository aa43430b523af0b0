#include <catch2/catch.hpp>

#include <algorithm>

#include "backend/papers/papercheck.h"

using namespace countersign;
using papers::Operation;

namespace {

const Date kToday{2026, 11, 22};

papers::AuthorizationLetter goodLetter() {
    papers::AuthorizationLetter l;
    l.companyName = "天津市测试科技有限公司";
    l.companyId = "91350100M000100Y43";
    l.agentName = "张三";
    l.agentIdNo = "11010519491231002X";
    l.agentMobile = "13800138000";
    l.replaceTicked = true;
    l.unlockTicked = true;
    l.validFrom = {2026, 11, 1};
    l.validTo = {2026, 12, 31};
    l.letterDate = {2026, 11, 1};
    l.sealConfirmed = true;
    return l;
}

const papers::PaperCheck& check(const papers::PaperReport& report, const std::string& id) {
    const auto it =
        std::find_if(report.checks.begin(), report.checks.end(), [&](const auto& c) { return c.id == id; });
    REQUIRE(it != report.checks.end());
    return *it;
}

} // namespace

TEST_CASE("an authorization letter in order passes every check for unlock and replace", "[papers]") {
    for (const Operation op : {Operation::Unlock, Operation::Replace}) {
        const auto report = papers::checkAuthorizationLetter(goodLetter(), op, kToday, "91350100M000100Y43");
        CHECK(report.ok());
        CHECK(report.checks.size() == 8);
        CHECK(report.failed().empty());
    }
}

TEST_CASE("each fault of an authorization letter is named, and the other checks are still reported",
          "[papers]") {
    SECTION("expired") {
        auto l = goodLetter();
        l.validTo = {2026, 11, 21};
        const auto r = papers::checkAuthorizationLetter(l, Operation::Unlock, kToday, "91350100M000100Y43");
        CHECK(r.failed() == std::vector<std::string>{"validity"});
        CHECK_THAT(check(r, "validity").reason, Catch::Contains("expired on 2026-11-21"));
        CHECK(r.checks.size() == 8);
    }
    SECTION("not yet valid") {
        auto l = goodLetter();
        l.validFrom = {2026, 11, 23};
        const auto r = papers::checkAuthorizationLetter(l, Operation::Unlock, kToday, "91350100M000100Y43");
        CHECK_THAT(check(r, "validity").reason, Catch::Contains("valid only from 2026-11-23"));
    }
    SECTION("business type not ticked") {
        auto l = goodLetter();
        l.unlockTicked = false;
        const auto r = papers::checkAuthorizationLetter(l, Operation::Unlock, kToday, "91350100M000100Y43");
        CHECK(r.failed() == std::vector<std::string>{"business_type"});
        CHECK_THAT(check(r, "business_type").reason, Catch::Contains("解锁"));
        CHECK(papers::checkAuthorizationLetter(l, Operation::Replace, kToday, "91350100M000100Y43").ok());
    }
    SECTION("a letter is not the paper for a new certificate") {
        const auto r =
            papers::checkAuthorizationLetter(goodLetter(), Operation::New, kToday, "91350100M000100Y43");
        CHECK(r.failed() == std::vector<std::string>{"business_type"});
    }
    SECTION("the letter's company is not the certificate's") {
        const auto r =
            papers::checkAuthorizationLetter(goodLetter(), Operation::Unlock, kToday, "91110000600037341L");
        CHECK(r.failed() == std::vector<std::string>{"company_matches_certificate"});
        CHECK_THAT(check(r, "company_matches_certificate").reason, Catch::Contains("91110000600037341L"));
        const auto none = papers::checkAuthorizationLetter(goodLetter(), Operation::Unlock, kToday, "");
        CHECK(none.failed() == std::vector<std::string>{"company_matches_certificate"});
    }
    SECTION("identifiers, seal and mobile") {
        auto l = goodLetter();
        l.companyId = "91350100M000100Y44";
        l.agentIdNo = "110105194912310021";
        l.sealConfirmed = false;
        l.agentMobile = "12345";
        const auto r = papers::checkAuthorizationLetter(l, Operation::Unlock, kToday, "91350100M000100Y43");
        const auto failed = r.failed();
        for (const char* id :
             {"company_id", "agent_id", "seal", "agent_mobile", "company_matches_certificate"}) {
            INFO(id);
            CHECK(std::find(failed.begin(), failed.end(), id) != failed.end());
            CHECK_FALSE(check(r, id).reason.empty());
        }
        CHECK(check(r, "validity").passed);
    }
}

TEST_CASE("a lower-case USCC on the letter is the same company as the certificate's", "[papers]") {
    auto l = goodLetter();
    l.companyId = "91350100m000100y43";
    CHECK(papers::checkAuthorizationLetter(l, Operation::Unlock, kToday, "91350100M000100Y43").ok());
}
