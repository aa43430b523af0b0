#pragma once

#include <memory>

#include <pqxx/connection>

#include "backend/ca/ca.h"
#include "backend/config.h"

namespace countersign::ca {

struct BuiltinCaConfig;

/// The built-in CA's settings from [ca].
BuiltinCaConfig builtinCaConfig(const AppConfig& config);

/// The CA the configuration names ([ca] connector): the built-in CA, or an external CA over CMP whose answers
/// are journaled in the database. Throws CaError when it can't be set up.
class CaConnector {
public:
    CaConnector(const AppConfig& config, pqxx::connection& conn);
    ~CaConnector();

    CertificateAuthority& ca();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::ca
