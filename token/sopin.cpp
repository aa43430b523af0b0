#include "token/sopin.h"

#include <cstring>
#include <set>

#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <p11-kit/pkcs11.h>

#include "token/secretfile.h"
#include "token/tokenerror.h"

namespace countersign::token {

namespace {
constexpr std::size_t kMinMasterBytes = 32;
} // namespace

std::unique_ptr<FileMasterSecret> FileMasterSecret::load(const std::string& path) {
    SecretFileProblem problem = SecretFileProblem::None;
    // Anyone else able to read it could derive every key's SO PIN. Its bytes are used whole, a trailing CR/LF
    // included: a random binary secret may well end in them.
    auto bytes = readOwnerOnlyFile(path, &problem);
    if (!bytes)
        throw TokenError(TokenErrorCode::MasterSecret, "reading the SO PIN master secret", 0, {},
                         secretFileProblemText(problem, path));
    if (bytes->size() < kMinMasterBytes)
        throw TokenError(TokenErrorCode::MasterSecret, "reading the SO PIN master secret", 0, {},
                         path + " holds fewer than 32 bytes");
    return std::make_unique<FileMasterSecret>(std::move(*bytes));
}

std::vector<unsigned char> FileMasterSecret::hmacSha256(std::string_view message) const {
    std::vector<unsigned char> out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), m_bytes.c_str(), static_cast<int>(m_bytes.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &len))
        throw TokenError(TokenErrorCode::MasterSecret, "deriving the SO PIN", 0, {}, "HMAC failed");
    out.resize(len);
    return out;
}

// --- master secret on a PKCS#11 token
// ------------------------------------------------------------------------

struct TokenMasterSecret::Impl {
    void* library = nullptr;
    CK_FUNCTION_LIST_PTR f = nullptr;
    bool weInitialised = false;
    std::string tokenLabel;
    std::string keyLabel;
    Secret pin;

    ~Impl() {
        if (f && weInitialised)
            f->C_Finalize(nullptr);
        if (library)
            ::dlclose(library);
    }

    [[noreturn]] void fail(const char* step, CK_RV rv) const { throw errorFromCkr(step, rv); }

    CK_SLOT_ID findSlot() const {
        CK_ULONG count = 0;
        CK_RV rv = f->C_GetSlotList(CK_TRUE, nullptr, &count);
        if (rv != CKR_OK)
            fail("listing slots for the master secret", rv);
        std::vector<CK_SLOT_ID> ids(count);
        rv = f->C_GetSlotList(CK_TRUE, ids.data(), &count);
        if (rv != CKR_OK)
            fail("listing slots for the master secret", rv);
        for (CK_ULONG i = 0; i < count; ++i) {
            CK_TOKEN_INFO ti{};
            if (f->C_GetTokenInfo(ids[i], &ti) != CKR_OK)
                continue;
            std::string label(reinterpret_cast<const char*>(ti.label), sizeof ti.label);
            label.erase(label.find_last_not_of(' ') + 1);
            if (label == tokenLabel)
                return ids[i];
        }
        throw TokenError(TokenErrorCode::MasterSecret, "finding the master-secret token", 0, {},
                         "no token labelled " + tokenLabel);
    }
};

TokenMasterSecret::TokenMasterSecret(const std::string& modulePath, std::string tokenLabel,
                                     std::string keyLabel, Secret pin)
    : d(std::make_unique<Impl>()) {
    d->tokenLabel = std::move(tokenLabel);
    d->keyLabel = std::move(keyLabel);
    d->pin = std::move(pin);
    d->library = ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!d->library)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading " + modulePath);
    auto getList = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(d->library, "C_GetFunctionList"));
    if (!getList || getList(&d->f) != CKR_OK)
        throw TokenError(TokenErrorCode::ModuleLoadFailed, "loading " + modulePath);
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = d->f->C_Initialize(&args);
    // The same module may already serve the writer in this process; then it is shared, not ours to finalise.
    if (rv == CKR_OK)
        d->weInitialised = true;
    else if (rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        d->fail("initialising the master-secret module", rv);
}

TokenMasterSecret::~TokenMasterSecret() = default;

