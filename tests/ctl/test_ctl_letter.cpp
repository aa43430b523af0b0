#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/transaction>

#include "tests/support/testenv.h"

using namespace countersign;

namespace {

/// countersignctl on a fresh test database, with a DEMO tax office made in the scratch directory.
struct LetterCtl {
    test::TestDatabase database;
    std::string config = test::writeTestConfig(database);
    std::string dir;

    explicit LetterCtl(const std::string& issuerDir)
        : dir(test::scratchDir() + "/" + issuerDir) {
        REQUIRE((*this)({"letter", "demo-issuer", "init", "--dir", dir}).exitCode == 0);
    }

    test::ProcessResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }

    /// A DEMO letter for the test company, its text and PNG written to `out`.txt / .png.
    test::ProcessResult issue(const std::string& org, const std::string& agent, const std::string& no,
                              const std::string& out) const {
        return (*this)({"letter", "demo-issue", "--dir", dir, "--uscc", "91350100M000100Y43", "--org", org,
                        "--agent-name", agent, "--agent-id", "11010519491231002X", "--no", no, "--out", out});
    }
};

} // namespace

TEST_CASE(
    "countersignctl letter: a demo-issued assistance letter verifies from its text and from its QR image, "
    "and a changed one is refused naming the check",
    "[ctl][papers][db]") {
    const LetterCtl ctl("demo-issuer");
    const std::string& dir = ctl.dir;
    const auto issued =
        ctl.issue("天津市测试科技有限公司", "张三", "2026-0001", test::scratchDir() + "/letter1");
    INFO(issued.err);
    REQUIRE(issued.exitCode == 0);
    CHECK_THAT(issued.err, Catch::Contains("DEMO"));
    const std::string anchor = dir + "/demo-root.crt";
    const std::string signer = dir + "/demo-signer.crt";

    // The demo signer signs for the demo office, 11201010000 (demo-issue's default).
    const auto fromText =
        ctl({"letter", "verify", "--trust-anchor", anchor, "--signer-cert", signer, "--signer-office",
             "11201010000", "--payload-file", test::scratchDir() + "/letter1.txt"});
    INFO(fromText.out << fromText.err);
    CHECK(fromText.exitCode == 0);
    CHECK_THAT(fromText.out, Catch::Contains("the letter is valid"));

    const auto fromImage =
        ctl({"--json", "letter", "verify", "--trust-anchor", anchor, "--signer-cert", signer,
             "--signer-office", "11201010000", "--image", test::scratchDir() + "/letter1.png"});
    CHECK(fromImage.exitCode == 0);
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(fromImage.out)).object();
    CHECK(json.value(QStringLiteral("valid")).toBool());
    CHECK(json.value(QStringLiteral("checks")).toArray().size() == 15);
    CHECK(json.value(QStringLiteral("letter")).toObject().value(QStringLiteral("org")).toString() ==
          QStringLiteral("天津市测试科技有限公司"));

    // The payload changed after signing: one character of the middle part.
    std::string text = issued.out.substr(0, issued.out.find('\n'));
    const auto dot = text.find('.');
    text[dot + 10] = text[dot + 10] == 'A' ? 'B' : 'A';
    const auto tampered = ctl({"letter", "verify", "--trust-anchor", anchor, "--payload", text});
    CHECK(tampered.exitCode == 1);
    CHECK_THAT(tampered.out, Catch::Contains("FAIL") && Catch::Contains("the letter is REFUSED"));

    CHECK(ctl({"letter", "verify", "--trust-anchor", anchor}).exitCode == 2);
    CHECK(ctl({"letter", "verify", "--payload", "x"}).exitCode == 2);
}

