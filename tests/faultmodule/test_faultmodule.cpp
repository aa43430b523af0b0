// countersign_faultmodule through raw PKCS#11: the PIN retry counters and locks a real USB-KEY has, pulling
// the key out mid-operation and putting it back, and counters that outlive C_Finalize. Each test gets its own
// SoftHSM2 store with one freshly initialised key.
#include <catch2/catch.hpp>

#include "faultcontrol.h"

#include <p11-kit/pkcs11.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <dlfcn.h>

namespace {

const std::string soPin = "12345678";
const std::string userPin = "123456";
const std::string wrongPin = "000000";

constexpr CK_FLAGS userPinFlags = CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED;
constexpr CK_FLAGS soPinFlags = CKF_SO_PIN_COUNT_LOW | CKF_SO_PIN_FINAL_TRY | CKF_SO_PIN_LOCKED;

// The module and its controls, loaded once per process and never unloaded: its in-memory counters and removal
// state are what the tests look at.
struct FaultModule {
    CK_FUNCTION_LIST* p11 = nullptr;
    decltype(&csfault_remove_at) removeAt = nullptr;
    decltype(&csfault_remove_now) removeNow = nullptr;
    decltype(&csfault_reinsert) reinsert = nullptr;
    decltype(&csfault_calls) calls = nullptr;
    decltype(&csfault_reset_counts) resetCounts = nullptr;
    decltype(&csfault_is_removed) isRemoved = nullptr;
    decltype(&csfault_set_latency) setLatency = nullptr;
    decltype(&csfault_clear_latencies) clearLatencies = nullptr;
    decltype(&csfault_slot_events) slotEvents = nullptr;

    static FaultModule& get() {
        static FaultModule module = load();
        return module;
    }

private:
    template <typename F> static void resolve(void* handle, const char* name, F& out) {
        out = reinterpret_cast<F>(::dlsym(handle, name));
        if (!out)
            FAIL("countersign_faultmodule does not export " << name);
    }

    static FaultModule load() {
        void* handle = ::dlopen(COUNTERSIGN_FAULTMODULE_PATH, RTLD_NOW | RTLD_LOCAL);
        if (!handle)
            FAIL("cannot load " COUNTERSIGN_FAULTMODULE_PATH ": " << ::dlerror());
        FaultModule m;
        CK_C_GetFunctionList getFunctionList = nullptr;
        resolve(handle, "C_GetFunctionList", getFunctionList);
        if (getFunctionList(&m.p11) != CKR_OK)
            FAIL("C_GetFunctionList failed");
        resolve(handle, "csfault_remove_at", m.removeAt);
        resolve(handle, "csfault_remove_now", m.removeNow);
        resolve(handle, "csfault_reinsert", m.reinsert);
        resolve(handle, "csfault_calls", m.calls);
        resolve(handle, "csfault_reset_counts", m.resetCounts);
        resolve(handle, "csfault_is_removed", m.isRemoved);
        resolve(handle, "csfault_set_latency", m.setLatency);
        resolve(handle, "csfault_clear_latencies", m.clearLatencies);
        resolve(handle, "csfault_slot_events", m.slotEvents);
        return m;
    }
};

// Sets environment variables for one test and puts back what was there before.
class ScopedEnvironment {
public:
    ScopedEnvironment() = default;
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;
    ~ScopedEnvironment() {
        for (const auto& [name, value] : m_saved) {
            if (value)
                ::setenv(name.c_str(), value->c_str(), 1);
            else
                ::unsetenv(name.c_str());
        }
    }

    void set(const std::string& name, const std::optional<std::string>& value) {
        if (!m_saved.count(name)) {
            const char* old = std::getenv(name.c_str());
            m_saved[name] = old ? std::optional<std::string>(old) : std::nullopt;
        }
        if (value)
            ::setenv(name.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }

private:
    std::map<std::string, std::optional<std::string>> m_saved;
};

CK_UTF8CHAR_PTR utf8(const std::string& s) {
    return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(s.data()));
}

std::string trimmed(const unsigned char* text, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(text), size);
    s.erase(s.find_last_not_of(' ') + 1);
    return s;
}

struct Options {
    int maxSoTries = 0; // 0: the module's default (the user maximum)
    bool stateDir = false;
};

