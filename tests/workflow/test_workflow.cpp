// The five counter operations end to end (DESIGN §2, §7): real PostgreSQL, SoftHSM2 behind the fault module,
// the built-in CA, DEMO-signed assistance letters. What is checked is what a person would see: the
// certificate on the key verifies with openssl against the CA chain and names the enterprise, the CRL lists
// what was revoked, the fee lines and receipt match the preset, the audit chain verifies.
#include <catch2/catch.hpp>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <pqxx/transaction>

#include <sys/stat.h>

#include "backend/auth/authenticator.h"
#include "backend/dayclose/dayclose.h"
#include "backend/papers/demoletterissuer.h"
#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/testkeys.h"
#include "token/tokenerror.h"
#include <QDate>

using namespace countersign;
using test::CounterFixture;

namespace {

QJsonObject jsonOf(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

std::string pw() {
    return std::string(CounterFixture::kOperatorPassword) + "\n";
}

} // namespace

TEST_CASE("countersignctl new issues a certificate onto a blank key from a demo-issued assistance letter",
          "[workflow][ctl]") {
    CounterFixture f;
    const auto r =
        f.ctl(CounterFixture::asOperator({"--json", "new", "--letter-qr-file", f.letterFile("TJ-0001"),
                                          "--alg", "ec-p256", "--new-pin-fd", "0"}),
              pw() + "135790\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = jsonOf(r.out);
    CHECK(o["state"].toString() == QStringLiteral("completed"));
    CHECK(o["kind"].toString() == QStringLiteral("NEW"));
    const std::string serial = o["key_serial"].toString().toStdString();
    REQUIRE_FALSE(serial.empty());
    CHECK(o["receipt_number"].toString().startsWith(QStringLiteral("TJ01-")));
    // Tianjin: a new certificate is free, one zero line.
    CHECK(o["total_fen"].toInt() == 0);

    const auto cert = f.certificateOnKey(serial);
    CHECK(cert.uscc == CounterFixture::kUscc);
    CHECK(cert.organisation == CounterFixture::kOrg);
    CHECK(cert.serial == o["certificate_serial"].toString().toStdString());
    const auto verified = f.opensslVerify(cert.der);
    INFO(verified.out << verified.err);
    CHECK(verified.exitCode == 0);
    CHECK_THAT(verified.out, Catch::Contains(": OK"));

    // The database agrees with the key.
    CHECK(f.scalar("SELECT state FROM tokens WHERE serial = $1", serial) == "active");
    CHECK(f.scalar("SELECT status FROM certificates WHERE serial = $1", cert.serial) == "active");
    CHECK(
        f.scalar("SELECT t.number FROM letters l JOIN transactions t ON t.id = l.consumed_by_transaction_id "
                 "WHERE l.letter_no = $1",
                 "TJ-0001") == o["transaction"].toString().toStdString());
    CHECK_FALSE(f.auditBrokenAt());
    {
        // The command logged its operator out again: no staff session is left open for anyone to pick up.
        auto owner = f.db.connect();
        pqxx::read_transaction tx{*owner};
        CHECK(
            tx.exec1("SELECT count(*) FROM countersign.staff_sessions WHERE ended_at IS NULL")[0].as<int>() ==
            0);
        CHECK(tx.exec1("SELECT count(*) FROM countersign.staff_sessions WHERE end_reason = 'logout'")[0]
                  .as<int>() == 1);
    }

    // The holder's PIN works on the key.
    const auto pin = f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "135790\n");
    CHECK(pin.exitCode == 0);
}

namespace {

std::string tomorrow() {
    const QDate d = QDate::currentDate().addDays(1);
    return d.toString(Qt::ISODate).toStdString();
}

// Days from the centre's today (the test configuration's zone, the default Asia/Shanghai): the counter judges
// a letter's dates there, whatever the machine's zone.
Date day(int fromToday) {
    const Date today = papers::centreToday("Asia/Shanghai");
    const QDate d = QDate(today.year, today.month, today.day).addDays(fromToday);
    return Date{d.year(), d.month(), d.day()};
}

long long count(CounterFixture& f, const std::string& sql) {
    return std::stoll(f.scalar(sql));
}

/// The last audit entry of the counter: its event and detail.
std::pair<std::string, std::string> lastAudit(CounterFixture& f) {
    pqxx::read_transaction tx{*f.conn};
    const auto r =
        tx.exec_params1("SELECT event, detail::text FROM countersign.audit_log WHERE counter_id = $1 "
                        "ORDER BY seq DESC LIMIT 1",
                        f.db.counterId());
    return {r[0].c_str(), r[1].c_str()};
}

/// Runs a refused operation and checks what the issue asks of every refusal: the named check failed, and the
/// only trace is the audit entry.
template <typename F> workflow::Refusal expectRefusal(CounterFixture& f, const std::string& check, F&& run) {
    const long long transactions = count(f, "SELECT count(*) FROM countersign.transactions");
    const long long letters = count(f, "SELECT count(*) FROM countersign.letters");
    const long long fees = count(f, "SELECT count(*) FROM countersign.fee_lines");
    try {
        run();
    } catch (const workflow::Refusal& r) {
        std::vector<std::string> failed;
        for (const auto& c : r.failed())
            failed.push_back(c.id);
        INFO(r.what());
        // The refusal names this check first (later ones may only be those it made impossible to run).
        REQUIRE_FALSE(failed.empty());
        CHECK(failed.front() == check);
        CHECK(count(f, "SELECT count(*) FROM countersign.transactions") == transactions);
        CHECK(count(f, "SELECT count(*) FROM countersign.letters") == letters);
        CHECK(count(f, "SELECT count(*) FROM countersign.fee_lines") == fees);
        const auto [event, detail] = lastAudit(f);
        CHECK(event == "operation.refused");
        CHECK_THAT(detail, Catch::Contains(check));
        CHECK_FALSE(f.auditBrokenAt());
        return r;
    }
    FAIL("the operation was not refused (expected check " << check << ")");
    throw std::logic_error("unreachable");
}

papers::AuthorizationLetter authorization(bool replace, bool unlock,
                                          const std::string& uscc = CounterFixture::kUscc) {
    return CounterFixture::authorizationLetter(replace, unlock, uscc);
}

} // namespace

TEST_CASE("a renewal moves to the profile's algorithm when the profile no longer lists the old pair's",
          "[workflow]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n[profile]\nkey_algorithms=rsa2048\n");
    const std::string serial = f.issueNew("TJ-R2"); // EC P-256, asked for by name
    auto p = f.open();
    const auto renewal = [&](bool preview) {
        workflow::RenewRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.keySerial = serial;
        r.pin = Secret("135790");
        r.preview = preview;
        return p.flow->runRenew(std::move(r), false);
    };
    CHECK(renewal(true).algorithm == "RSA-2048");
    REQUIRE(renewal(false).state == "completed");
    CHECK(token::algorithmOfCertificate(f.certificateOnKey(serial).der) == token::KeyAlgorithm::Rsa2048);
}

