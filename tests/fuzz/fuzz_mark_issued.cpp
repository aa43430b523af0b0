// The file of issued invoices the back office imports (countersignctl invoices mark-issued --file): the
// invoicing system's CSV (an exported file with the numbers filled in) or JSON, read by
// fees::parseIssuedInvoices. Invariant: every entry it accepts names a request (a positive id or a
// transaction number); its invoice number is judged later, row by row, by markIssued.
#include "backend/fees/invoices.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<fees::IssuedInvoice> issued;
    try {
        issued = fees::parseIssuedInvoices(fuzz::text(data, size));
    } catch (const fees::FeeError& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused file of issued invoices gives no reason");
        return 0;
    }
    for (const auto& entry : issued) {
        if (entry.requestId && *entry.requestId <= 0)
            fuzz::broken("an issued invoice names a request id that is not positive");
        if (!entry.requestId && entry.transactionNumber.empty())
            fuzz::broken("an issued invoice names no request");
    }
    return 0;
}
