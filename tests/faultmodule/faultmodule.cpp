// countersign_faultmodule: a PKCS#11 module for tests and demos only, never for the counter. It loads a real
// module (SoftHSM2) and forwards every call, but adds what SoftHSM2 lacks and a real USB-KEY has: user and SO
// PIN retry counters that lock the PIN, kept across processes if asked, and a key that can be pulled out in
// the middle of any call. Configured by environment variables (read at C_Initialize) and by the functions in
// faultcontrol.h.
//
//   CSFAULT_REAL_MODULE   module to forward to (default /usr/lib/softhsm/libsofthsm2.so); read once, when the
//                         module is first loaded
//   CSFAULT_MAX_TRIES     wrong user PINs until the user PIN locks (default 6)
//   CSFAULT_MAX_SO_TRIES  wrong SO PINs until the SO PIN locks (default CSFAULT_MAX_TRIES)
//   CSFAULT_STATE_DIR     keep the counters in <dir>/<serial>.pins so other processes see them (default:
//                         memory)
//   CSFAULT_REMOVE_AT     <function>:<k>[:<serial>] arms a removal, as csfault_remove_at()
//   CSFAULT_LATENCY       <function>[/<class>]=<ms>,… how long calls take, as csfault_set_latency() (e.g.
//                         "C_GenerateKeyPair=8000,C_CreateObject/certificate=1500,C_Login=300"); when set it
//                         replaces the latencies set before
//   CSFAULT_SLOT_EVENTS   1: the module offers C_WaitForSlotEvent, as csfault_slot_events(1); 0: it forwards
//                         the call (SoftHSM2 answers CKR_FUNCTION_NOT_SUPPORTED)
//   CSFAULT_SLOT_SERIAL   <slot id>:<serial> presents that slot's token under that serial (read at each call)
//   CSFAULT_WRITER        "blank" or "empty": the module acts as a key writer (the demo's), holding at first
//   a
//                         blank key or none; read once, when the module is first loaded. SoftHSM2 always
//                         offers one uninitialised token, its free slot: a writer shows it only while a blank
//                         key is in (csfault_insert_blank()); C_InitToken makes it a key of its own, and
//                         SoftHSM2's next free slot stays out until the next blank is put in
#include "faultcontrol.h"

#include <p11-kit/pkcs11.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// What a call's first argument names, which decides how a pulled-out key answers it.
enum class Scope { None, Slot, Session };

// Every function of a PKCS#11 2.40 CK_FUNCTION_LIST, in the list's order.
#define CSFAULT_FUNCTIONS(X)                                                                                 \
    X(C_Initialize, None)                                                                                    \
    X(C_Finalize, None)                                                                                      \
    X(C_GetInfo, None)                                                                                       \
    X(C_GetFunctionList, None)                                                                               \
    X(C_GetSlotList, None)                                                                                   \
    X(C_GetSlotInfo, None)                                                                                   \
    X(C_GetTokenInfo, Slot)                                                                                  \
    X(C_GetMechanismList, Slot)                                                                              \
    X(C_GetMechanismInfo, Slot)                                                                              \
    X(C_InitToken, Slot)                                                                                     \
    X(C_InitPIN, Session)                                                                                    \
    X(C_SetPIN, Session)                                                                                     \
    X(C_OpenSession, Slot)                                                                                   \
    X(C_CloseSession, Session)                                                                               \
    X(C_CloseAllSessions, Slot)                                                                              \
    X(C_GetSessionInfo, Session)                                                                             \
    X(C_GetOperationState, Session)                                                                          \
    X(C_SetOperationState, Session)                                                                          \
    X(C_Login, Session)                                                                                      \
    X(C_Logout, Session)                                                                                     \
    X(C_CreateObject, Session)                                                                               \
    X(C_CopyObject, Session)                                                                                 \
    X(C_DestroyObject, Session)                                                                              \
    X(C_GetObjectSize, Session)                                                                              \
    X(C_GetAttributeValue, Session)                                                                          \
    X(C_SetAttributeValue, Session)                                                                          \
    X(C_FindObjectsInit, Session)                                                                            \
    X(C_FindObjects, Session)                                                                                \
    X(C_FindObjectsFinal, Session)                                                                           \
    X(C_EncryptInit, Session)                                                                                \
    X(C_Encrypt, Session)                                                                                    \
    X(C_EncryptUpdate, Session)                                                                              \
    X(C_EncryptFinal, Session)                                                                               \
    X(C_DecryptInit, Session)                                                                                \
    X(C_Decrypt, Session)                                                                                    \
    X(C_DecryptUpdate, Session)                                                                              \
    X(C_DecryptFinal, Session)                                                                               \
    X(C_DigestInit, Session)                                                                                 \
    X(C_Digest, Session)                                                                                     \
    X(C_DigestUpdate, Session)                                                                               \
    X(C_DigestKey, Session)                                                                                  \
    X(C_DigestFinal, Session)                                                                                \
    X(C_SignInit, Session)                                                                                   \
    X(C_Sign, Session)                                                                                       \
    X(C_SignUpdate, Session)                                                                                 \
    X(C_SignFinal, Session)                                                                                  \
    X(C_SignRecoverInit, Session)                                                                            \
    X(C_SignRecover, Session)                                                                                \
    X(C_VerifyInit, Session)                                                                                 \
    X(C_Verify, Session)                                                                                     \
    X(C_VerifyUpdate, Session)                                                                               \
    X(C_VerifyFinal, Session)                                                                                \
    X(C_VerifyRecoverInit, Session)                                                                          \
    X(C_VerifyRecover, Session)                                                                              \
    X(C_DigestEncryptUpdate, Session)                                                                        \
    X(C_DecryptDigestUpdate, Session)                                                                        \
    X(C_SignEncryptUpdate, Session)                                                                          \
    X(C_DecryptVerifyUpdate, Session)                                                                        \
    X(C_GenerateKey, Session)                                                                                \
    X(C_GenerateKeyPair, Session)                                                                            \
    X(C_WrapKey, Session)                                                                                    \
    X(C_UnwrapKey, Session)                                                                                  \
    X(C_DeriveKey, Session)                                                                                  \
    X(C_SeedRandom, Session)                                                                                 \
    X(C_GenerateRandom, Session)                                                                             \
    X(C_GetFunctionStatus, Session)                                                                          \
    X(C_CancelFunction, Session)                                                                             \
    X(C_WaitForSlotEvent, None)

