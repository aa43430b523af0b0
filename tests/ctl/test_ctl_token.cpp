#include <catch2/catch.hpp>

#include <cstdlib>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

#include <pqxx/transaction>

#include "tests/support/softhsmstore.h"
#include "tests/support/testca.h"
#include "tests/support/testenv.h"
#include "tests/support/testkeys.h"

using namespace countersign;

namespace {

const std::string kMaster = "ctl test master secret, 32 bytes+";

// Work with the SO PIN (init, set-pin, unlock, retire) is an admin's, checked and recorded by the database.
struct Ctl {
    test::TestDatabase database;
    std::string config;

    Ctl() {
        database.addStaff("admin.liu", "password-9", "admin");
        database.addStaff("li.na", "password-1");
        const std::string master = test::writeScratchFile("ctl-master.key", kMaster);
        ::chmod(master.c_str(), 0600);
        config = test::writeTestConfig(database, "[pkcs11]\nmodule=" + test::SoftHsmStore::modulePath() +
                                                     "\n[sopin]\nmaster_file=" + master + "\n");
    }

    test::ProcessResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }
    /// The same as the admin, whose password follows `input` on standard input.
    test::ProcessResult asAdmin(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.end(), {"--operator", "admin.liu", "--password-fd", "0"});
        return (*this)(args, input + "password-9\n");
    }
    /// The admin actions recorded, "kind:subject:state" in order.
    std::string actions() const {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        return tx
            .exec1("SELECT coalesce(string_agg(a.kind || ':' || a.subject || ':' || a.state || ':' || "
                   "s.username, "
                   "' ' ORDER BY a.id), '') FROM admin_actions a JOIN staff s ON s.id = a.staff_id")[0]
            .as<std::string>();
    }
};

} // namespace

