#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <QDate>
#include <QString>

#include "backend/approvals/approver.h"
#include "backend/auth/authenticator.h"
#include "backend/auth/login.h"
#include "backend/counter/secrets.h"
#include "backend/dayclose/preview.h"
#include "backend/fees/refundtoreview.h"
#include "backend/fees/schedulevalues.h"
#include "backend/papers/trustentry.h"
#include "backend/receipts/printoutcome.h"
#include "backend/receipts/voiding.h"
#include "backend/reports/reportfiles.h"
#include "backend/stock/stocklevel.h"
#include "db/counterrecord.h"
#include "db/keymodel.h"
#include "db/reportdata.h"
#include "db/staffmember.h"
#include "db/stepestimates.h"
#include "db/transactionsearch.h"

namespace countersign::counter {

/// How the counter's start-up check went (Desk::start).
struct StartUp {
    enum class Problem {
        None,
        CounterNotRegistered, ///< the configured counter is not in the database; `detail` names it
        WrongCounter,         ///< the database login belongs to another counter or to none; `detail` says so
        DatabaseTooNew,       ///< migrated by a newer Countersign; `detail` says which versions
        MigrationFailed,      ///< `detail` says why
    };
    Problem problem = Problem::None;
    std::string detail;
    db::CounterRecord counter; ///< when there is no problem
};

/// A supervisor's approval checked (Desk::verifySupervisor): who gives it, or why it is refused.
struct SupervisorCheck {
    std::optional<approvals::Approver> supervisor; ///< who, with their approval session
    std::string refused; ///< wrong credentials, not a supervisor, locked, the same person who asks
};

/// Blank keys received into stock (Desk::receiveStock): how many, and each serial refused with its reason.
struct StockIntake {
    int count = 0;
    std::string refused; ///< a refusal of the whole intake; nothing was received then
    std::vector<std::pair<std::string, std::string>> refusedSerials; ///< serial, why (the database's words)
};

/// A key model with where its factory SO PIN stands on this machine (Desk::keyModels); never the PIN.
struct KeyModelRow {
    db::KeyModel model;
    bool factorySoPinSet = false;
    bool factorySoPinUsable = false; ///< the file holds a usable PIN on this machine
    std::string factorySoPinProblem; ///< why not, naming the file and the model
};

/// What the settings page shows from the database (Desk::counterSettings): where it is, and the fee schedule
/// in force today.
struct CounterSettings {
    std::string databaseHost; ///< the server, or "the local socket"; never a password
    std::string databaseName;
    std::string databaseUser;
    std::string feeScheduleCode, feeScheduleName, feeScheduleFrom, feeScheduleTo;
    std::string feeScheduleProblem; ///< why no schedule is in force
};

/// A day close (Desk::closeDay): the closed day's report, or why it was refused.
struct DayCloseResult {
    std::optional<reports::DailyReport> report; ///< the closed day's snapshot, with the close
    std::optional<dayclose::Refusal> refusal;
    std::string refusedText;                     ///< the refusal in English (countersignctl's words)
    std::vector<dayclose::OpenTransaction> open; ///< with Refusal::OpenTransactions
};

/// What printing gave and why a print did not happen (printing/printjob.h), as the door hands them on.
using PrintResult = printing::PrintResult;
using PrintProblem = printing::PrintProblem;

/// What a receipt looks like in the records (Desk::receiptState).
struct ReceiptState {
    int printedCount = 0;
    bool voided = false;
};

/// A change of the fees or the letter trust made at the back office (Desk::addFeeScheduleVersion,
/// Desk::addLetterTrust, Desk::disableLetterTrust): what came of it, or why it was refused (nothing changed).
struct BackOfficeChange {
    bool done = false;   ///< false with no refusal: nothing to do (already trusted, already disabled)
    int version = 0;     ///< the fee schedule version added
    std::string refused; ///< the refusal in words; empty when it was not refused
};

/// An admin's change to a staff account, or a person's own password change (Desk::disableStaff …): done, or
/// refused in the database's words (the last admin, an account disabled already, a wrong old password …).
struct StaffChange {
    std::string refused; ///< empty: done
    bool done() const { return refused.empty(); }
};

/// What an admin does to a staff account (Desk::changeStaff).
struct StaffAction {
    enum class Kind { Disable, Enable, SetRole, ResetPassword, Unlock };
    Kind kind = Kind::Disable;
    std::string username;
    std::optional<std::string> role;   ///< SetRole: nullopt keeps it
    std::optional<std::string> centre; ///< SetRole: nullopt keeps it, empty: every centre
    std::shared_ptr<Secret> password;  ///< ResetPassword: the temporary one; wiped after the call
};

/// The role of the person asking does not allow what was asked (Desk::reviewRefunds, Desk::receiveStock).
class NotAllowed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A report the back office asks for (Desk::officeReport): a range of days of this counter's centre, every
/// centre side by side, or the certificates expiring in the next `days` days (of this centre, or of every
/// centre).
struct ReportAsk {
    enum class Kind { Range, Centres, Expiring };
    Kind kind = Kind::Range;
    QDate from, to;          ///< Range, Centres
    int days = 60;           ///< Expiring
    bool allCentres = false; ///< Expiring: every centre's
};

/// One of the back office's reports as read (which member is set follows ReportAsk::kind).
struct OfficeReport {
    std::optional<reports::RangeReport> range;
    std::optional<reports::CentresReport> centres;
    std::optional<reports::ExpiringReport> expiring;
};

/// The counter's typed operations on the database, as the kiosk's screens need them: the start-up check,
/// logins, the back office (refunds to review, key stock, staff), the daily report, the day close and its
/// export, and the receipts. Only a job on the database thread holds one (Database::run): every method runs
/// its statements there, on that thread's connection, and may block — on PostgreSQL, on rendering a PDF, on
/// the printer. Database errors propagate (the Database turns them into an Outcome's error).
class Desk {
public:
    Desk(const Desk&) = delete;
    Desk& operator=(const Desk&) = delete;

