#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection>

#include "token/secret.h"

namespace countersign::receipts {
struct ReceiptRecord;
}

namespace countersign::test {

/// A fresh database in the test cluster, made for one test and dropped after it. Fails the test (never skips)
/// when there is no PostgreSQL to talk to.
class TestDatabase {
public:
    /// `migrated`: apply the bundled migrations; `withCounter`: also register centre TJ01 and counter 01.
    explicit TestDatabase(bool migrated = true, bool withCounter = true);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& name() const { return m_name; }
    /// libpq conninfo for this database as the cluster's superuser, who migrated it and owns its objects: for
    /// a test's set-up and for looking behind the product's back (host, port and user come from the
    /// environment).
    std::string dsn() const { return "dbname=" + m_name; }
    std::unique_ptr<pqxx::connection> connect() const;
    /// The same database as counter 01's own login role, with exactly a counter's privileges: what the
    /// product under test connects as.
    std::string counterDsn() const { return "dbname=" + m_name + " user=" + m_counterRole; }
    std::unique_ptr<pqxx::connection> connectAsCounter() const;
    long long counterId() const { return m_counterId; }
    long long centreId() const { return m_centreId; }
    const std::string& counterRole() const { return m_counterRole; }

    /// Registers another counter of centre TJ01 with a login role of its own; `dsn` connects as that role.
    struct Counter {
        long long id = 0;
        std::string role;
        std::string dsn;
    };
    Counter addCounter(const std::string& code, const std::string& name = {});
    /// Gives an existing counter (one a test made by hand) a login role of its own.
    Counter bindCounterLogin(long long counterId);

    /// Creates a staff account with a cheap password hash (tests only) and returns its id.
    long long addStaff(const std::string& username, const std::string& password,
                       const std::string& role = "operator");

    /// Creates a LOGIN role that belongs to countersign_counter, as a counter workstation's role would.
    std::string addCounterLoginRole();

private:
    std::string m_name;
    long long m_centreId = 0;
    long long m_counterId = 0;
    std::string m_counterRole;
};

/// Reads the PGHOST/PGPORT/PGUSER file the pg.start fixture wrote (named by COUNTERSIGN_TEST_PGENV) into
/// this process's environment. Does nothing when the variable is not set.
void loadPostgresEnvironment();

/// Who a configuration's database login is: counter 01's own role (what a workstation has), or the owner
/// (what the installer and `countersignctl db migrate`, `centre add`, `ca init` run as).
enum class DatabaseLogin { Counter, Owner };

/// Writes a countersign.conf for this test database into a temporary file and returns its path. A database
/// without a counter can only be reached as the owner.
std::string writeTestConfig(const TestDatabase& db, const std::string& extra = "",
                            DatabaseLogin login = DatabaseLogin::Counter);

/// What a program run by a test printed and returned.
struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

/// Runs a program to completion (`timeoutMs`, 60 s unless given) with `input` on its stdin and extra
/// environment variables. A program that can't start or doesn't finish in time fails the test.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input = {},
                         const std::vector<std::pair<std::string, std::string>>& environment = {},
                         int timeoutMs = 60000);

/// Writes text to a new file in the scratch directory and returns its path.
std::string writeScratchFile(const std::string& name, const std::string& content);

/// The directory the test process may write to (removed when the process ends).
std::string scratchDir();

/// An open staff session of `staffId` at counter `counterId` (default: counter 01), planted by the owner
/// behind the product's back: for tests of the database's functions that take a session, not of logging in.
/// Returns its token (hex), as a client holds it.
std::string plantSession(const TestDatabase& database, long long staffId, long long counterId = 0);

/// Issues the receipt of transaction `transactionId` (planted by the owner) the product's way, on `counter`
/// (a counter's own login) with `session`: the owner puts the transaction back to verified behind the
/// product's back, then one database transaction completes it (tx_advance) and issues the receipt
/// (receipts::issueReceipt), as the workflow does.
receipts::ReceiptRecord completeAndIssueReceipt(const TestDatabase& database, pqxx::connection& counter,
                                                const Secret& session, long long transactionId);

/// Voids `receipt` for `reason` as counter 01's own login, with a void approval bound to it that the owner
/// writes behind the product's back (supervisor `supervisorId` for operator `operatorId`): for tests of
/// what a void looks like, not of how it is approved (tests/db/test_bound_approvals.cpp).
void voidReceiptAsCounter(const TestDatabase& database, const receipts::ReceiptRecord& receipt,
                          const std::string& reason, long long operatorId, long long supervisorId);

} // namespace countersign::test
