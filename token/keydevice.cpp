#include "token/keydevice.h"

#include <algorithm>

#include <dlfcn.h>
#include <libp11.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <p11-kit/pkcs11.h>

#include "token/certinfo.h"
#include "token/keyobjects.h"
#include "token/owned.h"
#include "token/pkcs11context.h"
#include "token/pkcs11session.h"

namespace countersign::token {

namespace {

std::string text(const char* s) {
    std::string out = s ? s : "";
    out.erase(out.find_last_not_of(' ') + 1);
    return out;
}

PinFlags userFlags(const PKCS11_TOKEN* t) {
    return {t->userPinCountLow != 0, t->userPinFinalTry != 0, t->userPinLocked != 0,
            t->userPinToBeChanged != 0};
}

PinFlags soFlags(const PKCS11_TOKEN* t) {
    // A blank SoftHSM2 token claims a locked SO PIN (STACK.md §1): meaningless before initialisation.
    if (!t->initialized)
        return {};
    return {t->soPinCountLow != 0, t->soPinFinalTry != 0, t->soPinLocked != 0, t->soPinToBeChanged != 0};
}

// libp11 0.4.12 hands the label to C_InitToken as is, but the module reads 32 bytes (STACK.md §2.6).
std::string paddedLabel(const std::string& label) {
    std::string out = label.substr(0, 32);
    out.resize(32, ' ');
    return out;
}

} // namespace

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

// --- the device
// ----------------------------------------------------------------------------------------------

struct KeyDevice::Impl {
    std::string modulePath;
    Pkcs11Uri writer;
    std::shared_ptr<const SoPinDeriver> deriver;
    void* library = nullptr; // our own reference to the module, for the raw calls
    CK_FUNCTION_LIST_PTR raw = nullptr;
    Pkcs11Context context;

    ~Impl() {
        // The context goes first (C_Finalize, libp11 lets go of the module); our reference unloads it last.
        context = Pkcs11Context();
        if (library)
            ::dlclose(library);
    }

    void release() { context.releaseSlots(); }

    // A fresh view of the slots and tokens (libp11 caches token flags, and PKCS11_update_slots crashes in
    // 0.4.12, STACK.md §2.1).
    void enumerate(const std::string& step) { context.enumerateSlots(step + ": listing the writer's slots"); }

    bool selected(PKCS11_SLOT* slot) const {
        if (!slot->token)
            return false;
        const PKCS11_TOKEN* t = slot->token;
        return writer.matchesSlot(text(slot->description), text(slot->manufacturer),
                                  PKCS11_get_slotid_from_slot(slot)) &&
               writer.matchesToken(text(t->label), text(t->manufacturer), text(t->serialnr), text(t->model));
    }

    // Finds the key named by serial, or the one uninitialised key when serial is empty.
    PKCS11_SLOT* find(const std::string& serial, const std::string& step) {
        enumerate(step);
        PKCS11_SLOT* found = nullptr;
        int matches = 0;
        for (unsigned int i = 0; i < context.slotCount(); ++i) {
            PKCS11_SLOT* slot = context.slot(i);
            if (!selected(slot))
                continue;
            const bool hit =
                serial.empty() ? !slot->token->initialized : text(slot->token->serialnr) == serial;
            if (hit) {
                found = found ? found : slot;
                ++matches;
            }
        }
        if (matches == 0)
            throw TokenError(TokenErrorCode::NoKey, step, 0, {},
                             serial.empty() ? "no blank key in the writer" : "no key with serial " + serial);
        if (matches > 1)
            throw TokenError(TokenErrorCode::SeveralKeys, step, 0, {},
                             serial.empty() ? "several blank keys in the writer"
                                            : "several keys with serial " + serial);
        return found;
    }

    bool present(const std::string& serial) {
        try {
            find(serial, "checking the key");
            return true;
        } catch (const TokenError&) {
            return false;
        }
    }

    // Runs an operation; a failure while the key has gone missing is reported as "key removed", whatever the
    // module said, because that is what the counter must act on.
    template <typename F> auto guarded(const std::string& serial, const std::string& step, F body) {
        try {
            auto result = body();
            release();
            return result;
        } catch (const TokenError& e) {
            if (e.code != TokenErrorCode::KeyRemoved && e.code != TokenErrorCode::NoKey && !serial.empty() &&
                !present(serial)) {
                release();
                throw TokenError(TokenErrorCode::KeyRemoved, step, e.ckr, e.flags, "the key was pulled out");
            }
            release();
            throw;
        }
    }

