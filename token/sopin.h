#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "token/secret.h"

namespace countersign::token {

/// Where the SO-PIN master secret lives. It only ever computes HMAC-SHA-256 with it; the secret itself
/// stays in its file's memory (wiped on destruction) or never leaves its PKCS#11 token.
class MasterSecret {
public:
    virtual ~MasterSecret() = default;
    virtual std::vector<unsigned char> hmacSha256(std::string_view message) const = 0;
};

/// A master secret read from a file that only its owner may read (mode 0600 or 0400; anything looser is
/// refused, as is a file shorter than 32 bytes). The file's bytes are the secret, all of them: a binary
/// secret ending in 0x0d 0x0a keeps them (token/secretfile.h).
class FileMasterSecret : public MasterSecret {
public:
    static std::unique_ptr<FileMasterSecret> load(const std::string& path);
    /// For tests and benchmarks: a secret given directly.
    explicit FileMasterSecret(Secret bytes)
        : m_bytes(std::move(bytes)) {}
    std::vector<unsigned char> hmacSha256(std::string_view message) const override;

private:
    Secret m_bytes;
};

/// A master secret kept as a generic secret-key object (CKK_GENERIC_SECRET, CKA_SIGN) on a PKCS#11 token;
/// the HMAC is computed on that token (CKM_SHA256_HMAC), so the secret never leaves it.
class TokenMasterSecret : public MasterSecret {
public:
    /// `tokenLabel`: the token holding the key; `keyLabel`: the key object's CKA_LABEL; `pin`: its user PIN.
    TokenMasterSecret(const std::string& modulePath, std::string tokenLabel, std::string keyLabel,
                      Secret pin);
    ~TokenMasterSecret() override;
    std::vector<unsigned char> hmacSha256(std::string_view message) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// How derived SO PINs look (real keys differ in what they accept).
struct SoPinFormat {
    std::size_t length = 8;
    std::string alphabet = "0123456789";
};

/// Derives each key's SO PIN from a master secret and the key's serial (DESIGN §2): every counter of every
/// centre derives the same SO PIN, none is stored. Master secrets are kept by version so they can be rotated:
/// each key's version is recorded with it (tokens.so_pin_version), its SO PIN is derived with that version's
/// master, and a key still on an older version moves to the current one at its next visit.
class SoPinDeriver {
public:
    /// One master secret, `version` the current one.
    SoPinDeriver(std::shared_ptr<const MasterSecret> master, int version, SoPinFormat format = {});
    /// A master secret per version; `current` (one of them) is the version new keys get and old keys move to.
    SoPinDeriver(std::map<int, std::shared_ptr<const MasterSecret>> masters, int current,
                 SoPinFormat format = {});

    /// The current version.
    int version() const { return m_version; }
    bool hasVersion(int version) const { return m_masters.count(version) != 0; }
    const SoPinFormat& format() const { return m_format; }
    /// The SO PIN of the current version.
    Secret derive(std::string_view serial) const { return derive(serial, m_version); }
    /// The SO PIN of `version`; a version without a master secret here is a TokenErrorCode::MasterSecret.
    Secret derive(std::string_view serial, int version) const;

private:
    std::map<int, std::shared_ptr<const MasterSecret>> m_masters;
    int m_version;
    SoPinFormat m_format;
};

} // namespace countersign::token
