#include "backend/papers/demoletterissuer.h"

#include "backend/ca/x509build.h"
#include "backend/privatefile.h"
#include "token/owned.h"

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace countersign::papers {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("demo letter issuer: " + what + " (" + ca::opensslErrors() + ")");
}

std::string joinPath(const std::string& dir, const char* name) {
    return dir + "/" + name;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("demo letter issuer: can't read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const std::string& path, const std::string& content, mode_t mode) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        throw std::runtime_error("demo letter issuer: can't write " + path + ": " + std::strerror(errno));
    // An existing file keeps its old mode through O_CREAT, so set it explicitly.
    bool good = ::fchmod(fd, mode) == 0;
    size_t done = 0;
    while (good && done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        good = n > 0;
        done += good ? static_cast<size_t>(n) : 0;
    }
    good = ::close(fd) == 0 && good;
    if (!good)
        throw std::runtime_error("demo letter issuer: can't write " + path);
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<size_t>(len));
}

std::string certPem(X509* cert) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(bio.get(), cert))
        fail("can't encode a certificate");
    return bioText(bio.get());
}

std::string keyPem(EVP_PKEY* key) {
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr))
        fail("can't encode a key");
    return bioText(bio.get());
}

Owned<EVP_PKEY> newP256Key() {
    Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
    if (!key)
        fail("can't generate an EC P-256 key");
    return key;
}

Owned<X509> makeCertificate(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuerKey,
                            bool isCa) {
    Owned<X509> cert(X509_new());
    X509_set_version(cert.get(), 2);
    BN_to_ASN1_INTEGER(ca::randomSerial().get(), X509_get_serialNumber(cert.get()));
    X509_NAME* name = X509_get_subject_name(cert.get());
    ca::addName(name, "C", "CN");
    ca::addName(name, "O", "演示税务机关 DEMO");
    ca::addName(name, "CN", cn);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    // Fixed dates, so tests can pick letter dates inside and outside them without a clock.
    if (!ASN1_TIME_set_string_X509(X509_getm_notBefore(cert.get()), "20200101000000Z") ||
        !ASN1_TIME_set_string_X509(X509_getm_notAfter(cert.get()), "20491231235959Z"))
        fail("can't set the validity");
    X509_set_pubkey(cert.get(), key);
    X509* signer = issuer ? issuer : cert.get();
    ca::addExtension(cert.get(), signer, NID_basic_constraints,
                     isCa ? "critical,CA:TRUE" : "critical,CA:FALSE");
    ca::addExtension(cert.get(), signer, NID_key_usage,
                     isCa ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    ca::addExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer)
        ca::addExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) <= 0)
        fail("can't sign the certificate " + cn);
    return cert;
}

Owned<X509> readCert(const std::string& pem) {
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        fail("can't read a demo certificate");
    return cert;
}

Owned<EVP_PKEY> readKey(const std::string& pem) {
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        fail("can't read a demo key");
    return key;
}

