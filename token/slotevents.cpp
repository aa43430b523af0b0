#include "token/slotevents.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <dlfcn.h>
#include <p11-kit/pkcs11.h>

#include "token/pkcs11session.h"

namespace countersign::token {

// What the waiter's thread and its owner share; the thread holds it too, so a thread left behind in a module
// that ignores C_Finalize never reads freed memory.
struct SlotEvents::Shared {
    void* library = nullptr; // our reference: the module stays loaded while the thread may be in it
    CK_FUNCTION_LIST_PTR functions = nullptr;

    std::mutex mutex;
    std::condition_variable changed;
    bool stopped = false;
    bool ended = false;
    std::function<void()> onEvent, onLost; // called with `mutex` held, so stop() waits for a running one

    std::thread thread;

    ~Shared() {
        if (library)
            ::dlclose(library);
    }

    void notify(const std::function<void()>& callback) {
        std::lock_guard lock(mutex);
        if (!stopped && callback)
            callback();
    }

    void run() {
        for (;;) {
            CK_SLOT_ID slot = 0;
            if (functions->C_WaitForSlotEvent(0, &slot, nullptr) != CKR_OK)
                break; // CKR_FUNCTION_NOT_SUPPORTED; CKR_CRYPTOKI_NOT_INITIALIZED after C_Finalize; a failure
            notify(onEvent);
        }
        notify(onLost);
        std::lock_guard lock(mutex);
        ended = true;
        changed.notify_all();
    }
};

SlotEvents::SlotEvents(std::shared_ptr<Shared> shared)
    : m_shared(std::move(shared)) {}

std::unique_ptr<SlotEvents> SlotEvents::start(const std::string& modulePath, std::function<void()> onEvent,
                                              std::function<void()> onLost) {
    auto shared = std::make_shared<Shared>();
    // The library the KeyDevice loaded and initialised (dlopen gives the loaded instance).
    shared->library = ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (!shared->library)
        return nullptr;
    auto getList = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(shared->library, "C_GetFunctionList"));
    if (!getList || getList(&shared->functions) != CKR_OK || !shared->functions ||
        !shared->functions->C_WaitForSlotEvent)
        return nullptr;
    // p11-kit's proxy hands out a new, uninitialised instance at every C_GetFunctionList, and crashes when
    // one is asked for slot events before C_Initialize. Such an instance would need its own C_Finalize to end
    // a blocking wait, and the proxy refuses the blocking wait anyway: poll instead.
    const CK_RV init = initialiseInstance(shared->functions);
    if (init == CKR_OK)
        shared->functions->C_Finalize(nullptr);
    if (init != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        return nullptr;
    CK_SLOT_ID slot = 0;
    const CK_RV probe = shared->functions->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr);
    if (probe != CKR_OK && probe != CKR_NO_EVENT)
        return nullptr;
    shared->onEvent = std::move(onEvent);
    shared->onLost = std::move(onLost);
    shared->thread = std::thread([s = shared] { s->run(); });
    return std::unique_ptr<SlotEvents>(new SlotEvents(std::move(shared)));
}

SlotEvents::~SlotEvents() {
    stop();
    finish(0);
}

void SlotEvents::stop() {
    std::lock_guard lock(m_shared->mutex);
    m_shared->stopped = true;
    m_shared->changed.notify_all();
}

bool SlotEvents::finish(int milliseconds) {
    if (!m_shared->thread.joinable())
        return true;
    bool ended = false;
    {
        std::unique_lock lock(m_shared->mutex);
        ended = m_shared->changed.wait_for(lock, std::chrono::milliseconds(milliseconds),
                                           [this] { return m_shared->ended; });
    }
    if (ended) {
        m_shared->thread.join();
        return true;
    }
    // Still in the module: the thread keeps Shared, and with it our reference to the library, for as long as
    // it waits, so the module is never unloaded under it.
    m_shared->thread.detach();
    return false;
}

} // namespace countersign::token
