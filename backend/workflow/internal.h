#pragma once

// The inside of the workflow (backend/workflow/*.cpp), shared by its files and by nothing else:
// Workflow::Impl, the transaction row it reads back, what each operation's checks establish, and its helpers.
// The interface is workflow.h; the SQL is db/'s (db/transactionstore.h, db/partystore.h).
#include "backend/operation.h"
#include "backend/workflow/workflow.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include <unistd.h>

#include "backend/approvals/approvals.h"
#include "backend/identifiers/residentid.h"
#include "backend/identifiers/taxpayerid.h"
#include "backend/identifiers/uscc.h"
#include "backend/plaintext.h"
#include "backend/receipts/receipts.h"
#include "backend/stock/keymodels.h"
#include "backend/stock/stock.h"
#include "backend/tokenphrase.h"
#include "backend/tokensetup.h"
#include "db/connection.h"
#include "db/keymodelstore.h"
#include "db/partystore.h"
#include "db/sopinstore.h"
#include "db/transactionstore.h"
#include "token/certinfo.h"
#include "token/tokenerror.h"

namespace countersign::workflow {

using token::TokenError;
using token::TokenErrorCode;

/// textProblem() for the UI: "is not valid UTF-8 text" …, said of a field named before it.
Phrase textPhrase(const std::string& text, std::size_t maxChars);

std::string json(const QJsonObject& o);
/// The string value of `key` in `o` ("" when absent).
std::string str(const QJsonObject& o, const char* key);
Check makeCheck(const std::string& id, bool passed, const Phrase& why);
void add(std::vector<Check>& checks, const std::string& id, bool passed, const Phrase& why);
bool allPassed(const std::vector<Check>& checks);
std::string firstFailure(const std::vector<Check>& checks);

/// A certificate PEM parsed into what the certificates table keeps.
struct ParsedCertificate {
    token::CertificateInfo info;
    std::string der;
};

ParsedCertificate parsePem(const std::string& pem);
std::string algorithmLabel(const std::string& tokenAlgorithm);

/// A transaction as the workflow reads it back: the stored row (db::TransactionRecord) with its work object
/// parsed; the workflow changes `work`, and `workJson` is left empty once it is parsed.
struct TxRow : db::TransactionRecord {
    QJsonObject work;
    Operation operation() const { return parseOperation(kind).value_or(Operation::New); }
    /// The CA issued this row's certificate in this very run (not read back from a stopped one): nothing can
    /// have written it onto the key yet, so the write needn't look for it there first.
    bool issuedHere = false;
};

/// A payment method as payments.method stores it, translatable; the English is the stored code.
Phrase paymentMethodPhrase(const std::string& code);
bool finalState(const std::string& state);

/// An authorization letter's text fields are stored: they must be text.
void checkLetterText(const papers::AuthorizationLetter& l, std::vector<Check>& checks);
std::vector<Check> fromPaperReport(const papers::PaperReport& report);
/// A key's state as tokens.state stores it, translatable; the English is the stored word.
Phrase keyState(const std::string& state);
std::string normalisedId(const std::string& id);
std::string normalisedCompany(const std::string& id);

/// What an operation's checks established, every one passed (a failed check refuses the operation first):
/// the checks, the fee, the key it works on and whom the papers name. The preview hands it back as it is
/// (Impl::checked); the run opens the transaction from it.
struct Checked {
    std::string kind;
    std::vector<Check> checks;
    /// The new key pair's algorithm (keyfit.cpp): the profile's, as the key offers it.
    std::optional<token::KeyAlgorithm> algorithm;
    fees::FeeConditions conditions;
    fees::FeeQuote quote;
    std::string keySerial;
    std::string company; ///< the enterprise's name as the papers give it
    std::string uscc;
    std::string agentName;
    std::string agentIdNo;
    std::string agentMobile;
    /// The name comes from the tax office (an assistance letter) and replaces the one on record; a name the
    /// enterprise wrote on its own letter does not.
    bool authoritative = false;
    /// A supervisor confirmed a USCC that fails its check: the approval goes with the transaction.
    bool usccOverridden = false;
    /// The letter and the key as read, for the preview's card (checks: decision card).
    PapersRead papers;
};

/// NEW: the assistance letter as read (or typed) and checked.
struct NewChecked : Checked {
    papers::AssistanceLetter letter;
    std::string jws;
};

/// A certificate read from a key the customer brings that counts (presented.cpp): it chains to a CA this
/// counter trusts, is the certificate on record for that key (or a legacy CA's not on record yet) and is not
/// revoked. Whom it names is the database's word, never the key's.
struct PresentedCertificate {
    token::CertificateInfo cert; ///< as read from the key
    std::string uscc; ///< the enterprise's, as on record (a legacy one not on record: as certified)
    std::string company;
    bool onRecord = false;
    bool retiredCa = false; ///< issued by a trusted CA other than the one issuing now
    bool legacy = false;    ///< issued by a CA of [trust] legacy_ca_file, not this counter's CA
};

/// The enterprise certificates on a key, sorted: those that count, and those on record as revoked or
/// superseded there (a renewal that could not finish leaves one behind).
struct PresentedCertificates {
    std::vector<PresentedCertificate> live;
    std::vector<token::CertificateInfo> stray;
};

/// RENEW / UPGRADE: the key in the writer and the certificate it renews.
struct RenewChecked : Checked {
    token::TokenInfo key;
    token::CertificateInfo old;
    bool oldLegacy = false; ///< `old` is a legacy CA's: this counter's CA has nothing to revoke
};

/// REPLACE: the old key (presented when damaged, else on record) and what it carried, to revoke.
struct ReplaceChecked : Checked {
    std::optional<token::TokenInfo> presented;
    std::string oldSerial;
    std::optional<long long> oldTokenId;
    std::vector<std::string> revoke;
    /// Of `revoke`, those a legacy CA issued: not this counter's CA's to revoke; a request is recorded for
    /// that CA (countersign.tx_legacy_revocation_requested) and exported for its operator.
    std::vector<std::string> revokeLegacy;
};

/// UNLOCK: the locked key in the writer.
struct UnlockChecked : Checked {
    token::TokenInfo key;
};

/// A key in the writer with its model's record, read once for the checks of what the key can do (keyfit.cpp).
struct FittedKey {
    token::TokenInfo info;
    std::optional<db::KeyModel> model;
};

struct Workflow::Impl {
    Services s;

