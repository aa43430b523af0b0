#include "backend/counter/desk.h"

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/approvals/approvals.h"
#include "backend/auth/authenticator.h"
#include "backend/counter/deskimpl.h"
#include "backend/dayclose/dayclose.h"
#include "backend/fees/fees.h"
#include "backend/receipts/receiptprinting.h"
#include "backend/receipts/receipts.h"
#include "db/migrations.h"
#include "db/reports.h"
#include "db/staffstore.h"
#include "db/workstationstore.h"

namespace countersign::counter {

namespace {

long long centreOf(pqxx::transaction_base& tx, long long counterId) {
    return db::WorkstationStore(tx).centreOfCounter(counterId);
}

/// The day asked for, or today at the centre when none was.
QDate dayOr(pqxx::transaction_base& tx, const QDate& date) {
    return date.isValid() ? date : reports::businessToday(tx);
}

std::optional<receipts::ReceiptRecord> findReceipt(pqxx::connection& conn, const std::string& number) {
    pqxx::read_transaction tx{conn};
    return receipts::findByNumber(tx, number);
}

} // namespace

StartUp Desk::start(const std::string& centreCode, const std::string& counterCode) {
    StartUp r;
    try {
        db::Migrator().migrate(d.conn);
    } catch (const db::DatabaseTooNew& e) {
        r.problem = StartUp::Problem::DatabaseTooNew;
        r.detail = e.what();
        return r;
    } catch (const pqxx::broken_connection&) {
        throw;
    } catch (const std::exception& e) {
        r.problem = StartUp::Problem::MigrationFailed;
        r.detail = e.what();
        return r;
    }
    pqxx::read_transaction tx{d.conn};
    std::optional<db::CounterRecord> found;
    try {
        found = db::WorkstationStore{tx}.findOwnCounter(centreCode, counterCode);
    } catch (const db::WrongCounter& e) {
        r.problem = StartUp::Problem::WrongCounter;
        r.detail = e.what();
        return r;
    }
    if (!found) {
        r.problem = StartUp::Problem::CounterNotRegistered;
        r.detail = centreCode + "/" + counterCode;
        return r;
    }
    r.counter = *found;
    return r;
}

auth::LoginResult Desk::login(auth::LoginPurpose purpose, const std::string& username,
                              const Secret& password) {
    return auth::logIn(d.conn, purpose, username, password);
}

void Desk::logout(const auth::SessionToken& session, const std::string& reason) {
    auth::logOut(d.conn, session, reason);
}

SupervisorCheck Desk::verifySupervisor(const auth::SessionToken& requester, const std::string& username,
                                       const Secret& password) {
    SupervisorCheck check;
    try {
        const approvals::SupervisorCredentials credentials{username, Secret(password.view())};
        check.supervisor = approvals::verifySupervisor(d.conn, requester, credentials);
    } catch (const approvals::ApprovalRefused& e) {
        check.refused = e.what();
    }
    return check;
}

std::vector<fees::RefundToReview> Desk::refundsToReview(long long counterId) {
    pqxx::read_transaction tx{d.conn};
    return fees::refundsToReview(tx, centreOf(tx, counterId));
}

int Desk::reviewRefunds(long long, const auth::StaffIdentity& supervisor, const auth::SessionToken& session) {
    if (!auth::supervises(supervisor.role))
        throw NotAllowed("only a supervisor reviews the refunds recovery made");
    pqxx::work tx{d.conn};
    const int reviewed = fees::reviewRefunds(tx, session ? session->c_str() : "");
    tx.commit();
    return reviewed;
}

std::vector<db::StaffMember> Desk::staff(long long counterId) {
    pqxx::read_transaction tx{d.conn};
    return db::StaffStore(tx).ofCentre(centreOf(tx, counterId));
}

reports::DailyReport Desk::dailyReport(long long counterId, const QDate& date) {
    pqxx::read_transaction tx{d.conn};
    const long long centre = centreOf(tx, counterId);
    return reports::daily(tx, centre, dayOr(tx, date));
}

dayclose::Preview Desk::dayClosePreview(long long counterId, const QDate& date) {
    long long centre = 0;
    QDate day;
    {
        pqxx::read_transaction tx{d.conn};
        centre = centreOf(tx, counterId);
        day = dayOr(tx, date);
    }
    return dayclose::preview(d.conn, centre, day);
}

DayCloseResult Desk::closeDay(long long counterId, const std::string& signer, const QDate& date,
                              long long countedCashFen, const Secret& password) {
    dayclose::CloseRequest request;
    {
        pqxx::read_transaction tx{d.conn};
        request.centreId = centreOf(tx, counterId);
    }
    request.date = date;
    request.countedCashFen = countedCashFen;
    request.counterId = counterId;
    request.signer = approvals::SupervisorCredentials{signer, Secret(password.view())};
    DayCloseResult c;
    try {
        c.report = dayclose::close(d.conn, request);
    } catch (const dayclose::CloseRefused& e) {
        c.refusal = e.reason;
        c.refusedText = e.what();
        c.open = e.open;
    }
    return c;
}

reports::WrittenFile Desk::exportDailyReport(long long counterId, const QDate& date, const QString& folder,
                                             reports::FileFormat format) {
    // Read first, then render and write with no transaction open.
    return reports::writeDaily(dailyReport(counterId, date), folder, format);
}

std::optional<ReceiptState> Desk::receiptState(const std::string& number) {
    const auto receipt = findReceipt(d.conn, number);
    if (!receipt)
        return std::nullopt;
    return ReceiptState{receipt->printedCount, receipt->voided};
}

std::vector<db::StepEstimate> Desk::keyStepEstimates(const std::string& serial, const std::string& model) {
    pqxx::read_transaction tx{d.conn};
    return db::keyStepEstimates(tx, serial, model);
}

std::optional<receipts::PrintOutcome> Desk::printReceipt(const std::string& number,
                                                         const auth::SessionToken& session,
                                                         const receipts::PrintSettings& settings) {
    const auto receipt = findReceipt(d.conn, number);
    if (!receipt)
        return std::nullopt;
    if (!session)
        throw receipts::ReceiptError("nobody is logged in to print the receipt");
    return receipts::printReceipt(d.conn, *session, *receipt, settings);
}

std::optional<printing::ReceiptSheet> Desk::receiptSheet(const std::string& number, bool reprint,
                                                         bool voided) {
    const auto receipt = findReceipt(d.conn, number);
    if (!receipt)
        return std::nullopt;
    return receipts::sheetOf(*receipt, reprint, voided);
}

} // namespace countersign::counter
