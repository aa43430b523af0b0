// countersignctl certificates import / revocations (issue 21, "Certificates issued before Countersign"): an
// admin imports a legacy CA's certificates (PEM bundle, CSV) with their keys and enterprises; a certificate
// of another CA is refused and named while the rest are imported; importing again changes nothing; a lost key
// of an imported customer is then replaced through the workflow, and its certificate's revocation is exported
// for the legacy CA (Countersign doesn't run it) and closed by an admin. Real PostgreSQL, OpenSSL, the
// built-in CA.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <pqxx/except>
#include <pqxx/transaction>

#include "backend/legacy/legacyimport.h"
#include "tests/support/counterfixture.h"
#include "tests/support/legacyca.h"
#include "tests/support/testenv.h"

using namespace countersign;
using test::CounterFixture;

namespace {

const char* const kAdminPassword = "admin-password";

QJsonObject jsonOf(const std::string& out) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A counter with the legacy CA configured and an admin.
struct ImportCounter {
    const test::LegacyCa legacy;
    const std::string caFile;
    CounterFixture f;

    explicit ImportCounter(const std::string& name)
        : caFile(test::writeScratchFile(name + "-legacy-ca.pem", legacy.certificatePem()))
        , f("tianjin-2018", "[trust]\nlegacy_ca_file=" + caFile + "\n") {
        f.db.addStaff("admin.liu", kAdminPassword, "admin");
    }
    test::ProcessResult asAdmin(std::vector<std::string> args) const {
        args.insert(args.end(), {"--operator", "admin.liu", "--password-fd", "0"});
        return f.ctl(args, std::string(kAdminPassword) + "\n");
    }
    test::ProcessResult import(const std::string& file) const {
        return asAdmin({"--json", "certificates", "import", "--file", file});
    }
    long long count(const std::string& sql, const std::string& param = {}) {
        return std::stoll(f.scalar(sql, param));
    }
};

/// The line `part` starts on in the file.
int lineOf(const std::string& path, const std::string& part) {
    const std::string content = readAll(path);
    const auto at = content.find(part);
    return 1 + static_cast<int>(std::count(content.begin(), content.begin() + static_cast<long>(at), '\n'));
}

std::string bundleEntry(const std::string& keySerial, const std::string& pem) {
    return "Key-Serial: " + keySerial + "\n" + pem;
}

} // namespace