enum Fn : int {
#define CSFAULT_ENUM(name, scope) fn_##name,
    CSFAULT_FUNCTIONS(CSFAULT_ENUM)
#undef CSFAULT_ENUM
        fnCount
};

constexpr const char* fnNames[] = {
#define CSFAULT_NAME(name, scope) #name,
    CSFAULT_FUNCTIONS(CSFAULT_NAME)
#undef CSFAULT_NAME
};

constexpr int anyFunction = fnCount; // "*"

std::optional<int> functionIndex(const char* name) {
    if (!name)
        return std::nullopt;
    if (std::strcmp(name, "*") == 0)
        return anyFunction;
    for (int i = 0; i < fnCount; ++i)
        if (std::strcmp(name, fnNames[i]) == 0)
            return i;
    return std::nullopt;
}

struct PinCounts {
    int user = 0; // wrong user PINs since the last correct one or unlock
    int so = 0;
};

enum class Role { User, So };

struct State {
    std::mutex mutex; // guards everything below; held only for moments, never across a forwarded call

    // Configuration, re-read at every C_Initialize.
    int maxUserTries = 6;
    int maxSoTries = 6;
    std::string stateDir;

    bool initialised = false;
    std::map<std::string, PinCounts> countsInMemory; // by token serial; outlives C_Finalize like a real key's

    int calls[fnCount] = {};
    int totalCalls = 0;

    bool armed = false;
    int armedFunction = 0;
    int armedAt = 0;
    int armedSeen = 0;
    std::string armedSerial;

    bool removed = false;
    std::string removedSerial; // empty: every token is out

    bool notOffered[fnCount] = {}; // functions the module answers CKR_FUNCTION_NOT_SUPPORTED (some vendors')

    // Wakes the calls that wait (a slow call, a blocking C_WaitForSlotEvent): a key pulled out or put back,
    // C_Finalize.
    std::condition_variable changed;
    unsigned long generation = 0; // counts C_Initialize and C_Finalize: a waiter started before one ends

    // How long calls take, in milliseconds: by function and object class (CKA_CLASS in the call's template;
    // anyClass: every call of the function).
    std::map<std::pair<int, long>, int> latencies;

    bool slotEvents = false; // C_WaitForSlotEvent answered here, not forwarded

    bool writer = false;            // CSFAULT_WRITER: uninitialised tokens show only while a blank key is in
    bool blankIn = false;           // a blank key is in the writer
    bool blankPulled = false;       // … and was pulled out with the rest: a reinsert puts it back too
    std::deque<std::string> events; // serials of keys pulled out or put back ("": every key), oldest first
};

constexpr long anyClass = -1;

// Never destroyed: libp11 and OpenSSL may call C_Finalize from exit handlers after this module's static
// destructors have run.
State& state() {
    static State* s = new State;
    return *s;
}

// Held across a PIN check, the real call and the count update, so two threads' wrong PINs are both counted
// and a locked PIN never reaches the real module. Taken before State::mutex, never after it.
std::mutex& pinOperations() {
    static auto* m = new std::mutex;
    return *m;
}

CK_FUNCTION_LIST* real = nullptr;
CK_FUNCTION_LIST list;

std::string trimmed(const unsigned char* text, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(text), size);
    const auto first = s.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

// CSFAULT_SLOT_SERIAL=<slot id>:<serial> presents that slot's token under another serial: every
// openCryptoki soft token has serial 123, and a test with two of them tells them apart this way.
void presentSerial(CK_SLOT_ID slot, CK_TOKEN_INFO& info) {
    const char* configured = std::getenv("CSFAULT_SLOT_SERIAL");
    const std::string s = configured ? configured : "";
    const auto colon = s.find(':');
    if (colon == std::string::npos || s.substr(0, colon) != std::to_string(slot))
        return;
    const std::string serial = s.substr(colon + 1, sizeof info.serialNumber);
    std::memset(info.serialNumber, ' ', sizeof info.serialNumber);
    std::memcpy(info.serialNumber, serial.data(), serial.size());
}

// Slot IDs of a SoftHSM2 token change between processes, so tokens are known by serial. Blank tokens have
// none (and so no PIN state).
std::string serialOfSlot(CK_SLOT_ID slot) {
    CK_TOKEN_INFO info;
    if (real->C_GetTokenInfo(slot, &info) != CKR_OK)
        return {};
    presentSerial(slot, info);
    return trimmed(info.serialNumber, sizeof info.serialNumber);
}

