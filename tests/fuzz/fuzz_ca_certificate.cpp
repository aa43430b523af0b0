// What the CA sends back: the issued certificate as the CMP connector gets it (DER inside the CMP answer,
// which it writes as PEM: cmp::pemOf) and as the workflow then reads it (workflow::parsePem), or PEM text as
// the built-in CA and the journal hand it over; and a serial number as an operator types it for a
// revocation (cmp::canonicalSerial). The first byte picks the form.
#include <openssl/err.h>
#include <openssl/x509.h>

#include "backend/ca/ca.h"
#include "backend/ca/cmpcertificates.h"
#include "backend/workflow/internal.h"
#include "tests/fuzz/support.h"

using namespace countersign;

namespace {

void readAsTheWorkflowDoes(const std::string& pem, bool mustRead) {
    try {
        const auto parsed = workflow::parsePem(pem);
        if (parsed.der.empty())
            fuzz::broken("parsePem read a certificate without DER");
        // The same certificate, read back from the DER the workflow stores, is the same.
        const auto* p = reinterpret_cast<const unsigned char*>(parsed.der.data());
        const Owned<X509> again(d2i_X509(nullptr, &p, static_cast<long>(parsed.der.size())));
        if (!again)
            fuzz::broken("the DER parsePem stores can't be read back");
        const Owned<X509> first = ca::cmp::certFromPem(pem);
        if (!first)
            fuzz::broken("parsePem read a certificate certFromPem does not find");
        if (ca::cmp::serialOf(first.get()) != ca::cmp::serialOf(again.get()))
            fuzz::broken("parsePem's DER has another serial than the certificate");
    } catch (const ca::CaError& e) {
        if (mustRead)
            fuzz::broken("a certificate the CMP connector wrote as PEM can't be read back by the workflow");
        if (e.reason.empty())
            fuzz::broken("a refused certificate gives no reason");
    }
}

// DER as the CMP answer holds it, written as PEM by the connector and read by the workflow.
void readDer(const std::string& input) {
    const auto* p = reinterpret_cast<const unsigned char*>(input.data());
    const Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(input.size())));
    ERR_clear_error();
    if (!cert)
        return;
    const std::string pem = ca::cmp::pemOf(cert.get());
    (void)ca::cmp::serialOf(cert.get());
    readAsTheWorkflowDoes(pem, !pem.empty());
}

void readSerial(const std::string& input) {
    if (const auto serial = ca::cmp::canonicalSerial(input)) {
        const auto again = ca::cmp::canonicalSerial(*serial);
        if (!again || *again != *serial)
            fuzz::broken("a canonical serial is not its own canonical form");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::string input = fuzz::text(data + 1, size - 1);
    const int form = data[0] % 3;
    if (form == 0)
        readDer(input);
    else if (form == 1)
        readAsTheWorkflowDoes(input, false);
    else
        readSerial(input);
    ERR_clear_error();
    return 0;
}
