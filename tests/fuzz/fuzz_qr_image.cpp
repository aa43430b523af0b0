// An image from the document scanner's folder (a letter's QR; the customer's paper, the scanner's file):
// checkScan (the size, pixel and type caps, before anything decodes it) then decodeQr (QImage, ZXing-C++) —
// what decodeQrFromImage does after reading the file.
#include <optional>

#include "backend/papers/scan.h"
#include "tests/fuzz/support.h"

using namespace countersign;

// The seed images must decode, or the image readers (Qt's PNG, its JPEG plugin) are missing and every input
// would stop at the first step.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const char* seed : {"corpus/qr_image/receipt-code.png", "corpus/qr_image/receipt-code.jpg"}) {
        const auto scan = papers::checkScan(fuzz::fixture(seed));
        if (!scan ||
            papers::decodeQr(scan) != std::optional<std::string>("CSRC1|TJ01|2026|000123|ABCDEFGHIJKLMNOP"))
            fuzz::broken("a seed image of corpus/qr_image does not decode to its text");
    }
    return 0;
}

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
