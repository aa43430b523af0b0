// An invoice request (开票信息) as countersignctl's --invoice-json reads it (fees::parseInvoiceJson), then
// the checks the counter and the kiosk's form run on it (checkInvoice, invoiceProblems). Invariant: both
// find the same problems, in the same order, each with a reason.
#include "backend/fees/fees.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fees::InvoiceInput invoice;
    try {
        invoice = fees::parseInvoiceJson(fuzz::text(data, size));
    } catch (const fees::FeeError& e) {
        if (std::string(e.what()).empty())
            fuzz::broken("a refused invoice request gives no reason");
        return 0;
    }
    const auto phrases = fees::checkInvoice(invoice, fuzz::today());
    const auto problems = fees::invoiceProblems(invoice, fuzz::today());
    if (phrases.size() != problems.size())
        fuzz::broken("checkInvoice and invoiceProblems find a different number of problems");
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        const std::string english = phrases[i].english();
        if (english.empty())
            fuzz::broken("an invoice problem gives no reason");
        if (english != problems[i].why.english())
            fuzz::broken("checkInvoice and invoiceProblems disagree on a problem");
        (void)phrases[i].translated();
    }
    return 0;
}