std::string serialOfSession(CK_SESSION_HANDLE session) {
    CK_SESSION_INFO info;
    if (real->C_GetSessionInfo(session, &info) != CKR_OK)
        return {};
    return serialOfSlot(info.slotID);
}

// ---- PIN counters ----

std::string stateFile(const std::string& dir, const std::string& serial) {
    std::string name = serial;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            c = '_';
    return dir + "/" + name + ".pins";
}

// The file is read on every check because another process (the CLI) may have changed it.
PinCounts loadCounts(const std::string& serial) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    if (g.stateDir.empty())
        return g.countsInMemory[serial];
    PinCounts counts;
    std::ifstream in(stateFile(g.stateDir, serial));
    std::string key;
    int value = 0;
    while (in >> key >> value) {
        if (key == "user")
            counts.user = value;
        else if (key == "so")
            counts.so = value;
    }
    return counts;
}

void saveCounts(const std::string& serial, const PinCounts& counts) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    if (g.stateDir.empty()) {
        g.countsInMemory[serial] = counts;
        return;
    }
    ::mkdir(g.stateDir.c_str(), 0700);
    const std::string path = stateFile(g.stateDir, serial);
    // Written aside and renamed, so a reader in another process never sees half a file.
    const std::string temp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temp, std::ios::trunc);
        out << "user " << counts.user << "\nso " << counts.so << "\n";
        out.close();
        if (!out) {
            std::fprintf(stderr, "countersign_faultmodule: cannot write %s\n", temp.c_str());
            return;
        }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0)
        std::fprintf(stderr, "countersign_faultmodule: cannot rename %s to %s\n", temp.c_str(), path.c_str());
}

int maxTries(Role role) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    return role == Role::User ? g.maxUserTries : g.maxSoTries;
}

int& wrongOf(PinCounts& counts, Role role) {
    return role == Role::User ? counts.user : counts.so;
}

bool isLocked(const std::string& serial, Role role) {
    PinCounts counts = loadCounts(serial);
    return wrongOf(counts, role) >= maxTries(role);
}

// Turns the real module's verdict on a PIN into the counters' one: a wrong PIN counts (and locks on the last
// try), a correct one resets the count as on real keys.
CK_RV recordPinResult(const std::string& serial, Role role, CK_RV rv) {
    if (rv != CKR_OK && rv != CKR_PIN_INCORRECT)
        return rv;
    PinCounts counts = loadCounts(serial);
    int& wrong = wrongOf(counts, role);
    if (rv == CKR_OK) {
        if (wrong != 0) {
            wrong = 0;
            saveCounts(serial, counts);
        }
        return rv;
    }
    ++wrong;
    saveCounts(serial, counts);
    return wrong >= maxTries(role) ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT;
}

void resetCounts(const std::string& serial, bool user, bool so) {
    if (serial.empty())
        return;
    PinCounts counts = loadCounts(serial);
    if (user)
        counts.user = 0;
    if (so)
        counts.so = 0;
    saveCounts(serial, counts);
}

CK_FLAGS pinFlags(int wrong, int max, CK_FLAGS countLow, CK_FLAGS finalTry, CK_FLAGS locked) {
    if (wrong >= max)
        return locked;
    CK_FLAGS flags = 0;
    if (wrong > 0)
        flags |= countLow;
    if (max - wrong == 1)
        flags |= finalTry;
    return flags;
}

// ---- Removal ----

// A key went out or came back: slow calls on it stop waiting, a slot event is due. Called with the mutex
// held.
void keyChanged(State& g, const std::string& serial) {
    if (g.slotEvents && g.initialised)
        g.events.push_back(serial);
    g.changed.notify_all();
}

// The token in `slot` is not initialised (SoftHSM2's free slot: a blank key).
bool uninitialised(CK_SLOT_ID slot) {
    CK_TOKEN_INFO info;
    return real->C_GetTokenInfo(slot, &info) == CKR_OK && !(info.flags & CKF_TOKEN_INITIALIZED);
}

// Every key, or the one of `serial`, goes out. Called with the mutex held.
void pullOut(State& g, const std::string& serial) {
    g.removed = true;
    g.removedSerial = serial;
    if (g.writer && serial.empty() && g.blankIn) {
        g.blankIn = false;
        g.blankPulled = true;
    }
    keyChanged(g, serial);
}

bool removedSerialMatches(const std::string& removedSerial, Scope scope, CK_ULONG handle) {
    if (removedSerial.empty())
        return true;
    const std::string serial = scope == Scope::Slot ? serialOfSlot(handle) : serialOfSession(handle);
    return serial == removedSerial;
}

bool slotRemoved(CK_SLOT_ID slot) {
    std::string removedSerial;
    bool removed = false;
    bool writer = false;
    bool blankIn = false;
    {
        State& g = state();
        std::lock_guard lock(g.mutex);
        if (!g.removed && (!g.writer || g.blankIn))
            return false;
        removed = g.removed;
        writer = g.writer;
        blankIn = g.blankIn;
        removedSerial = g.removedSerial;
    }
    // In a writer the blank key is in or out on its own (csfault_insert_blank, a removal takes it too).
    if (writer && uninitialised(slot))
        return !blankIn;
    return removed && removedSerialMatches(removedSerial, Scope::Slot, slot);
}

