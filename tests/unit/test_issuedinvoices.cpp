// The file of issued invoices the back office imports (fees::parseIssuedInvoices), read without a database.
#include "backend/fees/invoices.h"

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