    explicit Impl(Services services)
        : s(std::move(services)) {}

    // --- the allowed state transitions -------------------------------------------------------------------
    // The rows of transaction_state_transitions: the code refuses what the database would refuse, before
    // asking it (DESIGN §7: one table, enforced in both). The table is made by the migrations this program
    // ships (db status refuses a schema of another version), so it is read once per process, not once per
    // operation.
    struct Moves {
        std::set<std::tuple<std::string, std::string, std::string>> transaction; // from, to, kind
    };
    const Moves* moves = nullptr;

    /// The staff session of the person acting in the current call (Common::operatorSession, or the session
    /// resume, cancel and recover were given): every durable step is recorded with it, and the database takes
    /// the person from it (db/migrations/0016_workflow_api.sql).
    auth::SessionToken actingSession;
    /// Sets `actingSession` for one call of the workflow's interface and lets go of it afterwards.
    class Acting {
    public:
        Acting(Impl& d, auth::SessionToken session)
            : m_d(d) {
            m_d.actingSession = std::move(session);
        }
        ~Acting() { m_d.actingSession.reset(); }
        Acting(const Acting&) = delete;
        Acting& operator=(const Acting&) = delete;

    private:
        Impl& m_d;
    };
    /// The acting session; throws when the caller gave none.
    const Secret& session() const;

    /// What the people at the counter confirmed for this one call of the workflow's interface (run or
    /// resume): never stored with the transaction, so a resume asks again.
    struct Confirmations {
        bool userPinFinalTry = false;                     ///< the holder: send the user PIN on its final try
        std::optional<approvals::Approver> soPinFinalTry; ///< a supervisor: spend the SO PIN's final try
    };
    Confirmations confirmations;
    /// Sets `confirmations` for one call and forgets them afterwards.
    class Confirming {
    public:
        Confirming(Impl& d, Confirmations c)
            : m_d(d) {
            m_d.confirmations = std::move(c);
        }
        ~Confirming() { m_d.confirmations = {}; }
        Confirming(const Confirming&) = delete;
        Confirming& operator=(const Confirming&) = delete;

    private:
        Impl& m_d;
    };

    void loadTransitions(pqxx::transaction_base& tx);

    void checkMove(pqxx::transaction_base& tx, const std::string& kind, const std::string& from,
                   const std::string& to, const std::string& number);

