// A letter signer's or trust anchor's certificate file an admin registers (countersignctl letter trust add,
// the kiosk's trusted signers page): papers::readTrustCertificate's reading of the file's content
// (trustCertificateFromPem), and papers::jws::certificatesFromPem, which reads a PEM chain the same way.
// Invariants: an accepted certificate has its DER and SHA-256 fingerprint, and is the first certificate
// certificatesFromPem finds in the same text.
#include <openssl/err.h>
#include <openssl/x509.h>

#include "backend/papers/jws.h"
#include "backend/papers/lettertrust.h"
#include "tests/fuzz/support.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string pem = fuzz::text(data, size);
    const auto chain = papers::jws::certificatesFromPem(pem);
    try {
        const auto cert = papers::trustCertificateFromPem(pem, "signer.pem");
        if (cert.der.empty() || cert.fingerprint.size() != 64)
            fuzz::broken("an accepted certificate has no DER or no SHA-256 fingerprint");
        if (chain.empty())
            fuzz::broken("a certificate the trust reads is not found by certificatesFromPem");
        unsigned char* raw = nullptr;
        const int len = i2d_X509(chain.front().get(), &raw);
        const Owned<unsigned char> der(raw);
        if (len <= 0 ||
            std::string(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(len)) != cert.der)
            fuzz::broken("the trust and certificatesFromPem read different first certificates");
    } catch (const papers::TrustError& e) {
        if (std::string(e.what()).find("signer.pem") == std::string::npos)
            fuzz::broken("a refused certificate file is not named");
    }
    ERR_clear_error();
    return 0;
}
