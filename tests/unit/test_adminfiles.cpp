// Files the back office and admins hand over, read without a database: the issued invoices
// (fees::parseIssuedInvoices) and a fee schedule version (fees::parseScheduleVersionJson). The cases are
// findings of fuzzing (tests/fuzz/), each with its regression seed.
#include "backend/fees/invoices.h"
#include "backend/fees/schedules.h"

#include <catch2/catch.hpp>

#include <string>

using namespace countersign;
using Catch::Matchers::Contains;

TEST_CASE("issued invoices: request id 0 is refused in CSV and JSON alike, as a JSON number 0 always was",
          "[fees]") {
    // Found by fuzzing (tests/fuzz/corpus/mark_issued/regression-request-id-zero): "0" was read as request 0
    // from CSV and from a JSON string, while the JSON number 0 was refused as not positive.
    CHECK_THROWS_WITH(fees::parseIssuedInvoices("request_id,invoice_number\r\n0,INV-1\r\n"),
                      Contains("CSV line 2: request_id \"0\" is not a positive whole number"));
    CHECK_THROWS_WITH(fees::parseIssuedInvoices("request_id,invoice_number\n000,INV-1\n"),
                      Contains("is not a positive whole number"));
    CHECK_THROWS_WITH(fees::parseIssuedInvoices(R"([{"request_id": "0", "invoice_number": "INV-1"}])"),
                      Contains("entry 1: \"request_id\" must be a positive whole number"));
    CHECK_THROWS_WITH(fees::parseIssuedInvoices(R"([{"request_id": 0, "invoice_number": "INV-1"}])"),
                      Contains("entry 1: \"request_id\" must be a positive whole number"));

    const auto issued = fees::parseIssuedInvoices("request_id,invoice_number\n007,INV-7\n");
    REQUIRE(issued.size() == 1);
    CHECK(issued[0].requestId == 7);
    CHECK(issued[0].invoiceNumber == "INV-7");
}

TEST_CASE("fee schedule version: an amount in yuan is bounded as one in fen is, so its JSON reads back",
          "[fees]") {
    // Found by fuzzing (tests/fuzz/corpus/fee_schedule/regression-amount-beyond-fen-bound): "amount" in yuan
    // took any size while "amount_fen" stopped at 2^40 fen, so scheduleVersionJson wrote a version that
    // parseScheduleVersionJson then refused.
    const Date today = *Date::parse("2026-03-01");
    const auto version = [](const std::string& amount) {
        return R"({"code": "ningbo", "name": "Ningbo 2027", "valid_from": "2026-04-01", "rules": [)"
               R"({"operation": "RENEW", )" +
               amount + R"(, "description": "annual service fee"}]})";
    };
    CHECK_THROWS_WITH(fees::parseScheduleVersionJson(version(R"("amount": "1622222222200")"), today),
                      Contains("rules[1].amount: at most 10995116277.76"));
    CHECK_THROWS_WITH(fees::parseScheduleVersionJson(version(R"("amount_fen": 1099511627777)"), today),
                      Contains("rules[1].amount_fen: must be a whole number of fen"));

    const auto largest = fees::parseScheduleVersionJson(version(R"("amount": "10995116277.76")"), today);
    REQUIRE(largest.rules.size() == 1);
    CHECK(largest.rules[0].amountFen == (1LL << 40));
    const auto again = fees::parseScheduleVersionJson(fees::scheduleVersionJson(largest), today);
    CHECK(fees::scheduleVersionApprovalText(again) == fees::scheduleVersionApprovalText(largest));
}
