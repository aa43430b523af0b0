#pragma once

#include <memory>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cmp.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace countersign {

/// How an OpenSSL handle of type T is freed: one specialisation per type Countersign owns, so every file
/// frees it the same way.
template <typename T> struct Free;

/// The one owner of an OpenSSL handle: `Owned<X509> cert(d2i_X509(...))`. The deleter is stateless, so an
/// Owned<T> is no bigger than the pointer.
template <typename T> using Owned = std::unique_ptr<T, Free<T>>;

// A lone BIO is freed the same by BIO_free and BIO_free_all; an owned chain goes with its head.
template <> struct Free<BIO> {
    void operator()(BIO* p) const noexcept { BIO_free_all(p); }
};
template <> struct Free<BIGNUM> {
    void operator()(BIGNUM* p) const noexcept { BN_free(p); }
};
// ASN1_INTEGER, ASN1_ENUMERATED, ASN1_OCTET_STRING, ASN1_TIME … are all ASN1_STRING underneath.
template <> struct Free<ASN1_STRING> {
    void operator()(ASN1_STRING* p) const noexcept { ASN1_STRING_free(p); }
};
template <> struct Free<ECDSA_SIG> {
    void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
template <> struct Free<EVP_MD_CTX> {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
template <> struct Free<EVP_PKEY> {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
template <> struct Free<EVP_PKEY_CTX> {
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
template <> struct Free<OSSL_CMP_CTX> {
    void operator()(OSSL_CMP_CTX* p) const noexcept { OSSL_CMP_CTX_free(p); }
};
template <> struct Free<OSSL_PARAM_BLD> {
    void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
template <> struct Free<X509> {
    void operator()(X509* p) const noexcept { X509_free(p); }
};
template <> struct Free<X509_CRL> {
    void operator()(X509_CRL* p) const noexcept { X509_CRL_free(p); }
};
template <> struct Free<X509_EXTENSION> {
    void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};
template <> struct Free<X509_NAME> {
    void operator()(X509_NAME* p) const noexcept { X509_NAME_free(p); }
};
template <> struct Free<X509_REQ> {
    void operator()(X509_REQ* p) const noexcept { X509_REQ_free(p); }
};
template <> struct Free<X509_STORE> {
    void operator()(X509_STORE* p) const noexcept { X509_STORE_free(p); }
};
template <> struct Free<X509_STORE_CTX> {
    void operator()(X509_STORE_CTX* p) const noexcept { X509_STORE_CTX_free(p); }
};
// An owned stack owns its certificates too: push with X509_add_cert(..., X509_ADD_FLAG_UP_REF) to share one.
template <> struct Free<STACK_OF(X509)> {
    void operator()(STACK_OF(X509) * p) const noexcept { sk_X509_pop_free(p, X509_free); }
};
// Bytes OpenSSL allocated for us (BN_bn2hex, i2d_*, ASN1_STRING_to_UTF8); nothing else.
template <> struct Free<char> {
    void operator()(char* p) const noexcept { OPENSSL_free(p); }
};
template <> struct Free<unsigned char> {
    void operator()(unsigned char* p) const noexcept { OPENSSL_free(p); }
};

} // namespace countersign
