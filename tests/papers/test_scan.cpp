#include "backend/papers/assistanceletter.h"
#include "backend/papers/demoletterissuer.h"
#include "backend/papers/scan.h"
#include "tests/support/testenv.h"

#include <catch2/catch.hpp>

#include <QImage>
#include <QPainter>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <string>

using namespace countersign;
using namespace countersign::papers;

namespace {

std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t c = 0xffffffffu;
    for (const unsigned char b : bytes) {
        c ^= b;
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

std::string chunk(const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

/// A PNG whose header claims width × height grey pixels, with a few bytes of (valid, tiny) image data: what a
/// decompression bomb looks like to whoever reads its header.
std::string claimedPng(std::uint32_t width, std::uint32_t height) {
    const std::string ihdr = be32(width) + be32(height) + std::string("\x08\x00\x00\x00\x00", 5);
    // zlib stream of a single empty stored block: the data stops short, which no header reader notices.
    const std::string idat("\x78\x01\x01\x00\x00\xff\xff\x00\x00\x00\x01", 11);
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) +
           chunk("IEND", "");
}

} // namespace

TEST_CASE("a scan claiming more than 40 megapixels is refused from its header, before it is decoded",
          "[papers][scan]") {
    const std::string bomb = test::writeScratchFile("bomb.png", claimedPng(20000, 20000));
    const Scan scan = readScan(bomb);
    CHECK(scan.problem == Scan::Problem::TooManyPixels);
    CHECK(scan.width == 20000);
    CHECK(scanProblemText(scan.problem, "bomb.png") == "bomb.png has more than 40 megapixels");
    // The letter's QR path refuses it naming the cap, rather than saying there is no code in it.
    CHECK_THROWS_WITH(decodeQrFromImage(bomb), Catch::Contains("more than 40 megapixels"));
    // 40 MP exactly passes the cap (and is then simply an image with no code).
    CHECK(checkScan(claimedPng(8000, 5000)).problem == Scan::Problem::None);
    CHECK(checkScan(claimedPng(8000, 5001)).problem == Scan::Problem::TooManyPixels);
}

TEST_CASE("a scan larger than 20 MB, or not a regular file, is refused before it is read", "[papers][scan]") {
    // A sparse file: 21 MB by its size, nothing on disk; refused by fstat, never read.
    const std::string big = test::scratchDir() + "/big-scan.jpg";
    const int fd = ::open(big.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, 21 * 1024 * 1024) == 0);
    ::close(fd);
    CHECK(readScan(big).problem == Scan::Problem::TooLarge);
    CHECK_THROWS_WITH(decodeQrFromImage(big), Catch::Contains("larger than 20 MB"));

    // A FIFO would block a reader until someone writes to it: refused at once.
    const std::string fifo = test::scratchDir() + "/scan-fifo.png";
    ::unlink(fifo.c_str());
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(readScan(fifo).problem == Scan::Problem::NotAFile);
    CHECK(readScan(test::scratchDir()).problem == Scan::Problem::NotAFile);
    CHECK(readScan(test::scratchDir() + "/no-such-scan.png").problem == Scan::Problem::Unreadable);
}

TEST_CASE("a scan's type comes from its content, not its name", "[papers][scan]") {
    CHECK(checkScan(claimedPng(10, 10)).mimeType == "image/png");
    CHECK(checkScan("%PDF-1.7\n...").mimeType == "application/pdf");
    const Scan renamed = checkScan("plain text, named .png");
    CHECK(renamed.mimeType == "application/octet-stream");
    CHECK(renamed.problem == Scan::Problem::None); // not an image: kept as bytes, never decoded
    CHECK(checkScan(std::string("\xff\xd8\xff\xe0 broken", 12)).problem == Scan::Problem::NotAnImage);
}

TEST_CASE("a QR code on a large scan is found in the downscaled copy first", "[papers][scan]") {
    // The letter's QR code as a scanned A4 page at 300 dpi would show it: 2480 × 3508, the code near a
    // corner.
    const std::string text = "eyJhbGciOiJFUzI1NiJ9.eyJubyI6IlRKLTIwMjQtMDAwMTIzIn0.c2lnbmF0dXJl";
    const std::string small = test::scratchDir() + "/qr-small.png";
    DemoLetterIssuer::writeQrPng(text, small);
    const QImage code(QString::fromStdString(small));
    REQUIRE_FALSE(code.isNull());
    QImage page(2480, 3508, QImage::Format_Grayscale8);
    page.fill(Qt::white);
    {
        QPainter p(&page);
        p.drawImage(QRect(1500, 300, code.width() * 3, code.height() * 3), code);
    }
    const std::string path = test::scratchDir() + "/qr-a4.jpg";
    REQUIRE(page.save(QString::fromStdString(path), "JPEG", 90));
    const Scan scan = readScan(path);
    REQUIRE(scan);
    CHECK(scan.mimeType == "image/jpeg");
    CHECK(std::max(scan.width, scan.height) > kQrFirstPassSide);
    CHECK(decodeQr(scan) == text);
    CHECK(decodeQrFromImage(path) == text);
}