// A fresh SoftHSM2 store seen through the fault module, with one key initialised (SO PIN, user PIN) the way
// the counter does it. The key is known by serial: its slot ID changes when the module is re-initialised.
class FreshKey {
public:
    explicit FreshKey(Options options = {})
        : m(FaultModule::get())
        , m_cleanup{m, {}} {
        std::string dirTemplate = (std::filesystem::temp_directory_path() / "csfault-test-XXXXXX").string();
        REQUIRE(::mkdtemp(dirTemplate.data()) != nullptr);
        m_dir = dirTemplate;
        std::filesystem::create_directory(m_dir / "tokens");
        std::ofstream(m_dir / "softhsm2.conf")
            << "directories.tokendir = " << (m_dir / "tokens").string() << "\n"
            << "objectstore.backend = file\n"
            << "log.level = ERROR\n"
            << "slots.removable = true\n"
            << "slots.mechanisms = ALL\n";
        env.set("SOFTHSM2_CONF", (m_dir / "softhsm2.conf").string());
        env.set("CSFAULT_MAX_TRIES", "6");
        env.set("CSFAULT_MAX_SO_TRIES",
                options.maxSoTries ? std::optional(std::to_string(options.maxSoTries)) : std::nullopt);
        env.set("CSFAULT_STATE_DIR", options.stateDir ? std::optional(stateDir().string()) : std::nullopt);
        env.set("CSFAULT_REMOVE_AT", std::nullopt);
        env.set("CSFAULT_LATENCY", std::nullopt);
        env.set("CSFAULT_SLOT_EVENTS", std::nullopt);
        m.reinsert();
        m.clearLatencies();
        m.slotEvents(0);
        m.resetCounts();
        initialize();

        const auto blank = presentSlots();
        REQUIRE(blank.size() == 1);
        std::string label = "faultmodule test";
        label.resize(32, ' '); // C_InitToken reads exactly 32 bytes
        REQUIRE(m.p11->C_InitToken(blank.front(), utf8(soPin), soPin.size(), utf8(label)) == CKR_OK);
        CK_TOKEN_INFO info;
        REQUIRE(m.p11->C_GetTokenInfo(blank.front(), &info) == CKR_OK);
        m_serial = trimmed(info.serialNumber, sizeof info.serialNumber);
        REQUIRE(m_serial.size() == 16);

        const CK_SESSION_HANDLE so = openSession();
        REQUIRE(m.p11->C_Login(so, CKU_SO, utf8(soPin), soPin.size()) == CKR_OK);
        REQUIRE(m.p11->C_InitPIN(so, utf8(userPin), userPin.size()) == CKR_OK);
        REQUIRE(m.p11->C_CloseSession(so) == CKR_OK);
    }

    FreshKey(const FreshKey&) = delete;
    FreshKey& operator=(const FreshKey&) = delete;

    void initialize() {
        // As libp11 does: the module may use the OS's locks and be called from several threads.
        CK_C_INITIALIZE_ARGS args{};
        args.flags = CKF_OS_LOCKING_OK;
        REQUIRE(m.p11->C_Initialize(&args) == CKR_OK);
    }
    void finalize() { REQUIRE(m.p11->C_Finalize(nullptr) == CKR_OK); }

    const std::string& serial() const { return m_serial; }
    std::filesystem::path stateDir() const { return m_dir / "state"; }

    std::vector<CK_SLOT_ID> presentSlots(CK_BBOOL tokenPresent = CK_TRUE) {
        CK_ULONG n = 0;
        REQUIRE(m.p11->C_GetSlotList(tokenPresent, nullptr, &n) == CKR_OK);
        std::vector<CK_SLOT_ID> slots(n);
        REQUIRE(m.p11->C_GetSlotList(tokenPresent, slots.data(), &n) == CKR_OK);
        slots.resize(n);
        return slots;
    }

    bool listed(CK_SLOT_ID slot) {
        const auto slots = presentSlots();
        return std::find(slots.begin(), slots.end(), slot) != slots.end();
    }

    // Found through the full slot list: while the key is out it is not among the present ones.
    CK_SLOT_ID slot() {
        for (const CK_SLOT_ID s : presentSlots(CK_FALSE)) {
            CK_TOKEN_INFO info;
            if (m.p11->C_GetTokenInfo(s, &info) == CKR_OK &&
                trimmed(info.serialNumber, sizeof info.serialNumber) == m_serial)
                return s;
        }
        FAIL("no slot holds the key " << m_serial);
        return 0;
    }

    CK_FLAGS flags() {
        CK_TOKEN_INFO info;
        REQUIRE(m.p11->C_GetTokenInfo(slot(), &info) == CKR_OK);
        return info.flags;
    }

    CK_SESSION_HANDLE openSession() {
        CK_SESSION_HANDLE session = 0;
        REQUIRE(m.p11->C_OpenSession(slot(), CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr,
                                     &session) == CKR_OK);
        return session;
    }

    // One login in a session of its own, as one attempt at the counter is.
    CK_RV login(CK_USER_TYPE who, const std::string& pin) {
        const CK_SESSION_HANDLE session = openSession();
        const CK_RV rv = m.p11->C_Login(session, who, utf8(pin), pin.size());
        m.p11->C_CloseSession(session);
        return rv;
    }

