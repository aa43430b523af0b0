#pragma once

#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "token/secret.h"

namespace countersign::db {

/// One legacy certificate as the import hands it to the database (verified against the legacy CA already).
struct LegacyCertificateRow {
    int index = 0; ///< its place in the file (reported back)
    std::string serial;
    std::string issuer;
    std::string subject;
    std::string uscc;
    std::string company;
    std::string keySerial;
    std::string keyAlgorithm; ///< EC-P256, RSA-2048 … as the certificates table keeps it
    std::string notBefore;    ///< ISO 8601 UTC
    std::string notAfter;
    std::string der;
};

/// What the database made of one row: imported, known (the same certificate on record already) or refused.
struct LegacyRowOutcome {
    int index = 0;
    std::string outcome;
    std::string detail;
};

/// A revocation request for a legacy CA (the legacy migration, 0030_legacy.sql: legacy_revocations).
struct LegacyRevocation {
    std::string serial;
    std::string issuer;
    std::string reason;      ///< RFC 5280 name
    std::string requestedAt; ///< ISO 8601 UTC
    std::string transaction; ///< the REPLACE's number
    std::string state;       ///< revocation_requested or done
    std::string doneAt;
};

/// The legacy certificates' SQL: the import's batches and the legacy CA's revocation requests, each through
/// the database's own function with the acting admin's session.
class LegacyStore {
public:
    explicit LegacyStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    /// countersign.legacy_import: one batch, one call (the rows travel as one JSON parameter unpacked into
    /// the function's arrays); `refusedBefore` counts the batch's rows refused before the database.
    std::vector<LegacyRowOutcome> importBatch(const Secret& session, const std::string& fileDigest,
                                              int refusedBefore,
                                              const std::vector<LegacyCertificateRow>& rows);
    /// countersign.legacy_revocations_export: the open requests (all with `all`), marked exported.
    std::vector<LegacyRevocation> exportRevocations(const Secret& session, bool all);
    /// countersign.legacy_revocations_done: the legacy CA revoked these.
    std::vector<std::string> markRevocationsDone(const Secret& session,
                                                 const std::vector<std::string>& serials);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
