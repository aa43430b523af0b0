#include "backend/papers/scan.h"

#include <cerrno>

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QImageReader>

#include <ZXing/ReadBarcode.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace countersign::papers {

namespace {

bool startsWith(const std::string& bytes, const char* magic, std::size_t n) {
    return bytes.size() >= n && bytes.compare(0, n, magic, n) == 0;
}

std::string sniffMime(const std::string& b) {
    if (startsWith(b, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (startsWith(b, "\xff\xd8\xff", 3))
        return "image/jpeg";
    if (startsWith(b, "%PDF-", 5))
        return "application/pdf";
    if (startsWith(b, "BM", 2))
        return "image/bmp";
    if (startsWith(b, "II*\0", 4) || startsWith(b, "MM\0*", 4))
        return "image/tiff";
    return "application/octet-stream";
}

bool isImage(const std::string& mime) {
    return mime.rfind("image/", 0) == 0;
}

/// A reader over the scan's bytes; the buffer must outlive it.
struct Reader {
    QByteArray data;
    QBuffer buffer;
    QImageReader reader;
    explicit Reader(const std::string& bytes)
        : data(QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size()))) {
        buffer.setData(data);
        buffer.open(QIODevice::ReadOnly);
        reader.setDevice(&buffer);
    }
};

std::optional<std::string> zxing(const QImage& image) {
    if (image.isNull())
        return std::nullopt;
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                static_cast<int>(gray.bytesPerLine()));
    const auto hints =
        ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(true);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid())
        return std::nullopt;
    return result.text();
}

} // namespace

std::string scanProblemText(Scan::Problem problem, const std::string& name) {
    switch (problem) {
    case Scan::Problem::None:
        return {};
    case Scan::Problem::Unreadable:
        return name + " can't be read";
    case Scan::Problem::NotAFile:
        return name + " is not a regular file";
    case Scan::Problem::TooLarge:
        return name + " is larger than " + std::to_string(kMaxScanBytes / (1024 * 1024)) + " MB";
    case Scan::Problem::TooManyPixels:
        return name + " has more than " + std::to_string(kMaxScanPixels / 1000000) + " megapixels";
    case Scan::Problem::NotAnImage:
        return name + " is not an image this counter can read";
    }
    return name + " can't be used";
}

Scan checkScan(std::string bytes) {
    Scan s;
    if (static_cast<long long>(bytes.size()) > kMaxScanBytes) {
        s.problem = Scan::Problem::TooLarge;
        return s;
    }
    s.mimeType = sniffMime(bytes);
    s.bytes = std::move(bytes);
    if (!isImage(s.mimeType))
        return s;
    // The size from the header only: nothing is decoded yet.
    Reader r(s.bytes);
    const QSize size = r.reader.size();
    if (!size.isValid()) {
        s.problem = Scan::Problem::NotAnImage;
        return s;
    }
    s.width = size.width();
    s.height = size.height();
    if (static_cast<long long>(s.width) * s.height > kMaxScanPixels)
        s.problem = Scan::Problem::TooManyPixels;
    return s;
}

Scan readScan(const std::string& path) {
    Scan s;
    // Non-blocking, so a FIFO or a device can't hold the counter; fstat on this descriptor decides.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        s.problem = Scan::Problem::Unreadable;
        return s;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        s.problem = Scan::Problem::NotAFile;
        return s;
    }
    if (st.st_size > kMaxScanBytes) {
        ::close(fd);
        s.problem = Scan::Problem::TooLarge;
        return s;
    }
    std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    // A file that grew while it was read is read no further than its size when it was opened.
    ::close(fd);
    if (done != bytes.size()) {
        s.problem = Scan::Problem::Unreadable;
        return s;
    }
    return checkScan(std::move(bytes));
}

std::optional<std::string> decodeQr(const Scan& scan) {
    if (!scan || !isImage(scan.mimeType))
        return std::nullopt;
    const int longest = std::max(scan.width, scan.height);
    if (longest > kQrFirstPassSide) {
        // A JPEG is decoded straight at the smaller size; other formats are scaled after decoding.
        Reader r(scan.bytes);
        r.reader.setScaledSize(
            QSize(scan.width, scan.height).scaled(kQrFirstPassSide, kQrFirstPassSide, Qt::KeepAspectRatio));
        if (auto text = zxing(r.reader.read()))
            return text;
    }
    Reader r(scan.bytes);
    return zxing(r.reader.read());
}

} // namespace countersign::papers
