#pragma once

#include <functional>
#include <memory>
#include <string>

namespace countersign::token {

/// Slot events of a PKCS#11 module that offers a blocking C_WaitForSlotEvent (internal to token/: the token
/// thread's writer watcher). A thread of its own waits in C_WaitForSlotEvent and calls `onEvent` on that
/// thread for each event. The module must already be initialised (the KeyDevice loaded it); the waiter holds
/// its own reference to the library, so the module stays loaded while it waits.
///
/// A module offers only the non-blocking form, or none, more often than not: p11-kit's proxy and SoftHSM2
/// 2.6 answer a blocking wait with CKR_FUNCTION_NOT_SUPPORTED (and CKF_DONT_BLOCK with CKR_NO_EVENT, whatever
/// happened, in SoftHSM2's case, so that form proves nothing); openCryptoki with CKR_FUNCTION_NOT_SUPPORTED.
/// The waiter then ends and `onLost` says so: the writer is polled as before.
class SlotEvents {
public:
    /// Starts waiting when the module answers C_WaitForSlotEvent(CKF_DONT_BLOCK) with CKR_OK or
    /// CKR_NO_EVENT; null when it does not have the function or cannot be reached. `onLost` is called (on the
    /// waiter's thread) when the blocking wait is refused or the module stops answering, never after stop().
    static std::unique_ptr<SlotEvents> start(const std::string& modulePath, std::function<void()> onEvent,
                                             std::function<void()> onLost);
    ~SlotEvents(); ///< stop()s and lets the waiter go
    SlotEvents(const SlotEvents&) = delete;
    SlotEvents& operator=(const SlotEvents&) = delete;

    /// No more callbacks from now on. A blocking wait still sits in the module until C_Finalize ends it.
    void stop();
    /// Waits up to `milliseconds` for the waiter's thread to end (after C_Finalize); true when it did. When
    /// it does not, the thread is left behind with the library still loaded (never unloaded under it).
    bool finish(int milliseconds);

private:
    struct Shared;
    explicit SlotEvents(std::shared_ptr<Shared> shared);
    std::shared_ptr<Shared> m_shared;
};

} // namespace countersign::token
