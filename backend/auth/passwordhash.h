#pragma once

#include <string>

#include "token/secret.h"

namespace countersign::auth {

/// Cost of the scrypt KDF: N = 2^logN, r, p. The defaults take ~0.1 s and 32 MiB per hash.
struct ScryptCost {
    int logN = 15;
    int r = 8;
    int p = 1;
};

/// Hashes a staff password with scrypt and a fresh 16-byte salt. The result is self-describing:
/// "scrypt$<logN>$<r>$<p>$<salt base64>$<hash base64>", so the cost can be raised later without
/// invalidating stored hashes.
std::string hashPassword(const Secret& password, ScryptCost cost = {});

/// Checks a password against a stored hash in constant time. A malformed hash never verifies.
bool verifyPassword(const Secret& password, const std::string& stored);

/// A well-formed hash of a random password, to spend the same time on unknown usernames.
const std::string& decoyHash();

} // namespace countersign::auth