    void hook(const std::string& point) const;

    // --- reading -----------------------------------------------------------------------------------------

    TxRow read(pqxx::transaction_base& tx, const std::string& number);

    TxRow load(const std::string& number);

    /// Audit entries quote what was typed or scanned, hostile or not: the subject is kept only when it is
    /// plain text (else a note says so, the detail still has it), and NUL, which jsonb can't hold, is
    /// replaced.
    static std::string auditDetail(const QJsonObject& detail);
    static std::string auditSubject(const std::string& subject);
    /// The workflow's own entries outside a step (countersign.tx_audit): the person is the acting session's;
    /// `transactionId` the failed transaction an entry is about, none for operation.refused.
    void audit(pqxx::transaction_base& tx, std::optional<long long> transactionId, const std::string& event,
               const std::string& subject, const QJsonObject& detail);

    /// An operation refused before anything was written: its audit entry is the only trace.
    [[noreturn]] void refuse(const std::string& kind, const std::string& summary,
                             const std::vector<Check>& checks, const std::string& subject);

    /// What a preview (Common::preview) hands back: every check passed, the fee it will cost, whom the
    /// papers name, the papers and the key as read and the agent's ID number masked as the receipt prints it.
    /// Nothing was written.
    static Outcome checked(const Checked& c);

    // --- each operation's checks (new.cpp, renewal.cpp, replace.cpp, unlock.cpp) ------------------------
    // The same for the preview and the run; a failed check refuses the operation (refuse()). Without
    // Common::preview they also check the new PIN, the payments and the invoice (and RENEW opens the key
    // with the holder's PIN).

    NewChecked checkNew(const NewRequest& r);
    RenewChecked checkRenew(const RenewRequest& r, bool upgrade);
    ReplaceChecked checkReplace(const ReplaceRequest& r);
    UnlockChecked checkUnlock(const UnlockRequest& r);

    // --- state -------------------------------------------------------------------------------------------

    /// Commits `to` (with `patch` merged into work), its step row and audit entry in one database
    /// transaction; `extra` runs in the same transaction first, `after` last (before the commit). `records`:
    /// the key and certificate records of the step (countersign.tx_advance_keys), in the same call as the
    /// move; a key they assign becomes t.tokenId.
    void advance(TxRow& t, const std::string& to, const std::string& step, const QJsonObject& patch,
                 const std::string& event, QJsonObject detail,
                 const std::function<void(pqxx::work&)>& extra = {}, const std::string& failureReason = {},
                 const std::function<void(pqxx::work&)>& after = {}, const QJsonArray& records = {});

    /// A step that did not get done: recorded (outcome failed / interrupted) and audited, the state
    /// unchanged.
    void recordStepFailure(const TxRow& t, const std::string& step, const std::string& message, bool removed);

    /// Runs an outside step (key or CA); its failure leaves the transaction where it was, resumable.
    template <typename F> auto outside(const TxRow& t, const std::string& step, F&& f) -> decltype(f()) {
        try {
            return f();
        } catch (const TokenError& e) {
            const bool removed = e.code == TokenErrorCode::KeyRemoved || e.code == TokenErrorCode::NoKey;
            const std::string message = e.message(false);
            recordStepFailure(t, step, message, removed);
            throw StepFailed(t.number, step, message, removed);
        } catch (const ca::CaError& e) {
            const std::string message = std::string("the CA: ") + e.what();
            recordStepFailure(t, step, message, false);
            throw StepFailed(t.number, step, message, false);
        }
    }

    // --- papers and parties ------------------------------------------------------------------------------

    /// Who and what a transaction being opened is about, as its papers established them (the ids
    /// TransactionStore::recordParties / recordPapers return).
    using Parties = db::CheckedParties;

    /// Whom the papers name (`c`), as the papers step records them: a USCC a supervisor confirmed gets its
    /// approval (bound to the USCC and the name) with the transaction first.
    db::NamedParties named(pqxx::work& tx, const Common& common, long long txId, const Checked& c);

    /// The enterprise and the agent the papers name, recorded on the transaction being opened before its
    /// papers step (for the key rows that need the enterprise). Returns the parties with both.
    Parties recordNamed(pqxx::work& tx, const Common& common, long long txId, const Checked& c);