    /// Migrates the database to this program's schema and looks up the configured counter.
    StartUp start(const std::string& centreCode, const std::string& counterCode);

    /// Checks a staff password at this counter, inside the database (auth::logIn): failures count towards the
    /// lockout and every attempt is audited under the purpose ("login", or "unlock" for the idle lock). A
    /// successful login carries the staff session the database opened.
    auth::LoginResult login(auth::LoginPurpose purpose, const std::string& username, const Secret& password);
    /// Ends a staff session: "logout", or "idle_lock" when the idle lock closes the screen.
    void logout(const auth::SessionToken& session, const std::string& reason);
    /// A supervisor's approval for what the person of `requester` (their session) asks, checked like a login
    /// (approvals::verifySupervisor).
    SupervisorCheck verifySupervisor(const auth::SessionToken& requester, const std::string& username,
                                     const Secret& password);

    /// The refunds recovery made at this counter's centre that nobody has reviewed yet, oldest first.
    std::vector<fees::RefundToReview> refundsToReview(long long counterId);
    /// `supervisor` reviews all of them (each audited "refund.reviewed", the reviewer taken from `session` by
    /// the database); returns how many. NotAllowed unless they do a supervisor's work (auth::supervises).
    int reviewRefunds(long long counterId, const auth::StaffIdentity& supervisor,
                      const auth::SessionToken& session);
    /// The staff of this counter's centre and of every centre.
    std::vector<db::StaffMember> staff(long long counterId);

    /// The daily report of this counter's centre; an invalid `date`: today at the centre.
    reports::DailyReport dailyReport(long long counterId, const QDate& date);
    /// What closing that day would sign (dayclose::preview); an invalid `date`: today at the centre.
    dayclose::Preview dayClosePreview(long long counterId, const QDate& date);
    /// `signer` closes the centre's `date` with the counted cash and their password (dayclose::close).
    DayCloseResult closeDay(long long counterId, const std::string& signer, const QDate& date,
                            long long countedCashFen, const Secret& password);
    /// Reads the day's report again (a closed day: its snapshot) and writes it into `folder`
    /// (reports::writeDaily); an invalid `date`: today at the centre.
    reports::WrittenFile exportDailyReport(long long counterId, const QDate& date, const QString& folder,
                                           reports::FileFormat format);

