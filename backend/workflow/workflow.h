#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <QJsonArray>

#include <pqxx/connection>

#include "backend/approvals/approver.h"
#include "backend/ca/ca.h"
#include "backend/config.h"
#include "backend/fees/fees.h"
#include "backend/papers/assistanceletter.h"
#include "backend/papers/papercheck.h"
#include "backend/phrase.h"
#include "token/keydevice.h"
#include "token/secret.h"

namespace countersign::workflow {

/// One check of the papers, the key or the rules, as the operator reads it (DESIGN §3). The ids are stable:
/// the UI translates by them and the audit log records them.
struct Check {
    std::string id;
    bool passed = false;
    std::string reason; ///< English (why.english()); empty when passed
    Phrase why;         ///< the reason for the kiosk to translate; empty when passed
};

/// Whether checksJson carries each check's phrase for a screen to translate, or only its English.
enum class CheckWording { EnglishOnly, WithPhrases };

/// The checks as JSON, one object per check: {id, passed, reason} and, WithPhrases and when it has one, the
/// reason's "phrase". The one form of the checks the audit log, countersignctl and the kiosk use.
QJsonArray checksJson(const std::vector<Check>& checks, CheckWording wording = CheckWording::WithPhrases);

/// The operation was refused before anything changed: `checks` lists every check with the failed ones, and
/// the only trace left is the audit entry "operation.refused".
class Refusal : public std::runtime_error {
public:
    Refusal(std::string summary, std::vector<Check> checks);
    std::vector<Check> checks;
    std::vector<Check> failed() const;
};

/// A step could not be done (the key was pulled, the CA did not answer, a wrong PIN …). The transaction
/// stays in the state it had reached: `resume` continues it, `cancel` or recovery compensates it.
class StepFailed : public std::runtime_error {
public:
    StepFailed(std::string transactionNumber, std::string step, std::string message, bool keyRemoved);
    std::string transactionNumber;
    std::string step;
    bool keyRemoved = false;
};

/// What everything a counter operation needs: the counter, its database connection, the key writer and the
/// CA. The workflow opens its own short database transactions on `conn` (never one across a key or CA call).
struct Services {
    pqxx::connection& conn;
    token::KeyDevice& keys;
    ca::CertificateAuthority& ca;
    const AppConfig& config;
    long long counterId = 0;
    long long centreId = 0;
    /// Called at each crash point: "at:<state>" once the state is committed (the next outside step has not
    /// started), "done:<state>" once the outside step that leads to <state> is done but not yet recorded.
    /// The kiosk shows them as progress; the crash tests stop the process there
    /// (tests/workflow/crashctl.cpp).
    std::function<void(const std::string& point)> hook;
};

/// A scan kept with the transaction as evidence (DESIGN §3.1).
struct Evidence {
    std::string kind; ///< letter_scan, id_card_scan, licence_scan, damaged_key_photo, other
    std::string mimeType;
    std::string bytes;
};

/// What every operation brings to the counter besides its papers.
struct Common {
    /// Who works the operation, as the client knows them (what it shows and checks)…
    long long operatorId = 0;
    /// …and their staff session: the database records every step with the person behind it
    /// (db/migrations/0016_workflow_api.sql), never with operatorId. A preview needs none.
    auth::SessionToken operatorSession;
    std::vector<fees::PaymentInput> payments;
    std::optional<fees::InvoiceInput> invoice;
    std::vector<Evidence> evidence;
    /// NEW, REPLACE, UNLOCK: the number of the ID card the agent presents, typed or read by the operator
    /// (DESIGN §3.3). It must be a valid resident ID equal to the agent's on the letter (check "id_card"),
    /// always: it is how the counter knows the person in front of it is the one the letter names.
    std::string idCardNo;
    /// Only check: the papers, the key and the fee are checked as for the real operation, but without the
    /// PIN, the payments and the invoice, and nothing is written except a refusal's audit entry. The
    /// Outcome comes back in state "checked" with the checks, the fee lines and whom the papers name — what
    /// the counter shows before the agent pays and types a PIN.
    bool preview = false;
    /// Some real USCCs fail the GB 32100 check (DESIGN §3.4): a supervisor who confirmed the code on the
    /// business licence lets a failed USCC check pass; the approval is recorded with the transaction.
    std::optional<approvals::Approver> usccOverrideApprovedBy;
};

/// NEW (证书新办): an assistance letter, a blank key, the agent's new PIN.
struct NewRequest : Common {
    std::string letterJws; ///< the QR text; empty with handEntered
    /// A letter whose QR could not be read, typed in: needs handEntryApprovedBy (a supervisor, DESIGN §6).
    std::optional<papers::AssistanceLetter> handEntered;
    std::optional<approvals::Approver> handEntryApprovedBy;
    std::string keySerial; ///< empty: the one blank key in the writer
    Secret newPin;
    /// Empty: the first of the profile's algorithms ([profile] key_algorithms) the key offers.
    std::optional<token::KeyAlgorithm> algorithm;
};

/// RENEW (证书更新) and UPGRADE (证书升级): the key itself and its user PIN.
struct RenewRequest : Common {
    std::string keySerial;
    Secret pin;
    /// Empty: as the old key pair when the profile allows it, else the profile's first the key offers.
    std::optional<token::KeyAlgorithm> algorithm;
    bool finalTryConfirmed = false;
};

/// REPLACE (USBKEY补办): an authorization letter, the lost or damaged key, a new blank key.
struct ReplaceRequest : Common {
    papers::AuthorizationLetter letter;
    bool damaged = false;     ///< damaged (handed in) rather than lost
    std::string oldKeySerial; ///< empty: the enterprise's one active key on record
    /// Damaged key, failed without human damage with its exterior intact: the operator attests it and a
    /// supervisor approves the waiver.
    bool waiverAttested = false;
    std::optional<approvals::Approver> waiverApprovedBy;
    std::string newKeySerial; ///< empty: the one blank key in the writer
    Secret newPin;
    /// Empty: the first of the profile's algorithms the new key offers.
    std::optional<token::KeyAlgorithm> algorithm;
};

/// UNLOCK (USBKEY解锁): an authorization letter, the locked key, the agent's new PIN.
struct UnlockRequest : Common {
    papers::AuthorizationLetter letter;
    std::string keySerial;
    Secret newPin;
    /// The key's SO PIN is on its final try (one more failure locks the key for good): a supervisor who
    /// confirmed spending it. Without one such a key is refused; the confirmation is recorded and used before
    /// the SO PIN is sent (countersign.tx_so_pin_final_try).
    std::optional<approvals::Approver> soPinFinalTryApprovedBy;
};

/// What a finished (or stopped) operation left.
struct Outcome {
    std::string transactionNumber;
    std::string kind;
    std::string state; ///< completed, or where it stopped
    std::string keySerial;
    std::string certificateSerial;
    std::string notBefore;
    std::string notAfter;
    std::vector<fees::FeeLine> feeLines;
    long long totalFen = 0;
    std::string receiptNumber;
    std::string receiptQr;
    std::vector<Check> checks;
    std::vector<Phrase> notes; ///< what recovery did, in words (english() for countersignctl and logs)
    // Whom the papers name (filled by a preview): the invoice is prefilled and the PIN policy checked with
    // it.
    std::string company;
    std::string uscc;
    std::string agentName;
    std::string agentIdNo;
    /// The new key pair's algorithm, for people ("RSA-2048"); empty for an unlock.
    std::string algorithm;
};

/// The five counter operations as durable transactions (DESIGN §2, §7): the state is committed before every
/// step that changes the key or the CA, every step can be resumed after an interruption, and a transaction
/// that can't finish is compensated (certificate revoked, fee refunded, key wiped and back in stock).
class Workflow {
public:
    explicit Workflow(Services services);
    ~Workflow();

