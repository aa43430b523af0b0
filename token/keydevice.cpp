#include "token/keydevice.h"

#include <algorithm>

#include <dlfcn.h>
#include <libp11.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <p11-kit/pkcs11.h>

#include "token/certinfo.h"
#include "token/keydeviceimpl.h"
#include "token/owned.h"

namespace countersign::token {

std::string defaultModulePath() {
    return COUNTERSIGN_DEFAULT_PKCS11_MODULE;
}

const char* algorithmName(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Rsa2048:
        return "rsa2048";
    case KeyAlgorithm::Rsa3072:
        return "rsa3072";
    case KeyAlgorithm::EcP256:
        return "ec-p256";
    }
    return "rsa2048";
}

bool parseAlgorithm(const std::string& text, KeyAlgorithm& out) {
    for (const KeyAlgorithm a : {KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072, KeyAlgorithm::EcP256}) {
        if (text == algorithmName(a)) {
            out = a;
            return true;
        }
    }
    return false;
}

const char* algorithmLabel(KeyAlgorithm algorithm) {
    switch (algorithm) {
    case KeyAlgorithm::Rsa2048:
        return "RSA-2048";
    case KeyAlgorithm::Rsa3072:
        return "RSA-3072";
    case KeyAlgorithm::EcP256:
        return "EC P-256";
    }
    return "RSA-2048";
}

namespace {

const MechanismInfo* offered(const TokenInfo& key, CK_MECHANISM_TYPE type) {
    for (const auto& m : key.mechanisms)
        if (m.type == type)
            return &m;
    return nullptr;
}

// Empty when the key offers `type` with `flag` for `bits` (modules that give no sizes or flags are taken at
// their word); else what is missing.
std::string lacking(const TokenInfo& key, CK_MECHANISM_TYPE type, const char* name, const char* what,
                    CK_FLAGS flag, unsigned long bits) {
    const MechanismInfo* m = offered(key, type);
    if (!m)
        return std::string("no ") + what + " (" + name + ")";
    if (m->flags != 0 && (m->flags & flag) == 0)
        return std::string(name) + " is offered without " +
               (flag == CKF_SIGN ? "signing" : "key pair generation");
    if (bits && m->maxKeySize != 0 && (bits < m->minKeySize || bits > m->maxKeySize))
        return std::string(what) + " only of " + std::to_string(m->minKeySize) + ".." +
               std::to_string(m->maxKeySize) + " bits (" + name + "), not " + std::to_string(bits);
    return {};
}

} // namespace

std::string algorithmShortfall(const TokenInfo& key, KeyAlgorithm algorithm) {
    if (algorithm == KeyAlgorithm::EcP256) {
        std::string gap = lacking(key, CKM_EC_KEY_PAIR_GEN, "CKM_EC_KEY_PAIR_GEN", "EC key pair generation",
                                  CKF_GENERATE_KEY_PAIR, 256);
        return gap.empty() ? lacking(key, CKM_ECDSA, "CKM_ECDSA", "ECDSA signing", CKF_SIGN, 256) : gap;
    }
    const unsigned long bits = algorithm == KeyAlgorithm::Rsa3072 ? 3072 : 2048;
    std::string gap = lacking(key, CKM_RSA_PKCS_KEY_PAIR_GEN, "CKM_RSA_PKCS_KEY_PAIR_GEN",
                              "RSA key pair generation", CKF_GENERATE_KEY_PAIR, bits);
    return gap.empty() ? lacking(key, CKM_RSA_PKCS, "CKM_RSA_PKCS", "RSA signing", CKF_SIGN, bits) : gap;
}

std::vector<KeyAlgorithm> algorithmsOffered(const TokenInfo& key) {
    std::vector<KeyAlgorithm> out;
    for (const KeyAlgorithm a : {KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072, KeyAlgorithm::EcP256})
        if (algorithmShortfall(key, a).empty())
            out.push_back(a);
    return out;
}

std::optional<KeyAlgorithm> algorithmOfCertificate(const std::string& der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    EVP_PKEY* key = cert ? X509_get0_pubkey(cert.get()) : nullptr;
    ERR_clear_error();
    if (!key)
        return std::nullopt;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits == 2048)
            return KeyAlgorithm::Rsa2048;
        if (bits == 3072)
            return KeyAlgorithm::Rsa3072;
        return std::nullopt;
    }
    char group[64] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC &&
        EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1 &&
        std::string(group) == "prime256v1")
        return KeyAlgorithm::EcP256;
    ERR_clear_error();
    return std::nullopt;
}

