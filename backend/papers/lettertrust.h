#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "backend/papers/assistanceletter.h"
#include "backend/papers/trustentry.h"

// The tax authority's trust anchors and the registered signers of assistance letters (letter_signers): read,
// added and disabled through the database's functions (letter_signer_add / letter_signer_disable, 0015 and
// 0026), by an admin's session or, with none, the database owner's login (the installer's). The one door for
// `countersignctl letter trust` and the kiosk's trusted signers page.
namespace countersign::papers {

/// A certificate file or trust entry that can't be used, or a refusal of the database, in words.
class TrustError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A certificate read from a PEM file, ready to be trusted.
struct TrustCertificate {
    std::string der;
    std::string subject;
    std::string notBefore; ///< ISO 8601 UTC
    std::string notAfter;
    std::string fingerprint; ///< SHA-256 of der, hex
};

/// The one certificate in the PEM file at `path` (at most 64 KiB). TrustError naming the file when it can't
/// be read or holds no certificate.
TrustCertificate readTrustCertificate(const std::string& path);
/// readTrustCertificate of the file's content `pem`, read from `path` (named in the errors).
TrustCertificate trustCertificateFromPem(const std::string& pem, const std::string& path);

/// Every anchor and signer, the disabled ones too, in the order they were added.
std::vector<TrustEntry> listTrust(pqxx::transaction_base& tx);

/// The active trust anchors (PEM) and the registered signers (the disabled ones named as such), as
/// AssistanceLetterVerifier takes them.
std::vector<std::string> trustedAnchorPems(pqxx::transaction_base& tx);
std::vector<RegisteredSigner> registeredSigners(pqxx::transaction_base& tx);

/// Trusts `cert` as an anchor (`office` empty) or as the signer of the letters of tax office `office`, as the
/// admin of `adminSession` (nullptr: the owner's login, audited at `counterId`). Returns true when it was
/// added (or a signer without an office got its office), false when it was trusted already. TrustError in
/// the database's words when it refuses (not an admin, a signer without an office …).
bool addTrust(pqxx::transaction_base& tx, const char* adminSession, bool anchor, const std::string& office,
              const TrustCertificate& cert, long long counterId);

/// Disables the anchor or signer whose certificate is `der` (by the admin of `adminSession`, or the owner's
/// login with nullptr): it signs no letter from then on. False when no such active entry is registered.
bool disableTrust(pqxx::transaction_base& tx, const char* adminSession, const std::string& der,
                  long long counterId);
/// The same for the entry listed with `id`.
bool disableTrustById(pqxx::transaction_base& tx, const char* adminSession, long long id,
                      long long counterId);

} // namespace countersign::papers
