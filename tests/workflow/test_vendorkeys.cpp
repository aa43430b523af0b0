// Issue 20, vendor keys: a key that comes from its maker initialised with a factory SO PIN (a SoftHSM2 token
// made by softhsm2-util with a "factory" SO PIN and emptied again with it: no user PIN, no objects) is
// initialised by NEW with the factory SO PIN its model records (countersignctl stock model set …
// --factory-so-pin-file), then put on the derived SO PIN, and the database records its SO PIN version; a
// wrong factory SO PIN spends exactly one SO PIN try and the refusal names the model's setting;
// countersignctl token init takes the factory SO PIN once for a key not in stock. The factory SO PIN never
// reaches the database, argv or the log. Real PostgreSQL (the product as counter 01's own login), SoftHSM2
// behind the fault module (SO PIN tries counted like a real key's, in CSFAULT_STATE_DIR).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <QtGlobal>

#include <openssl/sha.h>
#include <sys/stat.h>

#include <pqxx/result>
#include <pqxx/transaction>

#include "tests/support/counterfixture.h"
#include "tests/support/softhsmstore.h"
#include "tests/support/testkeys.h"
#include "tests/support/vendortoken.h"

using namespace countersign;
using test::CounterFixture;

namespace {

constexpr const char* kFactory = "40961357"; // the vendor's SO PIN of every key of the model
constexpr const char* kWrongFactory = "75318642";
constexpr const char* kModel = "SoftHSM v2"; // what a SoftHSM2 token reports as its model
constexpr const char* kAdminPassword = "admin-password";

// A vendor's blank key on the factory SO PIN (tests/support/vendortoken.h); returns its serial.
std::string makeVendorKey(const std::string& label) {
    const auto made = test::makeSoftHsmVendorToken(label, Secret(kFactory));
    token::KeyDevice device(test::SoftHsmStore::modulePath());
    const auto key = device.key(made.serial);
    REQUIRE(key.blank());
    REQUIRE(key.model == kModel);
    return made.serial;
}

std::string pinFile(const CounterFixture& f, const std::string& name, const std::string& pin) {
    const std::string path = f.dir + "/" + name;
    std::ofstream(path) << pin << "\n";
    ::chmod(path.c_str(), 0600);
    return path;
}

std::vector<std::string> asAdmin(std::vector<std::string> args) {
    args.insert(args.end(), {"--operator", "admin.liu", "--password-fd", "0"});
    return args;
}

// The wrong SO PINs the fault module counted for key `serial` since its last correct one.
int wrongSoPins(const CounterFixture& f, const std::string& serial) {
    std::ifstream in(f.dir + "/faultstate/" + serial + ".pins");
    std::string word;
    int value = 0;
    while (in >> word >> value)
        if (word == "so")
            return value;
    return 0;
}

// How many values of the database's text, jsonb and array columns (every table of the schema) contain
// `needle`.
long long foundInDatabase(const CounterFixture& f, const std::string& needle) {
    auto owner = f.db.connect();
    pqxx::read_transaction tx{*owner};
    long long found = 0;
    for (const auto& c :
         tx.exec("SELECT c.table_name, c.column_name FROM information_schema.columns c "
                 "JOIN information_schema.tables t USING (table_schema, table_name) "
                 "WHERE c.table_schema = 'countersign' AND t.table_type = 'BASE TABLE' "
                 "AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')"))
        found +=
            tx.exec_params1("SELECT count(*) FROM countersign." + tx.quote_name(c[0].as<std::string>()) +
                                " WHERE strpos(" + tx.quote_name(c[1].as<std::string>()) + "::text, $1) > 0",
                            needle)[0]
                .as<long long>();
    return found;
}

std::string sha256Hex(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    std::ostringstream out;
    for (unsigned char b : digest)
        out << std::hex << (b >> 4) << (b & 15);
    return out.str();
}

// The factory SO PIN is nowhere in the database, not even as its SHA-256.
void checkNotInDatabase(const CounterFixture& f) {
    CHECK(foundInDatabase(f, kFactory) == 0);
    CHECK(foundInDatabase(f, sha256Hex(kFactory)) == 0);
}

// What this process logs (qDebug … qFatal) while it lives.
struct LogCapture {
    static std::string& text() {
        static std::string captured;
        return captured;
    }
    QtMessageHandler previous = qInstallMessageHandler(
        [](QtMsgType, const QMessageLogContext&, const QString& m) { text() += m.toStdString() + "\n"; });
    ~LogCapture() { qInstallMessageHandler(previous); }
};

workflow::NewRequest newRequest(CounterFixture& f, const std::string& letterNo, const std::string& serial) {
    workflow::NewRequest r;
    r.operatorId = f.operatorId;
    r.operatorSession = f.operatorSession();
    r.letterJws = f.letter(letterNo);
    r.idCardNo = CounterFixture::kAgentId;
    r.newPin = Secret("135790");
    r.algorithm = token::KeyAlgorithm::EcP256;
    r.keySerial = serial;
    return r;
}

// The admin registers the model with its factory SO PIN file and receives the key into stock.
void registerAndReceive(CounterFixture& f, const std::string& file, const std::string& serial) {
    const auto set =
        f.ctl(asAdmin({"stock", "model", "set", kModel, "--factory-so-pin-file", file, "--pin-min", "4",
                       "--pin-max", "16", "--manufacturer", "SoftHSM project"}),
              std::string(kAdminPassword) + "\n");
    INFO(set.err);
    REQUIRE(set.exitCode == 0);
    const auto received = f.ctl(asAdmin({"stock", "receive", "--model", kModel, "--serial", serial}),
                                std::string(kAdminPassword) + "\n");
    INFO(received.err);
    REQUIRE(received.exitCode == 0);
    CHECK(f.scalar("SELECT coalesce(so_pin_version::text, 'none') FROM countersign.tokens WHERE serial = $1",
                   serial) == "none");
}

// A counter with an admin, a vendor key labelled `label` in the writer, its model registered with the factory
// SO PIN `factoryPin` (in a 0600 file) and the key received into stock; the log watched from the start.
struct VendorCounter {
    LogCapture log;
    CounterFixture f;
    std::string serial;
    CounterFixture::InProcess p;

