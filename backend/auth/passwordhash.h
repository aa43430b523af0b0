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

/// For an account whose stored hash is still a client-made scrypt one: the key derived from `password` with
/// the hash's parameters ("scrypt$<logN>$<r>$<p>$<salt base64>", as countersign.staff_login_params() gives
/// them), base64 as stored. The database compares it with the stored hash and moves the account to its own
/// bcrypt hash (0010_staff_sessions.sql). Empty when the parameters are malformed.
Secret legacyProof(const Secret& password, const std::string& parameters);

} // namespace countersign::auth
