#include <catch2/catch.hpp>

#include <pqxx/transaction>

#include "tests/support/testenv.h"

using namespace countersign;

TEST_CASE("countersignctl ca: init, issue for a CSR, export the chain, revoke, and a CRL openssl verify uses",
          "[ctl][ca][db]") {
    test::TestDatabase database;
    const std::string keyFile = test::scratchDir() + "/ctl-ca-issuing.key";
    const std::string config =
        test::writeTestConfig(database, "[ca]\nkey_file=" + keyFile + "\nname=天津测试\nvalidity_days=30\n");
    auto ctl = [&](std::vector<std::string> args, const std::string& input = {}) {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    };
    // Issuing and revoking from the command line are an admin's, checked and recorded by the database.
    database.addStaff("admin.liu", "password-9", "admin");
    database.addStaff("li.na", "password-1");
    auto asAdmin = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--operator", "admin.liu", "--password-fd", "0"});
        return ctl(args, "password-9\n");
    };
    // Making the CA is the installer's work, as the database owner.
    const std::string ownerConfig =
        test::writeTestConfig(database, "[ca]\nkey_file=" + keyFile + "\nname=天津测试\nvalidity_days=30\n",
                              test::DatabaseLogin::Owner);
    const auto init =
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", ownerConfig, "ca", "init", "--alg", "rsa2048"});
    INFO(init.err);
    REQUIRE(init.exitCode == 0);
    CHECK(test::runProcess(COUNTERSIGNCTL_PATH, {"--config", ownerConfig, "ca", "init"}).exitCode ==
          1);                                 // only one built-in CA per database
    CHECK(ctl({"ca", "init"}).exitCode == 1); // and a counter may not make one

    const auto made = test::runProcess("openssl", {"req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt",
                                                   "ec_paramgen_curve:P-256", "-subj", "/CN=ignored",
                                                   "-keyout", test::scratchDir() + "/ctl-ca-key.pem"});
    REQUIRE(made.exitCode == 0);
    const std::string csr = test::writeScratchFile("ctl-ca.csr", made.out);
    const std::string subject = test::writeScratchFile(
        "ctl-ca-subject.json", R"({"company": "宁波测试有限公司", "uscc": "91350100M000100Y43"})");
    const std::vector<std::string> issue = {
        "ca",    "issue",        "--csr", csr, "--profile", "enterprise-tax", "--subject-from-json",
        subject, "--request-id", "ctl-1"};
    const auto unsigned_ = ctl(issue);
    CHECK(unsigned_.exitCode == 2);
    CHECK_THAT(unsigned_.err, Catch::Contains("--operator NAME is required"));
    auto byOperator = issue;
    byOperator.insert(byOperator.end(), {"--operator", "li.na", "--password-fd", "0"});
    const auto refused = ctl(byOperator, "password-1\n");
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("li.na is operator and this needs admin"));
    const auto issued = asAdmin(issue);
    INFO(issued.err);
    REQUIRE(issued.exitCode == 0);
    const std::string cert = test::writeScratchFile("ctl-ca-cert.pem", issued.out);
    const auto again = asAdmin(issue);
    CHECK(again.out == issued.out);

    const std::string chain = test::scratchDir() + "/ctl-ca-chain.pem";
    REQUIRE(ctl({"ca", "export-chain", "--out", chain}).exitCode == 0);
    CHECK(test::runProcess("openssl", {"verify", "-CAfile", chain, cert}).exitCode == 0);
    const auto subjectText =
        test::runProcess("openssl", {"x509", "-in", cert, "-noout", "-subject", "-nameopt", "utf8"});
    CHECK_THAT(subjectText.out, Catch::Contains("宁波测试有限公司"));
    CHECK_THAT(subjectText.out, Catch::Contains("NTRCN-91350100M000100Y43"));

    const auto serialText = test::runProcess("openssl", {"x509", "-in", cert, "-noout", "-serial"});
    const std::string serial = serialText.out.substr(
        serialText.out.find('=') + 1, serialText.out.find('\n') - serialText.out.find('=') - 1);
    CHECK(asAdmin({"ca", "revoke", serial, "--reason", "frobnicated"}).exitCode == 2);
    const auto revokedByOperator = ctl(
        {"ca", "revoke", serial, "--reason", "keyCompromise", "--operator", "li.na", "--password-fd", "0"},
        "password-1\n");
    CHECK(revokedByOperator.exitCode == 1);
    CHECK_THAT(revokedByOperator.err, Catch::Contains("li.na is operator and this needs admin"));
    CHECK_THAT(ctl({"ca", "status", serial}).out, Catch::Contains(": good"));
    REQUIRE(asAdmin({"ca", "revoke", serial, "--reason", "cessationOfOperation"}).exitCode == 0);
    const auto status = ctl({"ca", "status", serial});
    CHECK_THAT(status.out, Catch::Contains("revoked (cessationOfOperation"));
    {
        // Written down before the CA was asked, with the admin; the operator's tries left nothing.
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        CHECK(
            tx.exec1(
                  "SELECT string_agg(a.kind || ':' || a.subject || ':' || a.state || ':' || s.username, ' ' "
                  "ORDER BY a.id) FROM admin_actions a JOIN staff s ON s.id = a.staff_id")[0]
                .as<std::string>() ==
            "ca.issue:ctl-1:done:admin.liu ca.issue:ctl-1:done:admin.liu ca.revoke:" + serial +
                ":done:admin.liu");
        CHECK(
            tx.exec1(
                  "SELECT count(*) FROM audit_log a JOIN staff s ON s.id = a.actor_staff_id WHERE a.event = "
                  "'certificate.revoked' AND s.username = 'admin.liu'")[0]
                .as<int>() == 1);
    }

    const std::string crl = test::scratchDir() + "/ctl-ca.crl";
    REQUIRE(ctl({"ca", "crl", "--out", crl}).exitCode == 0);
    const auto rejected =
        test::runProcess("openssl", {"verify", "-crl_check", "-CAfile", chain, "-CRLfile", crl, cert});
    CHECK(rejected.exitCode != 0);
    CHECK_THAT(rejected.out + rejected.err, Catch::Contains("certificate revoked"));
}
