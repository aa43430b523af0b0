// The certificate on the customer's key (CKA_VALUE of a certificate object, DER), which the counter reads to
// show and to judge a presented key (token::certificatesOn → describeCertificate: subject, the USCC in
// organizationIdentifier, serial, validity, issuer). Whoever brings the key controls these bytes.
#include <openssl/x509.h>

#include "tests/fuzz/support.h"
#include "token/certinfo.h"
#include "token/owned.h"

using namespace countersign;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const unsigned char* p = data;
    const Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(size)));
    if (!cert)
        return 0;
    const auto info = token::describeCertificate(cert.get());
    // A USCC is only ever read from organizationIdentifier "NTRCN-…", never made up.
    if (!info.uscc.empty() && token::usccFromSubject(X509_get_subject_name(cert.get())) != info.uscc)
        fuzz::broken("describeCertificate's USCC is not the subject's");
    (void)token::nameLine(X509_get_issuer_name(cert.get()));
    return 0;
}