    PinFlags currentUserFlags(const std::string& serial) {
        try {
            return userFlags(find(serial, "reading the PIN state")->token);
        } catch (const TokenError&) {
            return {};
        }
    }

    std::unique_ptr<Pkcs11Session> session(PKCS11_SLOT* slot, const std::string& step) {
        return std::make_unique<Pkcs11Session>(raw, PKCS11_get_slotid_from_slot(slot), step);
    }

    // A session logged in as the user. Refuses to send the PIN to a locked key, or on its last try unless
    // the holder confirmed; never retries.
    std::unique_ptr<Pkcs11Session> userSession(PKCS11_SLOT* slot, const std::string& serial,
                                               const Secret& pin, bool finalTryConfirmed,
                                               const std::string& step) {
        const PKCS11_TOKEN* t = slot->token;
        if (!t->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        if (!t->userPinSet)
            throw TokenError(TokenErrorCode::UserPinNotSet, step);
        if (t->userPinLocked)
            throw TokenError(TokenErrorCode::PinLocked, step, CKR_PIN_LOCKED, userFlags(t));
        if (t->userPinFinalTry && !finalTryConfirmed)
            throw TokenError(TokenErrorCode::FinalTryNeedsConfirmation, step, 0, userFlags(t));
        auto s = session(slot, step);
        const CK_RV rv = s->login(CKU_USER, pin);
        if (rv != CKR_OK) {
            s.reset();
            throw errorFromCkr(step + ": user login", rv, currentUserFlags(serial));
        }
        return s;
    }

    // A session logged in as the security officer with `soPin` (by default the key's derived SO PIN).
    std::unique_ptr<Pkcs11Session> soSession(PKCS11_SLOT* slot, const std::string& serial,
                                             const std::string& step, const Secret* soPin = nullptr) {
        if (!deriver)
            throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
        const PKCS11_TOKEN* t = slot->token;
        if (soFlags(t).locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step, CKR_PIN_LOCKED, soFlags(t));
        auto s = session(slot, step);
        const Secret derived = soPin ? Secret() : deriver->derive(serial);
        const CK_RV rv = s->login(CKU_SO, soPin ? *soPin : derived);
        if (rv == CKR_OK)
            return s;
        s.reset();
        PinFlags flags;
        try {
            flags = soFlags(find(serial, "reading the SO PIN state")->token);
        } catch (const TokenError&) {
        }
        if (rv == CKR_PIN_LOCKED || flags.locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step + ": SO login", rv, flags);
        if (rv == CKR_PIN_INCORRECT)
            throw TokenError(TokenErrorCode::SoPinIncorrect, step + ": SO login", rv, flags);
        throw errorFromCkr(step + ": SO login", rv, flags);
    }

    // C_InitToken on a slot nobody has a session on; PIN errors as SO PIN errors.
    CK_RV initToken(PKCS11_SLOT* slot, const Secret& soPin, const std::string& label,
                    const std::string& step) {
        std::string padded = paddedLabel(label);
        const CK_RV rv = raw->C_InitToken(PKCS11_get_slotid_from_slot(slot),
                                          reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(soPin.c_str())),
                                          soPin.size(), reinterpret_cast<CK_UTF8CHAR_PTR>(padded.data()));
        if (rv != CKR_OK && rv != CKR_PIN_INCORRECT && rv != CKR_PIN_LOCKED)
            throw errorFromCkr(step, rv);
        return rv;
    }

    static TokenError soPinError(CK_RV rv, const std::string& step) {
        return TokenError(rv == CKR_PIN_LOCKED ? TokenErrorCode::SoPinLocked : TokenErrorCode::SoPinIncorrect,
                          step, rv);
    }

    std::vector<CertificateInfo> certificates(PKCS11_SLOT* slot, const std::string& step) {
        return certificatesOn(*session(slot, step));
    }

