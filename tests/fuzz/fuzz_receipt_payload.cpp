// The text of a receipt's QR code, as a supervisor scans a paper receipt to check it →
// receipts::parsePayload, the step of verifyPayload before the database is asked. Whoever holds a receipt
// controls this text.
#include "backend/receipts/receipts.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto payload = receipts::parsePayload(fuzz::text(data, size));
    if (!payload)
        return 0;
    if (payload->code.size() != 16 || payload->centre.empty() || payload->year < 0 || payload->number < 0)
        fuzz::broken("a payload was read with parts verifyPayload does not expect");
    // What was read is what gets printed as the receipt's number.
    const auto printed = payload->numberText();
    if (printed.rfind(payload->centre + "-", 0) != 0)
        fuzz::broken("the receipt number does not start with its centre");
    return 0;
}
