#pragma once

#include <optional>
#include <stdexcept>
#include <string>

// Scans a customer's papers arrive as — the assistance letter's QR code photographed or scanned, the ID card
// and the letter kept as evidence (DESIGN §3.1, §3.3) — are files nobody at the counter made: a hostile one
// may be huge, claim billions of pixels in a few bytes of header (a decompression bomb), or not be a file at
// all (a FIFO that blocks a reader forever). Every scan is checked before it is read whole or decoded: opened
// once, a regular file (checked with fstat on the open descriptor) of at most kMaxScanBytes; an image's size
// is read from its header and may not exceed kMaxScanPixels. QR codes are looked for in a downscaled copy
// first (fast, and enough for a scanned A4 page), then at full size.
namespace countersign::papers {

constexpr long long kMaxScanBytes = 20LL * 1024 * 1024;
constexpr long long kMaxScanPixels = 40LL * 1000 * 1000;
/// The longest side of the copy ZXing looks at first.
constexpr int kQrFirstPassSide = 2000;

struct Scan {
    enum class Problem { None, Unreadable, NotAFile, TooLarge, TooManyPixels, NotAnImage };
    Problem problem = Problem::None;
    std::string bytes;    ///< the file, when it was read
    std::string mimeType; ///< from the content, never the name: image/png, image/jpeg, application/pdf, …
    int width = 0, height = 0; ///< an image's size from its header
    explicit operator bool() const { return problem == Problem::None; }
};

/// A scan refused before it was decoded, for its size (TooLarge, TooManyPixels).
class ScanRefused : public std::runtime_error {
public:
    ScanRefused(Scan::Problem problem, const std::string& message)
        : std::runtime_error(message)
        , problem(problem) {}
    Scan::Problem problem;
};

/// A sentence saying what is wrong with a scan (English; the kiosk words its own). Empty for None.
std::string scanProblemText(Scan::Problem problem, const std::string& name);

/// Reads the scan at `path` as above. PDFs and other non-images are read (size checked) but not decoded.
Scan readScan(const std::string& path);

/// The same checks on bytes already in memory (a scan the kiosk or countersignctl passes on as evidence):
/// the size, the type from the content and, for an image, its header's pixel count.
Scan checkScan(std::string bytes);

/// The text of the first QR code in an image scan: a downscaled copy first, then full size; nullopt when
/// there is none (or the scan is not an image).
std::optional<std::string> decodeQr(const Scan& scan);

} // namespace countersign::papers