TEST_CASE(
    "countersignctl certificates import records a legacy CA's PEM bundle and CSV, names what another CA "
    "issued, and imports the same file again as known",
    "[ctl][db][legacy]") {
    ImportCounter c("import-1");
    const test::LegacyCa other("另一个CA");
    const std::string usccA = test::usccFor(1001), usccB = test::usccFor(1002);
    const std::string certA = c.legacy.issue(usccA, "甲公司");
    const std::string certExpired = c.legacy.issue(usccB, "乙公司", -800, -400);
    const std::string foreign = other.issue(test::usccFor(1003), "丙公司");
    const std::string bundle =
        test::writeScratchFile(c.f.db.name() + "-bundle.pem",
                               "# exported from the old system\n" + bundleEntry("OLD-A1", certA) +
                                   bundleEntry("OLD-B1", certExpired) + bundleEntry("OLD-C1", foreign));

    const auto first = c.import(bundle);
    INFO(first.out << first.err);
    CHECK(first.exitCode == 1); // one refused, the others imported
    auto report = jsonOf(first.out);
    CHECK(report["imported"].toInt() == 2);
    CHECK(report["expired"].toInt() == 1);
    CHECK(report["refused"].toInt() == 1);
    CHECK(report["known"].toInt() == 0);
    const auto rows = report["rows"].toArray();
    bool named = false;
    for (const auto& v : rows) {
        const auto r = v.toObject();
        if (r["outcome"].toString() != QStringLiteral("refused"))
            continue;
        named = true;
        CHECK(r["index"].toInt() == 3);
        CHECK(r["serial"].toString().toStdString() == test::serialOfPem(foreign));
        CHECK_THAT(r["subject"].toString().toStdString(), Catch::Contains("丙公司"));
        CHECK_THAT(r["reason"].toString().toStdString(), Catch::Contains("does not chain to the legacy CA"));
        CHECK_THAT(r["reason"].toString().toStdString(),
                   Catch::Contains("unable to get local issuer certificate"));
    }
    CHECK(named);
    // Without --json the refusal names the line, the serial and the subject.
    const auto text = c.asAdmin({"certificates", "import", "--file", bundle});
    CHECK_THAT(text.out, Catch::Contains("line " + std::to_string(lineOf(bundle, foreign)) +
                                         " (certificate 3, serial " + test::serialOfPem(foreign)));
    CHECK_THAT(text.out, Catch::Contains("already known 2, refused 1"));

    // Recorded as the workflow records a legacy certificate: the key active in the enterprise's hands, the
    // certificate active, issued by the legacy CA.
    const std::string serialA = test::serialOfPem(certA);
    CHECK(c.f.scalar(
              "SELECT t.serial || ' ' || t.state || ' ' || e.uscc || ' ' || e.name || ' ' || c.status || "
              "' ' || c.key_algorithm FROM countersign.certificates c JOIN countersign.tokens t ON "
              "t.id = c.token_id JOIN countersign.enterprises e ON e.id = c.enterprise_id "
              "WHERE c.serial = $1",
              serialA) == "OLD-A1 active " + usccA + " 甲公司 active EC-P256");
    CHECK_THAT(c.f.scalar("SELECT issuer FROM countersign.certificates WHERE serial = $1", serialA),
               Catch::Contains("旧系统税务CA"));
    CHECK(c.count("SELECT count(*) FROM countersign.certificates WHERE serial = $1",
                  test::serialOfPem(foreign)) == 0);
    CHECK(c.count("SELECT count(*) FROM countersign.tokens WHERE serial = 'OLD-C1'") == 0);

    // CSV: the PEM with its newlines in quotes, a company name with a comma and a quote, one row whose USCC
    // is not the certificate's.
    const std::string usccD = test::usccFor(1004), usccE = test::usccFor(1005);
    const std::string certD = c.legacy.issue(usccD, "丁公司, \"北方\"");
    const std::string certE = c.legacy.issue(usccE, "戊公司");
    const std::string usccF = test::usccFor(1006);
    const std::string certF = c.legacy.issue(usccF, "己公司");
    const std::string csv = test::writeScratchFile(
        c.f.db.name() + "-import.csv",
        "note,key_serial,USCC,company,certificate_pem\r\n"
        "first,OLD-D1," +
            usccD + "," + test::csvQuoted("丁公司, \"北方\"") + "," + test::csvQuoted(certD) +
            "\r\n"
            "second,OLD-E1," +
            usccA + ",戊公司," + test::csvQuoted(certE) + "\r\n" + "third,OLD-A1," + usccF + ",己公司," +
            test::csvQuoted(certF) + "\r\n");
    const auto fromCsv = c.import(csv);
    INFO(fromCsv.out << fromCsv.err);
    CHECK(fromCsv.exitCode == 1);
    report = jsonOf(fromCsv.out);
    CHECK(report["imported"].toInt() == 1);
    CHECK(report["refused"].toInt() == 2);
    // A key on record in another enterprise's hands: refused by the database, nothing written for the row.
    CHECK_THAT(report["rows"].toArray().at(1).toObject()["reason"].toString().toStdString(),
               Catch::Contains("key OLD-A1 is on record for another enterprise"));
    CHECK(c.count("SELECT count(*) FROM countersign.enterprises WHERE uscc = $1", usccF) == 0);
    CHECK(report["rows"].toArray().at(0).toObject()["line"].toInt() == lineOf(csv, "second,"));
    CHECK_THAT(report["rows"].toArray().at(0).toObject()["reason"].toString().toStdString(),
               Catch::Contains("the file says USCC " + usccA + ", the certificate " + usccE));
    CHECK(c.f.scalar("SELECT e.name FROM countersign.enterprises e WHERE e.uscc = $1", usccD) ==
          "丁公司, \"北方\"");

    // Again: nothing new, nothing doubled.
    const long long certificates = c.count("SELECT count(*) FROM countersign.certificates");
    const auto again = c.import(bundle);
    report = jsonOf(again.out);
    CHECK(report["imported"].toInt() == 0);
    CHECK(report["known"].toInt() == 2);
    CHECK(report["refused"].toInt() == 1);
    CHECK(c.count("SELECT count(*) FROM countersign.certificates") == certificates);
    CHECK(c.count("SELECT count(*) FROM countersign.legacy_certificates") == 3);

    // One audit entry per batch, with the counts and the file's digest.
    const std::string digest = legacy::sha256Hex(readAll(bundle));
    CHECK(c.count("SELECT count(*) FROM countersign.audit_log WHERE event = 'certificates.imported' AND "
                  "subject = $1",
                  digest) == 3);
    CHECK(
        c.f.scalar("SELECT detail ->> 'imported' || ' ' || (detail ->> 'known') || ' ' || "
                   "(detail ->> 'refused') FROM countersign.audit_log WHERE event = 'certificates.imported' "
                   "AND subject = $1 ORDER BY id LIMIT 1",
                   digest) == "2 0 1");
    CHECK_FALSE(c.f.auditBrokenAt());
}

