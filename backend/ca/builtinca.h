#pragma once

#include <memory>
#include <string>

#include <pqxx/connection>

#include "backend/ca/ca.h"
#include "token/secret.h"

namespace countersign::ca {

/// Settings of the built-in CA ([ca] in the configuration).
struct BuiltinCaConfig {
    std::string keyFile;       ///< the issuing CA's private key (PEM, mode 0600), when kept in a file
    std::string rootKeyFile;   ///< the root CA's key (PEM, 0600, keep offline); default: keyFile + ".root"
    std::string pkcs11Module;  ///< when the issuing key is on a PKCS#11 token: its module
    std::string pinFile;       ///< ... and a file (mode 0600) holding that token's user PIN
    int validityDays = 365;    ///< of issued certificates
    int crlValidityDays = 7;   ///< nextUpdate of CRLs
    std::string crlUrl;        ///< CRL distribution point written into certificates (optional)
    std::string crlPublishDir; ///< when set: a fresh CRL published there after each revocation
    std::string caIssuersUrl;  ///< AIA caIssuers URL written into certificates (optional)
};

enum class CaKeyAlgorithm { EcP256, Rsa2048, Rsa3072 };

/// The embedded default CA (DESIGN §4): a root and an issuing CA made with OpenSSL, whose certificates live
/// in the database and whose issuing key lives in a file readable by its owner only. Every certificate it
/// issues is recorded in the certificates table in the same transaction that records the request id.
class BuiltinCa : public CertificateAuthority {
public:
    /// Makes the root and issuing CA, writes the issuing key to `config.keyFile` (mode 0600) and the
    /// certificates to the database. Refuses when the database already has a built-in CA.
    static void initialise(pqxx::connection& conn, const BuiltinCaConfig& config, CaKeyAlgorithm algorithm,
                           const std::string& name);
    /// The same, with the issuing key generated on a PKCS#11 token (`config.pkcs11Module`, the token with
    /// `tokenSerial`, logged in with `pin`): it is made there, marked sensitive and never extractable, and
    /// every signature is computed there.
    static void initialiseOnToken(pqxx::connection& conn, const BuiltinCaConfig& config,
                                  CaKeyAlgorithm algorithm, const std::string& name,
                                  const std::string& tokenSerial, const Secret& pin);

    BuiltinCa(pqxx::connection& conn, BuiltinCaConfig config);
    ~BuiltinCa() override;

    IssuedCertificate issue(const IssueRequest& request) override;
    std::optional<IssuedCertificate> findIssued(const std::string& requestId) override;
    void revoke(const std::string& serialHex, RevocationReason reason,
                std::chrono::system_clock::time_point when) override;
    std::string crl() override;
    std::vector<std::string> chain() override;
    StatusInfo status(const std::string& serialHex) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::ca