// What a call on a key that is out answers.
CK_RV removedAnswer(Scope scope) {
    return scope == Scope::Slot ? CKR_TOKEN_NOT_PRESENT : CKR_DEVICE_REMOVED;
}

// It is counted, may be the one an armed removal waits for, and fails if it concerns a key that is out.
std::optional<CK_RV> enter(Fn fn, Scope scope, CK_ULONG handle) {
    std::string removedSerial;
    bool removed = false;
    bool writer = false;
    bool blankIn = false;
    {
        State& g = state();
        std::lock_guard lock(g.mutex);
        ++g.calls[fn];
        ++g.totalCalls;
        if (g.notOffered[fn])
            return CKR_FUNCTION_NOT_SUPPORTED;
        if (g.armed && (g.armedFunction == anyFunction || g.armedFunction == fn) &&
            ++g.armedSeen >= g.armedAt) {
            g.armed = false;
            pullOut(g, g.armedSerial);
        }
        if (scope == Scope::None || (!g.removed && (!g.writer || g.blankIn)))
            return std::nullopt;
        removed = g.removed;
        writer = g.writer;
        blankIn = g.blankIn;
        removedSerial = g.removedSerial;
    }
    if (writer && scope == Scope::Slot && uninitialised(handle))
        return blankIn ? std::nullopt : std::optional<CK_RV>(removedAnswer(scope));
    if (!removed || !removedSerialMatches(removedSerial, scope, handle))
        return std::nullopt;
    return removedAnswer(scope);
}

// How long a call of `fn` on an object of `objectClass` takes (0: no latency).
int latencyOf(State& g, Fn fn, long objectClass) {
    if (objectClass != anyClass) {
        const auto exact = g.latencies.find({fn, objectClass});
        if (exact != g.latencies.end())
            return exact->second;
    }
    const auto any = g.latencies.find({fn, anyClass});
    return any == g.latencies.end() ? 0 : any->second;
}

// A slow call takes its time as a real key does, but a key pulled out meanwhile fails it at once, as the key
// would; C_Finalize ends the wait too.
std::optional<CK_RV> takeTime(Fn fn, Scope scope, CK_ULONG handle, long objectClass) {
    State& g = state();
    int ms = 0;
    {
        std::lock_guard lock(g.mutex);
        ms = latencyOf(g, fn, objectClass);
    }
    if (ms <= 0)
        return std::nullopt;
    // Which key the call is on, asked before waiting: after a removal the real module still answers.
    const std::string serial = scope == Scope::Slot      ? serialOfSlot(handle)
                               : scope == Scope::Session ? serialOfSession(handle)
                                                         : std::string();
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    std::unique_lock lock(g.mutex);
    const unsigned long generation = g.generation;
    const auto pulled = [&] {
        return scope != Scope::None && g.removed && (g.removedSerial.empty() || g.removedSerial == serial);
    };
    g.changed.wait_until(lock, until, [&] { return pulled() || g.generation != generation; });
    if (pulled())
        return removedAnswer(scope);
    return std::nullopt;
}

// The class an object template names (C_CreateObject, C_FindObjectsInit: session, template, count), or
// anyClass.
template <typename... Args> long objectClassOf(Args... args) {
    if constexpr (sizeof...(Args) >= 3) {
        const auto a = std::make_tuple(args...);
        using Tuple = std::remove_const_t<decltype(a)>;
        if constexpr (std::is_same_v<std::tuple_element_t<1, Tuple>, CK_ATTRIBUTE_PTR> &&
                      std::is_same_v<std::tuple_element_t<2, Tuple>, CK_ULONG>) {
            const CK_ATTRIBUTE_PTR attributes = std::get<1>(a);
            for (CK_ULONG i = 0; attributes && i < std::get<2>(a); ++i)
                if (attributes[i].type == CKA_CLASS && attributes[i].pValue &&
                    attributes[i].ulValueLen == sizeof(CK_OBJECT_CLASS))
                    return static_cast<long>(*static_cast<const CK_OBJECT_CLASS*>(attributes[i].pValue));
        }
    }
    return anyClass;
}

// Every call starts here (the functions with their own code below call it too): counted, pulled out, slow.
std::optional<CK_RV> begin(Fn fn, Scope scope, CK_ULONG handle, long objectClass = anyClass) {
    if (const auto rv = enter(fn, scope, handle))
        return rv;
    return takeTime(fn, scope, handle, objectClass);
}

void arm(State& g, int function, int k, const char* serial) {
    g.armed = true;
    g.armedFunction = function;
    g.armedAt = std::max(k, 1);
    g.armedSeen = 0;
    g.armedSerial = serial ? serial : "";
}

// ---- Configuration ----

bool readPositive(const char* name, int fallback, int& out) {
    const char* text = std::getenv(name);
    if (!text || !*text) {
        out = fallback;
        return true;
    }
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (*end || value < 1 || value > 1000) {
        std::fprintf(stderr, "countersign_faultmodule: %s=%s is not a number of tries\n", name, text);
        return false;
    }
    out = static_cast<int>(value);
    return true;
}

const std::pair<const char*, long> classNames[] = {{"data", CKO_DATA},
                                                   {"certificate", CKO_CERTIFICATE},
                                                   {"public", CKO_PUBLIC_KEY},
                                                   {"private", CKO_PRIVATE_KEY},
                                                   {"secret", CKO_SECRET_KEY}};