TEST_CASE(
    "countersignctl letter verify without options checks against the anchors and signers added by letter "
    "trust add, and is a usage error when the database has no anchor",
    "[ctl][papers][db]") {
    LetterCtl ctl("demo-issuer-trusted");
    const std::string& dir = ctl.dir;
    const auto issued =
        ctl.issue("天津市信任测试有限公司", "李四", "2026-0002", test::scratchDir() + "/letter-trusted");
    INFO(issued.err);
    REQUIRE(issued.exitCode == 0);
    const std::string letterFile = test::scratchDir() + "/letter-trusted.txt";

    // Nothing trusted yet: the operator is told how to trust an anchor.
    const auto untrusted = ctl({"letter", "verify", "--payload-file", letterFile});
    CHECK(untrusted.exitCode == 2);
    CHECK_THAT(untrusted.err, Catch::Contains("letter trust add"));

    // Trusting a signer is an admin's work: a counter's login alone, or an operator, is refused.
    const auto byCounter = ctl({"letter", "trust", "add", "--anchor", dir + "/demo-root.crt"});
    CHECK(byCounter.exitCode == 1);
    CHECK_THAT(byCounter.err, Catch::Contains("needs an admin's session"));
    ctl.database.addStaff("op.wang", "operator-password", "operator");
    const auto byOperator = ctl({"letter", "trust", "add", "--anchor", dir + "/demo-root.crt", "--operator",
                                 "op.wang", "--password-fd", "0"},
                                "operator-password\n");
    CHECK(byOperator.exitCode == 1);
    CHECK_THAT(byOperator.err, Catch::Contains("this needs admin"));
    ctl.database.addStaff("admin.li", "admin-password", "admin");
    const auto asAdmin = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--operator", "admin.li", "--password-fd", "0"});
        return ctl(args, "admin-password\n");
    };
    REQUIRE(asAdmin({"letter", "trust", "add", "--anchor", dir + "/demo-root.crt"}).exitCode == 0);
    REQUIRE(
        asAdmin({"letter", "trust", "add", "--signer", dir + "/demo-signer.crt", "--office", "11201010000"})
            .exitCode == 0);
    {
        auto conn = ctl.database.connect();
        pqxx::read_transaction tx{*conn};
        CHECK(tx.exec1("SELECT count(*) FROM audit_log a JOIN staff s ON s.id = a.actor_staff_id "
                       "WHERE a.event = 'letter_signer.added' AND s.username = 'admin.li'")[0]
                  .as<int>() == 2);
    }

    const auto trusted = ctl({"--json", "letter", "verify", "--payload-file", letterFile});
    INFO(trusted.out << trusted.err);
    CHECK(trusted.exitCode == 0);
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(trusted.out)).object();
    CHECK(json.value(QStringLiteral("valid")).toBool());
    CHECK(json.value(QStringLiteral("checks")).toArray().size() == 15);
    CHECK(json.value(QStringLiteral("letter")).toObject().value(QStringLiteral("org")).toString() ==
          QStringLiteral("天津市信任测试有限公司"));

    // An anchor given on the command line stands in for the database's: another office's root is not the demo
    // letter's, so its chain fails.
    const std::string otherDir = test::scratchDir() + "/demo-issuer-other";
    REQUIRE(ctl({"letter", "demo-issuer", "init", "--dir", otherDir}).exitCode == 0);
    const auto otherAnchor = ctl(
        {"letter", "verify", "--trust-anchor", otherDir + "/demo-root.crt", "--payload-file", letterFile});
    CHECK(otherAnchor.exitCode == 1);
    CHECK_THAT(otherAnchor.out, Catch::Contains("FAIL  chain"));

    // An anchor that is no longer active is not trusted.
    {
        auto conn = ctl.database.connect();
        pqxx::work tx{*conn};
        tx.exec_params("UPDATE letter_signers SET active = false WHERE kind = $1", "trust_anchor");
        tx.commit();
    }
    const auto deactivated = ctl({"letter", "verify", "--payload-file", letterFile});
    CHECK(deactivated.exitCode == 2);
    CHECK_THAT(deactivated.err, Catch::Contains("letter trust add"));
}