    CK_RV reinitialise(const std::string& pin) {
        const CK_SLOT_ID s = slot();
        REQUIRE(m.p11->C_CloseAllSessions(s) == CKR_OK);
        std::string label = "faultmodule test again";
        label.resize(32, ' ');
        return m.p11->C_InitToken(s, utf8(pin), pin.size(), utf8(label));
    }

    FaultModule& m;
    ScopedEnvironment env; // restored after m_cleanup has finalised the module

private:
    // Runs also when the constructor fails half-way: a failed test must not leave the key out or SoftHSM2
    // initialised for the next one.
    struct Cleanup {
        FaultModule& m;
        std::filesystem::path dir;
        ~Cleanup() {
            m.clearLatencies();
            m.slotEvents(0);
            m.reinsert();
            m.p11->C_Finalize(nullptr);
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    };

    Cleanup m_cleanup;
    std::filesystem::path& m_dir = m_cleanup.dir;
    std::string m_serial;
};

CK_RV generateEcKeyPair(FaultModule& m, CK_SESSION_HANDLE session) {
    static const CK_BYTE p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE publicTemplate[] = {
        {CKA_TOKEN, &yes, sizeof yes},
        {CKA_VERIFY, &yes, sizeof yes},
        {CKA_EC_PARAMS, const_cast<CK_BYTE*>(p256), sizeof p256},
    };
    CK_ATTRIBUTE privateTemplate[] = {
        {CKA_TOKEN, &yes, sizeof yes},
        {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_SIGN, &yes, sizeof yes},
    };
    CK_MECHANISM mechanism{CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    CK_OBJECT_HANDLE publicKey = 0;
    CK_OBJECT_HANDLE privateKey = 0;
    return m.p11->C_GenerateKeyPair(session, &mechanism, publicTemplate, std::size(publicTemplate),
                                    privateTemplate, std::size(privateTemplate), &publicKey, &privateKey);
}

std::size_t countPrivateKeys(FaultModule& m, CK_SESSION_HANDLE session) {
    CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE filter[] = {{CKA_CLASS, &keyClass, sizeof keyClass}};
    REQUIRE(m.p11->C_FindObjectsInit(session, filter, 1) == CKR_OK);
    CK_OBJECT_HANDLE found[16];
    CK_ULONG n = 0;
    REQUIRE(m.p11->C_FindObjects(session, found, std::size(found), &n) == CKR_OK);
    REQUIRE(m.p11->C_FindObjectsFinal(session) == CKR_OK);
    return n;
}

} // namespace

TEST_CASE("six wrong user PINs lock the key, even against the right PIN, until the SO unlocks it",
          "[token][faultmodule]") {
    FreshKey key;
    CHECK((key.flags() & userPinFlags) == 0);

    for (int attempt = 1; attempt <= 5; ++attempt) {
        INFO("wrong PIN number " << attempt);
        CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
        const CK_FLAGS flags = key.flags();
        CHECK((flags & CKF_USER_PIN_COUNT_LOW) != 0);
        CHECK(((flags & CKF_USER_PIN_FINAL_TRY) != 0) == (attempt == 5));
        CHECK((flags & CKF_USER_PIN_LOCKED) == 0);
    }
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_LOCKED);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_LOCKED);
    CHECK(key.login(CKU_USER, userPin) == CKR_PIN_LOCKED);
    CHECK((key.flags() & soPinFlags) == 0);

    // The counter's unlock: the SO sets a new user PIN.
    const std::string newPin = "654321";
    const CK_SESSION_HANDLE so = key.openSession();
    REQUIRE(key.m.p11->C_Login(so, CKU_SO, utf8(soPin), soPin.size()) == CKR_OK);
    REQUIRE(key.m.p11->C_InitPIN(so, utf8(newPin), newPin.size()) == CKR_OK);
    REQUIRE(key.m.p11->C_CloseSession(so) == CKR_OK);
    CHECK((key.flags() & userPinFlags) == 0);
    CHECK(key.login(CKU_USER, newPin) == CKR_OK);
    CHECK(key.login(CKU_USER, userPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW);
}

TEST_CASE("a correct user PIN gives back all tries", "[token][faultmodule]") {
    FreshKey key;
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW);
    CHECK(key.login(CKU_USER, userPin) == CKR_OK);
    CHECK((key.flags() & userPinFlags) == 0);
    // Five more wrong ones are needed again before the final try.
    for (int attempt = 1; attempt <= 4; ++attempt)
        CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW);
}

