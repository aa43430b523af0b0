// The counter of the failover test (tests/deploy/failover.sh): issues NEW certificates one after another the
// way the kiosk does (counter::Station::withCounter: the token thread's database connection, opened again
// when it broke) against a DSN that lists the primary and the standby with target_session_attrs=read-write,
// and says what happens, one line per event, on stdout:
//   completed NUMBER RECEIPT       an operation it reported done to the agent
//   lost MS MESSAGE                the database went away (MS: milliseconds since the start)
//   reconnected MS                 the first database work that succeeded after that
//   resumed NUMBER STATE           an operation left unfinished, finished now (with the agent's PIN)
//   failed NUMBER MESSAGE          an unfinished operation that could not be finished (recovery compensates
//   it) refused MESSAGE                an operation refused by its checks (never expected here)
// It stops when the file --stop names exists, or after --seconds.
//   countersign_failover_counter --config FILE --letters DIR --operator NAME --stop FILE [--seconds N]
//   (the operator's password on the first line of stdin)
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include <unistd.h>

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QFileInfo>

#include <pqxx/transaction>

#include "backend/auth/authenticator.h"
#include "backend/config.h"
#include "backend/counter/station.h"
#include "backend/identifiers/date.h"
#include "backend/opensslexit.h"
#include "backend/papers/demoletterissuer.h"
#include "backend/scans.h"
#include "backend/tokensetup.h"
#include "backend/workflow/workflow.h"
#include "db/connection.h"
#include "db/workstationstore.h"
#include "token/keydevice.h"
#include "token/pkcs11uri.h"

using namespace countersign;
using Clock = std::chrono::steady_clock;

namespace {

/// A valid 1×1 PNG: the scans a NEW requires.
const std::string kTinyPng =
    QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIA"
                           "X8jx0gAAAABJRU5ErkJggg==")
        .toStdString();

const Clock::time_point started = Clock::now();

long long msNow() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
}

void say(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

std::string oneLine(std::string text) {
    for (auto& c : text)
        if (c == '\n' || c == '\r')
            c = ' ';
    return text;
}

Date dayFromToday(int days) {
    const QDate d = QDate::currentDate().addDays(days);
    return Date{d.year(), d.month(), d.day()};
}

std::string option(const QStringList& args, const QString& name, const QString& fallback = {}) {
    const int at = args.indexOf(name);
    if (at < 0 || at + 1 >= args.size()) {
        if (fallback.isNull()) {
            std::fprintf(stderr, "countersign_failover_counter: %s is required\n", qPrintable(name));
            std::exit(2);
        }
        return fallback.toStdString();
    }
    return args[at + 1].toStdString();
}

} // namespace