    Outcome runNew(NewRequest request);
    Outcome runRenew(RenewRequest request, bool upgrade);
    Outcome runReplace(ReplaceRequest request);
    Outcome runUnlock(UnlockRequest request);

    /// Continues an unfinished transaction of this counter from its state. `pin` is the user PIN the
    /// remaining key steps need (NEW/REPLACE: the new PIN set at initialisation; RENEW/UPGRADE: the holder's;
    /// UNLOCK: the new PIN); it may be empty when no remaining step needs it.
    /// `session`: the staff session of whoever resumes it, the person the database records the steps with.
    /// The confirmations are asked again on every resume, never kept with the transaction:
    /// `finalTryConfirmed`, the holder's, to send the user PIN on its final try; `soPinFinalTryApprovedBy`, a
    /// supervisor's, to spend the SO PIN's final try (UNLOCK).
    Outcome resume(const std::string& transactionNumber, const Secret& pin, auth::SessionToken session,
                   bool finalTryConfirmed = false,
                   std::optional<approvals::Approver> soPinFinalTryApprovedBy = std::nullopt);

    /// Gives an unfinished transaction up and compensates it: the certificate the CA issued for it is
    /// revoked, the fee refunded (`refundApprovedBy`: the supervisor who approved it; none for a recovery
    /// refund, which is flagged for review), the new key wiped and returned to stock. What can't be done now
    /// (the key is not in the writer) leaves it failed, to be finished by a later recovery.
    Outcome cancel(const std::string& transactionNumber, const std::string& reason,
                   std::optional<approvals::Approver> refundApprovedBy, long long staffId,
                   auth::SessionToken session, bool byRecovery);

    /// Recovery at start-up and by `countersignctl recover`: every unfinished transaction of this counter is
    /// resumed where that needs no PIN (UNLOCK whose key is unlocked; a verified transaction) and compensated
    /// otherwise. `staffId` and `session`: who runs it.
    std::vector<Outcome> recover(long long staffId, auth::SessionToken session);

    /// Unfinished transactions of this counter: number, kind, state.
    struct Pending {
        std::string number;
        std::string kind;
        std::string state;
        std::string startedAt;
    };
    std::vector<Pending> pending();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// Text a person typed or a letter carried, fit to store: valid UTF-8, no control characters, at most
/// `maxChars` characters. Returns the problem, or empty when fine.
std::string textProblem(const std::string& text, std::size_t maxChars);

} // namespace countersign::workflow
