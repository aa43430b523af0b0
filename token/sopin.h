#pragma once

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
/// refused, as is a file shorter than 32 bytes).
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

/// Derives each key's SO PIN from the master secret and the key's serial (DESIGN §2): every counter of every
/// centre derives the same SO PIN, none is stored. The version selects the master secret so it can be
/// rotated; it is recorded with each key.
class SoPinDeriver {
public:
    SoPinDeriver(std::shared_ptr<const MasterSecret> master, int version, SoPinFormat format = {});

    int version() const { return m_version; }
    const SoPinFormat& format() const { return m_format; }
    Secret derive(std::string_view serial) const;

private:
    std::shared_ptr<const MasterSecret> m_master;
    int m_version;
    SoPinFormat m_format;
};

} // namespace countersign::token