    // --- Reports on screen (issue 21, "reports"): the range, centres and expiring reports and their files.
    // ---
    /// Reads the report asked for. Who may read what is decided from the role the database gives the
    /// person of `session` (countersign.session_whoami), never from the client's word: a supervisor or an
    /// admin reads their counter's centre; the centres side by side and every centre's expiring
    /// certificates are the head office's, an admin's only. NotAllowed otherwise; reports::ReportError for a
    /// range the reports can't make (ends before it starts, more than kMaxRangeDays days, days out of range).
    OfficeReport officeReport(long long counterId, const auth::SessionToken& session, const ReportAsk& ask);
    /// Reads it as officeReport does and writes it into `folder` (reports::writeRange …).
    reports::WrittenFile exportOfficeReport(long long counterId, const auth::SessionToken& session,
                                            const ReportAsk& ask, const QString& folder,
                                            reports::FileFormat format);
    // --- end of the reports on screen ---

    /// How often the receipt with this number (as printed) was printed, and whether it is void; nullopt when
    /// there is no such receipt.
    std::optional<ReceiptState> receiptState(const std::string& number);
    /// Prints it, or reprints it (receipts::printReceipt); nullopt when there is no such receipt.
    /// The print is recorded by the person of `session`.
    std::optional<receipts::PrintOutcome> printReceipt(const std::string& number,
                                                       const auth::SessionToken& session,
                                                       const receipts::PrintSettings& settings);
    /// What one printing of it shows (receipts::sheetOf); nullopt when there is no such receipt.
    std::optional<printing::ReceiptSheet> receiptSheet(const std::string& number, bool reprint, bool voided);

    // --- Key models and stock; the settings page (issue 21, "stock": desk_stock.cpp)
    // -------------------------
    /// The centre's key stock by model (stock::levels); fewer than `lowLevel` in stock is low (0: never).
    std::vector<stock::StockLevel> stockLevels(long long counterId, int lowLevel = 0);
    /// The centre's keys `filter` picks (stock::keys).
    std::vector<stock::StockKey> stockKeys(long long counterId, const stock::KeyFilter& filter);
    /// `admin` receives blank keys into the centre's stock with their own `session`, each serial on its own
    /// (stock::receiveEach: the database checks the admin, refuses a known serial naming why and records the
    /// others). NotAllowed unless they do an admin's work (auth::administers).
    StockIntake receiveStock(long long counterId, const auth::StaffIdentity& admin,
                             const auth::SessionToken& session, const std::string& model,
                             const std::vector<std::string>& serials, const std::string& reference);
    /// `admin` writes key `serial` off with its reason and the write-off form's reference (stock::writeOff,
    /// audited "stock.written_off"); the database's refusal in its words, empty when done. NotAllowed unless
    /// they do an admin's work.
    std::string writeOffKey(long long counterId, const auth::StaffIdentity& admin,
                            const auth::SessionToken& session, const std::string& serial,
                            const std::string& reason, const std::string& reference);
    /// The key models, each with its factory SO PIN file checked on this machine (stock::factorySoPinState).
    std::vector<KeyModelRow> keyModels();
    /// `admin` sets `model` whole, as countersignctl stock model set does: checked first
    /// (stock::modelProblem: the factory SO PIN file must hold a usable PIN here), then recorded
    /// (stock::setModel, audited "stock.model_set"). The refusal in words, empty when done. NotAllowed unless
    /// they do an admin's work.
    std::string setKeyModel(long long counterId, const auth::StaffIdentity& admin,
                            const auth::SessionToken& session, const db::KeyModel& model);
    /// The database this counter works on and the fee schedule in force today (fees::scheduleInForce with
    /// [fees] schedule `feeScheduleCode`).
    CounterSettings counterSettings(long long counterId, const std::string& feeScheduleCode);
    // --- Staff accounts managed by admins (issue 21, the staff part; desk_staff.cpp) ----------------------
    /// Every account, as the admin of `adminSession` lists them (countersign.staff_accounts).
    std::vector<db::StaffAccount> staffAccounts(const auth::SessionToken& adminSession);
    /// Disables, enables, changes the role or centre of, resets the password of or unlocks an account, as the
    /// admin of `adminSession` (the database checks the admin, refuses leaving no active admin, audits both).
    StaffChange changeStaff(const auth::SessionToken& adminSession, const StaffAction& action);
    /// The person of `session` changes their own password (auth::changePassword); both secrets are wiped.
    StaffChange changeOwnPassword(const auth::SessionToken& session,
                                  const std::shared_ptr<Secret>& oldPassword,
                                  const std::shared_ptr<Secret>& newPassword);