// --- the device
// ----------------------------------------------------------------------------------------------

KeyDevice::KeyDevice(std::string modulePath, Pkcs11Uri writer, std::shared_ptr<const SoPinDeriver> deriver)
    : d(std::make_unique<Impl>()) {
    d->modulePath = modulePath.empty() ? defaultModulePath() : std::move(modulePath);
    d->writer = std::move(writer);
    d->deriver = std::move(deriver);
    d->context = Pkcs11Context(d->modulePath);
    // The same library libp11 loaded (dlopen returns the loaded instance), for the raw calls.
    d->library = ::dlopen(d->modulePath.c_str(), RTLD_NOW | RTLD_NOLOAD);
    auto getList = d->library
                       ? reinterpret_cast<CK_C_GetFunctionList>(::dlsym(d->library, "C_GetFunctionList"))
                       : nullptr;
    if (!getList || getList(&d->raw) != CKR_OK)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading the PKCS#11 module", 0, {},
                         d->modulePath + ": no C_GetFunctionList");
    // p11-kit's proxy gives ours as an instance of its own, to initialise (the slot ids are the same in every
    // instance).
    const CK_RV init = initialiseInstance(d->raw);
    if (init == CKR_OK)
        d->rawInitialised = true;
    else if (init != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading the PKCS#11 module", init, {},
                         d->modulePath + ": C_Initialize");
}

KeyDevice::~KeyDevice() = default;

const std::string& KeyDevice::modulePath() const {
    return d->modulePath;
}

void KeyDevice::setDeriver(std::shared_ptr<const SoPinDeriver> deriver) {
    d->deriver = std::move(deriver);
}

std::vector<TokenInfo> KeyDevice::keys(bool withCertificates) {
    d->enumerate("listing the keys");
    std::vector<TokenInfo> out;
    for (unsigned int i = 0; i < d->context.slotCount(); ++i) {
        PKCS11_SLOT* slot = d->context.slot(i);
        if (!d->selected(slot))
            continue;
        try {
            out.push_back(d->describe(slot, withCertificates, "listing the keys"));
        } catch (const TokenError&) {
            // A key pulled out while it was being read is simply not there.
        }
    }
    d->release();
    return out;
}

TokenInfo KeyDevice::key(const std::string& serial) {
    const std::string step = "reading the key";
    return d->guarded(serial, step, [&] { return d->describe(d->find(serial, step), true, step); });
}

PinFlags KeyDevice::verifyUserPin(const std::string& serial, const Secret& pin, bool finalTryConfirmed) {
    const std::string step = "checking the PIN";
    return d->guarded(serial, step, [&] {
        d->userSession(d->find(serial, step), serial, pin, finalTryConfirmed, step).reset();
        return d->currentUserFlags(serial);
    });
}

void KeyDevice::changeUserPin(const std::string& serial, const Secret& oldPin, const Secret& newPin,
                              bool finalTryConfirmed) {
    const std::string step = "changing the PIN";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->checkPinLength(slot, newPin, step);
        d->userSession(slot, serial, oldPin, finalTryConfirmed, step)->setPin(oldPin, newPin);
        return 0;
    });
}

