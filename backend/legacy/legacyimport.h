#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "backend/legacy/importfile.h"
#include "db/legacystore.h"
#include "token/secret.h"

namespace countersign::legacy {

/// What became of one certificate of the file.
struct ImportedRow {
    int index = 0;
    int line = 0;
    std::string serial; ///< empty when the certificate could not be read
    std::string subject;
    std::string outcome; ///< imported, known or refused
    std::string reason;  ///< why refused (OpenSSL's words for a chain that fails)
    bool expired = false;
};

/// The whole import: counts, the file's SHA-256, and every row (refused ones with their reason).
struct ImportReport {
    std::string fileDigest;
    int imported = 0;
    int known = 0;
    int refused = 0;
    int expired = 0; ///< of the imported ones: recorded for the record, past their notAfter
    std::vector<ImportedRow> rows;
};

/// Verifies certificates against the legacy CAs ([trust] legacy_ca_file) with X509_verify_cert: every CA of
/// the file an anchor (an issuing CA needn't come with its root), the time checked at the certificate's own
/// notBefore — the question is whether the legacy CA issued it while its own certificate was valid, not
/// whether it is still valid today (an expired certificate is imported for the record and said so).
class LegacyVerifier {
public:
    /// Throws std::runtime_error when the file can't be read or holds no certificate.
    explicit LegacyVerifier(const std::string& legacyCaFile);
    ~LegacyVerifier();
    LegacyVerifier(const LegacyVerifier&) = delete;
    LegacyVerifier& operator=(const LegacyVerifier&) = delete;

    /// The row for the database, or the refusal (`refused` filled, nullopt returned).
    std::optional<db::LegacyCertificateRow> verify(const ImportEntry& entry, ImportedRow& report) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Imports a file's certificates: each verified here (no database round trip per row), then the good ones
/// recorded `batchSize` at a time, one database transaction and one audit entry per batch, through
/// countersign.legacy_import with the admin's `session`. Per row: a refused row is reported and the others
/// are imported. A batch that fails as a whole (the database refuses the session …) throws, and the batches
/// before it stay: importing the file again is harmless (what is on record is "known").
ImportReport importFile(pqxx::connection& conn, const Secret& session, const std::string& content,
                        const LegacyVerifier& verifier, int batchSize = 1000);

/// The file's SHA-256 in lower-case hex.
std::string sha256Hex(const std::string& content);

} // namespace countersign::legacy