    /// REPLACE and UNLOCK, after recordNamed: the enterprise certificates on `key` (when given) recorded
    /// against its row `tokenId`; returns the authorization letter the papers step records.
    db::AuthorizationLetterRecord recordLetterParties(pqxx::work& tx,
                                                      const papers::AuthorizationLetter& letter,
                                                      const Checked& c, const token::TokenInfo* key,
                                                      long long tokenId, const Parties& p);

    /// Opens the transaction the checks `c` let through: numbered, started, what the papers established
    /// written and papers_checked, the fee recorded (with a waiver's approval when given) and fee_recorded —
    /// one database transaction. `fill` writes the kind's key rows and returns what the papers step records.
    using Fill = std::function<db::PapersRecord(pqxx::work&, long long txId)>;
    TxRow open(const Checked& c, const Common& common, const QJsonObject& work, const Fill& fill,
               const std::optional<approvals::ApprovalRequest>& waiverApproval = std::nullopt,
               std::optional<approvals::Approver> waiverApprover = std::nullopt);

    TxRow openTransaction(const Checked& c, const Common& common, const QJsonObject& work, const Fill& fill,
                          const std::optional<approvals::ApprovalRequest>& waiverApproval,
                          std::optional<approvals::Approver> waiverApprover);

    /// The database refuses new records on a closed business day (0008): asked only when opening failed,
    /// so the usual path pays nothing for it; then the operation is refused naming the closed day.
    void refuseIfDayClosed(const std::string& kind, std::vector<Check> checks);

    /// NEW: opening failed on a unique key. When the letter is held by another transaction now (two counters
    /// took it at once: the database let one have it, 0012), the operation is refused naming that
    /// transaction and its counter; nothing of the opening was written.
    void refuseIfLetterTaken(const NewChecked& c);

    /// The fee lines, payments, the invoice request (and a waiver's approval) of a transaction being opened,
    /// with its move to fee_recorded (the papers step's detail given): one call (fees::recordFee).
    void recordFee(pqxx::work& tx, const TxRow& t, const fees::FeeConditions& conditions,
                   const Common& common, const std::optional<approvals::ApprovalRequest>& waiverApproval,
                   std::optional<approvals::Approver> waiverApprover, const std::string& papersDetail);

    /// The quote checkFee made without a waiver, for recordFee of the same operation.
    struct CheckedQuote {
        std::string kind;
        bool firstCertificate = false;
        Date day;
        fees::FeeQuote quote;
    };
    std::optional<CheckedQuote> m_checkedQuote;

    /// REPLACE and UNLOCK: whom the authorization letter names, into `c`, and the checks of the agent's new
    /// PIN (not in a preview), a confirmed USCC (company_id) and the evidence.
    void checkNamedByLetter(const std::string& kind, const Common& common,
                            const papers::AuthorizationLetter& l, const Secret& newPin, Checked& c,
                            const FittedKey* key);

    /// The quote an operation will cost, checked against the payments and invoice before anything is written.
    fees::FeeQuote checkFee(const std::string& kind, const fees::FeeConditions& conditions,
                            const Common& common, std::vector<Check>& checks);

    FittedKey withModel(const token::TokenInfo& key) const { return {key, keyModel(key.model)}; }
    /// The agent's new PIN against the PIN rules ([pin]; not their birth date) narrowed to the lengths `key`
    /// takes (when known).
    void checkNewPin(const Secret& pin, const std::string& agentId, std::vector<Check>& checks,
                     const FittedKey* key) const;
    /// The PIN rules narrowed to the lengths `key` and its model take (ulMinPinLen..ulMaxPinLen, the model's
    /// record); the rules alone when null.
    token::PinPolicy pinPolicyFor(const FittedKey* key) const;
    /// The new key pair's algorithm on `key` (keyfit.cpp), checked before anything on the key changes:
    /// `requested` when given, else `keep` (a renewal's old pair) when the profile allows it, else the
    /// profile's first the key (and its model's record) offers. Adds the check "key_algorithm" naming what
    /// the key lacks.
    std::optional<token::KeyAlgorithm> chooseAlgorithm(const FittedKey& key,
                                                       std::optional<token::KeyAlgorithm> requested,
                                                       std::optional<token::KeyAlgorithm> keep,
                                                       std::vector<Check>& checks) const;

