// countersignctl doctor on a counter set up as the demo sets one up (tests/support/counterfixture: database
// migrated, counter registered, the writer behind the fault module, master secret, built-in CA) with a
// receipt printer on a private CUPS (tests/support/privatecups); and the same counter with a wrong module
// path or a wrong printer queue, where it must fail naming the check.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "tests/support/counterfixture.h"
#include "tests/support/faultkey.h"
#include "tests/support/privatecups.h"
#include "tests/support/testenv.h"

using namespace countersign;
using test::CounterFixture;

namespace {

/// The counter's configuration with [pkcs11] and [printer] replaced.
std::string configWith(const CounterFixture& f, const std::string& module, const std::string& queue) {
    std::ifstream in(f.configPath);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find("module=");
    REQUIRE(at != std::string::npos);
    text.replace(at, text.find('\n', at) - at, "module=" + module);
    text += "\n[printer]\nname=" + queue + "\n";
    return test::writeScratchFile(
        f.db.name() + "-doctor-" + std::to_string(std::hash<std::string>{}(text)) + ".conf", text);
}

struct DoctorRun {
    test::ProcessResult process;
    QJsonObject json;
    bool ok(const char* check) const {
        for (const auto v : json.value(QStringLiteral("checks")).toArray())
            if (v.toObject().value(QStringLiteral("check")).toString() == QLatin1String(check))
                return v.toObject().value(QStringLiteral("ok")).toBool();
        FAIL("doctor has no check named " << check);
        return false;
    }
};

DoctorRun doctor(const CounterFixture& f, const test::PrivateCups& cups, const std::string& config) {
    std::vector<std::pair<std::string, std::string>> env{{"CUPS_SERVER", cups.server()}};
    env.emplace_back("CSFAULT_STATE_DIR", f.dir + "/faultstate");
    DoctorRun run;
    run.process = test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "doctor"}, {}, env);
    const auto json =
        test::runProcess(COUNTERSIGNCTL_PATH, {"--config", config, "--json", "doctor"}, {}, env);
    run.json = QJsonDocument::fromJson(QByteArray::fromStdString(json.out)).object();
    CHECK(json.exitCode == run.process.exitCode);
    return run;
}

} // namespace

TEST_CASE("countersignctl doctor passes on a counter set up as the demo sets one up, one line per check",
          "[ctl][deploy]") {
    CounterFixture f;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    const auto run = doctor(f, cups, configWith(f, test::FaultKey::modulePath(), "RECEIPTS"));
    INFO(run.process.out << run.process.err);
    CHECK(run.process.exitCode == 0);
    for (const char* check : {"configuration", "database", "schema", "workstation", "pkcs11", "master secret",
                              "CA", "printer", "fonts"}) {
        CHECK(run.ok(check));
        CHECK(run.process.out.find(std::string("✓ ") + check) != std::string::npos);
    }
    CHECK(run.process.out.find("✗") == std::string::npos);
    CHECK(run.process.out.find("RECEIPTS") != std::string::npos);
}

TEST_CASE("countersignctl doctor fails naming the PKCS#11 check when the module path is wrong",
          "[ctl][deploy]") {
    CounterFixture f;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    const std::string wrong = f.dir + "/no-such-pkcs11-module.so";
    const auto run = doctor(f, cups, configWith(f, wrong, "RECEIPTS"));
    INFO(run.process.out << run.process.err);
    CHECK(run.process.exitCode == 1);
    CHECK_FALSE(run.ok("pkcs11"));
    CHECK(run.ok("database"));
    CHECK(run.ok("printer"));
    const auto line = run.process.out.find("✗ pkcs11");
    REQUIRE(line != std::string::npos);
    CHECK(run.process.out.substr(line, run.process.out.find('\n', line) - line).find(wrong) !=
          std::string::npos);
}

TEST_CASE("countersignctl doctor fails naming the printer check when the queue is wrong", "[ctl][deploy]") {
    CounterFixture f;
    test::PrivateCups cups;
    cups.addCaptureQueue("RECEIPTS");
    const auto run = doctor(f, cups, configWith(f, test::FaultKey::modulePath(), "NO_SUCH_QUEUE"));
    INFO(run.process.out << run.process.err);
    CHECK(run.process.exitCode == 1);
    CHECK_FALSE(run.ok("printer"));
    CHECK(run.ok("pkcs11"));
    const auto line = run.process.out.find("✗ printer");
    REQUIRE(line != std::string::npos);
    CHECK(run.process.out.substr(line, run.process.out.find('\n', line) - line).find("NO_SUCH_QUEUE") !=
          std::string::npos);
}
