// The letter files countersignctl reads (--letter-json, --hand-entered) and the receipt code a supervisor
// scans, read without a database: papers::authorizationLetterFromJson, papers::handEnteredLetterFromJson,
// fees::parsePaymentOption and receipts::parsePayload, the functions the fuzz targets call (tests/fuzz/).
#include "backend/fees/fees.h"
#include "backend/papers/letterjson.h"
#include "backend/receipts/receipts.h"

#include <catch2/catch.hpp>

using namespace countersign;
using Catch::Matchers::Contains;

TEST_CASE("letter files: a field of the wrong type is refused by name, not read as empty", "[papers]") {
    // Before, a number where text belongs read as "" and a "yes" seal as not confirmed: the operator saw a
    // letter with a field missing instead of being told the file is wrong.
    CHECK_THROWS_WITH(papers::authorizationLetterFromJson(R"({"company_name": 91350100})"),
                      Contains("company_name must be text"));
    CHECK_THROWS_WITH(papers::authorizationLetterFromJson(R"({"business": "REPLACE"})"),
                      Contains("business must be a list"));
    CHECK_THROWS_WITH(papers::authorizationLetterFromJson(R"({"seal_confirmed": "yes"})"),
                      Contains("seal_confirmed must be true or false"));
    CHECK_THROWS_WITH(papers::authorizationLetterFromJson(R"({"valid_to": "2026-02-30"})"),
                      Contains("valid_to is not a date YYYY-MM-DD: 2026-02-30"));
    CHECK_THROWS_WITH(papers::authorizationLetterFromJson("[1]"), Contains("not a JSON object"));
    CHECK_THROWS_WITH(papers::handEnteredLetterFromJson(R"({"agent": ["张三"]})"),
                      Contains("agent must be an object"));
    CHECK_THROWS_WITH(papers::handEnteredLetterFromJson(R"({"biz": ["NEW", 1]})"),
                      Contains("biz must be a list of business codes"));
    CHECK_THROWS_WITH(papers::handEnteredLetterFromJson("{\"no\": "), Contains("not JSON"));

    const auto l = papers::authorizationLetterFromJson(
        R"({"company_name": "天津测试科技有限公司", "agent_id": "11010519491231002X", "business": ["补办", "UNLOCK"],
            "valid_to": "2026-04-30", "seal_confirmed": true})");
    CHECK(l.companyName == "天津测试科技有限公司");
    CHECK(l.replaceTicked);
    CHECK(l.unlockTicked);
    CHECK(l.validTo == Date{2026, 4, 30});
    CHECK(l.sealConfirmed);
}

TEST_CASE("payments: --payment takes METHOD:AMOUNT[:REFERENCE], the reference keeping its colons", "[fees]") {
    const auto p = fees::parsePaymentOption("wechat_pay:26.00:4200:0012");
    CHECK(p.method == fees::PaymentMethod::WeChatPay);
    CHECK(p.amountFen == 2600);
    CHECK(p.reference == "4200:0012");
    CHECK(fees::parsePaymentOption("cash:26").reference.empty());
    CHECK_THROWS_WITH(fees::parsePaymentOption("cash"), Contains("METHOD:AMOUNT[:REFERENCE]"));
    CHECK_THROWS_WITH(fees::parsePaymentOption("cheque:26.00"), Contains("unknown payment method cheque"));
    CHECK_THROWS_WITH(fees::parsePaymentOption("cash:26.001"), Contains("yuan like 26.00"));
}

TEST_CASE("receipt codes: only CSRC1|centre|year|number|16 base32 characters is read", "[receipts]") {
    const auto p = receipts::parsePayload("  CSRC1|TJ01|2026|000123|ABCDEFGHIJKLMNOP\n");
    REQUIRE(p);
    CHECK(p->centre == "TJ01");
    CHECK(p->year == 2026);
    CHECK(p->number == 123);
    CHECK(p->numberText() == "TJ01-2026-000123");
    CHECK_FALSE(receipts::parsePayload("CSRC1|TJ01|2026||ABCDEFGHIJKLMNOP"));
    CHECK_FALSE(receipts::parsePayload("CSRC1|TJ01|2026|1234567890|ABCDEFGHIJKLMNOP"));
    CHECK_FALSE(receipts::parsePayload("CSRC1|TJ01|2026|1|ABCDEFGHIJKLMNO1"));
    CHECK_FALSE(receipts::parsePayload("CSRC1|TJ01|2026|1|ABCDEFGHIJKLMNOP|x"));
    CHECK_FALSE(receipts::parsePayload(std::string(100000, '|')));
}
