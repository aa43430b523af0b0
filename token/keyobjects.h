#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

#include "token/owned.h"
#include "token/pkcs11session.h"
#include "token/tokeninfo.h"

namespace countersign::token {

// The objects of a key pair on an open session, and what OpenSSL makes of them (internal to token/):
// KeyDevice finds the key and opens the session, these read, sign and write on it. Failures are TokenErrors
// naming `step`.

/// CKA_EC_PARAMS of P-256, the one curve a key pair is made on.
extern const std::vector<unsigned char> kP256Oid;

/// A key id (CKA_ID) as upper-case hex, and back; a key id that isn't hex is InvalidInput.
std::string hex(const unsigned char* data, std::size_t n);
std::vector<unsigned char> unhex(const std::string& s, const char* step);

/// "/C=CN/O=…/CN=…" (UTF-8, `\` escapes) as a name; InvalidInput when it isn't one.
Owned<X509_NAME> parseSubject(const std::string& subject, const char* step);
/// Every certificate in `pem` (none for an empty text); InvalidInput when it isn't PEM.
std::vector<Owned<X509>> parsePemCertificates(const std::string& pem, const char* step);

/// What `encode` (an i2d_* function) writes for `object`; empty when it fails.
template <typename Encode, typename T> std::vector<unsigned char> derOf(Encode encode, T* object) {
    unsigned char* der = nullptr;
    const int len = encode(object, &der);
    std::vector<unsigned char> out(der, der + (len > 0 ? len : 0));
    OPENSSL_free(der);
    return out;
}

/// The public key of a key-pair object, as OpenSSL sees it.
Owned<EVP_PKEY> publicKeyOf(Pkcs11Session& session, CK_OBJECT_HANDLE object, const std::string& step);
/// Signs SHA-256(data) on the key, returning the signature as X.509 carries it (PKCS#1 v1.5 / DER ECDSA).
std::vector<unsigned char> signSha256(Pkcs11Session& session, CK_OBJECT_HANDLE privateKey, bool ec,
                                      const unsigned char* data, std::size_t length, const std::string& step);

/// The objects of one key pair and its certificate; CK_INVALID_HANDLE where there is none.
struct KeyPairObjects {
    CK_OBJECT_HANDLE publicKey = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE privateKey = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE certificate = CK_INVALID_HANDLE;
};
/// The key pair (and certificate) with this CKA_ID, found with one search: a search is the costly call on
/// many modules, which compare every object on the key. NoSuchObject without a public key (or a private
/// one, when `needPrivate`).
KeyPairObjects pairOf(Pkcs11Session& s, const std::vector<unsigned char>& id, const std::string& step,
                      bool needPrivate);
/// The CKA_ID of the key pair whose public key is `wanted`; NoSuchObject when none is.
std::vector<unsigned char> idOfPublicKey(Pkcs11Session& s, EVP_PKEY* wanted, const std::string& step);

/// The certificates on the key, readable without logging in; unreadable ones are left out.
std::vector<CertificateInfo> certificatesOn(Pkcs11Session& s);
/// Writes `cert` as a public certificate object with this CKA_ID and label.
void storeCertificate(Pkcs11Session& s, X509* cert, const std::vector<unsigned char>& id, std::string label);

} // namespace countersign::token
