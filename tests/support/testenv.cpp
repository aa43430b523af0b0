#include "tests/support/testenv.h"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <fstream>
#include <unistd.h>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "backend/auth/passwordhash.h"
#include "backend/receipts/receipts.h"
#include "db/connection.h"
#include "db/migrations.h"
#include "db/staffstore.h"
#include "db/workstationstore.h"

namespace countersign::test {

namespace {

std::unique_ptr<pqxx::connection> adminConnection() {
    // Thrown, not skipped: a test whose database is missing fails.
    if (qEnvironmentVariableIsEmpty("PGHOST"))
        throw std::runtime_error(
            "no PostgreSQL for this test: run it through ctest (the pg.start fixture starts "
            "a cluster) or set PGHOST/PGPORT/PGUSER to a server where the user may create "
            "databases and roles");
    try {
        return std::make_unique<pqxx::connection>("dbname=postgres");
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("cannot reach the test PostgreSQL server: ") + e.what());
    }
}

std::string uniqueName(const char* prefix) {
    static std::atomic<int> counter{0};
    // In a PID namespace of its own (tests/support/ockslot.sh) every test process has the same small pid:
    // the launcher gives its own, which is unique on the machine.
    const char* launcher = std::getenv("COUNTERSIGN_TEST_PID");
    const std::string pid = launcher && *launcher ? launcher : std::to_string(::getpid());
    return std::string(prefix) + pid + "_" + std::to_string(++counter);
}

} // namespace

TestDatabase::TestDatabase(bool migrated, bool withCounter)
    : m_name(uniqueName("cs_test_")) {
    {
        auto admin = adminConnection();
        pqxx::nontransaction tx{*admin};
        // Database and role names can't be bound as parameters: quote_name escapes them.
        const std::string statement = "CREATE DATABASE " + tx.quote_name(m_name);
        tx.exec0(statement);
    }
    if (!migrated)
        return;
    auto conn = connect();
    db::Migrator().migrate(*conn);
    {
        // The cheapest bcrypt the database makes: tests log in thousands of times; the cost is a policy
        // value.
        pqxx::work tx{*conn};
        tx.exec0("UPDATE countersign.auth_policy SET hash_cost = 4");
        tx.commit();
    }
    if (withCounter) {
        {
            pqxx::work tx{*conn};
            m_centreId = db::WorkstationStore{tx}.addCentre("TJ01", "天津市第一服务中心", "天津");
            tx.commit();
        }
        const Counter first = addCounter("01", "1号窗口");
        m_counterId = first.id;
        m_counterRole = first.role;
    }
}

TestDatabase::Counter TestDatabase::addCounter(const std::string& code, const std::string& name) {
    long long id = 0;
    {
        auto conn = connect();
        pqxx::work tx{*conn};
        id = db::WorkstationStore{tx}.addCounter(m_centreId, code, name.empty() ? code + "号窗口" : name);
        tx.commit();
    }
    return bindCounterLogin(id);
}

TestDatabase::Counter TestDatabase::bindCounterLogin(long long counterId) {
    Counter counter{counterId, addCounterLoginRole(), {}};
    counter.dsn = "dbname=" + m_name + " user=" + counter.role;
    auto conn = connect();
    pqxx::work tx{*conn};
    db::WorkstationStore{tx}.bindLogin(counterId, counter.role);
    tx.commit();
    return counter;
}

std::unique_ptr<pqxx::connection> TestDatabase::connectAsCounter() const {
    if (m_counterRole.empty())
        throw std::logic_error("this test database has no counter");
    return db::openConnection(counterDsn());
}

TestDatabase::~TestDatabase() {
    try {
        pqxx::connection admin{"dbname=postgres"};
        pqxx::nontransaction tx{admin};
        // Database and role names can't be bound as parameters: quote_name escapes them.
        const std::string statement = "DROP DATABASE IF EXISTS " + tx.quote_name(m_name) + " WITH (FORCE)";
        tx.exec0(statement);
    } catch (const std::exception&) {
        // The cluster is thrown away at the end of the run anyway.
    }
}

std::unique_ptr<pqxx::connection> TestDatabase::connect() const {
    return db::openConnection(dsn());
}

long long TestDatabase::addStaff(const std::string& username, const std::string& password,
                                 const std::string& role) {
    auto conn = connect();
    pqxx::work tx{*conn};
    // The lowest scrypt cost keeps tests fast; the production cost is covered by the password-hash tests.
    const auto hash = auth::hashPassword(Secret(password), {10, 8, 1});
    const long long id = db::StaffStore{tx}.add(username, username + " (test)", role, hash, m_centreId);
    tx.commit();
    return id;
}

std::string TestDatabase::addCounterLoginRole() {
    const std::string role = uniqueName("cs_counter_");
    auto admin = adminConnection();
    pqxx::nontransaction tx{*admin};
    // Database and role names can't be bound as parameters: quote_name escapes them.
    const std::string statement = "CREATE ROLE " + tx.quote_name(role) + " LOGIN IN ROLE countersign_counter";
    tx.exec0(statement);
    return role;
}

