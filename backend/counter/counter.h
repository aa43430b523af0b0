#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/approvals/approver.h"
#include "backend/config.h"
#include "backend/operation.h"
#include "backend/workflow/workflow.h"

namespace countersign::counter {

/// What an operator hands over for one operation, whichever front end took it (the kiosk's screens or
/// countersignctl's options): the papers, the keys, the approvals already given, the payment. Counter::run
/// turns it into the workflow's request for `operation`; fields another operation takes are ignored.
struct OperationInput {
    Operation operation = Operation::New;
    long long operatorId = 0;
    /// The operator's staff session: the database records the operation with the person behind it.
    auth::SessionToken operatorSession;
    /// Only check (workflow::Common::preview): no PIN, payment or invoice is used and nothing is written.
    bool preview = false;

    // NEW: the letter's QR text, or the letter typed in by hand (approved by handEntryApprovedBy).
    std::string letterText;
    std::optional<papers::AssistanceLetter> handEntered;
    std::optional<approvals::Approver> handEntryApprovedBy;

    // REPLACE and UNLOCK: the enterprise's authorization letter.
    papers::AuthorizationLetter authorization;
    bool damaged = false; ///< REPLACE: the old key is handed in damaged, not lost
    bool waiverAttested = false;
    std::optional<approvals::Approver> waiverApprovedBy;
    /// UNLOCK: a supervisor confirmed spending the SO PIN's final try.
    std::optional<approvals::Approver> soPinFinalTryApprovedBy;
    std::string oldKeySerial; ///< REPLACE: empty for the enterprise's one active key on record

    /// NEW, REPLACE: the blank key (empty: the one in the writer); RENEW, UPGRADE, UNLOCK: the holder's key.
    std::string keySerial;
    /// Empty: the profile's first algorithm the key offers ([profile] key_algorithms); RENEW and UPGRADE keep
    /// the old key pair's when the profile allows it.
    std::optional<token::KeyAlgorithm> algorithm;
    bool finalTryConfirmed = false; ///< RENEW, UPGRADE: the PIN's final try is confirmed

    std::optional<approvals::Approver> usccOverrideApprovedBy;
    std::vector<fees::PaymentInput> payments;
    std::optional<fees::InvoiceInput> invoice;
    std::vector<workflow::Evidence> evidence;
    /// NEW, REPLACE, UNLOCK: the number of the agent's ID card as typed or scanned
    /// (workflow::Common::idCardNo).
    std::string idCardNo;
};

/// The one door to a counter's work, for the kiosk and countersignctl alike: a counter assembled from the
/// configuration — its database connection, its centre, the configured CA, the key writer and the workflow —
/// that runs the five operations from an operator's inputs, resumes, gives up and recovers transactions.
/// It runs on one thread (the kiosk's token thread, the CLI's only one) and blocks there; the connection and
/// the key device stay the caller's and must outlive it.
class Counter {
public:
    /// Throws ca::CaError when the configured CA can't be set up.
    Counter(pqxx::connection& conn, const AppConfig& config, long long counterId, token::KeyDevice& keys,
            std::function<void(const std::string&)> hook = {});
    ~Counter();
    Counter(const Counter&) = delete;
    Counter& operator=(const Counter&) = delete;

    long long counterId() const;
    long long centreId() const;

    /// Runs the operation of `input`. `pin` is the holder's PIN (RENEW, UPGRADE) or the agent's new one (NEW,
    /// REPLACE, UNLOCK); a preview takes none. Throws workflow::Refusal or workflow::StepFailed.
    workflow::Outcome run(const OperationInput& input, const Secret& pin);
    /// `session` (here and below): the staff session of whoever does it, whom the database records.
    /// `finalTryConfirmed`: the holder confirmed sending the PIN on its final try, asked again at every
    /// resume.
    workflow::Outcome resume(const std::string& transactionNumber, const Secret& pin,
                             auth::SessionToken session, bool finalTryConfirmed = false);
    workflow::Outcome cancel(const std::string& transactionNumber, const std::string& reason,
                             std::optional<approvals::Approver> refundApprovedBy, long long staffId,
                             auth::SessionToken session);
    std::vector<workflow::Outcome> recover(long long staffId, auth::SessionToken session);
    std::vector<workflow::Workflow::Pending> pending();
    /// The unfinished transaction this counter started last: where the kiosk resumes or gives up when an
    /// operation stopped before the workflow told its number. Throws when there is none.
    std::string lastUnfinished();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

/// The key device the configuration names ([pkcs11] module and token_uri, [sopin]), for a process that has
/// no token thread (countersignctl). Throws std::invalid_argument for a malformed token_uri and
/// token::TokenError when the module can't be loaded.
std::unique_ptr<token::KeyDevice> openKeyDevice(const AppConfig& config);

} // namespace countersign::counter