    /// DESIGN §3.4: a failed USCC check (`id`) passes when a supervisor confirmed the code; says so in its
    /// reason. Returns whether it did.
    static bool overrideUscc(const Common& common, std::vector<Check>& checks, const char* id);

    /// The supervisor's confirmation of a failing USCC, with the transaction it lets through.
    long long recordUsccOverride(pqxx::work& tx, const Common& common, long long txId, const Checked& c);

    /// The scans: each of a kind kept as evidence, within the size caps (backend/papers/scan.h), check
    /// "evidence"; and those [scanner] required_scans_<kind> asks for all attached, check "scans" naming the
    /// missing ones (only when the operation requires any).
    void checkRequiredScans(const std::string& kind, const Common& common, std::vector<Check>& checks) const;
    void checkEvidence(const std::string& kind, const Common& common, std::vector<Check>& checks);

    /// NEW, REPLACE, UNLOCK (idcard.cpp): the ID card the operator compared, check "id_card": given, a valid
    /// resident ID, and the agent's the letter names (`agentName`, `agentIdNo`); a mismatch names both,
    /// masked.
    void checkIdCard(const Common& common, const std::string& agentName, const std::string& agentIdNo,
                     std::vector<Check>& checks) const;

    // --- keys ---------------------------------------------------------------------------------------------

    /// The key with this serial as it is now (only that key is read), or nullopt when it is not in the
    /// writer.
    std::optional<token::TokenInfo> keyInWriter(const std::string& serial);

    /// The enterprise certificates on a key (not the CA certificates of its chain).
    static std::vector<token::CertificateInfo> ownCertificates(const token::TokenInfo& key);

    /// The enterprise certificates a key the customer brings carries, each checked (presented.cpp): one
    /// that does not count fails `certificate_trust` (no CA this counter trusts issued it) or
    /// `certificate_record` (not the certificate on record for this key: serial, issuer, content, key).
    PresentedCertificates checkPresented(const token::TokenInfo& key, std::vector<Check>& checks);
    /// The subject names (as the certificates table keeps issuers) of the CAs of [trust] legacy_ca_file that
    /// are not this counter's CA's chain.
    std::set<std::string> legacyIssuers();

    /// The key the customer brings (`state`: active, or locked for UNLOCK), found or first recorded for the
    /// transaction being opened (countersign.key_presented); returns its id. `stateNow`, when given, gets the
    /// state it had before.
    long long ensureToken(pqxx::transaction_base& tx, const token::TokenInfo& key, const std::string& state,
                          std::optional<long long> enterpriseId, std::string* stateNow = nullptr);

    /// Records a certificate read from a key the customer brings, active on that key, while its transaction
    /// is opened (countersign.certificate_presented); a row already there must be this very certificate on
    /// this key and is left as it is (anything else is refused: a copied serial never moves it).
    /// Certificates the CA issues are recorded with their step (certificateRecord).
    long long recordCertificate(pqxx::transaction_base& tx, const std::string& der,
                                const token::CertificateInfo& info, std::optional<long long> tokenId,
                                long long enterpriseId, std::optional<long long> transactionId,
                                const std::string& keyAlgorithm, const std::string& status);

    /// The record of the certificate the CA issued for a step (tx_advance_keys' "certificate_issued").
    static QJsonObject certificateRecord(const std::string& der, const token::CertificateInfo& info,
                                         const std::string& keyAlgorithm);

    /// Revokes at the CA; a certificate already revoked is fine (idempotent on resume).
    void revokeAtCa(const std::string& serial, ca::RevocationReason reason);

    std::string subjectOf(const TxRow& t, std::string* uscc = nullptr, std::string* company = nullptr);

    token::KeyAlgorithm algorithmOf(const TxRow& t);

