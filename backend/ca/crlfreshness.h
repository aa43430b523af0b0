#pragma once

#include <ctime>
#include <string>
#include <vector>

#include <openssl/x509.h>

#include <pqxx/connection>

#include "backend/config.h"
#include "token/owned.h"

namespace countersign::ca {

/// What doctor says of the CRL published in [ca] crl_publish_dir.
struct CrlFreshness {
    bool ok = false;
    std::string detail;
};

/// A CRL as DER or PEM — what the CA's crl_url answers, what the publish directory holds; null when it is
/// neither. Leaves OpenSSL's error queue empty.
Owned<X509_CRL> crlFromBytes(const std::string& bytes);

/// The CRL file at `path` (DER or PEM) checked at `now`: readable, issued and signed by `issuingCa`, not
/// older than half its lifetime (thisUpdate … nextUpdate: published on time, a relying party never sees it
/// lapse), and listing every serial of `revoked` (a publication that failed after a revocation shows here).
CrlFreshness checkCrlFile(const std::string& path, const X509* issuingCa,
                          const std::vector<std::string>& revoked, std::time_t now);
/// checkCrlFile of the file's content `bytes`, read from `path` (named in the detail).
CrlFreshness checkCrl(const std::string& bytes, const std::string& path, const X509* issuingCa,
                      const std::vector<std::string>& revoked, std::time_t now);

/// The published CRL of this configuration: [ca] crl_publish_dir / the name of [ca] crl_url, against the
/// built-in CA's issuing certificate and the revocations on record (read on `conn`). nullopt-like: ok with a
/// detail saying there is nothing to check when no crl_publish_dir is set or the CA is not the built-in one.
CrlFreshness checkPublishedCrl(pqxx::connection& conn, const AppConfig& config);

} // namespace countersign::ca