TEST_CASE(
    "countersignctl certificates import is an admin's, refuses an unreadable file before anyone logs in, "
    "and a counter's login can't write the legacy tables",
    "[ctl][db][legacy]") {
    ImportCounter c("import-2");
    const std::string bundle = test::writeScratchFile(
        c.f.db.name() + "-one.pem", bundleEntry("OLD-X1", c.legacy.issue(test::usccFor(2001), "己公司")));
    const auto byOperator =
        c.f.ctl({"certificates", "import", "--file", bundle, "--operator", "op", "--password-fd", "0"},
                std::string(CounterFixture::kOperatorPassword) + "\n");
    CHECK(byOperator.exitCode == 1);
    CHECK_THAT(byOperator.err, Catch::Contains("refused by the database"));
    CHECK(c.count("SELECT count(*) FROM countersign.certificates") == 0);

    const std::string broken =
        test::writeScratchFile(c.f.db.name() + "-broken.csv", "key_serial,uscc,company,certificate_pem\n"
                                                              "K1,U,C,\"-----BEGIN CERTIFICATE-----\n");
    const auto unreadable = c.import(broken);
    CHECK(unreadable.exitCode == 1);
    CHECK_THAT(unreadable.err, Catch::Contains("the quoted field starting on line 2 has no closing quote"));
    CHECK_THAT(unreadable.err, Catch::Contains("nothing was imported"));
    const std::string noColumn =
        test::writeScratchFile(c.f.db.name() + "-nocolumn.csv", "uscc,company,certificate_pem\n");
    CHECK_THAT(c.import(noColumn).err, Catch::Contains("the CSV header (line 1) has no key_serial column"));

    auto counter = c.f.db.connectAsCounter();
    for (const std::string sql :
         {"INSERT INTO countersign.legacy_revocations (certificate_id, serial, issuer, reason) "
          "SELECT id, serial, issuer, 'keyCompromise' FROM countersign.certificates LIMIT 1",
          "DELETE FROM countersign.legacy_certificates",
          "UPDATE countersign.legacy_revocations SET state = 'done'"}) {
        pqxx::work tx{*counter};
        CHECK_THROWS_AS(tx.exec(sql), pqxx::insufficient_privilege);
    }
}