std::optional<long> classIndex(const char* name) {
    if (!name || !*name)
        return anyClass;
    for (const auto& [text, value] : classNames)
        if (std::strcmp(name, text) == 0)
            return value;
    return std::nullopt;
}

// "<function>[/<class>]=<ms>": one latency; false when it is not one.
bool setLatency(State& g, const std::string& item) {
    const auto equals = item.find('=');
    if (equals == std::string::npos)
        return false;
    const std::string what = item.substr(0, equals);
    const auto slash = what.find('/');
    const auto function = functionIndex(what.substr(0, slash).c_str());
    const auto objectClass =
        classIndex(slash == std::string::npos ? nullptr : what.substr(slash + 1).c_str());
    const std::string ms = item.substr(equals + 1);
    char* end = nullptr;
    const long value = std::strtol(ms.c_str(), &end, 10);
    if (!function || *function == anyFunction || !objectClass || ms.empty() || *end || value < 0 ||
        value > 600000)
        return false;
    g.latencies[{*function, *objectClass}] = static_cast<int>(value);
    return true;
}

bool readLatencies(State& g) {
    const char* text = std::getenv("CSFAULT_LATENCY");
    if (!text)
        return true; // the latencies set through csfault_set_latency() stay
    g.latencies.clear();
    std::string list = text;
    std::size_t start = 0;
    while (start < list.size()) {
        const auto comma = list.find(',', start);
        const std::string item = list.substr(start, comma == std::string::npos ? comma : comma - start);
        if (!item.empty() && !setLatency(g, item)) {
            std::fprintf(stderr,
                         "countersign_faultmodule: CSFAULT_LATENCY=%s: %s is not <function>[/<class>]=<ms>\n",
                         text, item.c_str());
            return false;
        }
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return true;
}

bool readSlotEvents(State& g) {
    const char* text = std::getenv("CSFAULT_SLOT_EVENTS");
    if (!text || !*text)
        return true; // as csfault_slot_events() left it
    if (std::strcmp(text, "0") != 0 && std::strcmp(text, "1") != 0) {
        std::fprintf(stderr, "countersign_faultmodule: CSFAULT_SLOT_EVENTS=%s is not 0 or 1\n", text);
        return false;
    }
    g.slotEvents = text[0] == '1';
    return true;
}

// A mistyped setting fails C_Initialize: a test that silently ran without its fault would prove nothing.
bool readConfiguration(State& g) {
    if (!readPositive("CSFAULT_MAX_TRIES", 6, g.maxUserTries) ||
        !readPositive("CSFAULT_MAX_SO_TRIES", g.maxUserTries, g.maxSoTries))
        return false;
    const char* dir = std::getenv("CSFAULT_STATE_DIR");
    g.stateDir = dir ? dir : "";
    if (!readLatencies(g) || !readSlotEvents(g))
        return false;

    const char* removeAt = std::getenv("CSFAULT_REMOVE_AT");
    if (!removeAt || !*removeAt)
        return true;
    const std::string spec = removeAt;
    const auto colon = spec.find(':');
    const auto secondColon = colon == std::string::npos ? colon : spec.find(':', colon + 1);
    const auto function = functionIndex(spec.substr(0, colon).c_str());
    const std::string k = colon == std::string::npos ? "" : spec.substr(colon + 1, secondColon - colon - 1);
    char* end = nullptr;
    const long at = std::strtol(k.c_str(), &end, 10);
    if (!function || k.empty() || *end || at < 1) {
        std::fprintf(stderr,
                     "countersign_faultmodule: CSFAULT_REMOVE_AT=%s is not <function>:<k>[:<serial>]\n",
                     removeAt);
        return false;
    }
    // A key that is already out stays out; re-arming would only pull it again.
    if (!g.removed)
        arm(g, *function, static_cast<int>(at),
            secondColon == std::string::npos ? nullptr : spec.c_str() + secondColon + 1);
    return true;
}

// ---- Forwarding ----

template <typename First, typename... Rest> CK_ULONG handleOf(First first, Rest...) {
    if constexpr (std::is_same_v<First, CK_ULONG>)
        return first;
    else
        return 0;
}

template <typename Member> struct Forward;

template <typename... Args> struct Forward<CK_RV (*CK_FUNCTION_LIST::*)(Args...)> {
    template <CK_RV (*CK_FUNCTION_LIST::*member)(Args...), Fn fn, Scope scope>
    static CK_RV call(Args... args) {
        if (const auto rv = begin(fn, scope, handleOf(args...), objectClassOf(args...)))
            return *rv;
        return (real->*member)(args...);
    }
};

// ---- The functions that behave differently from the real module ----

CK_RV initialize(CK_VOID_PTR initArgs) {
    enter(fn_C_Initialize, Scope::None, 0);
    State& g = state();
    {
        std::lock_guard lock(g.mutex);
        if (!readConfiguration(g))
            return CKR_GENERAL_ERROR;
    }
    const CK_RV rv = real->C_Initialize(initArgs);
    if (rv == CKR_OK) {
        std::lock_guard lock(g.mutex);
        g.initialised = true;
        ++g.generation;
        g.events.clear(); // a fresh start reads the slots anyway
    }
    return rv;
}

CK_RV finalize(CK_VOID_PTR reserved) {
    enter(fn_C_Finalize, Scope::None, 0);
    const CK_RV rv = real->C_Finalize(reserved);
    if (rv == CKR_OK) {
        State& g = state();
        std::lock_guard lock(g.mutex);
        g.initialised = false;
        // PKCS#11 2.40 §5.4: a C_WaitForSlotEvent blocking in another thread returns
        // CKR_CRYPTOKI_NOT_INITIALIZED; slow calls stop waiting.
        ++g.generation;
        g.events.clear();
        g.changed.notify_all();
    }
    return rv;
}

// The slot a key sits in (serial ""): the first slot with a key), or 0.
CK_SLOT_ID slotOfSerial(const std::string& serial) {
    CK_ULONG n = 0;
    if (real->C_GetSlotList(CK_FALSE, nullptr, &n) != CKR_OK)
        return 0;
    std::vector<CK_SLOT_ID> slots(n);
    if (real->C_GetSlotList(CK_FALSE, slots.data(), &n) != CKR_OK)
        return 0;
    slots.resize(n);
    for (const CK_SLOT_ID slot : slots) {
        CK_TOKEN_INFO info;
        if (real->C_GetTokenInfo(slot, &info) != CKR_OK)
            continue;
        presentSerial(slot, info);
        if (serial.empty() || trimmed(info.serialNumber, sizeof info.serialNumber) == serial)
            return slot;
    }
    return 0;
}

// With the switch on, the module tells of keys pulled out and put back as a reader's driver does (blocking,
// or with CKF_DONT_BLOCK); with it off the real module answers (SoftHSM2: CKR_FUNCTION_NOT_SUPPORTED).
CK_RV waitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved) {
    enter(fn_C_WaitForSlotEvent, Scope::None, 0);
    State& g = state();
    std::unique_lock lock(g.mutex);
    if (!g.slotEvents) {
        lock.unlock();
        return real->C_WaitForSlotEvent(flags, slot, reserved);
    }
    if (!g.initialised)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    if (!slot || reserved)
        return CKR_ARGUMENTS_BAD;
    const unsigned long generation = g.generation;
    if (!(flags & CKF_DONT_BLOCK))
        g.changed.wait(lock,
                       [&] { return !g.events.empty() || g.generation != generation || !g.slotEvents; });
    if (g.generation != generation)
        return CKR_CRYPTOKI_NOT_INITIALIZED;
    if (!g.slotEvents)
        return CKR_FUNCTION_NOT_SUPPORTED; // switched off while waiting
    if (g.events.empty())
        return CKR_NO_EVENT;
    const std::string serial = g.events.front();
    g.events.pop_front();
    lock.unlock();
    *slot = slotOfSerial(serial);
    return CKR_OK;
}