TEST_CASE("countersignctl renew puts a new certificate on the key and supersedes the old one",
          "[workflow][ctl]") {
    CounterFixture f("tianjin-2018", "[rules]\nrenew_days_before=400\n");
    const std::string serial = f.issueNew("TJ-R1");
    const auto old = f.certificateOnKey(serial);

    // No --alg: the renewal keeps the old key pair's algorithm (EC P-256), the profile allowing it.
    const auto r = f.ctl(CounterFixture::asOperator({"--json", "renew", "--key", serial, "--pin-fd", "0"}),
                         pw() + "135790\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = jsonOf(r.out);
    CHECK(o["state"].toString() == QStringLiteral("completed"));
    CHECK(o["kind"].toString() == QStringLiteral("RENEW"));

    // One certificate on the key: the new one, which verifies and names the same enterprise.
    const auto renewed = f.certificateOnKey(serial);
    CHECK(renewed.serial != old.serial);
    CHECK(renewed.uscc == CounterFixture::kUscc);
    CHECK(token::algorithmOfCertificate(old.der) == token::KeyAlgorithm::EcP256);
    CHECK(token::algorithmOfCertificate(renewed.der) == token::KeyAlgorithm::EcP256);
    CHECK(f.opensslVerify(renewed.der).exitCode == 0);
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", old.serial) ==
          "superseded");
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", renewed.serial) ==
          "active");
    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(old.serial));
    CHECK_THAT(crl, Catch::Contains("Superseded"));
    CHECK(f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "135790\n").exitCode == 0);
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("countersignctl upgrade replaces a certificate issued before the cut-off date", "[workflow][ctl]") {
    CounterFixture f("tianjin-2018", "[rules]\nupgrade_cutoff=" + tomorrow() + "\n");
    const std::string serial = f.issueNew("TJ-U1");
    const auto old = f.certificateOnKey(serial);
    const auto r = f.ctl(CounterFixture::asOperator({"--json", "upgrade", "--key", serial, "--pin-fd", "0"}),
                         pw() + "135790\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(jsonOf(r.out)["kind"].toString() == QStringLiteral("UPGRADE"));
    CHECK(jsonOf(r.out)["total_fen"].toInt() == 0);
    const auto upgraded = f.certificateOnKey(serial);
    CHECK(upgraded.serial != old.serial);
    CHECK(f.opensslVerify(upgraded.der).exitCode == 0);
    CHECK(f.scalar("SELECT status FROM countersign.certificates WHERE serial = $1", old.serial) ==
          "superseded");
}

TEST_CASE("countersignctl replace of a lost key revokes its certificate for key compromise and charges the "
          "Ningbo fee",
          "[workflow][ctl]") {
    CounterFixture f("ningbo");
    const std::string lostSerial = f.issueNew("NB-L1");
    const auto lost = f.certificateOnKey(lostSerial);

    const auto r =
        f.ctl(CounterFixture::asOperator({"--json", "replace", "--letter-json",
                                          f.authorizationLetterFile("auth", {"REPLACE"}), "--reason", "lost",
                                          "--old-key", lostSerial, "--alg", "ec-p256", "--new-pin-fd", "0",
                                          "--payment", "wechat_pay:100.00:WX20261122001"}),
              pw() + "246813\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = jsonOf(r.out);
    CHECK(o["state"].toString() == QStringLiteral("completed"));
    CHECK(o["total_fen"].toInt() == 10000);
    const std::string newSerial = o["key_serial"].toString().toStdString();
    CHECK(newSerial != lostSerial);
    const auto cert = f.certificateOnKey(newSerial);
    CHECK(cert.uscc == CounterFixture::kUscc);
    CHECK(f.opensslVerify(cert.der).exitCode == 0);

    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(lost.serial));
    CHECK_THAT(crl, Catch::Contains("Key Compromise"));
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", lostSerial) == "lost");
    CHECK(f.scalar("SELECT method || ' ' || amount_fen || ' ' || reference FROM countersign.payments") ==
          "wechat_pay 10000 WX20261122001");
    CHECK_FALSE(o["receipt_number"].toString().isEmpty());
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE(
    "countersignctl replace of a damaged key with the waiver charges nothing and returns the key to stock",
    "[workflow][ctl]") {
    CounterFixture f("tianjin-2018");
    const std::string damagedSerial = f.issueNew("TJ-D1");
    const auto damaged = f.certificateOnKey(damagedSerial);

    const auto r =
        f.ctl(CounterFixture::asOperator(
                  {"--json", "replace", "--letter-json", f.authorizationLetterFile("auth", {"REPLACE"}),
                   "--reason", "damaged", "--waiver", "--supervisor", "sup", "--supervisor-password-fd", "0",
                   "--alg", "ec-p256", "--new-pin-fd", "0"}),
              pw() + CounterFixture::kSupervisorPassword + "\n246813\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = jsonOf(r.out);
    CHECK(o["total_fen"].toInt() == 0);
    const auto lines = o["fee_lines"].toArray();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].toObject()["amount_fen"].toInt() == 2600);
    CHECK(lines[1].toObject()["amount_fen"].toInt() == -2600);
    CHECK_FALSE(lines[1].toObject()["waiver_reason"].toString().isEmpty());
    // The waiver line carries who attested it and the supervisor's approval.
    CHECK(f.scalar("SELECT attested_by::text FROM countersign.fee_lines WHERE amount_fen < 0") ==
          std::to_string(f.operatorId));
    CHECK(f.scalar("SELECT a.approved_by::text FROM countersign.fee_lines l JOIN countersign.approvals a "
                   "ON a.id = l.approval_id WHERE l.amount_fen < 0") == std::to_string(f.supervisorId));
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", damagedSerial) == "damaged");
    CHECK(f.scalar(
              "SELECT kind FROM countersign.stock_movements m JOIN countersign.tokens t ON t.id = m.token_id "
              "WHERE t.serial = $1 ORDER BY m.id DESC LIMIT 1",
              damagedSerial) == "return_damaged");
    const auto crl = f.crlText();
    CHECK_THAT(crl, Catch::Contains(damaged.serial));
    CHECK_THAT(crl, Catch::Contains("Superseded"));
    CHECK(f.opensslVerify(f.certificateOnKey(o["key_serial"].toString().toStdString()).der).exitCode == 0);
}

TEST_CASE("countersignctl unlock sets a new PIN on a locked key with its derived SO PIN", "[workflow][ctl]") {
    CounterFixture f;
    const std::string serial = f.issueNew("TJ-K1");
    f.lockUserPin(serial);
    const auto r = f.ctl(CounterFixture::asOperator({"--json", "unlock", "--letter-json",
                                                     f.authorizationLetterFile("auth", {"UNLOCK"}), "--key",
                                                     serial, "--new-pin-fd", "0"}),
                         pw() + "975310\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(jsonOf(r.out)["state"].toString() == QStringLiteral("completed"));
    CHECK(f.ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "975310\n").exitCode == 0);
    CHECK(f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", serial) == "active");
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Refused papers name their reason and leave nothing but the audit entry", "[workflow]") {
    CounterFixture f;
    auto p = f.open();
    const auto runNew = [&](const std::string& jws) {
        workflow::NewRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letterJws = jws;
        r.idCardNo = CounterFixture::kAgentId;
        r.newPin = Secret("135790");
        r.algorithm = token::KeyAlgorithm::EcP256;
        p.flow->runNew(std::move(r));
    };

    SECTION("an expired letter") {
        expectRefusal(f, "dates", [&] {
            runNew(f.letter("X-1", CounterFixture::kUscc, CounterFixture::kOrg, day(-40), day(-1)));
        });
    }
    SECTION("a letter not valid yet") {
        expectRefusal(f, "dates", [&] {
            runNew(f.letter("X-2", CounterFixture::kUscc, CounterFixture::kOrg, day(1), day(30)));
        });
    }
    SECTION("a letter signed by a key the centre does not trust") {
        papers::DemoLetterIssuer::init(f.dir + "/other-office");
        papers::DemoLetterIssuer other(f.dir + "/other-office");
        papers::AssistanceLetter l = f.letterFields("X-3");
        l.officeName = "forged";
        // It carries its certificate (x5c), which makes it no registered signer.
        const auto r = expectRefusal(f, "signer", [&] { runNew(other.issue(l, /*includeX5c=*/true)); });
        CHECK_THAT(r.what(), Catch::Contains("not a registered tax-office signer"));
    }
    SECTION("a 5-year letter") {
        const auto r = expectRefusal(f, "lifetime", [&] {
            runNew(f.letter("X-8", CounterFixture::kUscc, CounterFixture::kOrg, day(-1), day(5 * 365)));
        });
        CHECK_THAT(r.what(), Catch::Contains("at most 90 days"));
    }
    SECTION("a letter of another office than its signer's") {
        papers::AssistanceLetter l = f.letterFields("X-9");
        l.office = "11201040000";
        const auto r = expectRefusal(f, "signer_office", [&] {
            runNew(papers::DemoLetterIssuer(f.dir + "/taxoffice").issue(l, true));
        });
        CHECK_THAT(r.what(), Catch::Contains("11201040000"));
    }
    SECTION("a letter of a signer the admin disabled") {
        const auto disabled = test::runProcess(
            COUNTERSIGNCTL_PATH,
            {"--config", test::writeTestConfig(f.db, {}, test::DatabaseLogin::Owner), "letter", "trust",
             "disable", "--signer", f.dir + "/taxoffice/demo-signer.crt"});
        REQUIRE(disabled.exitCode == 0);
        const auto r = expectRefusal(f, "signer", [&] { runNew(f.letter("X-10")); });
        CHECK_THAT(r.what(), Catch::Contains("disabled"));
    }
    SECTION("a tampered payload") {
        std::string jws = f.letter("X-4");
        const auto dot1 = jws.find('.');
        const auto dot2 = jws.find('.', dot1 + 1);
        auto payload = *papers::detail::base64urlDecode(jws.substr(dot1 + 1, dot2 - dot1 - 1));
        payload.replace(payload.find("X-4"), 3, "X-5");
        jws = jws.substr(0, dot1 + 1) + papers::detail::base64urlEncode(payload) + jws.substr(dot2);
        expectRefusal(f, "signature", [&] { runNew(jws); });
    }
    SECTION("on a business day the supervisor has closed, naming the day") {
        dayclose::CloseRequest close;
        close.centreId = std::stoll(f.scalar("SELECT centre_id FROM countersign.counters WHERE id = $1",
                                             std::to_string(f.db.counterId())));
        close.date = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
        close.counterId = f.db.counterId();
        close.signer = {"sup", Secret(CounterFixture::kSupervisorPassword)};
        dayclose::close(*f.conn, close);
        const auto r = expectRefusal(f, "day_open", [&] { runNew(f.letter("X-7")); });
        CHECK_THAT(r.failed().front().reason,
                   Catch::Contains(close.date.toString(Qt::ISODate).toStdString()));
        CHECK_THAT(r.what(), Catch::Contains("is closed"));
    }
    SECTION("a letter used before, naming the transaction that used it") {
        const std::string jws = f.letter("X-6");
        runNew(jws);
        const std::string first = f.scalar("SELECT number FROM countersign.transactions");
        const auto r = expectRefusal(f, "unused", [&] { runNew(jws); });
        bool names = false;
        for (const auto& c : r.failed())
            names = names || c.reason.find(first) != std::string::npos;
        CHECK(names);
    }
}

TEST_CASE("Refused key operations name their reason and leave nothing but the audit entry", "[workflow]") {
    CounterFixture f;
    const std::string serial = f.issueNew("TJ-Z1");
    // Opened after the key is prepared: another PKCS#11 context on the same module in this process would end
    // this one's when it finalizes.
    CounterFixture::InProcess p;

    SECTION("a renewal outside the renewal window") {
        workflow::RenewRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.keySerial = serial;
        r.pin = Secret("135790");
        p = f.open();
        expectRefusal(f, "renewal_window", [&] { p.flow->runRenew(std::move(r), false); });
    }
    SECTION("an unlock whose letter does not tick 解锁") {
        f.lockUserPin(serial);
        workflow::UnlockRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = authorization(true, false);
        r.idCardNo = r.letter.agentIdNo;
        r.keySerial = serial;
        r.newPin = Secret("975310");
        p = f.open();
        expectRefusal(f, "business_type", [&] { p.flow->runUnlock(std::move(r)); });
    }
    SECTION("an unlock for another company than the one on the key") {
        f.lockUserPin(serial);
        workflow::UnlockRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = authorization(false, true, "91110000600037341L");
        r.idCardNo = r.letter.agentIdNo;
        r.keySerial = serial;
        r.newPin = Secret("975310");
        p = f.open();
        expectRefusal(f, "company_matches_certificate", [&] { p.flow->runUnlock(std::move(r)); });
    }
    SECTION("an unlock of a key whose SO PIN is locked") {
        f.lockUserPin(serial);
        {
            token::KeyDevice wrong(test::FaultKey::modulePath(), {},
                                   test::testDeriver("a different master secret, 32 bytes long"));
            for (int i = 0; i < 8; ++i) {
                try {
                    // Its last try too (a counter confirms that only with a supervisor's approval).
                    wrong.unlock(serial, Secret("975310"), {0, true});
                } catch (const token::TokenError&) {
                }
            }
        }
        workflow::UnlockRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = authorization(false, true);
        r.idCardNo = r.letter.agentIdNo;
        r.keySerial = serial;
        r.newPin = Secret("975310");
        p = f.open();
        const auto refusal = expectRefusal(f, "so_pin", [&] { p.flow->runUnlock(std::move(r)); });
        CHECK_THAT(refusal.what(), Catch::Contains("replace"));
    }
    SECTION("a waiver without the operator's attestation") {
        workflow::ReplaceRequest r;
        r.operatorId = f.operatorId;
        r.operatorSession = f.operatorSession();
        r.letter = authorization(true, false);
        r.idCardNo = r.letter.agentIdNo;
        r.damaged = true;
        r.waiverAttested = false;
        r.waiverApprovedBy = f.supervisorApproval();
        r.newPin = Secret("246813");
        r.payments = {fees::PaymentInput{fees::PaymentMethod::Cash, 2600, {}}};
        p = f.open();
        expectRefusal(f, "waiver_attested", [&] { p.flow->runReplace(std::move(r)); });
    }
}

TEST_CASE("A hand-entered assistance letter needs a supervisor and is recorded with the approval",
          "[workflow][ctl]") {
    CounterFixture f;
    const QJsonObject letter{
        {QStringLiteral("no"), QStringLiteral("HAND-1")},
        {QStringLiteral("office"), QStringLiteral("11201010000")},
        {QStringLiteral("officeName"), QStringLiteral("国家税务总局天津市河西区税务局")},
        {QStringLiteral("uscc"), QString::fromLatin1(CounterFixture::kUscc)},
        {QStringLiteral("org"), QString::fromUtf8(CounterFixture::kOrg)},
        {QStringLiteral("agent"),
         QJsonObject{{QStringLiteral("name"), QString::fromUtf8(CounterFixture::kAgentName)},
                     {QStringLiteral("idNo"), QString::fromLatin1(CounterFixture::kAgentId)}}},
        {QStringLiteral("issued"), QString::fromStdString(day(-1).iso())},
        {QStringLiteral("expires"), QString::fromStdString(day(20).iso())},
        {QStringLiteral("biz"), QJsonArray{QStringLiteral("NEW")}}};
    const std::string file =
        test::writeScratchFile("hand-letter.json", QJsonDocument(letter).toJson().toStdString());
    // The paper letter as scanned: a real picture (a scan that is not one is refused before it is stored).
    const std::string scan = test::scratchDir() + "/letter-scan.png";
    papers::DemoLetterIssuer::writeQrPng("hand-entered letter TJ-HX-2024-HAND", scan);

    const auto refused = f.ctl(
        CounterFixture::asOperator({"new", "--hand-entered", file, "--alg", "ec-p256", "--new-pin-fd", "0"}),
        pw() + "135790\n");
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("supervisor"));
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions") == 0);

    // The supervisor can't be the operator, and a wrong password is refused too.
    const auto wrong =
        f.ctl(CounterFixture::asOperator({"new", "--hand-entered", file, "--supervisor", "sup",
                                          "--supervisor-password-fd", "0", "--new-pin-fd", "0"}),
              pw() + "not the password\n135790\n");
    CHECK(wrong.exitCode == 1);
    CHECK(count(f, "SELECT count(*) FROM countersign.transactions") == 0);

    const auto r = f.ctl(CounterFixture::asOperator({"--json", "new", "--hand-entered", file, "--supervisor",
                                                     "sup", "--supervisor-password-fd", "0", "--alg",
                                                     "ec-p256", "--new-pin-fd", "0", "--letter-scan", scan}),
                         pw() + CounterFixture::kSupervisorPassword + "\n135790\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(jsonOf(r.out)["state"].toString() == QStringLiteral("completed"));
    CHECK(f.scalar("SELECT entry_mode FROM countersign.letters") == "hand_entered");
    CHECK(
        f.scalar("SELECT a.kind || ' ' || a.requested_by || ' ' || a.approved_by FROM countersign.letters l "
                 "JOIN countersign.approvals a ON a.id = l.entry_approval_id") ==
        "hand_entered_letter " + std::to_string(f.operatorId) + " " + std::to_string(f.supervisorId));
    // The scan is kept with the transaction, byte for byte.
    struct stat scanned {};
    REQUIRE(::stat(scan.c_str(), &scanned) == 0);
    // Read as the owner: a counter's login can no longer read a scan's bytes (the search migration).
    {
        auto owner = f.db.connect();
        pqxx::read_transaction tx{*owner};
        CHECK(tx.exec_params1("SELECT encode(sha256(bytes), 'hex') = encode(sha256, 'hex') AND kind = "
                              "'letter_scan' AND mime_type = 'image/png' AND octet_length(bytes) = $1::int "
                              "FROM countersign.evidence",
                              std::to_string(scanned.st_size))[0]
                  .as<bool>());
    }
    CHECK_FALSE(f.auditBrokenAt());
}

TEST_CASE("Code and database refuse the same state changes", "[workflow]") {
    CounterFixture f;
    f.issueNew("TJ-S1");
    const std::string number = f.scalar("SELECT number FROM countersign.transactions");
    // A completed transaction can't be given up.
    auto p = f.open();
    CHECK_THROWS_WITH(p.flow->cancel(number, "changed my mind", f.supervisorApproval(), f.operatorId,
                                     f.operatorSession(), false),
                      Catch::Contains("completed already"));
    // Nor moved back by hand: a counter's login may not write transactions at all (0016), and the
    // database refuses what the table does not list even to its owner.
    {
        pqxx::work tx{*f.conn};
        CHECK_THROWS_WITH(
            tx.exec_params("UPDATE countersign.transactions SET state = 'fee_recorded' WHERE number = $1",
                           number),
            Catch::Contains("permission denied"));
    }
    auto owner = f.db.connect();
    pqxx::work tx{*owner};
    CHECK_THROWS_WITH(
        tx.exec_params("UPDATE countersign.transactions SET state = 'fee_recorded' WHERE number = $1",
                       number),
        Catch::Contains("not allowed"));
}

TEST_CASE(
    "A USCC that fails its check is refused unless a supervisor confirms it, and the approval is recorded",
    "[workflow][ctl]") {
    CounterFixture f;
    // One character off the DESIGN example: the check character no longer matches.
    const std::string badUscc = "91350100M000100Y44";
    const std::string letter =
        test::writeScratchFile(f.db.name() + "-bad-uscc.txt", f.letter("TJ-U1", badUscc));
    const auto refused = f.ctl(CounterFixture::asOperator({"new", "--letter-qr-file", letter, "--alg",
                                                           "ec-p256", "--new-pin-fd", "0"}),
                               pw() + "135790\n");
    INFO(refused.out << refused.err);
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("failed: uscc"));

    const auto r = f.ctl(CounterFixture::asOperator({"--json", "new", "--letter-qr-file", letter, "--alg",
                                                     "ec-p256", "--uscc-override", "--supervisor", "sup",
                                                     "--supervisor-password-fd", "0", "--new-pin-fd", "0"}),
                         pw() + CounterFixture::kSupervisorPassword + "\n135790\n");
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto o = jsonOf(r.out);
    CHECK(o["state"].toString() == QStringLiteral("completed"));
    CHECK(f.certificateOnKey(o["key_serial"].toString().toStdString()).uscc == badUscc);
    CHECK(f.scalar("SELECT a.approved_by::text || ' ' || a.subject FROM countersign.approvals a JOIN "
                   "countersign.transactions t ON t.id = a.transaction_id WHERE a.kind = 'uscc_override' AND "
                   "t.number = $1",
                   o["transaction"].toString().toStdString()) ==
          std::to_string(f.supervisorId) + " " + badUscc);
    CHECK_FALSE(f.auditBrokenAt());
}
