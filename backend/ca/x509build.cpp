#include "backend/ca/x509build.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "backend/ca/ca.h"
#include "token/owned.h"

namespace countersign::ca {

std::string opensslErrors() {
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        out += (out.empty() ? "" : "; ") + std::string(buf);
    }
    return out;
}

Owned<BIGNUM> randomSerial() {
    Owned<BIGNUM> bn(BN_new());
    BN_rand(bn.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    return bn;
}

void addName(X509_NAME* name, const char* field, const std::string& value) {
    if (!X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0)) {
        ERR_clear_error();
        throw CaError(CaErrorCode::ProfileViolation,
                      std::string("the subject's ") + field + " can't be encoded");
    }
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    const Owned<X509_EXTENSION> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext)
        throw CaError(CaErrorCode::Internal, "bad extension value " + value + ": " + opensslErrors());
    X509_add_ext(cert, ext.get(), -1);
}

} // namespace countersign::ca