std::vector<unsigned char> TokenMasterSecret::hmacSha256(std::string_view message) const {
    CK_FUNCTION_LIST_PTR f = d->f;
    CK_SESSION_HANDLE session = 0;
    CK_RV rv = f->C_OpenSession(d->findSlot(), CKF_SERIAL_SESSION, nullptr, nullptr, &session);
    if (rv != CKR_OK)
        d->fail("opening the master-secret token", rv);
    struct Closer {
        CK_FUNCTION_LIST_PTR f;
        CK_SESSION_HANDLE s;
        ~Closer() { f->C_CloseSession(s); }
    } closer{f, session};
    rv = f->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(d->pin.c_str())),
                    d->pin.size());
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        d->fail("logging in to the master-secret token", rv);
    CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
    CK_ATTRIBUTE find[] = {{CKA_CLASS, &cls, sizeof cls},
                           {CKA_LABEL, const_cast<char*>(d->keyLabel.data()), d->keyLabel.size()}};
    CK_OBJECT_HANDLE key = 0;
    CK_ULONG found = 0;
    rv = f->C_FindObjectsInit(session, find, 2);
    if (rv == CKR_OK) {
        rv = f->C_FindObjects(session, &key, 1, &found);
        f->C_FindObjectsFinal(session);
    }
    if (rv != CKR_OK)
        d->fail("finding the master-secret key", rv);
    if (found != 1)
        throw TokenError(TokenErrorCode::MasterSecret, "finding the master-secret key", 0, {},
                         "no secret key labelled " + d->keyLabel);
    CK_MECHANISM mechanism{CKM_SHA256_HMAC, nullptr, 0};
    std::vector<unsigned char> out(32);
    CK_ULONG len = out.size();
    rv = f->C_SignInit(session, &mechanism, key);
    if (rv == CKR_OK)
        rv = f->C_Sign(session, reinterpret_cast<CK_BYTE_PTR>(const_cast<char*>(message.data())),
                       message.size(), out.data(), &len);
    f->C_Logout(session);
    if (rv != CKR_OK)
        d->fail("computing the HMAC on the master-secret token", rv);
    out.resize(len);
    return out;
}

// --- the deriver
// ---------------------------------------------------------------------------------------------

SoPinDeriver::SoPinDeriver(std::shared_ptr<const MasterSecret> master, int version, SoPinFormat format)
    : SoPinDeriver(std::map<int, std::shared_ptr<const MasterSecret>>{{version, std::move(master)}}, version,
                   std::move(format)) {}

SoPinDeriver::SoPinDeriver(std::map<int, std::shared_ptr<const MasterSecret>> masters, int current,
                           SoPinFormat format)
    : m_masters(std::move(masters))
    , m_version(current)
    , m_format(std::move(format)) {
    const std::set<char> distinct(m_format.alphabet.begin(), m_format.alphabet.end());
    bool mastersOk = m_masters.count(m_version) != 0;
    for (const auto& [v, m] : m_masters)
        mastersOk = mastersOk && v >= 1 && m;
    if (!mastersOk || m_version < 1 || m_format.length < 4 || m_format.length > 64 || distinct.size() < 2 ||
        distinct.size() != m_format.alphabet.size())
        throw TokenError(
            TokenErrorCode::MasterSecret, "configuring the SO PIN deriver", 0, {},
            "needs a master secret for the current version and every version >= 1, a length of 4 to 64 and "
            "an alphabet of at least two distinct characters");
}

Secret SoPinDeriver::derive(std::string_view serial, int version) const {
    if (serial.empty())
        throw TokenError(TokenErrorCode::InvalidInput, "deriving the SO PIN", 0, {}, "the key has no serial");
    const auto master = m_masters.find(version);
    if (master == m_masters.end())
        throw TokenError(TokenErrorCode::MasterSecret, "deriving the SO PIN", 0, {},
                         "no master secret of version " + std::to_string(version) + " is configured");
    const std::size_t n = m_format.alphabet.size();
    // Rejection sampling keeps every character equally likely (no modulo bias).
    const unsigned limit = 256 - 256 % n;
    std::string pin;
    for (int block = 0; pin.size() < m_format.length; ++block) {
        const std::string message = "countersign/so-pin/v" + std::to_string(version) + "/" +
                                    std::string(serial) + "/" + std::to_string(block);
        auto mac = master->second->hmacSha256(message);
        for (const unsigned char byte : mac) {
            if (byte < limit && pin.size() < m_format.length)
                pin.push_back(m_format.alphabet[byte % n]);
        }
        OPENSSL_cleanse(mac.data(), mac.size());
    }
    return Secret::take(pin);
}

} // namespace countersign::token