TEST_CASE("changing the PIN with a wrong old PIN counts as a wrong PIN and can lock the key",
          "[token][faultmodule]") {
    FreshKey key;
    auto& p11 = *key.m.p11;
    const std::string newPin = "999999";
    const CK_SESSION_HANDLE session = key.openSession();
    REQUIRE(p11.C_Login(session, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);

    for (int attempt = 1; attempt <= 5; ++attempt)
        CHECK(p11.C_SetPIN(session, utf8(wrongPin), wrongPin.size(), utf8(newPin), newPin.size()) ==
              CKR_PIN_INCORRECT);
    CHECK((key.flags() & userPinFlags) == (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY));
    CHECK(p11.C_SetPIN(session, utf8(wrongPin), wrongPin.size(), utf8(newPin), newPin.size()) ==
          CKR_PIN_LOCKED);
    CHECK(p11.C_SetPIN(session, utf8(userPin), userPin.size(), utf8(newPin), newPin.size()) ==
          CKR_PIN_LOCKED);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_LOCKED);
    CHECK(p11.C_CloseSession(session) == CKR_OK);
    CHECK(key.login(CKU_USER, userPin) == CKR_PIN_LOCKED); // the PIN was never changed
}

TEST_CASE("the SO PIN has its own tries, and a locked SO PIN also refuses re-initialising the key",
          "[token][faultmodule]") {
    Options options;
    options.maxSoTries = 3;
    FreshKey key(options);

    CHECK(key.login(CKU_SO, wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & soPinFlags) == CKF_SO_PIN_COUNT_LOW);
    CHECK(key.login(CKU_SO, soPin) == CKR_OK); // a correct SO PIN gives back all tries
    CHECK((key.flags() & soPinFlags) == 0);

    CHECK(key.login(CKU_SO, wrongPin) == CKR_PIN_INCORRECT);
    CHECK(key.login(CKU_SO, wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & soPinFlags) == (CKF_SO_PIN_COUNT_LOW | CKF_SO_PIN_FINAL_TRY));
    CHECK((key.flags() & userPinFlags) == 0); // the user PIN's tries are untouched
    CHECK(key.login(CKU_SO, wrongPin) == CKR_PIN_LOCKED);
    CHECK((key.flags() & soPinFlags) == CKF_SO_PIN_LOCKED);
    CHECK(key.login(CKU_SO, soPin) == CKR_PIN_LOCKED);
    CHECK(key.reinitialise(soPin) == CKR_PIN_LOCKED);

    // The user can still log in: only the SO is locked out.
    CHECK(key.login(CKU_USER, userPin) == CKR_OK);
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW); // six user tries, not three
}

TEST_CASE("re-initialising the key with the SO PIN gives back all user and SO tries",
          "[token][faultmodule]") {
    FreshKey key;
    const std::string serial = key.serial();
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK(key.login(CKU_SO, wrongPin) == CKR_PIN_INCORRECT);
    // Re-initialising checks the SO PIN, and a wrong one counts.
    CHECK(key.reinitialise(wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & soPinFlags) == CKF_SO_PIN_COUNT_LOW);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW);

    CHECK(key.reinitialise(soPin) == CKR_OK);
    CHECK(key.serial() == serial);
    CHECK((key.flags() & (userPinFlags | soPinFlags)) == 0);
}

