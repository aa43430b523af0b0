#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <QDate>
#include <QString>

#include "backend/approvals/approver.h"
#include "backend/auth/authenticator.h"
#include "backend/auth/login.h"
#include "backend/counter/secrets.h"
#include "backend/dayclose/preview.h"
#include "backend/fees/refundtoreview.h"
#include "backend/receipts/printoutcome.h"
#include "backend/reports/reportfiles.h"
#include "backend/stock/stocklevel.h"
#include "db/counterrecord.h"
#include "db/reportdata.h"
#include "db/staffmember.h"
#include "db/stepestimates.h"

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

/// Blank keys received into stock (Desk::receiveStock), or why none was.
struct StockIntake {
    int count = 0;
    std::string refused; ///< the stock's refusal (a serial known already …); nothing was received then
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
    /// The centre's key stock by model.
    std::vector<stock::StockLevel> stockLevels(long long counterId);
    /// `admin` receives blank keys into the centre's stock with their own `session` (stock::receive: the
    /// database checks the admin and records them). NotAllowed unless they do an admin's work
    /// (auth::administers).
    StockIntake receiveStock(long long counterId, const auth::StaffIdentity& admin,
                             const auth::SessionToken& session, const std::string& model,
                             const std::vector<std::string>& serials, const std::string& reference);
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

private:
    friend class Database;
    struct Impl;
    explicit Desk(Impl& impl)
        : d(impl) {}

    Impl& d;
};

} // namespace countersign::counter
