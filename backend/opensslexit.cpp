#include "backend/opensslexit.h"

#include <openssl/crypto.h>

namespace countersign {

void keepOpenSslUntilExit() {
    // Only the first initialisation decides; should it fail, OpenSSL initialises itself later as usual.
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
}

} // namespace countersign