std::string derOf(X509* cert) {
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    const Owned<unsigned char> owned(der);
    if (len <= 0)
        fail("can't encode a certificate");
    return std::string(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
}

std::string compactJson(const QJsonObject& obj) {
    return QJsonDocument(obj).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace

struct DemoLetterIssuer::Impl {
    std::string rootPem;
    std::string signerPem;
    Owned<X509> signer;
    Owned<EVP_PKEY> signerKey;
};

void DemoLetterIssuer::init(const std::string& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw std::runtime_error("demo letter issuer: can't create " + dir + ": " + std::strerror(errno));
    const Owned<EVP_PKEY> rootKey = newP256Key();
    const Owned<X509> root =
        makeCertificate(rootKey.get(), "演示税务机关根证书 DEMO ROOT", nullptr, nullptr, true);
    const Owned<EVP_PKEY> signerKey = newP256Key();
    const Owned<X509> signer = makeCertificate(signerKey.get(), "演示税务机关协办函签名 DEMO SIGNER",
                                               root.get(), rootKey.get(), false);
    writeFile(joinPath(dir, "demo-root.key"), keyPem(rootKey.get()), 0600);
    writeFile(joinPath(dir, "demo-signer.key"), keyPem(signerKey.get()), 0600);
    writeFile(joinPath(dir, "demo-root.crt"), certPem(root.get()), 0644);
    writeFile(joinPath(dir, "demo-signer.crt"), certPem(signer.get()), 0644);
}

DemoLetterIssuer::DemoLetterIssuer(const std::string& dir)
    : d(std::make_unique<Impl>()) {
    d->rootPem = readFile(joinPath(dir, "demo-root.crt"));
    d->signerPem = readFile(joinPath(dir, "demo-signer.crt"));
    readCert(d->rootPem);
    d->signer = readCert(d->signerPem);
    d->signerKey = readKey(readFile(joinPath(dir, "demo-signer.key")));
}

DemoLetterIssuer::~DemoLetterIssuer() = default;

std::string DemoLetterIssuer::issue(const AssistanceLetter& fields, bool includeX5c) const {
    const std::string der = derOf(d->signer.get());
    QJsonObject header{
        {"alg", "ES256"}, {"typ", "CSAL"}, {"x5t#S256", QString::fromStdString(detail::thumbprintS256(der))}};
    if (includeX5c) {
        const QByteArray b64 = QByteArray::fromStdString(der).toBase64();
        header.insert("x5c", QJsonArray{QString::fromLatin1(b64)});
    }
    QJsonArray biz;
    for (const auto& b : fields.biz)
        biz.append(QString::fromStdString(b));
    const QJsonObject payload{
        {"ver", fields.ver},
        {"no", QString::fromStdString(fields.no)},
        {"office", QString::fromStdString(fields.office)},
        {"officeName", QString::fromStdString(fields.officeName)},
        {"uscc", QString::fromStdString(fields.uscc)},
        {"org", QString::fromStdString(fields.org)},
        {"agent", QJsonObject{{"name", QString::fromStdString(fields.agentName)},
                              {"idNo", QString::fromStdString(fields.agentIdNo)}}},
        {"issued", QString::fromStdString(fields.issued.iso())},
        {"expires", QString::fromStdString(fields.expires.iso())},
        {"biz", biz},
    };
    const std::string input =
        detail::base64urlEncode(compactJson(header)) + "." + detail::base64urlEncode(compactJson(payload));

    Owned<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    size_t len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, d->signerKey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) != 1)
        fail("can't sign the letter");
    std::string der_sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der_sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        fail("can't sign the letter");
    // JWS wants r||s, 32 octets each, not OpenSSL's DER (RFC 7518 §3.4).
    const auto* p = reinterpret_cast<const unsigned char*>(der_sig.data());
    Owned<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
    if (!sig)
        fail("can't read the signature");
    std::string raw(64, '\0');
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), reinterpret_cast<unsigned char*>(raw.data()), 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32) !=
            32)
        fail("can't encode the signature");
    return input + "." + detail::base64urlEncode(raw);
}

void DemoLetterIssuer::writeQrPng(const std::string& text, const std::string& pngPath) {
    constexpr int kPixelsPerModule = 4;
    ZXing::BitMatrix matrix;
    try {
        matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                     .setEncoding(ZXing::CharacterSet::UTF8)
                     .setMargin(4)
                     .encode(text, 0, 0);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("demo letter issuer: can't make a QR code: ") + e.what());
    }
    QImage image(matrix.width() * kPixelsPerModule, matrix.height() * kPixelsPerModule,
                 QImage::Format_Grayscale8);
    for (int y = 0; y < image.height(); ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < image.width(); ++x)
            line[x] = matrix.get(x / kPixelsPerModule, y / kPixelsPerModule) ? 0 : 255;
    }
    // A letter names a company and its agent: the picture is for its owner only, like the counter's exports.
    QByteArray png;
    QBuffer buffer(&png);
    if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
        throw std::runtime_error("demo letter issuer: can't make the PNG for " + pngPath);
    try {
        writePrivateFile(pngPath, std::string_view(png.constData(), static_cast<std::size_t>(png.size())));
    } catch (const PrivateFileError& e) {
        throw std::runtime_error(std::string("demo letter issuer: ") + e.what());
    }
}

std::string DemoLetterIssuer::trustAnchorPem() const {
    return d->rootPem;
}

std::string DemoLetterIssuer::signerCertPem() const {
    return d->signerPem;
}

} // namespace countersign::papers
