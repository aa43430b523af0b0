// Eight counters of one centre working at once against one database (DESIGN §5, §7, §10): each counter is
// its own countersignctl process with its own writer (SoftHSM2 store) and operator, issuing 50 new
// certificates one after the other. What a centre would check afterwards: every transaction completed, the
// receipt numbers of the centre and year run 1..400 without gap or repeat, every counter's audit chain
// verifies, and every certificate issued is active.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <pqxx/result>
#include <pqxx/transaction>

#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"

using namespace countersign;
using test::CounterFixture;

namespace {

constexpr int kCounters = 8;
constexpr int kOperationsEach = 50;

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    REQUIRE(out.good());
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// One counter workstation: its configuration, its writer (a SoftHSM2 store of its own: the operator hands
/// each issued key to the enterprise, so the writer then holds one blank key again), its PIN counters and
/// the letters it will be brought.
struct Workstation {
    std::string code;
    std::string dir;
    std::string config;
    std::string username;
    std::string softhsmConf;
};

// Each iteration: a NEW with the next letter; then the issued key leaves the writer (its token directory is
// removed), so the next NEW finds one blank key as at a real counter.
const char* const kLoop = R"(set -u
for i in $(seq 1 "$OPERATIONS"); do
    printf '%s\n%s\n' "$OPERATOR_PASSWORD" "$NEW_PIN" |
        "$CTL" --config "$CONF" --json new --letter-qr-file "$DIR/letter-$i.txt" --alg ec-p256 \
            --id-card "$ID_CARD" --operator "$OPERATOR" --password-fd 0 --new-pin-fd 0 >"$DIR/out-$i.json" 2>>"$DIR/err.txt" ||
        { echo "operation $i failed" >>"$DIR/err.txt"; exit 1; }
    rm -rf "$DIR"/tokens/*
done
)";

} // namespace

TEST_CASE("workflow concurrency: eight counters issuing 50 certificates each at once keep receipts gapless "
          "and audit "
          "chains intact",
          "[workflow][concurrency]") {
    CounterFixture f;
    const std::string baseConfig = readFile(f.configPath);
    const std::string counterLine = "counter=01\n";
    REQUIRE(baseConfig.find(counterLine) != std::string::npos);

    // Each counter connects as a login role of its own, as in a centre.
    std::vector<Workstation> stations;
    std::vector<std::string> dsns;
    for (int c = 1; c <= kCounters; ++c) {
        char code[3];
        std::snprintf(code, sizeof code, "%02d", c);
        dsns.push_back(c == 1 ? f.db.counterDsn() : f.db.addCounter(code).dsn);
        stations.push_back(Workstation{code, f.dir + "/counter-" + code, {}, std::string("op") + code, {}});
    }
    const std::string dsnLine = "dsn=" + f.db.counterDsn() + "\n";
    REQUIRE(baseConfig.find(dsnLine) != std::string::npos);
    for (auto& w : stations) {
        f.db.addStaff(w.username, CounterFixture::kOperatorPassword, "operator");
        REQUIRE(QDir().mkpath(QString::fromStdString(w.dir + "/tokens")));
        REQUIRE(QDir().mkpath(QString::fromStdString(w.dir + "/faultstate")));
        std::string config = baseConfig;
        config.replace(config.find(counterLine), counterLine.size(), "counter=" + w.code + "\n");
        config.replace(config.find(dsnLine), dsnLine.size(),
                       "dsn=" + dsns[static_cast<std::size_t>(&w - stations.data())] + "\n");
        w.config = w.dir + "/countersign.conf";
        writeFile(w.config, config);
        w.softhsmConf = w.dir + "/softhsm2.conf";
        writeFile(w.softhsmConf, "directories.tokendir = " + w.dir +
                                     "/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
                                     "slots.removable = true\nslots.mechanisms = ALL\n");
        for (int i = 1; i <= kOperationsEach; ++i)
            writeFile(w.dir + "/letter-" + std::to_string(i) + ".txt",
                      f.letter("CC-" + w.code + "-" + std::to_string(i)));
    }

    std::vector<std::unique_ptr<QProcess>> processes;
    for (const auto& w : stations) {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOFTHSM2_CONF"), QString::fromStdString(w.softhsmConf));
        env.insert(QStringLiteral("CSFAULT_STATE_DIR"), QString::fromStdString(w.dir + "/faultstate"));
        env.insert(QStringLiteral("CTL"), QStringLiteral(COUNTERSIGNCTL_PATH));
        env.insert(QStringLiteral("CONF"), QString::fromStdString(w.config));
        env.insert(QStringLiteral("DIR"), QString::fromStdString(w.dir));
        env.insert(QStringLiteral("OPERATOR"), QString::fromStdString(w.username));
        env.insert(QStringLiteral("OPERATOR_PASSWORD"),
                   QString::fromLatin1(CounterFixture::kOperatorPassword));
        env.insert(QStringLiteral("NEW_PIN"), QStringLiteral("135790"));
        env.insert(QStringLiteral("ID_CARD"), QString::fromLatin1(CounterFixture::kAgentId));
        env.insert(QStringLiteral("OPERATIONS"), QString::number(kOperationsEach));
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->setStandardOutputFile(QString::fromStdString(w.dir + "/loop.log"));
        p->start(QStringLiteral("bash"), {QStringLiteral("-c"), QString::fromLatin1(kLoop)});
        REQUIRE(p->waitForStarted(10000));
        processes.push_back(std::move(p));
    }
    for (std::size_t i = 0; i < processes.size(); ++i) {
        auto& p = *processes[i];
        const bool finished = p.waitForFinished(270000);
        if (!finished)
            p.kill();
        INFO("counter " << stations[i].code << ": " << readFile(stations[i].dir + "/err.txt"));
        REQUIRE(finished);
        CHECK(p.exitStatus() == QProcess::NormalExit);
        CHECK(p.exitCode() == 0);
    }

    // What each counter's operator saw: 50 completed NEWs, each with its receipt.
    std::set<std::string> receiptNumbers;
    for (const auto& w : stations) {
        INFO("counter " << w.code);
        for (int i = 1; i <= kOperationsEach; ++i) {
            const auto o =
                QJsonDocument::fromJson(
                    QByteArray::fromStdString(readFile(w.dir + "/out-" + std::to_string(i) + ".json")))
                    .object();
            CHECK(o[QStringLiteral("state")].toString() == QStringLiteral("completed"));
            receiptNumbers.insert(o[QStringLiteral("receipt_number")].toString().toStdString());
        }
    }
    CHECK(receiptNumbers.size() == static_cast<std::size_t>(kCounters * kOperationsEach));

    pqxx::read_transaction tx{*f.conn};
    CHECK(tx.exec1("SELECT count(*) FROM countersign.transactions")[0].as<long long>() == 400);
    CHECK(tx.exec1("SELECT count(*) FROM countersign.transactions WHERE state = 'completed'")[0]
              .as<long long>() == 400);
    for (const auto& row : tx.exec_params("SELECT co.code, count(t.id) FROM countersign.counters co "
                                          "LEFT JOIN countersign.transactions t ON t.counter_id = co.id "
                                          "WHERE co.centre_id = $1 GROUP BY co.code ORDER BY co.code",
                                          f.db.centreId())) {
        INFO("counter " << row[0].c_str());
        CHECK(row[1].as<long long>() == kOperationsEach);
    }

    // Receipts of centre TJ01 in this year: exactly 1..400.
    const auto receipts = tx.exec_params("SELECT r.year, r.number FROM countersign.receipts r "
                                         "JOIN countersign.centres c ON c.id = r.centre_id WHERE c.code = $1 "
                                         "ORDER BY r.number",
                                         std::string("TJ01"));
    REQUIRE(receipts.size() == 400);
    const int year = receipts[0][0].as<int>();
    std::vector<int> numbers;
    for (const auto& r : receipts) {
        CHECK(r[0].as<int>() == year);
        numbers.push_back(r[1].as<int>());
    }
    std::vector<int> expected(400);
    for (int i = 0; i < 400; ++i)
        expected[static_cast<std::size_t>(i)] = i + 1;
    CHECK(numbers == expected);

    // Every counter's audit chain.
    for (const auto& row : tx.exec_params("SELECT co.code, countersign.audit_verify(co.id) IS NULL "
                                          "FROM countersign.counters co WHERE co.centre_id = $1",
                                          f.db.centreId())) {
        INFO("audit chain of counter " << row[0].c_str());
        CHECK(row[1].as<bool>());
    }

    // Every certificate the transactions issued is active, and there is one per transaction.
    CHECK(tx.exec1("SELECT count(*) FROM countersign.certificates c JOIN countersign.transactions t "
                   "ON t.id = c.transaction_id WHERE c.status = 'active'")[0]
              .as<long long>() == 400);
    CHECK(tx.exec1("SELECT count(*) FROM countersign.certificates c JOIN countersign.transactions t "
                   "ON t.id = c.transaction_id WHERE c.status <> 'active'")[0]
              .as<long long>() == 0);
    CHECK(tx.exec1("SELECT count(DISTINCT consumed_by_transaction_id) FROM countersign.letters "
                   "WHERE kind = 'assistance'")[0]
              .as<long long>() == 400);
    tx.commit();

    const auto verified = f.ctl({"audit", "verify"});
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
}
