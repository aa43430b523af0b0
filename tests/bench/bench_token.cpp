// Benchmark: each key-layer operation against the raw PKCS#11 calls it wraps, in the same run, on SoftHSM2.
// Prints median and p95 of each and the ratio of the medians. Goal (issue 3): layer <= 1.2 x raw + 1 ms.
//   countersign_bench_token [--iterations N]    (default 25)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

#include <QCoreApplication>
#include <QTemporaryDir>

#include "tests/support/softhsmstore.h"
#include "tests/support/testca.h"
#include "tests/support/testkeys.h"
#include "token/keydevice.h"
#include "token/pkcs11session.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
    double median = 0, p95 = 0;
};

Stats stats(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]};
}

double timed(const std::function<void()>& f) {
    const auto start = Clock::now();
    f();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void check(CK_RV rv, const char* what) {
    if (rv != CKR_OK) {
        std::fprintf(stderr, "raw %s failed: 0x%lx\n", what, rv);
        std::exit(1);
    }
}

// The raw side: the same module instance the key layer loaded, driven directly.
struct Raw {
    CK_FUNCTION_LIST_PTR f = nullptr;
    CK_SLOT_ID slot = 0;

    // Slot ids move between processes (STACK.md §1): look the key up by serial.
    CK_SLOT_ID slotOf(const std::string& serial) {
        if (const auto slot = token::slotWithSerial(f, serial))
            return *slot;
        std::fprintf(stderr, "no key with serial %s\n", serial.c_str());
        std::exit(1);
    }

    CK_SESSION_HANDLE open() {
        CK_SESSION_HANDLE s = 0;
        check(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s),
              "C_OpenSession");
        return s;
    }
    void login(CK_SESSION_HANDLE s, CK_USER_TYPE who, const std::string& pin) {
        check(
            f->C_Login(s, who, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.data())), pin.size()),
            "C_Login");
    }
    void close(CK_SESSION_HANDLE s) {
        f->C_Logout(s);
        f->C_CloseSession(s);
    }
};

struct Row {
    const char* operation;
    Stats layer, raw;
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int n = 25;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--iterations") == 0)
            n = std::max(3, std::atoi(argv[i + 1]));

    QTemporaryDir dir;
    test::SoftHsmStore store(dir.path().toStdString() + "/hsm");
    const auto deriver = test::testDeriver();
    token::KeyDevice device(test::SoftHsmStore::modulePath(), {}, deriver);
    const std::string serial = device.initialise("", "bench").serial;
    const std::string pin = "246810";
    const std::string soPin(deriver->derive(serial).view());

    Raw raw;
    void* lib = ::dlopen(test::SoftHsmStore::modulePath().c_str(), RTLD_NOW | RTLD_NOLOAD);
    reinterpret_cast<CK_C_GetFunctionList>(::dlsym(lib, "C_GetFunctionList"))(&raw.f);
    raw.slot = raw.slotOf(serial);

    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_OBJECT_CLASS pubClass = CKO_PUBLIC_KEY, privClass = CKO_PRIVATE_KEY;
    unsigned char rawId[16] = {0xbe, 0x5c};
    static const CK_BYTE p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    auto rawKeygen = [&](bool ec) {
        CK_KEY_TYPE type = ec ? CKK_EC : CKK_RSA;
        CK_ULONG bits = 2048;
        CK_BYTE exponent[] = {1, 0, 1};
        std::vector<CK_ATTRIBUTE> pub{
            {CKA_CLASS, &pubClass, sizeof pubClass}, {CKA_KEY_TYPE, &type, sizeof type},
            {CKA_TOKEN, &yes, sizeof yes},           {CKA_PRIVATE, &no, sizeof no},
            {CKA_VERIFY, &yes, sizeof yes},          {CKA_ID, rawId, sizeof rawId}};
        if (ec) {
            pub.push_back({CKA_EC_PARAMS, const_cast<CK_BYTE*>(p256), sizeof p256});
        } else {
            pub.push_back({CKA_MODULUS_BITS, &bits, sizeof bits});
            pub.push_back({CKA_PUBLIC_EXPONENT, exponent, sizeof exponent});
        }
        std::vector<CK_ATTRIBUTE> priv{{CKA_CLASS, &privClass, sizeof privClass},
                                       {CKA_KEY_TYPE, &type, sizeof type},
                                       {CKA_TOKEN, &yes, sizeof yes},
                                       {CKA_PRIVATE, &yes, sizeof yes},
                                       {CKA_SENSITIVE, &yes, sizeof yes},
                                       {CKA_SIGN, &yes, sizeof yes},
                                       {CKA_ID, rawId, sizeof rawId}};
        CK_MECHANISM m{ec ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0};
        CK_OBJECT_HANDLE hp = 0, hk = 0;
        const CK_SESSION_HANDLE s = raw.open();
        raw.login(s, CKU_USER, pin);
        check(raw.f->C_GenerateKeyPair(s, &m, pub.data(), pub.size(), priv.data(), priv.size(), &hp, &hk),
              "C_GenerateKeyPair");
        raw.close(s);
    };

    std::vector<Row> rows;
    auto measure = [&](const char* name, const std::function<void()>& layer,
                       const std::function<void()>& rawOp) {
        std::vector<double> a, b;
        layer(); // warm up both paths once
        rawOp();
        for (int i = 0; i < n; ++i) {
            a.push_back(timed(layer));
            b.push_back(timed(rawOp));
        }
        rows.push_back({name, stats(a), stats(b)});
        std::fprintf(stderr, "  measured %s\n", name);
    };