TEST_CASE(
    "A lost key of one of 10,000 imported legacy customers is replaced, and its certificate's revocation is "
    "exported for the legacy CA and closed by an admin",
    "[ctl][workflow][legacy]") {
    ImportCounter c("import-3");
    const std::string old = c.legacy.issue(CounterFixture::kUscc, CounterFixture::kOrg);
    const std::string oldSerial = test::serialOfPem(old);
    // The customer among 10,000 of the legacy CA's certificates, imported in one file.
    std::string all;
    for (int i = 0; i < 9999; ++i)
        all += bundleEntry("LEGACY-BULK-" + std::to_string(i),
                           c.legacy.issue(test::usccFor(700000 + i), "旧系统企业" + std::to_string(i)));
    all += bundleEntry("LEGACY-KEY-1", old);
    const std::string bundle = test::writeScratchFile(c.f.db.name() + "-customers.pem", all);
    const auto imported = c.import(bundle);
    INFO(imported.err);
    REQUIRE(imported.exitCode == 0);
    const QJsonObject report = jsonOf(imported.out);
    CHECK(report["imported"].toInt() == 10000);

    workflow::Outcome o;
    {
        auto p = c.f.open();
        workflow::ReplaceRequest r;
        r.operatorId = c.f.operatorId;
        r.operatorSession = c.f.operatorSession();
        r.letter = CounterFixture::authorizationLetter(true, false);
        r.idCardNo = r.letter.agentIdNo;
        r.oldKeySerial = "LEGACY-KEY-1";
        r.newPin = Secret("24681357");
        r.algorithm = token::KeyAlgorithm::EcP256;
        r.payments = {fees::PaymentInput{fees::PaymentMethod::Cash, 2600, {}}};
        o = p.flow->runReplace(std::move(r));
    }
    REQUIRE(o.state == "completed");
    const auto cert = c.f.certificateOnKey(o.keySerial);
    CHECK(cert.uscc == CounterFixture::kUscc);
    CHECK(c.f.opensslVerify(cert.der).exitCode == 0);
    // Revoked on record, the key lost; the built-in CA's CRL doesn't list what it never issued.
    CHECK(c.f.scalar(
              "SELECT status || ' ' || revocation_reason FROM countersign.certificates WHERE serial = $1",
              oldSerial) == "revoked keyCompromise");
    CHECK(c.f.scalar("SELECT state FROM countersign.tokens WHERE serial = 'LEGACY-KEY-1'") == "lost");
    CHECK_THAT(c.f.crlText(), !Catch::Contains(oldSerial));

    CHECK(
        c.count("SELECT count(*) FROM countersign.audit_log WHERE event = 'certificate.revocation_requested' "
                "AND subject = $1",
                oldSerial) == 1);
    // A counter's own login can't ask a legacy CA to revoke at will: not for a finished transaction, and not
    // for a certificate Countersign issued.
    {
        auto counter = c.f.db.connectAsCounter();
        pqxx::work tx{*counter};
        CHECK_THROWS_WITH(
            tx.exec_params("SELECT countersign.tx_legacy_revocation_requested($1, x.id, ARRAY[$2]) FROM "
                           "countersign.transactions x WHERE x.number = $3",
                           c.f.operatorSession()->c_str(), o.certificateSerial, o.transactionNumber),
            Catch::Contains("is completed"));
    }

    // The request for the legacy CA, exported.
    const std::string exportFile = c.f.dir + "/legacy-revocations.csv";
    const auto exported = c.asAdmin({"certificates", "revocations", "--export", exportFile});
    INFO(exported.out << exported.err);
    REQUIRE(exported.exitCode == 0);
    const std::string csv = readAll(exportFile);
    CHECK_THAT(csv, Catch::StartsWith("serial,issuer,reason,requested_at,transaction,state,done_at\r\n"));
    CHECK_THAT(csv, Catch::Contains(oldSerial + ","));
    CHECK_THAT(csv, Catch::Contains("旧系统税务CA"));
    CHECK_THAT(csv, Catch::Contains(",keyCompromise,"));
    CHECK_THAT(csv, Catch::Contains("," + o.transactionNumber + ",revocation_requested,"));

    // The legacy CA's operator revoked it there: closed, and gone from the open list.
    const auto done = c.asAdmin({"certificates", "revocations", "--mark-done", oldSerial});
    INFO(done.out << done.err);
    CHECK(done.exitCode == 0);
    CHECK(c.f.scalar("SELECT state FROM countersign.legacy_revocations WHERE serial = $1", oldSerial) ==
          "done");
    const auto open = c.asAdmin({"certificates", "revocations"});
    CHECK_THAT(open.out, !Catch::Contains(oldSerial));
    CHECK(c.asAdmin({"certificates", "revocations", "--mark-done", oldSerial}).exitCode == 1);
    CHECK_FALSE(c.f.auditBrokenAt());
}