    VendorCounter(const std::string& label, const std::string& factoryPin) {
        f.db.addStaff("admin.liu", kAdminPassword, "admin");
        serial = makeVendorKey(label);
        registerAndReceive(f, pinFile(f, label + ".sopin", factoryPin), serial);
        p = f.open();
    }
};

} // namespace

TEST_CASE("vendor keys: NEW initialises a vendor key from its model's factory SO PIN, then its SO PIN is the "
          "derived one and its version is recorded",
          "[workflow][vendorkeys][sopin]") {
    VendorCounter v("vendor-1", kFactory);
    const auto o = v.p.flow->runNew(newRequest(v.f, "TJ-VK1", v.serial));
    CHECK(o.state == "completed");
    CHECK(o.keySerial == v.serial);
    CHECK(wrongSoPins(v.f, v.serial) == 0);
    CHECK(v.f.scalar("SELECT so_pin_version::text FROM countersign.tokens WHERE serial = $1", v.serial) ==
          "1");
    CHECK(v.f.scalar("SELECT state FROM countersign.tokens WHERE serial = $1", v.serial) == "active");
    // The key's SO PIN is the derived one now (an unlock with it works, no wrong try counted) and the factory
    // SO PIN opens nothing any more.
    CHECK(v.p.keys->unlock(v.serial, Secret("864200"), {1, false}) == 1);
    CHECK(wrongSoPins(v.f, v.serial) == 0);
    CHECK(v.p.keys->verifyUserPin(v.serial, Secret("864200")).countLow == false);
    const auto stillFactory = test::runProcess(
        "pkcs11-tool", {"--module", test::SoftHsmStore::modulePath(), "--token-label", "vendor-1", "--login",
                        "--login-type", "so", "--so-pin", kFactory, "--list-objects"});
    CHECK(stillFactory.exitCode != 0);
    CHECK(v.f.scalar("SELECT count(*) FROM countersign.audit_log WHERE event = 'stock.model_set' AND "
                     "actor_staff_id = (SELECT id FROM countersign.staff WHERE username = 'admin.liu')") ==
          "1");
    checkNotInDatabase(v.f);
    CHECK(LogCapture::text().find(kFactory) == std::string::npos);
    CHECK_FALSE(v.f.auditBrokenAt());
}

TEST_CASE(
    "vendor keys: a wrong factory SO PIN spends exactly one try, names the model's setting and leaves the "
    "transaction to resume once the setting is right",
    "[workflow][vendorkeys][sopin]") {
    VendorCounter v("vendor-2", kWrongFactory);
    std::string number;
    try {
        v.p.flow->runNew(newRequest(v.f, "TJ-VK2", v.serial));
        FAIL("NEW went through with a wrong factory SO PIN");
    } catch (const workflow::StepFailed& e) {
        CHECK(e.step == "initialise");
        CHECK_FALSE(e.keyRemoved);
        CHECK_THAT(e.what(), Catch::Contains("The key refused the factory SO PIN of model \"SoftHSM v2\""));
        CHECK_THAT(e.what(),
                   Catch::Contains("countersignctl stock model set \"SoftHSM v2\" --factory-so-pin-file"));
        CHECK_THAT(e.what(), Catch::Contains("one SO PIN try was spent"));
        number = e.transactionNumber;
    }
    CHECK(wrongSoPins(v.f, v.serial) == 1);
    CHECK(v.p.keys->key(v.serial).label == "vendor-2"); // the key is as it came
    CHECK(v.f.scalar("SELECT state FROM countersign.transactions WHERE number = $1", number) ==
          "fee_recorded");
    CHECK(
        v.f.scalar("SELECT coalesce(so_pin_version::text, 'none') FROM countersign.tokens WHERE serial = $1",
                   v.serial) == "none");
    CHECK_THAT(
        v.f.scalar(
            "SELECT detail ->> 'error' FROM countersign.transaction_steps WHERE transaction_id = (SELECT id "
            "FROM countersign.transactions WHERE number = $1) AND outcome = 'failed' ORDER BY id DESC "
            "LIMIT 1",
            number),
        Catch::Contains("model \"SoftHSM v2\""));

    // The admin corrects the setting; the transaction resumes and the key is initialised.
    const auto fixed = v.f.ctl(asAdmin({"stock", "model", "set", kModel, "--factory-so-pin-file",
                                        pinFile(v.f, "softhsm.sopin", kFactory)}),
                               std::string(kAdminPassword) + "\n");
    INFO(fixed.err);
    REQUIRE(fixed.exitCode == 0);
    const auto o = v.p.flow->resume(number, Secret("135790"), v.f.operatorSession());
    CHECK(o.state == "completed");
    CHECK(wrongSoPins(v.f, v.serial) == 0);
    CHECK(v.f.scalar("SELECT so_pin_version::text FROM countersign.tokens WHERE serial = $1", v.serial) ==
          "1");
    checkNotInDatabase(v.f);
    CHECK(LogCapture::text().find(kFactory) == std::string::npos);
}

