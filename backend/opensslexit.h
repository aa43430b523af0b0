#pragma once

namespace countersign {

/// Called first in a program's main(), before anything uses OpenSSL: OpenSSL then keeps its state until the
/// process ends instead of freeing it in its atexit handler. That handler deletes OpenSSL's thread-local key,
/// so a thread that used OpenSSL (a pool worker that signed or decoded, the token thread) and ends after it
/// never frees its error queue and random generator — leaks LeakSanitizer reported at exit now and then (the
/// kiosk's --screenshot, a kiosk test), depending on which came first. The system frees it all at exit
/// anyway.
void keepOpenSslUntilExit();

} // namespace countersign
