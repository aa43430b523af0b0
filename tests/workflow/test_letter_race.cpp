// Single use of a letter is a database constraint (issue "the database is the authority", DESIGN §2, §3.2;
// db/migrations/0012_single_use_letters.sql): at most one transaction that is not failed or compensated holds
// a letter. Two counters presenting the same assistance letter at the same moment: one proceeds, the other is
// refused at the papers step, naming the transaction and counter that hold it, before any key or CA work. A
// counter's own login can't put a second live transaction on a held letter by SQL. A letter whose transaction
// was given up can be used again.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTranslator>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "db/migrations.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "token/keydevice.h"

using namespace countersign;
using test::CounterFixture;

namespace {

constexpr int kRounds = 20;
constexpr const char* kNewPin = "135790";
/// The DEMO tax office that issues the fixture's letters.
const std::string kOffice = "11201010000";

/// A text file as it is.
std::string readText(const std::string& path) {
    QFile file(QString::fromStdString(path));
    REQUIRE(file.open(QIODevice::ReadOnly));
    return file.readAll().toStdString();
}

QJsonObject jsonOf(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

/// A counter workstation of centre TJ01 with its own login role, operator and writer (a SoftHSM2 store of its
/// own, empty: the writer holds one blank key).
struct Station {
    std::string code;
    long long counterId = 0;
    std::string dir;
    std::string config;
    std::string username;
    std::string softhsmConf;

    std::string tokens() const { return dir + "/tokens"; }
    /// No key in the writer was initialised: SoftHSM2 keeps a directory per initialised token.
    bool writerUntouched() const { return QDir(QString::fromStdString(tokens())).isEmpty(); }
    void takeKeyOut() const {
        QDir(QString::fromStdString(tokens())).removeRecursively();
        QDir().mkpath(QString::fromStdString(tokens()));
    }
};

/// Counter `code` (01 is the fixture's own) with its configuration: the fixture's, with its counter code and
/// the counter's own database login.
Station station(CounterFixture& f, const std::string& code) {
    Station s;
    s.code = code;
    std::string dsn;
    if (code == "01") {
        dsn = f.db.counterDsn();
        s.counterId = f.db.counterId();
    } else {
        const auto added = f.db.addCounter(code);
        dsn = added.dsn;
        s.counterId = added.id;
    }
    s.dir = f.dir + "/counter-" + code;
    s.username = "op" + code;
    f.db.addStaff(s.username, CounterFixture::kOperatorPassword, "operator");
    REQUIRE(QDir().mkpath(QString::fromStdString(s.tokens())));
    REQUIRE(QDir().mkpath(QString::fromStdString(s.dir + "/faultstate")));
    std::string config = readText(f.configPath);
    const std::string counterLine = "counter=01\n";
    const std::string dsnLine = "dsn=" + f.db.counterDsn() + "\n";
    REQUIRE(config.find(counterLine) != std::string::npos);
    REQUIRE(config.find(dsnLine) != std::string::npos);
    config.replace(config.find(counterLine), counterLine.size(), "counter=" + code + "\n");
    config.replace(config.find(dsnLine), dsnLine.size(), "dsn=" + dsn + "\n");
    s.config = test::writeScratchFile(f.db.name() + "-counter-" + code + ".conf", config);
    s.softhsmConf = test::writeScratchFile(f.db.name() + "-softhsm2-" + code + ".conf",
                                           "directories.tokendir = " + s.tokens() +
                                               "\nobjectstore.backend = file\nlog.level = ERROR\n"
                                               "slots.removable = true\nslots.mechanisms = ALL\n");
    return s;
}

/// `countersignctl --json new` at a station, started (not waited for).
std::unique_ptr<QProcess> startNew(const Station& s, const std::string& letterFile) {
    auto p = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SOFTHSM2_CONF"), QString::fromStdString(s.softhsmConf));
    env.insert(QStringLiteral("CSFAULT_STATE_DIR"), QString::fromStdString(s.dir + "/faultstate"));
    p->setProcessEnvironment(env);
    p->start(QStringLiteral(COUNTERSIGNCTL_PATH),
             {QStringLiteral("--config"), QString::fromStdString(s.config), QStringLiteral("--json"),
              QStringLiteral("new"), QStringLiteral("--letter-qr-file"), QString::fromStdString(letterFile),
              QStringLiteral("--alg"), QStringLiteral("ec-p256"), QStringLiteral("--id-card"),
              QString::fromLatin1(CounterFixture::kAgentId), QStringLiteral("--operator"),
              QString::fromStdString(s.username), QStringLiteral("--password-fd"), QStringLiteral("0"),
              QStringLiteral("--new-pin-fd"), QStringLiteral("0")});
    REQUIRE(p->waitForStarted(10000));
    // Written now: this thread runs no event loop while it waits at the gate.
    p->write((std::string(CounterFixture::kOperatorPassword) + "\n" + kNewPin + "\n").c_str());
    REQUIRE(p->waitForBytesWritten(10000));
    p->closeWriteChannel();
    return p;
}

struct Finished {
    int exitCode = -1;
    std::string out;
    std::string err;
};

Finished finish(QProcess& p) {
    const bool finished = p.waitForFinished(60000);
    if (!finished)
        p.kill();
    REQUIRE(finished);
    REQUIRE(p.exitStatus() == QProcess::NormalExit);
    return {p.exitCode(), p.readAllStandardOutput().toStdString(), p.readAllStandardError().toStdString()};
}

long long scalarOf(pqxx::connection& conn, const std::string& sql, long long param) {
    pqxx::nontransaction tx{conn};
    return tx.exec_params1(sql, param)[0].as<long long>();
}

/// The audit events a counter appended after entry `afterSeq`, but its operators' logins.
std::vector<std::string> eventsAfter(pqxx::connection& conn, long long counterId, long long afterSeq) {
    pqxx::nontransaction tx{conn};
    std::vector<std::string> events;
    for (const auto& r : tx.exec_params("SELECT event FROM countersign.audit_log WHERE counter_id = $1 AND "
                                        "seq > $2 AND event NOT LIKE 'login.%' ORDER BY seq",
                                        counterId, afterSeq))
        events.push_back(r[0].c_str());
    return events;
}

long long transactionsOf(pqxx::connection& conn, const Station& s) {
    return scalarOf(conn, "SELECT count(*) FROM countersign.transactions WHERE counter_id = $1", s.counterId);
}

long long lastSeq(pqxx::connection& conn, long long counterId) {
    return scalarOf(conn, "SELECT coalesce(max(seq), 0) FROM countersign.audit_log WHERE counter_id = $1",
                    counterId);
}

/// The failed checks of a refusal countersignctl printed (--json).
std::vector<std::pair<std::string, std::string>> failedChecks(const QJsonObject& o) {
    std::vector<std::pair<std::string, std::string>> failed;
    for (const auto& c : o[QStringLiteral("checks")].toArray())
        if (!c.toObject()[QStringLiteral("passed")].toBool())
            failed.emplace_back(c.toObject()[QStringLiteral("id")].toString().toStdString(),
                                c.toObject()[QStringLiteral("reason")].toString().toStdString());
    return failed;
}

/// Backends of this database waiting for a lock, other than the one asking.
long long lockWaiters(pqxx::connection& conn) {
    pqxx::nontransaction tx{conn};
    return tx
        .exec("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
              "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")[0][0]
        .as<long long>();
}

/// What this database's sessions are doing, for a failure's message.
std::string activity(pqxx::connection& conn) {
    pqxx::nontransaction tx{conn};
    std::string out;
    for (const auto& r : tx.exec("SELECT pid, usename, state, coalesce(wait_event_type, ''), "
                                 "coalesce(wait_event, ''), left(query, 100) FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        out += std::string(r[0].c_str()) + " " + r[1].c_str() + " " + r[2].c_str() + " " + r[3].c_str() +
               "/" + r[4].c_str() + " " + r[5].c_str() + "\n";
    return out;
}

} // namespace

TEST_CASE("letter race: two counters presenting one letter at the same moment, one proceeds and the other is "
          "refused at the papers step before any key work",
          "[workflow][letter]") {
    CounterFixture f;
    const Station stations[2] = {station(f, "01"), station(f, "02")};
    auto owner = f.db.connect();
    auto watch = f.db.connect();
    {
        // The enterprise is on record, as for any enterprise that came before (the gate below locks its row).
        pqxx::work tx{*owner};
        tx.exec_params0("INSERT INTO countersign.enterprises (uscc, name) VALUES ($1, $2)",
                        std::string(CounterFixture::kUscc), std::string(CounterFixture::kOrg));
        tx.commit();
    }

    int refusedByTheDatabase = 0;
    QElapsedTimer clock;
    clock.start();
    for (int round = 1; round <= kRounds; ++round) {
        INFO("round " << round);
        const std::string no = "RACE-" + std::to_string(round);
        const std::string letterFile = f.letterFile(no);
        long long seqBefore[2], transactionsBefore[2];
        for (int i = 0; i < 2; ++i) {
            REQUIRE(stations[i].writerUntouched());
            seqBefore[i] = lastSeq(*owner, stations[i].counterId);
            transactionsBefore[i] = transactionsOf(*owner, stations[i]);
        }

        // Even rounds meet at a gate: both counters' checks passed (the letter was free for both) and both
        // opened a transaction, held where they record the enterprise, before either takes the letter. Odd
        // rounds run free: whoever is first, the other is refused by its checks or by the database.
        const bool gated = round % 2 == 0;
        std::unique_ptr<pqxx::work> gate;
        if (gated) {
            gate = std::make_unique<pqxx::work>(*owner);
            gate->exec_params("SELECT 1 FROM countersign.enterprises WHERE uscc = $1 FOR UPDATE",
                              std::string(CounterFixture::kUscc));
        }
        std::unique_ptr<QProcess> processes[2] = {startNew(stations[0], letterFile),
                                                  startNew(stations[1], letterFile)};
        if (gated) {
            QElapsedTimer waited;
            waited.start();
            while (lockWaiters(*watch) < 2 && waited.elapsed() < 30000)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            const long long waiting = lockWaiters(*watch);
            const std::string sessions = activity(*watch);
            gate->commit();
            gate.reset();
            INFO(sessions);
            CHECK(waiting == 2);
        }
        Finished results[2] = {finish(*processes[0]), finish(*processes[1])};

        // Exactly one proceeded: it completed.
        int winner = -1;
        for (int i = 0; i < 2; ++i)
            if (results[i].exitCode == 0)
                winner = winner == -1 ? i : 2;
        INFO("counter 01: exit " << results[0].exitCode << "\n" << results[0].out << results[0].err);
        INFO("counter 02: exit " << results[1].exitCode << "\n" << results[1].out << results[1].err);
        REQUIRE((winner == 0 || winner == 1));
        const Station& won = stations[winner];
        const Station& lost = stations[1 - winner];
        const auto completed = jsonOf(results[winner].out);
        CHECK(completed[QStringLiteral("state")].toString() == QStringLiteral("completed"));
        const std::string holder = completed[QStringLiteral("transaction")].toString().toStdString();
        REQUIRE_FALSE(holder.empty());
        CHECK_FALSE(won.writerUntouched());

        // The other was refused as refused papers are (exit status 1), naming the transaction that holds the
        // letter and its counter.
        const Finished& refusal = results[1 - winner];
        CHECK(refusal.exitCode == 1);
        const auto refused = jsonOf(refusal.out);
        CHECK(refused[QStringLiteral("refused")].toBool());
        const auto failed = failedChecks(refused);
        REQUIRE(failed.size() == 1);
        const auto& [check, reason] = failed.front();
        if (check == "not_in_progress") {
            CHECK(reason ==
                  "this letter is already being used by transaction " + holder + " at counter " + won.code);
        } else {
            CHECK(check == "unused");
            CHECK(reason == "Letter " + no + " of tax office " + kOffice +
                                " was already used by transaction " + holder + ".");
        }
        CHECK_THAT(refusal.err, Catch::Contains(holder));

        // It did no key work: its writer's key is still blank, and it left no transaction, nothing at the CA,
        // and no audit entry but the refusal's (and the command's logout).
        CHECK(lost.writerUntouched());
        CHECK(transactionsOf(*owner, lost) == transactionsBefore[1 - winner]);
        CHECK(transactionsOf(*owner, won) == transactionsBefore[winner] + 1);
        CHECK(eventsAfter(*owner, lost.counterId, seqBefore[1 - winner]) ==
              std::vector<std::string>{"operation.refused", "session.ended"});
        if (gated)
            ++refusedByTheDatabase;
        won.takeKeyOut();
    }
    INFO(kRounds << " rounds in " << clock.elapsed() << " ms");
    CHECK(refusedByTheDatabase == kRounds / 2);

    // One transaction, one key, one certificate and one request at the CA per round; each letter used once.
    pqxx::nontransaction tx{*owner};
    const auto count = [&tx](const std::string& sql) { return tx.exec(sql)[0][0].as<long long>(); };
    CHECK(count("SELECT count(*) FROM countersign.transactions") == kRounds);
    CHECK(count("SELECT count(*) FROM countersign.transactions WHERE state = 'completed'") == kRounds);
    CHECK(count("SELECT count(*) FROM countersign.tokens") == kRounds);
    CHECK(count("SELECT count(*) FROM countersign.certificates WHERE transaction_id IS NOT NULL") == kRounds);
    CHECK(count("SELECT count(*) FROM countersign.ca_requests") == kRounds);
    CHECK(count("SELECT count(*) FROM countersign.letters") == kRounds);
    CHECK(count("SELECT count(*) FROM countersign.letters WHERE consumed_by_transaction_id IS NOT NULL") ==
          kRounds);
    for (const auto& s : stations)
        CHECK(tx.exec_params1("SELECT countersign.audit_verify($1) IS NULL", s.counterId)[0].as<bool>());
}

namespace {

/// An assistance letter recorded as the owner (test set-up); returns its id.
long long recordLetter(pqxx::connection& owner, const std::string& no, long long registeredBy) {
    pqxx::work tx{owner};
    const auto id =
        tx.exec_params1(
              "INSERT INTO countersign.letters (kind, office_code, office_name, letter_no, org_name, "
              "uscc, agent_name, agent_id_number, biz, valid_from, valid_to, entry_mode, jws, "
              "registered_by) VALUES ('assistance', $1, 'office', $2, $3, $4, $5, $6, '{NEW}', "
              "current_date, current_date + 30, 'qr', 'jws', $7) RETURNING id",
              kOffice, no, std::string(CounterFixture::kOrg), std::string(CounterFixture::kUscc),
              std::string(CounterFixture::kAgentName), std::string(CounterFixture::kAgentId), registeredBy)[0]
            .as<long long>();
    tx.commit();
    return id;
}

/// A transaction of counter 01 in state started, holding `letter` when given (by the owner: test set-up).
void openTransaction(pqxx::connection& conn, const CounterFixture& f, const std::string& number,
                     std::optional<long long> letter) {
    pqxx::work tx{conn};
    tx.exec_params0("INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
                    "centre_id, letter_id) VALUES ($1, 'NEW', $2, $3, $4, $5)",
                    number, f.operatorId, f.db.counterId(), f.db.centreId(), letter);
    tx.commit();
}

/// Runs `sql` (one statement, parameters $1 number, $2 letter) in its own transaction and expects it refused:
/// returns the error, or fails the test when it went through.
pqxx::sql_error refusedStatement(pqxx::connection& conn, const std::string& sql, const std::string& number,
                                 long long letter) {
    try {
        pqxx::work tx{conn};
        tx.exec_params(sql, number, letter);
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        return e;
    }
    FAIL("not refused: " << sql);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("letter race: a counter's own login can't put a second live transaction on a held letter",
          "[workflow][letter]") {
    CounterFixture f;
    auto owner = f.db.connect();
    const long long letter = recordLetter(*owner, "SQL-1", f.operatorId);
    openTransaction(*owner, f, "TJ01-SQL-0001", letter); // the holder
    openTransaction(*owner, f, "TJ01-SQL-0002", std::nullopt);

    const std::vector<std::string> attacks = {
        // A second transaction opened on the letter.
        "INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, centre_id, "
        "letter_id) SELECT $1 || '-2nd', 'NEW', operator_staff_id, counter_id, centre_id, $2 "
        "FROM countersign.transactions WHERE number = $1",
        // Another open transaction given the letter, at the papers step or on its own.
        "UPDATE countersign.transactions SET state = 'papers_checked', letter_id = $2 WHERE number = $1",
        "UPDATE countersign.transactions SET letter_id = $2 WHERE number = $1",
    };
    const auto holders = [&] {
        return scalarOf(*owner, "SELECT count(*) FROM countersign.transactions WHERE letter_id = $1", letter);
    };
    int tried = 0;
    for (const auto& sql : attacks) {
        INFO(sql);
        // As the counter's own login: refused by the rule (or, where the counter may not write the table at
        // all, by its privileges).
        const auto asCounter = refusedStatement(*f.conn, sql, "TJ01-SQL-0002", letter);
        // (libpqxx 6.4 leaves sqlstate() empty on insufficient_privilege: its message says it.)
        CHECK((asCounter.sqlstate() == "23505" ||
               std::string(asCounter.what()).find("permission denied") != std::string::npos));
        if (asCounter.sqlstate() == "23505")
            CHECK_THAT(asCounter.what(),
                       Catch::Contains("letter 11201010000/SQL-1 is already held by "
                                       "transaction TJ01-SQL-0001 at counter 01 (started)"));
        // The rule holds for the owner too, and without the trigger the index still refuses it.
        const auto asOwner = refusedStatement(*owner, sql, "TJ01-SQL-0002", letter);
        CHECK(asOwner.sqlstate() == "23505");
        CHECK_THAT(asOwner.what(), Catch::Contains("held by transaction TJ01-SQL-0001 at counter 01"));
        {
            pqxx::work tx{*owner};
            tx.exec0(
                "ALTER TABLE countersign.transactions DISABLE TRIGGER transactions_letter_holder_insert, "
                "DISABLE TRIGGER transactions_letter_holder_update");
            try {
                tx.exec_params(sql, std::string("TJ01-SQL-0002"), letter);
                FAIL("the index let a second holder through: " << sql);
            } catch (const pqxx::sql_error& e) {
                CHECK(e.sqlstate() == "23505");
                CHECK_THAT(e.what(), Catch::Contains("transactions_letter_holder_key"));
            }
            tx.abort(); // the triggers are back on
        }
        CHECK(holders() == 1);
        ++tried;
    }
    CHECK(tried == 3);

    // A transaction that gave up lets the letter go: the other one may take it then, and the one that gave up
    // can't take it back. (By hand, as the owner: a counter's login moves transactions only through the
    // workflow's functions, 0016.)
    {
        pqxx::work tx{*owner};
        tx.exec_params0("UPDATE countersign.transactions SET state = 'failed', failure_reason = 'gave up' "
                        "WHERE number = $1",
                        std::string("TJ01-SQL-0001"));
        tx.commit();
    }
    {
        pqxx::work tx{*owner};
        tx.exec_params0("UPDATE countersign.transactions SET state = 'papers_checked', letter_id = $2 "
                        "WHERE number = $1",
                        std::string("TJ01-SQL-0002"), letter);
        tx.commit();
    }
    const auto back = refusedStatement(*owner,
                                       "UPDATE countersign.transactions SET state = 'papers_checked' "
                                       "WHERE number = $1 AND letter_id = $2",
                                       "TJ01-SQL-0001", letter);
    CHECK((back.sqlstate() == "23505" || back.sqlstate() == "23514"));
    CHECK(scalarOf(*owner,
                   "SELECT count(*) FROM countersign.transactions WHERE letter_id = $1 AND state NOT IN "
                   "('failed', 'compensated')",
                   letter) == 1);
}

TEST_CASE("letter race: a letter whose transaction was given up can be used again, at any counter",
          "[workflow][letter]") {
    CounterFixture f;
    const Station other = station(f, "02");
    const std::string letterFile = f.letterFile("RETRY-1");
    const std::string pw = std::string(CounterFixture::kOperatorPassword) + "\n";

    // Counter 01 stops after it initialised the key: its transaction holds the letter.
    try {
        const auto r = f.ctlCrashingAt("at:key_initialised",
                                       CounterFixture::asOperator({"new", "--letter-qr-file", letterFile,
                                                                   "--alg", "ec-p256", "--new-pin-fd", "0"}),
                                       pw + kNewPin + "\n");
        FAIL("not stopped at key_initialised: exit " << r.exitCode << "\n" << r.out << r.err);
    } catch (const std::runtime_error& e) {
        REQUIRE_THAT(e.what(), Catch::Contains("did not finish normally"));
    }
    const std::string first = f.scalar("SELECT number FROM countersign.transactions");
    CHECK(f.scalar("SELECT state FROM countersign.transactions") == "key_initialised");

    // Meanwhile the letter is presented at counter 02: refused, naming the transaction and its counter.
    {
        auto p = startNew(other, letterFile);
        const auto r = finish(*p);
        INFO(r.out << r.err);
        CHECK(r.exitCode == 1);
        const auto failed = failedChecks(jsonOf(r.out));
        REQUIRE(failed.size() == 1);
        CHECK(failed.front().first == "not_in_progress");
        CHECK(failed.front().second ==
              "this letter is already being used by transaction " + first + " at counter 01");
        CHECK(other.writerUntouched());
    }

    // The kiosk at counter 01 (the workflow in this process) shows the same words, in Chinese too.
    {
        auto in = f.open();
        workflow::NewRequest request;
        request.operatorId = f.operatorId;
        request.operatorSession = f.operatorSession();
        request.letterJws = readText(letterFile);
        request.idCardNo = CounterFixture::kAgentId;
        request.newPin = Secret(kNewPin);
        request.algorithm = token::KeyAlgorithm::EcP256;
        try {
            in.flow->runNew(std::move(request));
            FAIL("not refused");
        } catch (const workflow::Refusal& refusal) {
            const auto failed = refusal.failed();
            REQUIRE(failed.size() == 1);
            CHECK(failed.front().id == "not_in_progress");
            CHECK(failed.front().why.english() ==
                  "this letter is already being used by transaction " + first + " at counter 01");
            QTranslator chinese;
            REQUIRE(chinese.load(QStringLiteral(":/i18n/countersign_zh_CN.qm")));
            QCoreApplication::installTranslator(&chinese);
            const QString shown = failed.front().why.translated();
            QCoreApplication::removeTranslator(&chinese);
            CHECK(shown.toStdString() == "该函件正被窗口 01 的业务 " + first + " 使用");
        }
    }

    // Counter 01 gives its transaction up (its recovery does); the letter is free again, and counter 02
    // issues with it.
    const auto recovered = f.ctl(CounterFixture::asOperator({"recover"}), pw);
    INFO(recovered.out << recovered.err);
    REQUIRE(recovered.exitCode == 0);
    CHECK(f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", first) == "compensated");
    std::string second;
    {
        auto p = startNew(other, letterFile);
        const auto r = finish(*p);
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        const auto o = jsonOf(r.out);
        CHECK(o[QStringLiteral("state")].toString() == QStringLiteral("completed"));
        second = o[QStringLiteral("transaction")].toString().toStdString();
    }
    CHECK(f.scalar("SELECT t.number FROM countersign.letters l JOIN countersign.transactions t "
                   "ON t.id = l.consumed_by_transaction_id WHERE l.letter_no = $1",
                   "RETRY-1") == second);
    CHECK(f.scalar("SELECT count(*) FROM countersign.letters WHERE letter_no = $1", "RETRY-1") == "1");

    // Used up now: a third presentation is refused, naming the transaction that used it.
    other.takeKeyOut();
    auto p = startNew(other, letterFile);
    const auto r = finish(*p);
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    const auto failed = failedChecks(jsonOf(r.out));
    REQUIRE_FALSE(failed.empty());
    CHECK(failed.front().first == "unused");
    CHECK_THAT(failed.front().second, Catch::Contains(second));
}

TEST_CASE("letter race: migration 0012 on a database where two live transactions hold one letter fails, "
          "naming them",
          "[workflow][letter][db]") {
    test::TestDatabase database(/*migrated=*/false);
    auto conn = database.connect();
    auto before = db::bundledMigrations();
    const auto at = std::find_if(before.begin(), before.end(), [](const db::Migration& m) {
        return m.name.find("single_use_letters") == 0;
    });
    REQUIRE(at != before.end());
    const int version = at->version;
    before.erase(at, before.end());
    db::Migrator(before).migrate(*conn);

    long long letter = 0;
    {
        pqxx::work tx{*conn};
        const auto centre =
            tx.exec1("INSERT INTO countersign.centres (code, name) VALUES ('TJ01', 'c') RETURNING id")[0]
                .as<long long>();
        const auto counterOf = [&](const std::string& code) {
            return tx
                .exec_params1("INSERT INTO countersign.counters (centre_id, code) VALUES ($1, $2) "
                              "RETURNING id",
                              centre, code)[0]
                .as<long long>();
        };
        const long long counters[2] = {counterOf("01"), counterOf("02")};
        const auto staff = tx.exec1("INSERT INTO countersign.staff (username, display_name, role, "
                                    "password_hash) VALUES ('op', 'op', 'operator', 'x') RETURNING id")[0]
                               .as<long long>();
        letter = tx.exec_params1(
                       "INSERT INTO countersign.letters (kind, office_code, office_name, letter_no, "
                       "org_name, uscc, agent_name, agent_id_number, biz, valid_from, valid_to, "
                       "entry_mode, jws, registered_by) VALUES ('assistance', '11201010000', 'o', "
                       "'OLD-1', 'org', $1, 'a', $2, '{NEW}', current_date, current_date + 30, "
                       "'qr', 'jws', $3) RETURNING id",
                       std::string(CounterFixture::kUscc), std::string(CounterFixture::kAgentId), staff)[0]
                     .as<long long>();
        // The race this migration closes, as it was left before it: two live transactions on one letter, and
        // a given-up one that holds nothing.
        const std::pair<const char*, long long> holders[3] = {{"TJ01-OLD-01-0001", counters[0]},
                                                              {"TJ01-OLD-02-0001", counters[1]},
                                                              {"TJ01-OLD-01-0002", counters[0]}};
        for (const auto& [number, counter] : holders)
            tx.exec_params0(
                "INSERT INTO countersign.transactions (number, kind, operator_staff_id, counter_id, "
                "centre_id, letter_id) VALUES ($1, 'NEW', $2, $3, $4, $5)",
                std::string(number), staff, counter, centre, letter);
        tx.exec0("UPDATE countersign.transactions SET state = 'failed', failure_reason = 'gave up' "
                 "WHERE number = 'TJ01-OLD-01-0002'");
        tx.commit();
    }

    // Refused, rolled back whole, naming the letter and both holders with their counters.
    try {
        db::Migrator().migrate(*conn);
        FAIL("migration " << version << " went through");
    } catch (const pqxx::sql_error& e) {
        CHECK(e.sqlstate() == "23505");
        CHECK_THAT(e.what(), Catch::Contains("letter 11201010000/OLD-1 held by TJ01-OLD-01-0001 (counter 01, "
                                             "started), TJ01-OLD-02-0001 (counter 02, started)"));
        CHECK_THAT(e.what(), !Catch::Contains("TJ01-OLD-01-0002"));
    }
    CHECK(db::Migrator().status(*conn).current == version - 1);

    // Once all but one are given up, it migrates.
    {
        pqxx::work tx{*conn};
        tx.exec0("UPDATE countersign.transactions SET state = 'failed', failure_reason = 'gave up' "
                 "WHERE number = 'TJ01-OLD-02-0001'");
        tx.commit();
    }
    db::Migrator().migrate(*conn);
    CHECK(db::Migrator().status(*conn).upToDate());
}