int main(int argc, char** argv) {
    countersign::keepOpenSslUntilExit(); // first: before anything uses OpenSSL
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const AppConfig config = loadConfig(QString::fromStdString(option(args, QStringLiteral("--config"))));
    const std::string letters = option(args, QStringLiteral("--letters"));
    const std::string operatorName = option(args, QStringLiteral("--operator"));
    const QString stopFile = QString::fromStdString(option(args, QStringLiteral("--stop")));
    const int seconds = std::stoi(option(args, QStringLiteral("--seconds"), QStringLiteral("300")));
    const Secret pin("135790");
    // The operator's password: the first line of stdin.
    std::string passwordLine;
    std::getline(std::cin, passwordLine);
    const Secret password = Secret::take(passwordLine);

    long long counterId = 0;
    long long operatorId = 0;
    {
        auto conn = db::openConnection(config.databaseDsn);
        pqxx::read_transaction tx{*conn};
        counterId = db::WorkstationStore{tx}
                        .findCounter(config.centreCode.toStdString(), config.counterCode.toStdString())
                        ->counterId;
        operatorId =
            tx.exec_params1("SELECT id FROM staff WHERE username = $1", operatorName)[0].as<long long>();
    }
    token::Pkcs11Uri writer;
    if (!config.tokenUri.isEmpty())
        writer = token::Pkcs11Uri::parse(config.tokenUri.toStdString());
    token::KeyDevice keys(config.pkcs11Module.toStdString(), writer, makeSoPinDeriver(config));
    const papers::DemoLetterIssuer issuer(letters);

    bool lost = false;       // the database went away and no work has succeeded since
    bool unfinished = false; // an operation may have been left unfinished: look before the next
    int attempt = 0;
    const auto failedWith = [&](const std::string& message) {
        if (!lost)
            say("lost " + std::to_string(msNow()) + " " + oneLine(message));
        lost = true;
        unfinished = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    };
    const auto succeeded = [&] {
        if (lost)
            say("reconnected " + std::to_string(msNow()));
        lost = false;
    };

    // The operator's staff session: opened once, again only when the database no longer knows it.
    auth::SessionToken session;
    while (!QFileInfo::exists(stopFile) && msNow() < seconds * 1000LL) {
        try {
            if (!session) {
                auto conn = db::openConnection(config.databaseDsn);
                const auto login = auth::logIn(*conn, auth::LoginPurpose::Login, operatorName, password);
                if (login.status != auth::LoginStatus::Ok)
                    throw std::runtime_error("the operator " + operatorName + " could not log in");
                session = login.session;
            }
            if (unfinished) {
                // Whatever the outage left half done is finished with the agent's PIN before the next agent.
                counter::Station::withCounter(config, counterId, keys, {}, [&](counter::Counter& counter) {
                    for (const auto& p : counter.pending()) {
                        try {
                            const auto o = counter.resume(p.number, pin, session);
                            say("resumed " + p.number + " " + o.state);
                        } catch (const workflow::StepFailed& e) {
                            say("failed " + p.number + " " + oneLine(e.what()));
                        }
                    }
                });
                unfinished = false;
                succeeded();
            }
            papers::AssistanceLetter l;
            l.no = "FAILOVER-" + std::to_string(::getpid()) + "-" + std::to_string(++attempt);
            l.office = "11201010000";
            l.officeName = "国家税务总局天津市河西区税务局（演示）";
            l.uscc = "91350100M000100Y43";
            l.org = "天津市演示科技有限公司";
            l.agentName = "张三";
            l.agentIdNo = "11010519491231002X";
            l.issued = dayFromToday(-1);
            l.expires = dayFromToday(30);
            l.biz = {"NEW"};
            counter::OperationInput r;
            r.operation = Operation::New;
            r.operatorId = operatorId;
            r.operatorSession = session;
            r.letterText = issuer.issue(l);
            r.idCardNo = l.agentIdNo;
            const Secret newPin("135790");
            r.algorithm = token::KeyAlgorithm::EcP256;
            // The scans the configuration requires of a NEW (by default the letter and the ID card's front):
            // a tiny real PNG each.
            for (const auto& name : config.requiredScans.at("NEW"))
                r.evidence.push_back({findScanKind(name)->evidenceKind, "image/png", kTinyPng});
            // A key wiped by a compensation is blank too; SoftHSM2's uninitialised token is always there.
            for (const auto& k : keys.keys(false))
                if (k.blank() && !k.serial.empty())
                    r.keySerial = k.serial;
            workflow::Outcome outcome;
            counter::Station::withCounter(config, counterId, keys, {}, [&](counter::Counter& counter) {
                outcome = counter.run(r, newPin);
            });
            succeeded();
            say("completed " + outcome.transactionNumber + " " + outcome.receiptNumber);
        } catch (const workflow::Refusal& e) {
            succeeded();
            say("refused " + oneLine(e.what()));
        } catch (const workflow::StepFailed& e) {
            failedWith(e.what());
        } catch (const std::exception& e) {
            // The database: gone, in doubt about the last commit, or read only while nothing is promoted.
            // A session the database no longer knows is opened again.
            if (std::string(e.what()).find("staff session") != std::string::npos)
                session.reset();
            failedWith(e.what());
        }
    }
    return 0;
}
