#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "token/tokeninfo.h"

namespace countersign::token {

/// A PKCS#11 error with the step that failed and the CKR_* code when the module gave one.
class TokenError : public std::runtime_error {
public:
    TokenError(const std::string& step, unsigned long ckr);
    unsigned long ckr; ///< CKR_* value, 0 when the failure did not come from the module
};

/// Name of a CKR_* code, e.g. "CKR_PIN_INCORRECT".
std::string ckrName(unsigned long ckr);

/// The default module: p11-kit's proxy, which loads every module the system has registered.
std::string defaultModulePath();

/// A loaded PKCS#11 module. Owns the libp11 context; use it from one thread only.
class Pkcs11Module {
public:
    explicit Pkcs11Module(const std::string& modulePath);
    ~Pkcs11Module();
    Pkcs11Module(const Pkcs11Module&) = delete;
    Pkcs11Module& operator=(const Pkcs11Module&) = delete;

    const std::string& path() const { return m_path; }
    /// Re-enumerates the slots and returns the tokens present, blank ones included.
    std::vector<TokenInfo> tokens();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    std::string m_path;
};

} // namespace countersign::token