TEST_CASE(
    "vendor keys: a vendor key whose model has no factory SO PIN registered is refused saying to register "
    "it",
    "[workflow][vendorkeys][sopin]") {
    CounterFixture f;
    const std::string serial = makeVendorKey("vendor-3");
    auto p = f.open();
    try {
        p.flow->runNew(newRequest(f, "TJ-VK3", serial));
        FAIL("NEW went through a key on a SO PIN it does not know");
    } catch (const workflow::StepFailed& e) {
        CHECK(e.step == "initialise");
        CHECK_THAT(e.what(), Catch::Contains("register the factory SO PIN of its model \"SoftHSM v2\""));
        CHECK_THAT(e.what(),
                   Catch::Contains("countersignctl stock model set \"SoftHSM v2\" --factory-so-pin-file"));
    }
    CHECK(wrongSoPins(f, serial) == 1);
}

TEST_CASE(
    "vendor keys: countersignctl token init takes the factory SO PIN once from a descriptor for a key not "
    "in stock, and records its SO PIN version",
    "[ctl][vendorkeys][sopin]") {
    LogCapture log;
    CounterFixture f;
    f.db.addStaff("admin.liu", kAdminPassword, "admin");
    const std::string serial = makeVendorKey("vendor-4");

    // Without the factory SO PIN the key refuses the derived one, and the refusal says what to do.
    const std::vector<std::string> noFactory = asAdmin({"token", "init", serial, "--label", "Counter key"});
    const auto refused = f.ctl(noFactory, std::string(kAdminPassword) + "\n");
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Catch::Contains("register the factory SO PIN of its model \"SoftHSM v2\""));
    CHECK_THAT(refused.err, Catch::Contains("--factory-so-pin-fd"));
    CHECK(wrongSoPins(f, serial) == 1);

    // A wrong one from the descriptor: one try, said so.
    const std::vector<std::string> withFd =
        asAdmin({"token", "init", serial, "--label", "Counter key", "--factory-so-pin-fd", "0"});
    const auto wrong = f.ctl(withFd, std::string(kWrongFactory) + "\n" + kAdminPassword + "\n");
    CHECK(wrong.exitCode == 1);
    CHECK_THAT(wrong.err,
               Catch::Contains("refused the factory SO PIN given with --factory-so-pin-fd; one SO PIN "
                               "try was spent"));
    CHECK(wrongSoPins(f, serial) == 2);

    const auto done = f.ctl(withFd, std::string(kFactory) + "\n" + kAdminPassword + "\n");
    INFO(done.err);
    REQUIRE(done.exitCode == 0);
    CHECK_THAT(done.out, Catch::Contains("initialised key " + serial + " (Counter key)"));
    CHECK(wrongSoPins(f, serial) == 0);
    // Not in stock, yet its SO PIN version is on record: the next initialisation uses the derived SO PIN.
    CHECK(f.scalar("SELECT count(*) FROM countersign.tokens WHERE serial = $1", serial) == "0");
    CHECK(f.scalar("SELECT countersign.key_so_pin_version($1)::text", serial) == "1");
    CHECK(f.ctl(withFd, std::string(kFactory) + "\n" + kAdminPassword + "\n").exitCode ==
          1); // no longer used
    const auto again = f.ctl(noFactory, std::string(kAdminPassword) + "\n");
    INFO(again.err);
    CHECK(again.exitCode == 0);
    CHECK(wrongSoPins(f, serial) == 0);
    CHECK(
        f.scalar("SELECT string_agg(kind || ':' || state, ' ' ORDER BY id) FROM countersign.admin_actions") ==
        "token.init:failed token.init:failed token.init:done token.init:done");

    for (const auto& args : {noFactory, withFd})
        for (const auto& word : args)
            CHECK(word.find(kFactory) == std::string::npos);
    for (const auto& r : {refused, wrong, done, again}) {
        CHECK(r.out.find(kFactory) == std::string::npos);
        CHECK(r.err.find(kFactory) == std::string::npos);
    }
    checkNotInDatabase(f);
    CHECK(LogCapture::text().find(kFactory) == std::string::npos);
}