CK_RV getSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR slotList, CK_ULONG_PTR count) {
    enter(fn_C_GetSlotList, Scope::None, 0);
    {
        State& g = state();
        std::lock_guard lock(g.mutex);
        if (!tokenPresent || (!g.removed && (!g.writer || g.blankIn)))
            return real->C_GetSlotList(tokenPresent, slotList, count);
    }
    if (!count)
        return CKR_ARGUMENTS_BAD;
    std::vector<CK_SLOT_ID> present;
    for (;;) {
        CK_ULONG n = 0;
        CK_RV rv = real->C_GetSlotList(CK_TRUE, nullptr, &n);
        if (rv != CKR_OK)
            return rv;
        present.resize(n);
        rv = real->C_GetSlotList(CK_TRUE, present.data(), &n);
        if (rv == CKR_BUFFER_TOO_SMALL)
            continue; // a token came between the two calls
        if (rv != CKR_OK)
            return rv;
        present.resize(n);
        break;
    }
    present.erase(std::remove_if(present.begin(), present.end(), slotRemoved), present.end());
    if (slotList) {
        if (*count < present.size()) {
            *count = present.size();
            return CKR_BUFFER_TOO_SMALL;
        }
        std::copy(present.begin(), present.end(), slotList);
    }
    *count = present.size();
    return CKR_OK;
}

CK_RV getSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
    enter(fn_C_GetSlotInfo, Scope::None, 0);
    const CK_RV rv = real->C_GetSlotInfo(slot, info);
    // The writer (slot) stays; only the key in it is gone.
    if (rv == CKR_OK && slotRemoved(slot))
        info->flags &= ~CKF_TOKEN_PRESENT;
    return rv;
}

CK_RV getTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
    if (const auto rv = begin(fn_C_GetTokenInfo, Scope::Slot, slot))
        return *rv;
    const CK_RV rv = real->C_GetTokenInfo(slot, info);
    if (rv != CKR_OK)
        return rv;
    presentSerial(slot, *info);
    const std::string serial = trimmed(info->serialNumber, sizeof info->serialNumber);
    if (serial.empty())
        return rv; // a blank token: SoftHSM2's "SO PIN locked" on it is its own quirk and stays visible
    const PinCounts counts = loadCounts(serial);
    // Only our counters speak: SoftHSM2 sets CKF_USER_PIN_COUNT_LOW after any wrong PIN and keeps it through
    // an unlock, when a real key's counter is back to full.
    info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED |
                     CKF_SO_PIN_COUNT_LOW | CKF_SO_PIN_FINAL_TRY | CKF_SO_PIN_LOCKED);
    info->flags |= pinFlags(counts.user, maxTries(Role::User), CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY,
                            CKF_USER_PIN_LOCKED);
    info->flags |= pinFlags(counts.so, maxTries(Role::So), CKF_SO_PIN_COUNT_LOW, CKF_SO_PIN_FINAL_TRY,
                            CKF_SO_PIN_LOCKED);
    return rv;
}