KeyPairRef KeyDevice::generateKeyPair(const std::string& serial, const Secret& pin, KeyAlgorithm algorithm,
                                      bool finalTryConfirmed) {
    const std::string step = "generating the key pair";
    return d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        d->checkAlgorithm(slot, algorithm, step);
        auto s = d->userSession(slot, serial, pin, finalTryConfirmed, step);
        std::vector<unsigned char> id(16);
        RAND_bytes(id.data(), static_cast<int>(id.size()));
        std::string label = std::string("countersign ") + algorithmName(algorithm);
        CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
        CK_OBJECT_CLASS pubClass = CKO_PUBLIC_KEY, privClass = CKO_PRIVATE_KEY;
        const bool ec = algorithm == KeyAlgorithm::EcP256;
        CK_KEY_TYPE type = ec ? CKK_EC : CKK_RSA;
        CK_ULONG bits = algorithm == KeyAlgorithm::Rsa3072 ? 3072 : 2048;
        CK_BYTE exponent[] = {0x01, 0x00, 0x01};
        std::vector<CK_ATTRIBUTE> pub{
            {CKA_CLASS, &pubClass, sizeof pubClass}, {CKA_KEY_TYPE, &type, sizeof type},
            {CKA_TOKEN, &yes, sizeof yes},           {CKA_PRIVATE, &no, sizeof no},
            {CKA_VERIFY, &yes, sizeof yes},          {CKA_ID, id.data(), id.size()},
            {CKA_LABEL, label.data(), label.size()}};
        std::vector<CK_ATTRIBUTE> priv{{CKA_CLASS, &privClass, sizeof privClass},
                                       {CKA_KEY_TYPE, &type, sizeof type},
                                       {CKA_TOKEN, &yes, sizeof yes},
                                       {CKA_PRIVATE, &yes, sizeof yes},
                                       {CKA_SENSITIVE, &yes, sizeof yes},
                                       {CKA_EXTRACTABLE, &no, sizeof no},
                                       {CKA_SIGN, &yes, sizeof yes},
                                       {CKA_ID, id.data(), id.size()},
                                       {CKA_LABEL, label.data(), label.size()}};
        if (ec) {
            pub.push_back({CKA_EC_PARAMS, const_cast<unsigned char*>(kP256Oid.data()), kP256Oid.size()});
        } else {
            pub.push_back({CKA_MODULUS_BITS, &bits, sizeof bits});
            pub.push_back({CKA_PUBLIC_EXPONENT, exponent, sizeof exponent});
        }
        s->generateKeyPair(ec ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN, pub, priv);
        return KeyPairRef{hex(id.data(), id.size()), algorithm};
    });
}

std::string KeyDevice::makeCsr(const std::string& serial, const Secret& pin, const std::string& keyId,
                               const std::string& subject, bool finalTryConfirmed) {
    const std::string step = "making the certificate request";
    const auto id = unhex(keyId, step.c_str());
    auto name = parseSubject(subject, step.c_str());
    return d->guarded(serial, step, [&] {
        auto s = d->userSession(d->find(serial, step), serial, pin, finalTryConfirmed, step);
        const auto pair = pairOf(*s, id, step, /*needPrivate=*/true);
        const CK_OBJECT_HANDLE privObject = pair.privateKey;
        Owned<EVP_PKEY> pub = publicKeyOf(*s, pair.publicKey, step);
        const bool ec = EVP_PKEY_get_base_id(pub.get()) == EVP_PKEY_EC;

        Owned<X509_REQ> req(X509_REQ_new());
        X509_REQ_set_version(req.get(), 0);
        X509_REQ_set_subject_name(req.get(), name.get());
        X509_REQ_set_pubkey(req.get(), pub.get());
        X509_ALGOR* algorithm = X509_ALGOR_new();
        X509_ALGOR_set0(algorithm, OBJ_nid2obj(ec ? NID_ecdsa_with_SHA256 : NID_sha256WithRSAEncryption),
                        ec ? V_ASN1_UNDEF : V_ASN1_NULL, nullptr);
        X509_REQ_set1_signature_algo(req.get(), algorithm);
        X509_ALGOR_free(algorithm);
        // The request is signed on the key: OpenSSL encodes what is signed, the key signs its hash.
        const auto tbs = derOf(i2d_re_X509_REQ_tbs, req.get());
        const auto signature = signSha256(*s, privObject, ec, tbs.data(), tbs.size(), step);
        ASN1_BIT_STRING* bits = ASN1_BIT_STRING_new();
        ASN1_BIT_STRING_set(bits, const_cast<unsigned char*>(signature.data()),
                            static_cast<int>(signature.size()));
        bits->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
        bits->flags |= ASN1_STRING_FLAG_BITS_LEFT;
        X509_REQ_set0_signature(req.get(), bits);
        if (X509_REQ_verify(req.get(), pub.get()) != 1) {
            ERR_clear_error();
            throw TokenError(TokenErrorCode::VerificationFailed, step, 0, {},
                             "the key's signature does not verify");
        }
        Owned<BIO> bio(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509_REQ(bio.get(), req.get());
        char* data = nullptr;
        const long len = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(len));
    });
}