    TokenInfo describe(PKCS11_SLOT* slot, bool withCertificates, const std::string& step) {
        const PKCS11_TOKEN* t = slot->token;
        TokenInfo info;
        info.serial = text(t->serialnr);
        info.label = text(t->label);
        info.manufacturer = text(t->manufacturer);
        info.model = text(t->model);
        info.slotDescription = text(slot->description);
        info.initialized = t->initialized;
        info.userPinSet = t->userPinSet;
        info.removable = slot->removable;
        info.userPin = userFlags(t);
        info.soPin = soFlags(t);
        if (withCertificates && t->initialized)
            info.certificates = certificates(slot, step);
        return info;
    }
};

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

TokenInfo KeyDevice::initialise(const std::string& serial, const std::string& label) {
    const std::string step = "initialising the key";
    if (!d->deriver)
        throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
    // A blank SoftHSM2 token gets its serial only from C_InitToken, so it is first initialised with an SO PIN
    // derived from a fixed name instead of the serial and then moved to its own. Being derivable, that first
    // PIN lets an initialisation cut short between the two steps be done again.
    const Secret preSerialPin = d->deriver->derive("(no serial yet)");
    const auto [slotId, knownSerial] = d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        const PKCS11_TOKEN* t = slot->token;
        if (t->initialized && (t->userPinSet || !d->certificates(slot, step).empty()))
            throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "the key is in use; retire it first");
        const std::string own = text(t->serialnr);
        if (own.empty()) {
            const CK_RV rv = d->initToken(slot, preSerialPin, label, step);
            if (rv != CKR_OK)
                throw Impl::soPinError(rv, step);
        } else {
            const Secret soPin = d->deriver->derive(own);
            const CK_RV rv = d->initToken(slot, soPin, label, step);
            if (rv == CKR_OK)
                return std::make_pair(PKCS11_get_slotid_from_slot(slot), own);
            if (!t->initialized || rv == CKR_PIN_LOCKED)
                throw Impl::soPinError(rv, step);
            // Perhaps an initialisation of ours stopped before the SO PIN was moved to the serial's.
            const CK_RV again = d->initToken(slot, preSerialPin, label, step);
            if (again != CKR_OK)
                throw Impl::soPinError(again, step);
        }
        return std::make_pair(PKCS11_get_slotid_from_slot(slot), std::string());
    });
    if (!knownSerial.empty())
        return key(knownSerial);

    // Same process: the token kept its slot id (STACK.md §1); its serial is known now.
    d->enumerate(step);
    PKCS11_SLOT* fresh = nullptr;
    for (unsigned int i = 0; i < d->context.slotCount(); ++i) {
        PKCS11_SLOT* slot = d->context.slot(i);
        if (slot->token && PKCS11_get_slotid_from_slot(slot) == slotId)
            fresh = slot;
    }
    if (!fresh || !fresh->token->initialized || text(fresh->token->serialnr).empty()) {
        d->release();
        throw TokenError(TokenErrorCode::KeyRemoved, step, 0, {}, "the key went away during initialisation");
    }
    const std::string newSerial = text(fresh->token->serialnr);
    d->guarded(newSerial, step, [&] {
        auto so = d->soSession(fresh, newSerial, step, &preSerialPin);
        so->setPin(preSerialPin, d->deriver->derive(newSerial));
        return 0;
    });
    return key(newSerial);
}

void KeyDevice::setUserPin(const std::string& serial, const Secret& newPin) {
    const std::string step = "setting the PIN";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (!slot->token->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        d->soSession(slot, serial, step)->initPin(newPin);
        return 0;
    });
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
        d->userSession(d->find(serial, step), serial, oldPin, finalTryConfirmed, step)
            ->setPin(oldPin, newPin);
        return 0;
    });
}

void KeyDevice::unlock(const std::string& serial, const Secret& newPin) {
    const std::string step = "unlocking the key";
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (!slot->token->initialized)
            throw TokenError(TokenErrorCode::NotInitialised, step);
        d->soSession(slot, serial, step)->initPin(newPin);
        return 0;
    });
}

KeyPairRef KeyDevice::generateKeyPair(const std::string& serial, const Secret& pin, KeyAlgorithm algorithm,
                                      bool finalTryConfirmed) {
    const std::string step = "generating the key pair";
    return d->guarded(serial, step, [&] {
        auto s = d->userSession(d->find(serial, step), serial, pin, finalTryConfirmed, step);
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

TokenInfo KeyDevice::retire(const std::string& serial, const std::string& label) {
    const std::string step = "retiring the key";
    if (serial.empty())
        throw TokenError(TokenErrorCode::InvalidInput, step, 0, {}, "a key to retire is named by its serial");
    if (!d->deriver)
        throw TokenError(TokenErrorCode::MasterSecret, step, 0, {}, "no SO PIN master secret configured");
    d->guarded(serial, step, [&] {
        PKCS11_SLOT* slot = d->find(serial, step);
        if (soFlags(slot->token).locked)
            throw TokenError(TokenErrorCode::SoPinLocked, step, CKR_PIN_LOCKED, soFlags(slot->token));
        const CK_RV rv = d->initToken(slot, d->deriver->derive(serial), label, step);
        if (rv != CKR_OK)
            throw Impl::soPinError(rv, step);
        return 0;
    });
    return key(serial);
}

} // namespace countersign::token