TEST_CASE("countersignctl token works on a key made by softhsm2-util, not by Countersign",
          "[ctl][token][db]") {
    // A key as another tool makes it: initialised with its own SO PIN and user PIN.
    const auto made = test::runProcess("softhsm2-util", {"--init-token", "--free", "--label", "ctlkey",
                                                         "--so-pin", "87654321", "--pin", "123321"});
    INFO(made.out << made.err);
    REQUIRE(made.exitCode == 0);
    const Ctl ctl;

    const auto list = ctl({"--json", "token", "list"});
    REQUIRE(list.exitCode == 0);
    std::string serial;
    for (const auto& k :
         QJsonDocument::fromJson(QByteArray::fromStdString(list.out)).object()["keys"].toArray())
        if (k.toObject()["label"].toString() == QStringLiteral("ctlkey"))
            serial = k.toObject()["serial"].toString().toStdString();
    REQUIRE_FALSE(serial.empty());

    const auto info = ctl({"token", "info", serial});
    CHECK(info.exitCode == 0);
    CHECK_THAT(info.out, Catch::Contains("ctlkey"));

    // PINs never on the command line.
    CHECK(ctl({"token", "verify-pin", serial, "--pin", "123321"}).exitCode == 2);

    CHECK(ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "123321\n").exitCode == 0);
    const auto wrong = ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "999999\n");
    CHECK(wrong.exitCode == 1);
    CHECK_THAT(wrong.err, Catch::Contains("Wrong PIN"));

    const auto keygen =
        ctl({"token", "keygen", serial, "--alg", "ec-p256", "--subject",
             "/C=CN/O=宁波测试有限公司/CN=宁波测试有限公司/organizationIdentifier=NTRCN-91350100M000100Y43",
             "--pin-fd", "0"},
            "123321\n");
    INFO(keygen.err);
    REQUIRE(keygen.exitCode == 0);
    CHECK_THAT(keygen.out, Catch::StartsWith("-----BEGIN CERTIFICATE REQUEST-----"));

    test::TestCa ca;
    const std::string cert = test::writeScratchFile("ctl-cert.pem", ca.sign(keygen.out));
    const std::string chain = test::writeScratchFile("ctl-ca.pem", ca.certificatePem());
    const auto written =
        ctl({"token", "write-cert", serial, cert, "--chain", chain, "--pin-fd", "0"}, "123321\n");
    INFO(written.err);
    CHECK(written.exitCode == 0);
    const auto selftest = ctl({"token", "selftest", serial, "--pin-fd", "0"}, "123321\n");
    INFO(selftest.err);
    CHECK(selftest.exitCode == 0);
    CHECK_THAT(selftest.out, Catch::Contains("self-test passed"));
    const auto withCert = ctl({"token", "info", serial});
    CHECK_THAT(withCert.out, Catch::Contains("USCC 91350100M000100Y43"));

    // The SO PIN softhsm2-util set is not the one this system derives: an honest refusal, recorded.
    const auto foreign = ctl.asAdmin({"token", "unlock", serial, "--new-pin-fd", "0"}, "135790\n");
    CHECK(foreign.exitCode == 1);
    CHECK_THAT(foreign.err, Catch::Contains("SoPinIncorrect"));
    CHECK(ctl.actions() == "token.unlock:" + serial + ":failed:admin.liu");

    // Work with the SO PIN needs an admin, and the database says so: an operator's password changes nothing.
    const auto byOperator =
        ctl({"token", "unlock", serial, "--new-pin-fd", "0", "--operator", "li.na", "--password-fd", "0"},
            "135790\npassword-1\n");
    CHECK(byOperator.exitCode == 1);
    CHECK_THAT(byOperator.err, Catch::Contains("li.na is operator and this needs admin"));
    CHECK(ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "123321\n").exitCode == 0); // untouched
    const auto nobody = ctl({"token", "retire", serial, "--yes"});
    CHECK(nobody.exitCode == 2);
    CHECK_THAT(nobody.err, Catch::Contains("--operator NAME is required"));
    CHECK(ctl.actions() == "token.unlock:" + serial + ":failed:admin.liu");

    // Once the SO PIN is this system's (as if issued here), unlock, retire and init work.
    const Secret derived = test::testDeriver(kMaster)->derive(serial);
    const auto moved =
        test::runProcess("pkcs11-tool", {"--module", test::SoftHsmStore::modulePath(), "--token-label",
                                         "ctlkey", "--login", "--login-type", "so", "--so-pin", "87654321",
                                         "--change-pin", "--new-pin", std::string(derived.view())});
    INFO(moved.err);
    REQUIRE(moved.exitCode == 0);
    const auto trivial = ctl.asAdmin({"token", "unlock", serial, "--new-pin-fd", "0"}, "123456\n");
    CHECK(trivial.exitCode == 1);
    CHECK_THAT(trivial.err, Catch::Contains("ascending"));
    CHECK(ctl.asAdmin({"token", "unlock", serial, "--new-pin-fd", "0"}, "135790\n").exitCode == 0);
    CHECK(ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "135790\n").exitCode == 0);
    CHECK(ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "123321\n").exitCode == 1);

    const auto unconfirmed = ctl.asAdmin({"token", "retire", serial});
    CHECK(unconfirmed.exitCode == 1);
    CHECK_THAT(unconfirmed.err, Catch::Contains("--yes"));
    CHECK(ctl.asAdmin({"token", "retire", serial, "--yes"}).exitCode == 0);
    const auto blank = ctl({"--json", "token", "info", serial});
    CHECK(QJsonDocument::fromJson(QByteArray::fromStdString(blank.out)).object()["blank"].toBool());
    CHECK(ctl.asAdmin({"token", "init", serial, "--label", "issued again"}).exitCode == 0);
    CHECK(ctl.asAdmin({"token", "set-pin", serial, "--new-pin-fd", "0"}, "864209\n").exitCode == 0);
    CHECK(ctl({"token", "verify-pin", serial, "--pin-fd", "0"}, "864209\n").exitCode == 0);

    // Each was written down before the key was touched, with the admin who did it.
    CHECK(ctl.actions() == "token.unlock:" + serial + ":failed:admin.liu token.unlock:" + serial +
                               ":done:admin.liu token.retire:" + serial + ":done:admin.liu token.init:" +
                               serial + ":done:admin.liu token.set_pin:" + serial + ":done:admin.liu");
}

TEST_CASE("countersignctl token init without a master secret is an environment error, not a guess",
          "[ctl][token]") {
    const std::string config = test::writeScratchFile(
        "ctl-nomaster.conf", "[pkcs11]\nmodule=" + test::SoftHsmStore::modulePath() + "\n");
    const auto r = test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "token", "init"});
    CHECK(r.exitCode == 3);
    CHECK_THAT(r.err, Catch::Contains("master secret"));
    const std::string loose = test::writeScratchFile("ctl-loose.key", kMaster);
    ::chmod(loose.c_str(), 0644);
    const std::string looseConfig =
        test::writeScratchFile("ctl-loose.conf", "[pkcs11]\nmodule=" + test::SoftHsmStore::modulePath() +
                                                     "\n[sopin]\nmaster_file=" + loose + "\n");
    const auto refused = test::runProcess(COUNTERSIGNCTL_PATH, {"--config", looseConfig, "token", "init"});
    CHECK(refused.exitCode == 3);
    CHECK_THAT(refused.err, Catch::Contains("chmod 600"));
}