CK_RV login(CK_SESSION_HANDLE session, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen) {
    if (const auto rv = begin(fn_C_Login, Scope::Session, session))
        return *rv;
    // A context-specific login re-enters the user PIN, and real keys count it against the user PIN.
    if (userType != CKU_USER && userType != CKU_SO && userType != CKU_CONTEXT_SPECIFIC)
        return real->C_Login(session, userType, pin, pinLen);
    const Role role = userType == CKU_SO ? Role::So : Role::User;
    std::lock_guard lock(pinOperations());
    const std::string serial = serialOfSession(session);
    if (serial.empty())
        return real->C_Login(session, userType, pin, pinLen);
    if (isLocked(serial, role))
        return CKR_PIN_LOCKED; // a locked key refuses even the right PIN, and the real module never sees it
    return recordPinResult(serial, role, real->C_Login(session, userType, pin, pinLen));
}

CK_RV setPin(CK_SESSION_HANDLE session, CK_UTF8CHAR_PTR oldPin, CK_ULONG oldLen, CK_UTF8CHAR_PTR newPin,
             CK_ULONG newLen) {
    if (const auto rv = begin(fn_C_SetPIN, Scope::Session, session))
        return *rv;
    std::lock_guard lock(pinOperations());
    CK_SESSION_INFO info;
    if (real->C_GetSessionInfo(session, &info) != CKR_OK)
        return real->C_SetPIN(session, oldPin, oldLen, newPin, newLen);
    // C_SetPIN changes the SO PIN in an SO session and the user PIN in any other.
    const Role role = info.state == CKS_RW_SO_FUNCTIONS ? Role::So : Role::User;
    const std::string serial = serialOfSlot(info.slotID);
    if (serial.empty())
        return real->C_SetPIN(session, oldPin, oldLen, newPin, newLen);
    if (isLocked(serial, role))
        return CKR_PIN_LOCKED;
    return recordPinResult(serial, role, real->C_SetPIN(session, oldPin, oldLen, newPin, newLen));
}

CK_RV initPin(CK_SESSION_HANDLE session, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen) {
    if (const auto rv = begin(fn_C_InitPIN, Scope::Session, session))
        return *rv;
    std::lock_guard lock(pinOperations());
    const CK_RV rv = real->C_InitPIN(session, pin, pinLen);
    if (rv == CKR_OK) // the counter's unlock
        resetCounts(serialOfSession(session), true, false);
    return rv;
}

CK_RV initToken(CK_SLOT_ID slot, CK_UTF8CHAR_PTR soPin, CK_ULONG soPinLen, CK_UTF8CHAR_PTR label) {
    if (const auto rv = begin(fn_C_InitToken, Scope::Slot, slot))
        return *rv;
    std::lock_guard lock(pinOperations());
    const std::string before = serialOfSlot(slot);
    if (!before.empty() && isLocked(before, Role::So))
        return CKR_PIN_LOCKED;
    CK_RV rv = real->C_InitToken(slot, soPin, soPinLen, label);
    if (!before.empty()) // re-initialising checks the old SO PIN
        rv = recordPinResult(before, Role::So, rv);
    if (rv == CKR_OK) {
        resetCounts(before, true, true);
        // A blank token gets its serial only now; a stale state file under it must not lock the new token.
        const std::string after = serialOfSlot(slot);
        if (after != before)
            resetCounts(after, true, true);
        if (before.empty()) {
            // The blank key is a key of its own now; SoftHSM2's next free slot is not a key in the writer.
            State& g = state();
            std::lock_guard stateLock(g.mutex);
            g.blankIn = false;
        }
    }
    return rv;
}

bool loadRealModule() {
    const char* configured = std::getenv("CSFAULT_REAL_MODULE");
    const char* path = configured && *configured ? configured : "/usr/lib/softhsm/libsofthsm2.so";
    void* handle = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        std::fprintf(stderr, "countersign_faultmodule: cannot load %s: %s\n", path, ::dlerror());
        return false;
    }
    // Never dlclose()d: the forwarded function pointers must stay valid for as long as this module is loaded.
    auto realGetFunctionList = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(handle, "C_GetFunctionList"));
    if (!realGetFunctionList || realGetFunctionList == &::C_GetFunctionList) {
        std::fprintf(stderr, "countersign_faultmodule: %s is not another PKCS#11 module\n", path);
        return false;
    }
    CK_FUNCTION_LIST* realList = nullptr;
    if (realGetFunctionList(&realList) != CKR_OK || !realList)
        return false;
    real = realList;
    list = *realList; // the version stays the real module's
    if (const char* writer = std::getenv("CSFAULT_WRITER"); writer && *writer) {
        if (std::strcmp(writer, "blank") != 0 && std::strcmp(writer, "empty") != 0) {
            std::fprintf(stderr, "countersign_faultmodule: CSFAULT_WRITER=%s is not blank or empty\n",
                         writer);
            return false;
        }
        State& g = state();
        std::lock_guard lock(g.mutex);
        g.writer = true;
        g.blankIn = std::strcmp(writer, "blank") == 0;
    }

#define CSFAULT_INSTALL(name, scope)                                                                         \
    list.name =                                                                                              \
        &Forward<decltype(&CK_FUNCTION_LIST::name)>::call<&CK_FUNCTION_LIST::name, fn_##name, Scope::scope>;
    CSFAULT_FUNCTIONS(CSFAULT_INSTALL)