    /// What each key step usually takes on the model of the key `serial` (or `model` for a key not on
    /// record), from the runs on record (db::keyStepEstimates).
    std::vector<db::StepEstimate> keyStepEstimates(const std::string& serial, const std::string& model);

    // --- Fee schedule versions and trusted letter signers (issue 21, part "fees":
    // backend/counter/desk_fees.cpp)
    /// Every fee schedule version, with the one in force at this counter's centre today (chosen with the
    /// configuration's [fees] schedule `configuredCode`, as quotes are).
    std::vector<fees::FeeScheduleVersion> feeScheduleVersions(long long counterId,
                                                              const std::string& configuredCode);
    /// Version `version` of `code` with its rules (validFrom is the version's start).
    fees::NewScheduleVersion feeScheduleVersion(const std::string& code, int version);
    /// A draft of `code`'s next version: its latest version's rules, starting tomorrow at the earliest.
    fees::NewScheduleVersion feeScheduleDraft(const std::string& code);
    /// The second person for a new fee schedule version: another admin or a supervisor
    /// (approvals::verifyApprover).
    SupervisorCheck verifyFeeApprover(const auth::SessionToken& requester, const std::string& username,
                                      const Secret& password);
    /// `admin` adds `version` with `approver`'s approval, bound to exactly that version
    /// (fees::addScheduleVersion).
    BackOfficeChange addFeeScheduleVersion(long long counterId, const auth::StaffIdentity& admin,
                                           const auth::SessionToken& session,
                                           const approvals::Approver& approver,
                                           const fees::NewScheduleVersion& version,
                                           const std::string& reason);
    /// The trust anchors and letter signers (papers::listTrust).
    std::vector<papers::TrustEntry> letterTrust();
    /// `admin` trusts the certificate in the PEM file `path` as an anchor, or as the signer of tax office
    /// `office` (papers::addTrust).
    BackOfficeChange addLetterTrust(long long counterId, const auth::StaffIdentity& admin,
                                    const auth::SessionToken& session, bool anchor, const std::string& office,
                                    const std::string& path);
    /// `admin` disables the listed anchor or signer `id` (papers::disableTrustById).
    BackOfficeChange disableLetterTrust(long long counterId, const auth::StaffIdentity& admin,
                                        const auth::SessionToken& session, long long id);
    // --- The counter's past (issue "the back office": search, detail, void, refund; desk_search.cpp) ---
    /// Past transactions the person of `session` may see (the database decides: an operator this counter's,
    /// a supervisor the centre's), newest first.
    std::vector<db::SearchRow> searchTransactions(const auth::SessionToken& session,
                                                  const db::SearchFilter& filter, int limit, int offset);
    /// One of them in detail, as JSON (db::TransactionSearch::detailJson); personal data masked.
    std::string transactionDetail(const auth::SessionToken& session, const std::string& number);
    /// A scan's bytes / the agent's whole ID number and mobile: a supervisor's act, audited
    /// "evidence.opened".
    db::TransactionSearch::Evidence openEvidence(const auth::SessionToken& session, long long evidenceId);
    db::TransactionSearch::Agent revealAgent(const auth::SessionToken& session, const std::string& number);
    /// Voids receipt `number` and refunds what is unrefunded of its transaction with `supervisor`'s approval
    /// (receipts::voidWithRefund, as `countersignctl receipt void`). ReceiptError when there is no such
    /// receipt.
    receipts::PastAction voidReceipt(long long counterId, long long operatorId,
                                     const auth::SessionToken& session, const std::string& number,
                                     const std::string& reason, const approvals::Approver& supervisor);
    /// Refunds what is unrefunded of transaction `number` with `supervisor`'s approval
    /// (receipts::refundWithApproval, as `countersignctl refund`).
    receipts::PastAction refundTransaction(long long counterId, long long operatorId,
                                           const auth::SessionToken& session, const std::string& number,
                                           const std::string& reason, const approvals::Approver& supervisor);

private:
    friend class Database;
    struct Impl;
    explicit Desk(Impl& impl)
        : d(impl) {}

    Impl& d;
};

} // namespace countersign::counter
