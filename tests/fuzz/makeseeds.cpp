// Writes the fixtures and the generated part of the seed corpus (run once; the output is committed):
//   countersign_fuzz_seeds tests/fuzz
// trust/root.crt and trust/signer.crt (a demo tax office made for the fuzz targets; its keys are thrown
// away), signed letters for letter_jws, and small QR images (PNG, JPEG) for qr_image. The text seeds of the
// other targets are written by hand.
#include <filesystem>
#include <fstream>
#include <iostream>

#include <QBuffer>
#include <QGuiApplication>
#include <QImage>

#include "backend/papers/demoletterissuer.h"

using namespace countersign;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string readAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

papers::AssistanceLetter sample() {
    papers::AssistanceLetter l;
    l.no = "XHH2026000123";
    l.office = "11201010000";
    l.officeName = "演示税务机关 DEMO";
    l.uscc = "91350100M000100Y43";
    l.org = "天津测试科技有限公司";
    l.agentName = "张三";
    l.agentIdNo = "11010519491231002X";
    l.issued = Date{2026, 2, 20};
    l.expires = Date{2026, 5, 20};
    l.biz = {"NEW"};
    return l;
}

/// A QR code of `text` as PNG and as JPEG, scaled down to `modulePixels` a module.
void qrImages(const std::string& text, const fs::path& dir, const std::string& name,
              const fs::path& scratch) {
    const auto png = scratch / (name + ".png");
    papers::DemoLetterIssuer::writeQrPng(text, png.string());
    QImage image(QString::fromStdString(png.string()));
    image = image.scaled(image.width() / 2, image.height() / 2).convertToFormat(QImage::Format_Grayscale8);
    for (const char* format : {"PNG", "JPG"}) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, format, format[0] == 'J' ? 60 : -1);
        write(dir / (name + (format[0] == 'J' ? ".jpg" : ".png")), bytes.toStdString());
    }
}

} // namespace

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    if (argc != 2) {
        std::cerr << "usage: countersign_fuzz_seeds TESTS_FUZZ_DIR\n";
        return 2;
    }
    const fs::path out = argv[1];
    const fs::path scratch = fs::temp_directory_path() / "countersign-fuzz-seeds";
    fs::remove_all(scratch);
    papers::DemoLetterIssuer::init(scratch.string());
    write(out / "trust/root.crt", readAll(scratch / "demo-root.crt"));
    write(out / "trust/signer.crt", readAll(scratch / "demo-signer.crt"));
    const papers::DemoLetterIssuer office(scratch.string());

    const fs::path letters = out / "corpus/letter_jws";
    auto l = sample();
    write(letters / "valid-new", office.issue(l));
    write(letters / "valid-new-x5c", office.issue(l, true));
    l.biz = {"NEW", "REPLACE", "UNLOCK"};
    write(letters / "valid-three-business", office.issue(l));
    l = sample();
    l.ver = 2;
    write(letters / "unknown-version", office.issue(l));
    l = sample();
    l.expires = Date{2026, 2, 21};
    write(letters / "expired", office.issue(l));
    l = sample();
    l.uscc = "91350100M000100Y44";
    l.agentIdNo = "110105194912310021";
    write(letters / "bad-identifiers", office.issue(l));
    l = sample();
    l.biz = {"DELETE_ALL"};
    l.org = std::string(300, 'A');
    write(letters / "unknown-business-long-org", office.issue(l));

    const fs::path images = out / "corpus/qr_image";
    qrImages("CSRC1|TJ01|2026|000123|ABCDEFGHIJKLMNOP", images, "receipt-code", scratch);
    qrImages("91350100M000100Y43", images, "uscc", scratch);
    fs::remove_all(scratch);
    std::cout << "wrote " << (out / "trust").string() << ", " << letters.string() << ", " << images.string()
              << '\n';
    return 0;
}