void loadPostgresEnvironment() {
    const char* file = std::getenv("COUNTERSIGN_TEST_PGENV");
    if (!file)
        return;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos)
            ::setenv(line.substr(0, eq).c_str(), line.substr(eq + 1).c_str(), 1);
    }
}

std::string writeTestConfig(const TestDatabase& db, const std::string& extra, DatabaseLogin login) {
    const bool owner = login == DatabaseLogin::Owner || db.counterRole().empty();
    const std::string path = scratchDir() + "/" + db.name() + (owner ? "-owner" : "") + ".conf";
    std::ofstream out(path);
    out << "[database]\ndsn=" << (owner ? db.dsn() : db.counterDsn())
        << "\n\n[workstation]\ncentre=TJ01\ncounter=01\n\n"
        << extra;
    return path;
}

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input,
                         const std::vector<std::pair<std::string, std::string>>& environment, int timeoutMs) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : environment)
        env.insert(QString::fromStdString(name), QString::fromStdString(value));
    p.setProcessEnvironment(env);
    QStringList arguments;
    for (const auto& a : args)
        arguments << QString::fromStdString(a);
    p.start(QString::fromStdString(program), arguments);
    if (!p.waitForStarted(10000))
        throw std::runtime_error("cannot start " + program);
    p.write(input.data(), static_cast<qint64>(input.size()));
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        throw std::runtime_error(program + " did not finish in " + std::to_string(timeoutMs / 1000) +
                                 " s; it said:\n" + p.readAllStandardOutput().toStdString() +
                                 p.readAllStandardError().toStdString());
    }
    if (p.exitStatus() != QProcess::NormalExit)
        throw std::runtime_error(program + " did not finish normally (it crashed); it said:\n" +
                                 p.readAllStandardOutput().toStdString() +
                                 p.readAllStandardError().toStdString());
    return {p.exitCode(), p.readAllStandardOutput().toStdString(), p.readAllStandardError().toStdString()};
}

std::string writeScratchFile(const std::string& name, const std::string& content) {
    const std::string path = scratchDir() + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out)
        throw std::runtime_error("cannot write " + path);
    return path;
}

std::string scratchDir() {
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/countersign-test-XXXXXX"));
    return dir.path().toStdString();
}

std::string plantSession(const TestDatabase& database, long long staffId, long long counterId) {
    auto owner = database.connect();
    pqxx::work tx{*owner};
    const std::string token =
        tx.exec1("SELECT encode(countersign.gen_random_bytes(32), 'hex')")[0].as<std::string>();
    tx.exec_params0(
        "INSERT INTO countersign.staff_sessions (token_hash, staff_id, counter_id, purpose, "
        "expires_at) VALUES (sha256(decode($1, 'hex')), $2, $3, 'login', now() + interval '8 hours')",
        token, staffId, counterId ? counterId : database.counterId());
    tx.commit();
    return token;
}

receipts::ReceiptRecord completeAndIssueReceipt(const TestDatabase& database, pqxx::connection& counter,
                                                const Secret& session, long long transactionId) {
    {
        auto owner = database.connect();
        pqxx::work tx{*owner};
        tx.exec0("SET LOCAL session_replication_role = replica");
        tx.exec_params0(
            "UPDATE countersign.transactions SET state = 'verified', finished_at = NULL WHERE id = $1",
            transactionId);
        tx.commit();
    }
    pqxx::work tx{counter};
    tx.exec_params(
        "SELECT countersign.tx_advance($1, $2, 'verified', 'completed', '{}', '', NULL, 'complete', "
        "'{}', 'transaction.completed', '{}')",
        session.c_str(), transactionId);
    auto receipt = receipts::issueReceipt(tx, session, transactionId);
    tx.commit();
    return receipt;
}

void voidReceiptAsCounter(const TestDatabase& database, const receipts::ReceiptRecord& receipt,
                          const std::string& reason, long long operatorId, long long supervisorId) {
    long long approval = 0;
    {
        auto owner = database.connect();
        pqxx::work tx{*owner};
        // Planted behind the product's back: the check that a supervisor's session recorded who asked (0023)
        // is off for this one row.
        tx.exec0("ALTER TABLE approvals DISABLE TRIGGER approvals_requested_by");
        approval =
            tx.exec_params1("INSERT INTO approvals (kind, requested_by, approved_by, counter_id, "
                            "transaction_id, reason, subject_digest) VALUES ('void', $1, $2, $3, $4, $5, "
                            "sha256(convert_to($6, 'UTF8'))) RETURNING id",
                            operatorId, supervisorId, database.counterId(), receipt.transactionId, reason,
                            receipts::voidApprovalText(receipt, reason))[0]
                .as<long long>();
        tx.exec0("ALTER TABLE approvals ENABLE TRIGGER approvals_requested_by");
        tx.commit();
    }
    auto counter = database.connectAsCounter();
    pqxx::work tx{*counter};
    receipts::voidReceipt(tx, Secret(plantSession(database, operatorId)), receipt.id, reason, approval);
    tx.commit();
}

} // namespace countersign::test