#undef CSFAULT_INSTALL
    list.C_GetFunctionList = &::C_GetFunctionList;
    list.C_Initialize = &initialize;
    list.C_Finalize = &finalize;
    list.C_GetSlotList = &getSlotList;
    list.C_GetSlotInfo = &getSlotInfo;
    list.C_GetTokenInfo = &getTokenInfo;
    list.C_Login = &login;
    list.C_SetPIN = &setPin;
    list.C_InitPIN = &initPin;
    list.C_InitToken = &initToken;
    list.C_WaitForSlotEvent = &waitForSlotEvent;
    return true;
}

// Closes the sessions a pulled-out key had in the real module, as re-plugging a real key does.
void closeStaleSessions(const std::string& removedSerial) {
    CK_ULONG n = 0;
    if (real->C_GetSlotList(CK_TRUE, nullptr, &n) != CKR_OK)
        return;
    std::vector<CK_SLOT_ID> slots(n);
    if (real->C_GetSlotList(CK_TRUE, slots.data(), &n) != CKR_OK)
        return;
    slots.resize(n);
    for (const CK_SLOT_ID slot : slots)
        if (removedSerial.empty() || serialOfSlot(slot) == removedSerial)
            real->C_CloseAllSessions(slot);
}

} // namespace

extern "C" CSFAULT_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR functionList) {
    if (!functionList)
        return CKR_ARGUMENTS_BAD;
    {
        static std::mutex loading;
        std::lock_guard lock(loading);
        if (!real && !loadRealModule())
            return CKR_GENERAL_ERROR;
    }
    enter(fn_C_GetFunctionList, Scope::None, 0);
    *functionList = &list;
    return CKR_OK;
}

extern "C" CSFAULT_EXPORT void csfault_remove_at(const char* function, int k, const char* serial_or_null) {
    const auto index = functionIndex(function);
    if (!index) {
        std::fprintf(stderr, "countersign_faultmodule: csfault_remove_at: no PKCS#11 function %s\n",
                     function ? function : "(null)");
        return;
    }
    State& g = state();
    std::lock_guard lock(g.mutex);
    arm(g, *index, k, serial_or_null);
}

extern "C" CSFAULT_EXPORT int csfault_not_offered(const char* function, int on) {
    const auto index = functionIndex(function);
    if (!index || *index == anyFunction)
        return -1;
    State& g = state();
    std::lock_guard lock(g.mutex);
    g.notOffered[*index] = on != 0;
    return 0;
}

extern "C" CSFAULT_EXPORT void csfault_remove_now(void) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    g.armed = false;
    pullOut(g, {});
}

extern "C" CSFAULT_EXPORT void csfault_reinsert(void) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    g.armed = false;
    if (!g.removed)
        return;
    g.removed = false;
    if (g.blankPulled) {
        g.blankIn = true;
        g.blankPulled = false;
    }
    // After C_Finalize the real module has no sessions left to close.
    if (g.initialised)
        closeStaleSessions(g.removedSerial);
    keyChanged(g, g.removedSerial);
    g.removedSerial.clear();
}

extern "C" CSFAULT_EXPORT int csfault_calls(const char* function) {
    const auto index = functionIndex(function);
    if (!index)
        return -1;
    State& g = state();
    std::lock_guard lock(g.mutex);
    return *index == anyFunction ? g.totalCalls : g.calls[*index];
}

extern "C" CSFAULT_EXPORT void csfault_reset_counts(void) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    std::fill(std::begin(g.calls), std::end(g.calls), 0);
    g.totalCalls = 0;
}

extern "C" CSFAULT_EXPORT int csfault_is_removed(void) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    return g.removed ? 1 : 0;
}

extern "C" CSFAULT_EXPORT int csfault_set_latency(const char* function, const char* object_class_or_null,
                                                  int milliseconds) {
    const auto index = functionIndex(function);
    const auto objectClass = classIndex(object_class_or_null);
    if (!index || *index == anyFunction || !objectClass || milliseconds < 0) {
        std::fprintf(stderr, "countersign_faultmodule: csfault_set_latency: no latency for %s/%s\n",
                     function ? function : "(null)", object_class_or_null ? object_class_or_null : "");
        return -1;
    }
    State& g = state();
    std::lock_guard lock(g.mutex);
    if (milliseconds == 0)
        g.latencies.erase({*index, *objectClass});
    else
        g.latencies[{*index, *objectClass}] = milliseconds;
    return 0;
}

extern "C" CSFAULT_EXPORT void csfault_clear_latencies(void) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    g.latencies.clear();
}

extern "C" CSFAULT_EXPORT void csfault_slot_events(int on) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    g.slotEvents = on != 0;
    g.events.clear();
    g.changed.notify_all();
}

extern "C" CSFAULT_EXPORT void csfault_writer(int on, int blank_in) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    g.writer = on != 0;
    g.blankIn = on != 0 && blank_in != 0;
    g.blankPulled = false;
    keyChanged(g, {});
}

extern "C" CSFAULT_EXPORT int csfault_insert_blank(void) {
    State& g = state();
    std::lock_guard lock(g.mutex);
    if (!g.writer)
        return -1;
    if (g.blankIn)
        return 1;
    g.blankIn = true;
    g.blankPulled = false;
    keyChanged(g, {});
    return 0;
}