    // init: re-initialising the (blank) key with its derived SO PIN vs C_InitToken.
    measure(
        "init", [&] { device.initialise(serial, "bench"); },
        [&] {
            char label[32];
            std::memset(label, ' ', sizeof label);
            std::memcpy(label, "bench", 5);
            check(raw.f->C_InitToken(raw.slot,
                                     reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(soPin.data())),
                                     soPin.size(), reinterpret_cast<CK_UTF8CHAR_PTR>(label)),
                  "C_InitToken");
        });
    device.setUserPin(serial, Secret(pin));

    // unlock: SO login + C_InitPIN.
    measure(
        "unlock", [&] { device.unlock(serial, Secret(pin)); },
        [&] {
            const CK_SESSION_HANDLE s = raw.open();
            raw.login(s, CKU_SO, soPin);
            check(raw.f->C_InitPIN(s, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.data())),
                                   pin.size()),
                  "C_InitPIN");
            raw.close(s);
        });

    std::string keyId;
    measure(
        "keygen EC P-256",
        [&] { keyId = device.generateKeyPair(serial, Secret(pin), token::KeyAlgorithm::EcP256).keyId; },
        [&] { rawKeygen(true); });
    measure(
        "keygen RSA-2048", [&] { device.generateKeyPair(serial, Secret(pin), token::KeyAlgorithm::Rsa2048); },
        [&] { rawKeygen(false); });

    // CSR and write-cert on a key as it is at the counter, holding one key pair: searches on SoftHSM2 compare
    // every private object, so the 50 pairs the keygen rounds left would measure SoftHSM2, not this layer.
    const std::string issued = device.initialise("", "bench issued").serial;
    device.setUserPin(issued, Secret(pin));
    keyId = device.generateKeyPair(issued, Secret(pin), token::KeyAlgorithm::EcP256).keyId;
    raw.slot = raw.slotOf(issued);

    // CSR: the layer builds, signs on the key and checks the request; raw is login + find + C_Sign.
    const std::string subject = "/C=CN/O=天津市测试科技有限公司/CN=天津市测试科技有限公司"
                                "/organizationIdentifier=NTRCN-91350100M000100Y43";
    std::vector<unsigned char> id;
    for (std::size_t i = 0; i < keyId.size(); i += 2)
        id.push_back(static_cast<unsigned char>(std::stoi(keyId.substr(i, 2), nullptr, 16)));
    std::string csr;
    measure(
        "CSR (EC)", [&] { csr = device.makeCsr(issued, Secret(pin), keyId, subject); },
        [&] {
            const CK_SESSION_HANDLE s = raw.open();
            raw.login(s, CKU_USER, pin);
            CK_ATTRIBUTE find[] = {{CKA_CLASS, &privClass, sizeof privClass}, {CKA_ID, id.data(), id.size()}};
            CK_OBJECT_HANDLE key = 0;
            CK_ULONG found = 0;
            raw.f->C_FindObjectsInit(s, find, 2);
            raw.f->C_FindObjects(s, &key, 1, &found);
            raw.f->C_FindObjectsFinal(s);
            CK_MECHANISM m{CKM_ECDSA, nullptr, 0};
            unsigned char digest[32] = {1}, sig[128];
            CK_ULONG len = sizeof sig;
            check(raw.f->C_SignInit(s, &m, key), "C_SignInit");
            check(raw.f->C_Sign(s, digest, sizeof digest, sig, &len), "C_Sign");
            raw.close(s);
        });

    // write-cert: the layer checks the certificate against the key pair; raw is one C_CreateObject.
    test::TestCa ca;
    const std::string certPem = ca.sign(csr);
    BIO* bio = BIO_new_mem_buf(certPem.data(), static_cast<int>(certPem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    unsigned char* der = nullptr;
    const int derLen = i2d_X509(cert, &der);
    unsigned char* subjectDer = nullptr;
    const int subjectLen = i2d_X509_NAME(X509_get_subject_name(cert), &subjectDer);
    X509_free(cert);
    measure(
        "write-cert", [&] { device.writeCertificate(issued, Secret(pin), keyId, certPem); },
        [&] {
            CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
            CK_CERTIFICATE_TYPE type = CKC_X_509;
            CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls},
                                   {CKA_CERTIFICATE_TYPE, &type, sizeof type},
                                   {CKA_TOKEN, &yes, sizeof yes},
                                   {CKA_ID, id.data(), id.size()},
                                   {CKA_SUBJECT, subjectDer, static_cast<CK_ULONG>(subjectLen)},
                                   {CKA_VALUE, der, static_cast<CK_ULONG>(derLen)}};
            CK_OBJECT_HANDLE h = 0;
            const CK_SESSION_HANDLE s = raw.open();
            raw.login(s, CKU_USER, pin);
            check(raw.f->C_CreateObject(s, tmpl, 6, &h), "C_CreateObject");
            raw.close(s);
        });
    OPENSSL_free(der);
    OPENSSL_free(subjectDer);

    std::printf("key layer vs raw PKCS#11 on SoftHSM2, %d iterations each (ms)\n", n);
    std::printf("%-18s %10s %10s %10s %10s %8s %6s\n", "operation", "layer p50", "layer p95", "raw p50",
                "raw p95", "ratio", "goal");
    bool allMet = true;
    for (const Row& r : rows) {
        const double ratio = r.layer.median / r.raw.median;
        const bool met = r.layer.median <= 1.2 * r.raw.median + 1.0;
        allMet = allMet && met;
        std::printf("%-18s %10.2f %10.2f %10.2f %10.2f %8.3f %6s\n", r.operation, r.layer.median, r.layer.p95,
                    r.raw.median, r.raw.p95, ratio, met ? "met" : "MISSED");
    }
    std::printf("goal: layer median <= 1.2 x raw median + 1 ms: %s\n",
                allMet ? "met for all" : "missed for some");
    return 0;
}