    /// The SO PIN version the database records for the key `serial` (the current one for a key it does not
    /// know): the version its SO PIN is derived with.
    int soPinVersionOf(const std::string& serial);
    /// The SO PIN version the database records for the key `serial`; nullopt for a key never put on an SO
    /// PIN of this system (a vendor's key from stock is still on its factory SO PIN).
    std::optional<int> recordedSoPinVersion(const std::string& serial);
    /// The key model `name` (as a key reports it, TokenInfo::model) as the stock records it
    /// (db/keymodelstore.h): its factory SO PIN file, the user PIN lengths it takes (pinMin, pinMax; 0: no
    /// limit) and the algorithms it offers (empty: what the key's mechanism list says).
    std::optional<db::KeyModel> keyModel(const std::string& name) const;
    /// The factory SO PIN of `model` read from its file, when the model records one; a file that can't be
    /// used (missing, open to others, a PIN outside the model's lengths) is transaction t's initialise
    /// failure, naming the model's setting.
    std::optional<Secret> factorySoPin(const TxRow& t, const std::optional<db::KeyModel>& model);
    /// Initialises key `serial` for transaction t (label: its number) with the SO PIN of `use`; when
    /// `factoryMayApply` (no SO PIN version recorded for the key), with its model's factory SO PIN if the
    /// model records one. A key that refuses the factory SO PIN, or (its model recording none) the derived
    /// one, is the step's failure in words naming the model's setting.
    token::TokenInfo initialiseFirst(const TxRow& t, const std::string& serial, const token::SoPinUse& use,
                                     bool factoryMayApply);
    /// After a key operation moved the SO PIN of transaction t's key `serial` from `from` to `to`: recorded
    /// at once (countersign.tx_key_so_pin_moved), in its own database transaction.
    void recordSoPinMove(const TxRow& t, const std::string& serial, int from, int to);
    /// RENEW/UPGRADE: a key still on an older SO PIN version moves to the current one (never spending a try
    /// its flags make precious); a move the key refuses leaves it where it is until its next visit.
    void moveSoPin(const TxRow& t, const std::string& serial);
    /// UNLOCK: the supervisor's confirmation (Confirmations::soPinFinalTry) of the SO PIN's final try on
    /// transaction t's key, recorded and used (countersign.tx_so_pin_final_try) before the try is spent; a
    /// refusal is the step's failure.
    void recordSoPinFinalTry(const TxRow& t, const std::string& serial);

    static void needPin(const TxRow& t, const Secret& pin, const std::string& step);

    // --- the steps ----------------------------------------------------------------------------------------

    /// NEW/REPLACE, fee_recorded → key_initialised: the blank key is initialised (label = the transaction
    /// number, so an initialisation cut short is found again) and gets the agent's PIN.
    void initialiseKey(TxRow& t, const Secret& pin);

    /// key pair on the key and its CSR → key_generated.
    void generate(TxRow& t, const Secret& pin);

    /// The CA issues (idempotent by the transaction number) → cert_issued.
    void issue(TxRow& t);

    /// Certificate and chain onto the key → cert_written.
    void write(TxRow& t, const Secret& pin);

    /// The key signs with the new pair and the certificate verifies it → verified.
    void verify(TxRow& t, const Secret& pin);

    /// REPLACE, before the new key: everything the lost or damaged key carried is revoked (keyCompromise /
    /// superseded) and the old key is recorded lost or returned damaged.
    void revokeOld(TxRow& t);

    /// UNLOCK, fee_recorded → key_initialised: SO login with the derived SO PIN, the agent's new PIN.
    void unlockKey(TxRow& t, const Secret& pin);

    /// UNLOCK, key_initialised → verified: the new PIN logs in. Without the PIN (recovery), the key's own
    /// flags must say the user PIN is set and not locked.
    void verifyUnlock(TxRow& t, const Secret& pin);

    /// verified → completed: certificates and key take their final states, the receipt is numbered, the
    /// letter is consumed (by the database, when the state becomes completed).
    /// A renewal's old key pair and certificate come off the key once the transaction is complete. Without
    /// the PIN (recovery) or when that fails, they stay, revoked, and the next renewal removes them.
    void removeOldPair(const TxRow& t, const Secret& pin, std::vector<Phrase>* notes);

    void complete(TxRow& t, long long staffId);

    /// Runs the remaining steps of a transaction from its state.
    void drive(TxRow& t, const Secret& pin);

    Outcome outcome(const std::string& number);

    // --- compensation -------------------------------------------------------------------------------------

    /// A transaction past the point of no return (a renewal's new certificate recorded): resumed, never
    /// cancelled.
    static bool resumeOnly(const TxRow& t);
    /// Recovery of one unfinished transaction: finishes what needs no PIN, gives up the rest.
    void recoverOne(TxRow& t, long long staffId, std::vector<Phrase>& notes);
    /// Gives a transaction up: failed, then whatever it did outside is undone, then compensated.
    Outcome compensate(TxRow& t, const std::string& reason, std::optional<long long> approvalId,
                       bool byRecovery);
};

} // namespace countersign::workflow