void KeyDevice::writeCertificate(const std::string& serial, const Secret& pin, const std::string& keyId,
                                 const std::string& certificatePem, const std::string& chainPem,
                                 bool finalTryConfirmed) {
    const std::string step = "writing the certificate";
    const auto wantedId = keyId.empty() ? std::vector<unsigned char>() : unhex(keyId, step.c_str());
    auto certs = parsePemCertificates(certificatePem, step.c_str());
    if (certs.size() != 1)
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "expected exactly one certificate");
    auto chain = parsePemCertificates(chainPem, step.c_str());
    d->guarded(serial, step, [&] {
        auto s = d->userSession(d->find(serial, step), serial, pin, finalTryConfirmed, step);
        X509* cert = certs[0].get();
        // Without a key id, the certificate goes next to the key pair whose public key it certifies.
        const auto id = wantedId.empty() ? idOfPublicKey(*s, X509_get0_pubkey(cert), step) : wantedId;
        Owned<EVP_PKEY> pub = publicKeyOf(*s, pairOf(*s, id, step, /*needPrivate=*/false).publicKey, step);
        if (EVP_PKEY_eq(pub.get(), X509_get0_pubkey(cert)) != 1)
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "the certificate is not for the key pair " + hex(id.data(), id.size()));
        const std::string name = describeCertificate(cert).organisation;
        storeCertificate(*s, cert, id, name.empty() ? std::string("certificate") : name.substr(0, 64));
        // CA certificates go on once (under the certificate's SHA-1 as CKA_ID): a renewal must not pile up
        // copies.
        for (auto& ca : chain) {
            unsigned char digest[SHA_DIGEST_LENGTH];
            unsigned int len = 0;
            X509_digest(ca.get(), EVP_sha1(), digest, &len);
            const std::vector<unsigned char> caId(digest, digest + len);
            if (!s->find(CKO_CERTIFICATE, &caId).empty())
                continue;
            storeCertificate(*s, ca.get(), caId, "CA " + describeCertificate(ca.get()).subject.substr(0, 60));
        }
        return 0;
    });
}

void KeyDevice::selfTest(const std::string& serial, const Secret& pin, const std::string& keyId,
                         bool finalTryConfirmed, const std::string& certificateDer) {
    const std::string step = "testing the key";
    const auto id = unhex(keyId, step.c_str());
    d->guarded(serial, step, [&] {
        auto s = d->userSession(d->find(serial, step), serial, pin, finalTryConfirmed, step);
        const auto pair = pairOf(*s, id, step, /*needPrivate=*/true);
        if (pair.certificate == CK_INVALID_HANDLE && certificateDer.empty())
            throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {},
                             "no certificate for key pair " + keyId);
        const auto der = certificateDer.empty()
                             ? s->attribute(pair.certificate, CKA_VALUE)
                             : std::vector<unsigned char>(certificateDer.begin(), certificateDer.end());
        const unsigned char* p = der.data();
        Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
        if (!cert)
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {},
                             "the certificate on the key is unreadable");
        const CK_OBJECT_HANDLE priv = pair.privateKey;
        EVP_PKEY* certKey = X509_get0_pubkey(cert.get());
        const bool ec = EVP_PKEY_get_base_id(certKey) == EVP_PKEY_EC;
        unsigned char challenge[32];
        RAND_bytes(challenge, sizeof challenge);
        const auto signature = signSha256(*s, priv, ec, challenge, sizeof challenge, step);
        Owned<EVP_MD_CTX> verify(EVP_MD_CTX_new());
        const bool ok = EVP_DigestVerifyInit(verify.get(), nullptr, EVP_sha256(), nullptr, certKey) == 1 &&
                        EVP_DigestVerify(verify.get(), signature.data(), signature.size(), challenge,
                                         sizeof challenge) == 1;
        ERR_clear_error();
        if (!ok)
            throw TokenError(TokenErrorCode::VerificationFailed, step);
        return 0;
    });
}

void KeyDevice::removeKeyPair(const std::string& serial, const Secret& pin, const std::string& keyId,
                              bool finalTryConfirmed) {
    const std::string step = "removing the old key pair";
    const auto id = unhex(keyId, step.c_str());
    d->guarded(serial, step, [&] {
        auto s = d->userSession(d->find(serial, step), serial, pin, finalTryConfirmed, step);
        const auto objects = s->findById(id);
        for (const CK_OBJECT_HANDLE h : objects)
            s->destroy(h);
        if (objects.empty())
            throw TokenError(TokenErrorCode::NoSuchObject, step, 0, {}, "nothing with id " + keyId);
        return 0;
    });
}

} // namespace countersign::token
