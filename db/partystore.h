#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "token/secret.h"

namespace countersign::db {

/// An enterprise as stored.
struct EnterpriseRecord {
    std::string uscc;
    std::string name;
};

/// A letter signer or trust anchor registered at the centre (letter trust add), active or disabled.
struct LetterSignerRecord {
    std::string kind;      ///< trust_anchor or signer
    std::string derBase64; ///< the certificate (DER, base64 with line breaks)
    std::string office;    ///< a signer: the tax office whose letters it signs
    bool active = true;
};

/// A tax office's assistance letter as a NEW records it (countersign.tx_papers_record registers it in the
/// name of the session's person, against the transaction's enterprise and agent).
struct AssistanceLetterRecord {
    std::string officeCode;
    std::string officeName;
    std::string letterNo;
    std::string orgName;
    std::string uscc;
    std::string agentName;
    std::string agentIdNumber;
    std::vector<std::string> biz; ///< the operation codes it covers
    std::string validFrom;        ///< YYYY-MM-DD
    std::string validTo;          ///< YYYY-MM-DD
    std::string entryMode;        ///< qr or hand_entered
    std::string jws;              ///< empty when hand entered
    std::string payloadJson = "{}";
    /// Hand entered: the supervisor's approval of exactly these fields (handEntryApprovalParts).
    std::optional<long long> entryApprovalId;
};

/// What a hand_entered_letter approval approves of `letter`, in the order of
/// countersign.tx_papers_record: office code, office name, letter number, company, USCC, agent name, agent ID
/// number, the operations (comma-separated), valid from, valid to.
std::vector<std::string> handEntryApprovalParts(const AssistanceLetterRecord& letter);

/// An enterprise's authorization letter as checked at the counter; the session's person who registers it
/// confirmed (or not) its seal.
struct AuthorizationLetterRecord {
    std::string orgName;
    std::string uscc;
    std::string agentName;
    std::string agentIdNumber;
    std::string agentMobile; ///< empty when none
    std::vector<std::string> biz;
    std::string validFrom; ///< YYYY-MM-DD
    std::string validTo;   ///< YYYY-MM-DD
    std::optional<std::string> letterDate;
    bool sealConfirmed = false;
};

/// A key (tokens row).
struct TokenRecord {
    long long id = 0;
    std::string serial;
    std::string state;
};

/// A key recorded for the first time.
struct NewTokenRecord {
    std::string serial;
    std::string model;
    std::string manufacturer; ///< empty when unknown
    std::string state;
    long long centreId = 0;
    std::optional<long long> enterpriseId;
};

/// A certificate as the certificates table keeps it.
struct CertificateRecord {
    std::string serial;
    std::string issuer;
    std::optional<long long> tokenId;
    long long enterpriseId = 0;
    std::optional<long long> transactionId;
    std::string subject;
    std::string uscc;         ///< empty when none
    std::string keyAlgorithm; ///< empty when unknown
    std::string notBefore;    ///< ISO 8601
    std::string notAfter;     ///< ISO 8601
    std::string status;       ///< issued, active, superseded, revoked
    std::string der;
};

/// A certificate's validity, ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ).
struct CertificateValidity {
    std::string notBefore;
    std::string notAfter;
};

/// A certificate a key carries, as on record.
struct KeyCertificateRecord {
    std::string serial;
    std::string uscc; ///< empty when none
};

/// A certificate as on record, for checking a certificate a key brings against it.
struct RecordedCertificate {
    std::string issuer;
    std::string status;
    std::string keySerial; ///< the key it is recorded on; empty when none
    std::string der;
    std::string uscc;    ///< its enterprise's USCC, as stored
    std::string company; ///< its enterprise's name, as stored
};

/// Where a certificate stands by the database's clock, for a renewal or an upgrade.
struct RenewalTiming {
    bool windowOpen = false;         ///< the renewal window before its end has begun
    bool withinGrace = false;        ///< it ended no longer ago than the grace days
    bool issuedBeforeCutoff = false; ///< it began before the upgrade cut-off
};

/// Whom and what the counter's transactions are about: enterprises, agents, letters, keys (tokens rows) and
/// certificates. Runs in the caller's transaction; the statements are prepared once per connection.
class PartyStore {
public:
    explicit PartyStore(pqxx::transaction_base& tx)
        : m_tx(tx) {}

    // --- enterprises and letters (written by the papers step: TransactionStore::recordPapers)
    // -----------------
    /// pqxx::unexpected_rows when there is no such enterprise.
    EnterpriseRecord enterprise(long long id);
    /// Every registered trust anchor and signer, the disabled ones too (a disabled signer is named as such).
    std::vector<LetterSignerRecord> letterSigners();

    // --- keys
    // -----------------------------------------------------------------------------------------------
    std::optional<TokenRecord> findToken(const std::string& serial);
    /// A key the customer brings, found or first recorded in `token.state` (active or locked; a known active
    /// key presented locked is recorded locked) for the transaction the session's person is opening in this
    /// database transaction (countersign.key_presented). Returns the key with the state it had before.
    TokenRecord presentKey(const Secret& session, const NewTokenRecord& token);
    /// pqxx::unexpected_rows when there is no such key.
    TokenRecord token(long long id);
    /// The serials of the enterprise's keys in its hands (active or locked).
    std::vector<std::string> enterpriseKeys(const std::string& uscc);

    // --- certificates
    // ---------------------------------------------------------------------------------------
    /// A certificate found on a key the customer brings, recorded active on that key while the session's
    /// person opens its transaction (countersign.certificate_presented); a row already there must be this
    /// certificate (issuer, content) on this key, and is left as it is. Returns its id.
    long long recordPresentedCertificate(const Secret& session, const CertificateRecord& c);
    std::optional<std::string> certificateStatus(const std::string& serial);
    /// The certificate with this serial as on record (its key, its enterprise), nullopt when none.
    std::optional<RecordedCertificate> recordedCertificate(const std::string& serial);
    std::optional<CertificateValidity> certificateValidity(const std::string& serial);
    /// The issued or active certificates recorded on the key with this serial, with their enterprise's USCC.
    std::vector<KeyCertificateRecord> liveCertificatesOnKey(const std::string& keySerial);
    /// Whether the enterprise has (had) a certificate that makes its next one not its first: active,
    /// superseded, or revoked for another reason than cessationOfOperation.
    bool hasCertificateHistory(const std::string& uscc);
    /// `notAfter`/`notBefore` (ISO 8601) against now: the window opens `daysBefore` days before the end, the
    /// grace lasts `daysAfter` days after it; `upgradeCutoff`: YYYY-MM-DD.
    RenewalTiming renewalTiming(const std::string& notBefore, const std::string& notAfter, int daysBefore,
                                int daysAfter, const std::string& upgradeCutoff);

private:
    pqxx::transaction_base& m_tx;
};

} // namespace countersign::db
