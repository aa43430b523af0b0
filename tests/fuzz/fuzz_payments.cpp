// Payments as countersignctl takes them — --payment METHOD:AMOUNT[:REFERENCE] (parsePaymentOption) and
// --payments-json (parsePaymentsJson) — and the money parser under both (Money::parse), then the check of the
// payments against a 26.00 quote (checkPayments). The first byte picks the entry point.
#include "backend/fees/fees.h"
#include "backend/money.h"
#include "tests/fuzz/support.h"

using namespace countersign;

namespace {

void checkAgainstQuote(const std::vector<fees::PaymentInput>& payments) {
    fees::FeeQuote quote;
    fees::FeeLine media;
    media.description = "USB-KEY media fee";
    media.amountFen = 2600;
    quote.lines.push_back(media);
    (void)fees::checkPayments(quote, payments);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::string input = fuzz::text(data + 1, size - 1);
    switch (data[0] % 3) {
    case 0:
        if (const auto money = Money::parse(input)) {
            // What is read prints back as the same amount.
            const auto again = Money::parse(money->toString());
            if (!again || *again != *money)
                fuzz::broken("Money::parse(m.toString()) != m");
            (void)yuan(money->fen());
        }
        break;
    case 1:
        try {
            checkAgainstQuote({fees::parsePaymentOption(input)});
        } catch (const fees::FeeError&) {
        }
        break;
    default:
        try {
            checkAgainstQuote(fees::parsePaymentsJson(input));
        } catch (const fees::FeeError&) {
        }
        break;
    }
    return 0;
}