TEST_CASE("pulling the key out at the second key generation fails it and everything after, until re-plugged",
          "[token][faultmodule]") {
    FreshKey key;
    auto& m = key.m;
    const CK_SLOT_ID slot = key.slot();
    m.removeAt("C_GenerateKeyPair", 2, nullptr);

    const CK_SESSION_HANDLE session = key.openSession();
    REQUIRE(m.p11->C_Login(session, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);
    CHECK(generateEcKeyPair(m, session) == CKR_OK);
    CHECK(m.isRemoved() == 0);
    CHECK(generateEcKeyPair(m, session) == CKR_DEVICE_REMOVED);
    CHECK(m.isRemoved() == 1);

    // The key is gone for everything that concerns it.
    CK_BYTE random[8];
    CHECK(m.p11->C_GenerateRandom(session, random, sizeof random) == CKR_DEVICE_REMOVED);
    CHECK(m.p11->C_Logout(session) == CKR_DEVICE_REMOVED);
    CK_TOKEN_INFO tokenInfo;
    CHECK(m.p11->C_GetTokenInfo(slot, &tokenInfo) == CKR_TOKEN_NOT_PRESENT);
    CK_SESSION_HANDLE another = 0;
    CHECK(m.p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &another) ==
          CKR_TOKEN_NOT_PRESENT);
    CHECK_FALSE(key.listed(slot));
    CHECK(key.presentSlots().empty()); // the writer holds one key, and SoftHSM2's blank slot goes with it
    const auto allSlots = key.presentSlots(CK_FALSE);
    CHECK(std::find(allSlots.begin(), allSlots.end(), slot) != allSlots.end()); // the writer stays
    CK_SLOT_INFO slotInfo;
    REQUIRE(m.p11->C_GetSlotInfo(slot, &slotInfo) == CKR_OK);
    CHECK((slotInfo.flags & CKF_TOKEN_PRESENT) == 0);

    m.reinsert();
    CHECK(m.isRemoved() == 0);
    REQUIRE(m.p11->C_GetSlotInfo(slot, &slotInfo) == CKR_OK);
    CHECK((slotInfo.flags & CKF_TOKEN_PRESENT) != 0);
    CHECK(key.listed(slot));
    // Sessions from before the removal are dead, and the login went with them.
    CHECK(m.p11->C_GenerateRandom(session, random, sizeof random) == CKR_SESSION_HANDLE_INVALID);
    const CK_SESSION_HANDLE fresh = key.openSession();
    CK_SESSION_INFO sessionInfo;
    REQUIRE(m.p11->C_GetSessionInfo(fresh, &sessionInfo) == CKR_OK);
    CHECK(sessionInfo.state == CKS_RW_PUBLIC_SESSION);
    REQUIRE(m.p11->C_Login(fresh, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);
    CHECK(generateEcKeyPair(m, fresh) == CKR_OK);
    CHECK(countPrivateKeys(m, fresh) == 2); // the interrupted generation left nothing behind
}

TEST_CASE("pulling out one key by serial at its login leaves the other key in the list",
          "[token][faultmodule]") {
    FreshKey key;
    auto& m = key.m;
    const CK_SLOT_ID slot = key.slot();
    const auto before = key.presentSlots();
    REQUIRE(before.size() == 2); // ours and SoftHSM2's next blank token
    const CK_SLOT_ID other = before.front() == slot ? before.back() : before.front();

    m.removeAt("C_Login", 1, key.serial().c_str());
    const CK_SESSION_HANDLE session = key.openSession();
    CHECK(m.isRemoved() == 0);
    CHECK(m.p11->C_Login(session, CKU_USER, utf8(wrongPin), wrongPin.size()) == CKR_DEVICE_REMOVED);
    CHECK(m.isRemoved() == 1);
    CHECK(key.presentSlots() == std::vector<CK_SLOT_ID>{other});
    CK_TOKEN_INFO tokenInfo;
    CHECK(m.p11->C_GetTokenInfo(slot, &tokenInfo) == CKR_TOKEN_NOT_PRESENT);
    CHECK(m.p11->C_GetTokenInfo(other, &tokenInfo) == CKR_OK);

    m.reinsert();
    CHECK(key.presentSlots().size() == 2);
    CHECK((key.flags() & userPinFlags) == 0); // the PIN never reached the key, so it did not count
}

TEST_CASE("the key can be pulled out at every single call of a login workflow", "[token][faultmodule]") {
    FreshKey key;
    auto& m = key.m;
    const CK_SLOT_ID slot = key.slot();

    // Stops at the first failure; the calls count says which call failed.
    const auto workflow = [&]() -> CK_RV {
        CK_SESSION_HANDLE session = 0;
        CK_RV rv =
            m.p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session);
        if (rv == CKR_OK)
            rv = m.p11->C_Login(session, CKU_USER, utf8(userPin), userPin.size());
        CK_TOKEN_INFO info;
        if (rv == CKR_OK)
            rv = m.p11->C_GetTokenInfo(slot, &info);
        CK_BYTE random[16];
        if (rv == CKR_OK)
            rv = m.p11->C_GenerateRandom(session, random, sizeof random);
        if (rv == CKR_OK)
            rv = m.p11->C_Logout(session);
        if (rv == CKR_OK)
            rv = m.p11->C_CloseSession(session);
        return rv;
    };

    m.resetCounts();
    REQUIRE(workflow() == CKR_OK);
    const int calls = m.calls("*");
    CHECK(calls == 6);
    CHECK(m.calls("C_Login") == 1);
    CHECK(m.calls("C_Finalize") == 0);
    CHECK(m.calls("C_NoSuchFunction") == -1);

    for (int k = 1; k <= calls; ++k) {
        INFO("the key is pulled out at call " << k);
        m.resetCounts();
        m.removeAt("*", k, nullptr);
        const CK_RV rv = workflow();
        CHECK((rv == CKR_DEVICE_REMOVED || rv == CKR_TOKEN_NOT_PRESENT));
        CHECK(m.calls("*") == k);
        CHECK(m.isRemoved() == 1);
        m.reinsert();
        CHECK(workflow() == CKR_OK);
    }
    CHECK((key.flags() & userPinFlags) == 0);
}

