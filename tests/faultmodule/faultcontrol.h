// Control functions of countersign_faultmodule, the test-only PKCS#11 module that makes SoftHSM2 behave like
// a real USB-KEY (PIN retry counters and locks, pulling the key out). Tests dlopen() the module they load
// through PKCS#11 and dlsym() these by name; `decltype(&csfault_remove_at)` gives the pointer type. Test/demo
// only.
#pragma once

#define CSFAULT_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

/// Arms a removal: from the k-th call (1-based, counted from now) of `function` ("C_GenerateKeyPair", or "*"
/// for any function) on, the key is out. With a serial only that token goes; with NULL or "" every token
/// does.
CSFAULT_EXPORT void csfault_remove_at(const char* function, int k, const char* serial_or_null);

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

#ifdef __cplusplus
}
#endif
