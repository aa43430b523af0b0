// Control functions of countersign_faultmodule, the test-only PKCS#11 module that makes SoftHSM2 behave like
// a real USB-KEY (PIN retry counters and locks, pulling the key out, slow calls, slot events). Tests dlopen()
// the module they load through PKCS#11 and dlsym() these by name; `decltype(&csfault_remove_at)` gives the
// pointer type. Test/demo only.
#pragma once

#define CSFAULT_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

/// Arms a removal: from the k-th call (1-based, counted from now) of `function` ("C_GenerateKeyPair", or "*"
/// for any function) on, the key is out. With a serial only that token goes; with NULL or "" every token
/// does.
CSFAULT_EXPORT void csfault_remove_at(const char* function, int k, const char* serial_or_null);

/// 1: `function` ("C_InitToken" …) answers CKR_FUNCTION_NOT_SUPPORTED without reaching the real module, as
/// on a vendor's module that lacks it; 0: it is offered again. Returns 0, or -1 for a name that is not a
/// function.
CSFAULT_EXPORT int csfault_not_offered(const char* function, int on);

/// The key (every token) is pulled out right now.
CSFAULT_EXPORT void csfault_remove_now(void);

/// Puts the key back and disarms. Sessions opened before the removal are closed in the real module, so
/// callers must open new ones, as after re-plugging a real key.
CSFAULT_EXPORT void csfault_reinsert(void);

/// How many times `function` ("*": all functions together) was called since the last csfault_reset_counts();
/// -1 for a name that is not a PKCS#11 2.40 function.
CSFAULT_EXPORT int csfault_calls(const char* function);

CSFAULT_EXPORT void csfault_reset_counts(void);

/// 1 while a key is out.
CSFAULT_EXPORT int csfault_is_removed(void);

/// Calls of `function` take `milliseconds` from now on (0: no latency), as a real key's do: key generation
/// 8000, a certificate's C_CreateObject 1500, C_Login 300. With `object_class` ("data", "certificate",
/// "public", "private", "secret") only calls whose template names that CKA_CLASS (C_CreateObject,
/// C_FindObjectsInit …); with NULL or "" every call, unless a class-specific latency applies. A key pulled
/// out while a slow call on it waits fails that call at once (CKR_DEVICE_REMOVED / CKR_TOKEN_NOT_PRESENT), as
/// a real key would; C_Finalize ends the wait. Returns 0, or -1 for a name that is not a function or class.
CSFAULT_EXPORT int csfault_set_latency(const char* function, const char* object_class, int milliseconds);

/// No call takes extra time.
CSFAULT_EXPORT void csfault_clear_latencies(void);

/// 1: the module offers C_WaitForSlotEvent (blocking, or with CKF_DONT_BLOCK) and reports each key pulled
/// out or put back as one slot event; a blocking wait returns CKR_CRYPTOKI_NOT_INITIALIZED when C_Finalize
/// is called. 0 (the default): the call goes to the real module (SoftHSM2 answers
/// CKR_FUNCTION_NOT_SUPPORTED). Pending events are dropped.
CSFAULT_EXPORT void csfault_slot_events(int on);

/// The module acts as a key writer (on) or not (off, the default unless CSFAULT_WRITER says so): SoftHSM2's
/// free slot, an uninitialised token, is a blank key in the writer only while one is put in; `blank_in`: one
/// is in now. C_InitToken on it makes it a key of its own, and the next free slot stays out.
CSFAULT_EXPORT void csfault_writer(int on, int blank_in);

/// Puts a fresh blank key in the writer (SoftHSM2's free slot shows): 0; 1 when one is in already; -1 when
/// the module is not acting as a writer. A removal of every key takes it out too, a reinsert puts it back.
CSFAULT_EXPORT int csfault_insert_blank(void);

#ifdef __cplusplus
}
#endif