TEST_CASE("CSFAULT_REMOVE_AT arms the removal at C_Initialize, for command-line runs",
          "[token][faultmodule]") {
    FreshKey key;
    auto& m = key.m;
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);

    key.finalize();
    key.env.set("CSFAULT_REMOVE_AT", "C_OpenSession:2");
    key.initialize();
    CHECK(m.isRemoved() == 0);
    // In-memory counters of a key that stayed in survive the module's re-initialisation.
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW);
    const CK_SLOT_ID slot = key.slot();
    CK_SESSION_HANDLE session = 0;
    CHECK(m.p11->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &session) == CKR_OK);
    CHECK(m.p11->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &session) ==
          CKR_TOKEN_NOT_PRESENT);
    CHECK(m.isRemoved() == 1);
    m.reinsert();

    key.finalize();
    key.env.set("CSFAULT_REMOVE_AT", "C_OpenSession");
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    CHECK(m.p11->C_Initialize(&args) == CKR_GENERAL_ERROR); // a mistyped fault must not pass silently
    key.env.set("CSFAULT_REMOVE_AT", std::nullopt);
    key.initialize();
}

TEST_CASE("with CSFAULT_STATE_DIR the tries are kept in files that outlive the module",
          "[token][faultmodule]") {
    Options options;
    options.stateDir = true;
    FreshKey key(options);
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK(std::filesystem::exists(key.stateDir() / (key.serial() + ".pins")));

    // Without the directory the module has no count for this key: the files were the only place.
    key.finalize();
    key.env.set("CSFAULT_STATE_DIR", std::nullopt);
    key.initialize();
    CHECK((key.flags() & userPinFlags) == 0);

    key.finalize();
    key.env.set("CSFAULT_STATE_DIR", key.stateDir().string());
    key.initialize();
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_COUNT_LOW);
    for (int attempt = 3; attempt <= 5; ++attempt)
        CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_INCORRECT);
    CHECK((key.flags() & userPinFlags) == (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY));
    CHECK(key.login(CKU_USER, wrongPin) == CKR_PIN_LOCKED);

    key.finalize();
    key.initialize();
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_LOCKED);
    CHECK(key.login(CKU_USER, userPin) == CKR_PIN_LOCKED);
}

TEST_CASE("wrong PINs entered on several threads at once are each counted once", "[token][faultmodule]") {
    Options options;
    options.stateDir = GENERATE(false, true); // counted in memory, then in the files
    FreshKey key(options);
    auto& m = key.m;
    const CK_SLOT_ID slot = key.slot();
    std::atomic<int> incorrect{0};
    std::atomic<int> locked{0};
    std::atomic<int> other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i)
        threads.emplace_back([&] {
            CK_SESSION_HANDLE session = 0;
            if (m.p11->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &session) != CKR_OK) {
                ++other;
                return;
            }
            const CK_RV rv = m.p11->C_Login(session, CKU_USER, utf8(wrongPin), wrongPin.size());
            ++(rv == CKR_PIN_INCORRECT ? incorrect : rv == CKR_PIN_LOCKED ? locked : other);
            m.p11->C_CloseSession(session);
        });
    for (auto& t : threads)
        t.join();
    CHECK(incorrect == 5);
    CHECK(locked == 11);
    CHECK(other == 0);
    CHECK((key.flags() & userPinFlags) == CKF_USER_PIN_LOCKED);
}

