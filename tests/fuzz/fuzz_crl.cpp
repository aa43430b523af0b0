// A CRL as the CA hands it over — the CMP CA's crl_url answer (CmpCa's fetchCrl) or the file in
// [ca] crl_publish_dir that doctor checks — read by ca::crlFromBytes (DER, else PEM) and judged by
// ca::checkCrl (what checkCrlFile does with the file's content) against a fixed issuing CA
// (crl/issuing-ca.pem), a serial revoked on record and a fixed time (2026-12-08 00:00 UTC). Invariants:
// the judgement names the file and says why; a CRL it finds fresh is one crlFromBytes reads; OpenSSL's error
// queue is left empty.
#include <ctime>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "backend/ca/crlfreshness.h"
#include "tests/fuzz/support.h"

using namespace countersign;

namespace {

const X509* issuingCa() {
    static X509* ca = [] {
        const std::string pem = fuzz::fixture("crl/issuing-ca.pem");
        const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!cert)
            fuzz::broken("crl/issuing-ca.pem holds no certificate");
        return cert;
    }();
    return ca;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = fuzz::text(data, size);
    const bool readable = ca::crlFromBytes(bytes) != nullptr;
    if (ERR_peek_error() != 0)
        fuzz::broken("crlFromBytes left errors in OpenSSL's queue");
    constexpr std::time_t kNow = 1796688000;
    const auto freshness = ca::checkCrl(bytes, "crl.pem", issuingCa(), {"0A1B"}, kNow);
    if (freshness.detail.find("crl.pem") == std::string::npos)
        fuzz::broken("the CRL's judgement does not name its file");
    if (freshness.ok && !readable)
        fuzz::broken("a CRL crlFromBytes can't read was found fresh");
    ERR_clear_error();
    return 0;
}
