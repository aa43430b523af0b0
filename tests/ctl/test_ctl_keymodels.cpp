// countersignctl stock model set / list (issue 20): an admin records a key model; its factory SO PIN file is
// checked as a secret file (a regular file only its owner may read) holding a PIN within the model's lengths
// before anything is recorded or anyone logs in; the list says whether the file is usable here, never the
// PIN.
#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

#include <pqxx/transaction>

#include "tests/support/testenv.h"

using namespace countersign;

namespace {

constexpr const char* kPin = "40961357";

struct Ctl {
    test::TestDatabase database;
    std::string config = test::writeTestConfig(database);

    Ctl() {
        database.addStaff("admin.liu", "password-9", "admin");
        database.addStaff("li.na", "password-1");
    }
    test::ProcessResult operator()(std::vector<std::string> args, const std::string& input = {}) const {
        args.insert(args.begin(), {"--config", config});
        return test::runProcess(COUNTERSIGNCTL_PATH, args, input);
    }
    test::ProcessResult asAdmin(std::vector<std::string> args) const {
        args.insert(args.end(), {"--operator", "admin.liu", "--password-fd", "0"});
        return (*this)(args, "password-9\n");
    }
    long long count(const std::string& sql) const {
        auto conn = database.connect();
        pqxx::read_transaction tx{*conn};
        return tx.exec1(sql)[0].as<long long>();
    }
};

std::string secretFile(const std::string& name, const std::string& content, mode_t mode) {
    const std::string path = test::writeScratchFile(name, content);
    ::chmod(path.c_str(), mode);
    return path;
}

} // namespace

TEST_CASE(
    "countersignctl stock model set checks the factory SO PIN file before anything is recorded, and only "
    "an admin sets a model",
    "[ctl][db][keymodels]") {
    const Ctl ctl;
    const std::string good = secretFile("model-good.sopin", std::string(kPin) + "\n", 0600);
    const std::string open = secretFile("model-open.sopin", std::string(kPin) + "\n", 0644);
    const std::string shortPin = secretFile("model-short.sopin", "1234\n", 0600);
    const std::vector<std::string> set = {
        "stock",     "model", "set",          "ePass3003",       "--pin-min",      "6",
        "--pin-max", "8",     "--algorithms", "rsa2048,ec-p256", "--manufacturer", "Feitian"};
    auto with = [&](const std::string& file) {
        auto args = set;
        args.insert(args.end(), {"--factory-so-pin-file", file});
        return args;
    };

    const auto tooOpen = ctl.asAdmin(with(open));
    CHECK(tooOpen.exitCode == 1);
    CHECK_THAT(tooOpen.err, Catch::Contains("must be readable by its owner only (chmod 600)"));
    CHECK_THAT(tooOpen.err, Catch::Contains("nothing was recorded"));
    const auto tooShort = ctl.asAdmin(with(shortPin));
    CHECK(tooShort.exitCode == 1);
    CHECK_THAT(tooShort.err, Catch::Contains("has 4 characters, and the model takes 6..8"));
    const auto missing = ctl.asAdmin(with("/nonexistent/epass.sopin"));
    CHECK(missing.exitCode == 1);
    CHECK_THAT(missing.err, Catch::Contains("cannot open /nonexistent/epass.sopin"));
    CHECK(ctl(with(good)).exitCode == 2); // no --operator: a usage error
    CHECK(ctl({"stock", "model", "set", "ePass3003", "--factory-so-pin", kPin, "--operator", "admin.liu"})
              .exitCode == 2);
    CHECK(ctl({"stock", "model", "set", "ePass3003", "--algorithms", "dsa", "--operator", "admin.liu"})
              .exitCode == 2);
    // None of these logged anyone in: the file was checked first.
    CHECK(ctl.count("SELECT count(*) FROM countersign.staff_sessions") == 0);

    auto byOperator = with(good);
    byOperator.insert(byOperator.end(), {"--operator", "li.na", "--password-fd", "0"});
    const auto refused = ctl(byOperator, "password-1\n");
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("li.na is operator and this needs admin"));
    CHECK(ctl.count("SELECT count(*) FROM countersign.key_models") == 0);

    const auto done = ctl.asAdmin(with(good));
    INFO(done.err);
    REQUIRE(done.exitCode == 0);
    CHECK_THAT(done.out, Catch::Contains("model \"ePass3003\" by Feitian: PIN 6..8 characters, algorithms "
                                         "ec-p256,rsa2048, factory SO PIN file " +
                                         good + " (usable here)"));
    // A later set changes only what it names.
    const auto narrowed = ctl.asAdmin({"stock", "model", "set", "ePass3003", "--pin-max", "10"});
    INFO(narrowed.err);
    REQUIRE(narrowed.exitCode == 0);
    CHECK(
        ctl.count("SELECT count(*) FROM countersign.key_models WHERE name = 'ePass3003' AND pin_min = 6 AND "
                  "pin_max = 10 AND manufacturer = 'Feitian' AND factory_so_pin_file IS NOT NULL") == 1);
    CHECK(ctl.count("SELECT count(*) FROM countersign.audit_log a JOIN countersign.staff s ON s.id = "
                    "a.actor_staff_id WHERE a.event = 'stock.model_set' AND s.username = 'admin.liu'") == 2);

    // The list says whether the file is usable here, never the PIN; a file opened up since is flagged.
    ::chmod(good.c_str(), 0640);
    const auto list = ctl({"--json", "stock", "model", "list"});
    INFO(list.err);
    REQUIRE(list.exitCode == 0);
    CHECK(list.out.find(kPin) == std::string::npos);
    const auto models =
        QJsonDocument::fromJson(QByteArray::fromStdString(list.out)).object()["models"].toArray();
    REQUIRE(models.size() == 1);
    const auto so = models[0].toObject()["factory_so_pin"].toObject();
    CHECK(so["set"].toBool());
    CHECK_FALSE(so["usable_here"].toBool());
    CHECK_THAT(so["problem"].toString().toStdString(), Catch::Contains("chmod 600"));
    CHECK(models[0].toObject()["pin_max"].toInt() == 10);
    const auto text = ctl({"stock", "model", "list"});
    CHECK_THAT(text.out, Catch::Contains("ePass3003"));
    CHECK(text.out.find(kPin) == std::string::npos);
    for (const auto& r : {tooOpen, tooShort, done, narrowed, refused})
        CHECK((r.out + r.err).find(kPin) == std::string::npos);
}