namespace {

using Clock = std::chrono::steady_clock;

long long msSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

CK_RV createObject(FaultModule& m, CK_SESSION_HANDLE session, CK_OBJECT_CLASS objectClass) {
    static const CK_BYTE value[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    static const CK_BYTE subject[] = {0x30, 0x00};
    CK_BBOOL no = CK_FALSE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    std::vector<CK_ATTRIBUTE> attributes = {
        {CKA_CLASS, &objectClass, sizeof objectClass},
        {CKA_TOKEN, &no, sizeof no},
        {CKA_VALUE, const_cast<CK_BYTE*>(value), sizeof value},
    };
    if (objectClass == CKO_CERTIFICATE) {
        attributes.push_back({CKA_CERTIFICATE_TYPE, &x509, sizeof x509});
        attributes.push_back({CKA_SUBJECT, const_cast<CK_BYTE*>(subject), sizeof subject});
    }
    CK_OBJECT_HANDLE object = 0;
    return m.p11->C_CreateObject(session, attributes.data(), attributes.size(), &object);
}

} // namespace

TEST_CASE("a slow key takes its time per function and per object class", "[token][faultmodule][slowkey]") {
    FreshKey key;
    auto& m = key.m;
    REQUIRE(m.setLatency("C_Login", nullptr, 300) == 0);
    REQUIRE(m.setLatency("C_CreateObject", "certificate", 600) == 0);
    CHECK(m.setLatency("C_NoSuchCall", nullptr, 10) == -1);
    CHECK(m.setLatency("C_CreateObject", "parchment", 10) == -1);

    const CK_SESSION_HANDLE session = key.openSession();
    auto start = Clock::now();
    REQUIRE(m.p11->C_Login(session, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);
    CHECK(msSince(start) >= 300);

    start = Clock::now();
    CHECK(createObject(m, session, CKO_CERTIFICATE) == CKR_OK);
    CHECK(msSince(start) >= 600);

    // Another class, and a function with no latency, go at SoftHSM2's pace.
    start = Clock::now();
    CHECK(createObject(m, session, CKO_DATA) == CKR_OK);
    CK_BYTE random[8];
    CHECK(m.p11->C_GenerateRandom(session, random, sizeof random) == CKR_OK);
    CHECK(msSince(start) < 250);

    // 0 takes a latency away.
    REQUIRE(m.setLatency("C_CreateObject", "certificate", 0) == 0);
    start = Clock::now();
    CHECK(createObject(m, session, CKO_CERTIFICATE) == CKR_OK);
    CHECK(msSince(start) < 250);
}

TEST_CASE("a key pulled out during a slow key generation fails it at once, and nothing is generated",
          "[token][faultmodule][slowkey]") {
    FreshKey key;
    auto& m = key.m;
    REQUIRE(m.setLatency("C_GenerateKeyPair", nullptr, 8000) == 0);
    const CK_SESSION_HANDLE session = key.openSession();
    REQUIRE(m.p11->C_Login(session, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);

    const auto start = Clock::now();
    std::atomic<CK_RV> generated{CKR_GENERAL_ERROR};
    std::atomic<long long> tookMs{-1};
    std::thread generation([&] {
        generated = generateEcKeyPair(m, session);
        tookMs = msSince(start);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(tookMs == -1); // still at work
    m.removeNow();
    generation.join();
    CHECK(generated == CKR_DEVICE_REMOVED);
    CHECK(tookMs >= 300);
    CHECK(tookMs < 1500); // promptly, not after the 8 s

    m.reinsert();
    m.clearLatencies();
    const CK_SESSION_HANDLE fresh = key.openSession();
    REQUIRE(m.p11->C_Login(fresh, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);
    CHECK(countPrivateKeys(m, fresh) == 0);
}

TEST_CASE("a slow call on one key goes on when another key is pulled out", "[token][faultmodule][slowkey]") {
    FreshKey key;
    auto& m = key.m;
    REQUIRE(m.setLatency("C_Login", nullptr, 700) == 0);
    const CK_SESSION_HANDLE session = key.openSession();
    const auto start = Clock::now();
    std::thread other([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        m.removeAt("*", 1, "no-such-serial");
        CK_SLOT_ID slot = 0;
        CK_TOKEN_INFO info;
        m.p11->C_GetTokenInfo(slot, &info); // triggers the armed removal of the other serial
    });
    CHECK(m.p11->C_Login(session, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);
    other.join();
    CHECK(msSince(start) >= 700);
}

TEST_CASE("CSFAULT_LATENCY sets the latencies at C_Initialize, and a mistyped one fails it",
          "[token][faultmodule][slowkey]") {
    FreshKey key;
    auto& m = key.m;
    key.finalize();
    key.env.set("CSFAULT_LATENCY", "C_GenerateKeyPair=8000,C_Login=sometimes");
    CHECK(m.p11->C_Initialize(nullptr) == CKR_GENERAL_ERROR);
    key.env.set("CSFAULT_LATENCY", "C_GenerateKeyPair=8000,C_CreateObject/certificate=1500,C_Login=400");
    key.initialize();
    const CK_SESSION_HANDLE session = key.openSession();
    const auto start = Clock::now();
    REQUIRE(m.p11->C_Login(session, CKU_USER, utf8(userPin), userPin.size()) == CKR_OK);
    CHECK(msSince(start) >= 400);
}

TEST_CASE("without the switch C_WaitForSlotEvent is SoftHSM2's: no blocking wait, and never an event",
          "[token][faultmodule][slotevents]") {
    FreshKey key;
    auto& m = key.m;
    m.removeNow();
    m.reinsert();
    CK_SLOT_ID slot = 0;
    // SoftHSM2 2.6 answers CKF_DONT_BLOCK with CKR_NO_EVENT whatever happened, and has no blocking wait.
    const CK_RV polled = m.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr);
    CHECK((polled == CKR_NO_EVENT || polled == CKR_FUNCTION_NOT_SUPPORTED));
    CHECK(m.p11->C_WaitForSlotEvent(0, &slot, nullptr) == CKR_FUNCTION_NOT_SUPPORTED);
}

TEST_CASE("with the switch on, C_WaitForSlotEvent reports a key pulled out and put back",
          "[token][faultmodule][slotevents]") {
    FreshKey key;
    auto& m = key.m;
    const CK_SLOT_ID keySlot = key.slot();
    m.slotEvents(1);
    CK_SLOT_ID slot = 999;
    CHECK(m.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr) == CKR_NO_EVENT);

    m.removeNow();
    CHECK(m.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr) == CKR_OK);
    CHECK(slot == keySlot);
    CHECK(m.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr) == CKR_NO_EVENT);

    // A blocking wait returns as soon as the key is back.
    const auto start = Clock::now();
    std::atomic<CK_RV> waited{CKR_GENERAL_ERROR};
    std::atomic<long long> tookMs{-1};
    std::thread waiter([&] {
        CK_SLOT_ID s = 0;
        waited = m.p11->C_WaitForSlotEvent(0, &s, nullptr);
        tookMs = msSince(start);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(tookMs == -1);
    m.reinsert();
    waiter.join();
    CHECK(waited == CKR_OK);
    CHECK(tookMs < 1000);

    // An armed removal is an event too.
    m.removeAt("C_GetTokenInfo", 1, key.serial().c_str());
    CK_TOKEN_INFO info;
    CHECK(m.p11->C_GetTokenInfo(keySlot, &info) == CKR_TOKEN_NOT_PRESENT);
    CHECK(m.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr) == CKR_OK);
    CHECK(slot == keySlot);
}

TEST_CASE("C_Finalize ends a blocking C_WaitForSlotEvent with CKR_CRYPTOKI_NOT_INITIALIZED",
          "[token][faultmodule][slotevents]") {
    FreshKey key;
    auto& m = key.m;
    m.slotEvents(1);
    std::atomic<CK_RV> waited{CKR_GENERAL_ERROR};
    std::thread waiter([&] {
        CK_SLOT_ID s = 0;
        waited = m.p11->C_WaitForSlotEvent(0, &s, nullptr);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    key.finalize();
    waiter.join();
    CHECK(waited == CKR_CRYPTOKI_NOT_INITIALIZED);
    CK_SLOT_ID s = 0;
    CHECK(m.p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &s, nullptr) == CKR_CRYPTOKI_NOT_INITIALIZED);
    key.initialize();
}

TEST_CASE("As the demo's key writer, SoftHSM2's free slot is a blank key only while one is put in",
          "[token][faultmodule]") {
    FreshKey key;
    auto& m = key.m;
    void* module = ::dlopen(COUNTERSIGN_FAULTMODULE_PATH, RTLD_NOW | RTLD_NOLOAD);
    REQUIRE(module);
    const auto writer = reinterpret_cast<decltype(&csfault_writer)>(::dlsym(module, "csfault_writer"));
    const auto insertBlank =
        reinterpret_cast<decltype(&csfault_insert_blank)>(::dlsym(module, "csfault_insert_blank"));
    REQUIRE(writer);
    REQUIRE(insertBlank);
    struct Off {
        decltype(&csfault_writer) writer;
        void* module;
        ~Off() {
            writer(0, 0);
            ::dlclose(module);
        }
    } off{writer, module};
    // The present slots whose token is not initialised: blank keys in the writer.
    const auto blanks = [&] {
        std::vector<CK_SLOT_ID> out;
        for (const CK_SLOT_ID s : key.presentSlots()) {
            CK_TOKEN_INFO info;
            if (m.p11->C_GetTokenInfo(s, &info) == CKR_OK && !(info.flags & CKF_TOKEN_INITIALIZED))
                out.push_back(s);
        }
        return out;
    };
    // SoftHSM2 offers a free slot next to the key; not as a writer, it shows as a blank key.
    CHECK(insertBlank() == -1);
    REQUIRE(blanks().size() == 1);
    const CK_SLOT_ID freeSlot = blanks().front();

    writer(1, 0);
    CHECK(blanks().empty());
    CHECK(key.listed(key.slot()));
    CK_SLOT_INFO slotInfo;
    REQUIRE(m.p11->C_GetSlotInfo(freeSlot, &slotInfo) == CKR_OK);
    CHECK_FALSE(slotInfo.flags & CKF_TOKEN_PRESENT);
    CK_TOKEN_INFO info;
    CHECK(m.p11->C_GetTokenInfo(freeSlot, &info) == CKR_TOKEN_NOT_PRESENT);

    // Put in: there; put in again: it was in already.
    CHECK(insertBlank() == 0);
    CHECK(blanks() == std::vector<CK_SLOT_ID>{freeSlot});
    CHECK(insertBlank() == 1);

    // Pulled out with the key, and back with it.
    m.removeNow();
    CHECK(key.presentSlots().empty());
    m.reinsert();
    CHECK(blanks() == std::vector<CK_SLOT_ID>{freeSlot});
    CHECK(key.listed(key.slot()));

    // Initialised, the blank is a key of its own; SoftHSM2's next free slot is no key in the writer.
    std::string label = "faultmodule writer";
    label.resize(32, ' ');
    REQUIRE(m.p11->C_InitToken(freeSlot, utf8(soPin), soPin.size(), utf8(label)) == CKR_OK);
    CHECK(blanks().empty());
    CHECK(key.presentSlots().size() == 2);
    CHECK(insertBlank() == 0);
    CHECK(blanks().size() == 1);
}
