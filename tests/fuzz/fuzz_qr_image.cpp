// An image from the document scanner's folder (a letter's QR; the customer's paper, the scanner's file):
// checkScan (the size, pixel and type caps, before anything decodes it) then decodeQr (QImage, ZXing-C++) —
// what decodeQrFromImage does after reading the file.
#include "backend/papers/scan.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto scan = papers::checkScan(fuzz::text(data, size));
    if (!scan) {
        if (papers::scanProblemText(scan.problem, "scan.png").empty())
            fuzz::broken("a refused scan gives no reason");
        return 0;
    }
    (void)papers::decodeQr(scan);
    return 0;
}
