#include "backend/auth/passwordhash.h"

#include <stdexcept>
#include <string_view>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace countersign::auth {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::uint64_t kMaxMem = 256ull * 1024 * 1024;

std::string base64(const unsigned char* data, std::size_t n) {
    std::string out(4 * ((n + 2) / 3), '\0');
    const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
    out.resize(static_cast<std::size_t>(len));
    return out;
}

bool unbase64(const std::string& in, std::size_t expected, std::vector<unsigned char>& out) {
    if (in.empty() || in.size() % 4 != 0)
        return false;
    std::vector<unsigned char> buf(in.size() / 4 * 3);
    const int len = EVP_DecodeBlock(buf.data(), reinterpret_cast<const unsigned char*>(in.data()),
                                    static_cast<int>(in.size()));
    if (len < 0)
        return false;
    std::size_t pad = 0;
    if (in.size() >= 2 && in[in.size() - 1] == '=')
        pad = in[in.size() - 2] == '=' ? 2 : 1;
    const std::size_t real = static_cast<std::size_t>(len) - pad;
    if (real != expected)
        return false;
    buf.resize(real);
    out = std::move(buf);
    return true;
}

std::vector<unsigned char> derive(const Secret& password, const unsigned char* salt, std::size_t saltLen,
                                  ScryptCost cost) {
    std::vector<unsigned char> key(kHashBytes);
    if (EVP_PBE_scrypt(password.c_str(), password.size(), salt, saltLen, std::uint64_t{1} << cost.logN,
                       static_cast<std::uint64_t>(cost.r), static_cast<std::uint64_t>(cost.p), kMaxMem,
                       key.data(), key.size()) != 1)
        throw std::runtime_error("scrypt failed");
    return key;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos - start));
        if (pos == std::string::npos)
            return parts;
        start = pos + 1;
    }
}

bool parseInt(const std::string& s, int lo, int hi, int& out) {
    if (s.empty() || s.size() > 3)
        return false;
    int v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi)
        return false;
    out = v;
    return true;
}

} // namespace

std::string hashPassword(const Secret& password, ScryptCost cost) {
    unsigned char salt[kSaltBytes];
    if (RAND_bytes(salt, sizeof salt) != 1)
        throw std::runtime_error("no random bytes for the password salt");
    auto key = derive(password, salt, sizeof salt, cost);
    std::string out = "scrypt$" + std::to_string(cost.logN) + "$" + std::to_string(cost.r) + "$" +
                      std::to_string(cost.p) + "$" + base64(salt, sizeof salt) + "$" +
                      base64(key.data(), key.size());
    OPENSSL_cleanse(key.data(), key.size());
    return out;
}

Secret legacyProof(const Secret& password, const std::string& parameters) {
    const auto parts = split(parameters, '$');
    if (parts.size() != 5 || parts[0] != "scrypt")
        return Secret();
    ScryptCost cost;
    std::vector<unsigned char> salt;
    if (!parseInt(parts[1], 10, 22, cost.logN) || !parseInt(parts[2], 1, 32, cost.r) ||
        !parseInt(parts[3], 1, 16, cost.p) || !unbase64(parts[4], kSaltBytes, salt))
        return Secret();
    auto key = derive(password, salt.data(), salt.size(), cost);
    std::string encoded = base64(key.data(), key.size());
    OPENSSL_cleanse(key.data(), key.size());
    return Secret::take(encoded);
}

bool verifyPassword(const Secret& password, const std::string& stored) {
    // "scrypt$<logN>$<r>$<p>$<salt>" then "$<hash>": the hash is what the parameters derive from the
    // password.
    const auto cut = stored.rfind('$');
    std::vector<unsigned char> expected;
    if (cut == std::string::npos || !unbase64(stored.substr(cut + 1), kHashBytes, expected))
        return false;
    const Secret derived = legacyProof(password, stored.substr(0, cut));
    const std::string_view hash = std::string_view(stored).substr(cut + 1);
    return !derived.empty() && derived.size() == hash.size() &&
           CRYPTO_memcmp(derived.c_str(), hash.data(), hash.size()) == 0;
}

} // namespace countersign::auth
