#pragma once

#include <memory>
#include <string>

#include "backend/config.h"

namespace countersign::counter {

/// Whether the configured CA answers, as the kiosk's status bar shows it. Meant for a thread of its own (a
/// CMP call may take up to [cmp] total_timeout, which the database thread must not wait for): it keeps its
/// own database connection and the CA between checks (the built-in CA reads its key, perhaps from a token,
/// when it is set up) and starts over after any failure. One thread uses it at a time.
class CaStatus {
public:
    enum class State {
        Up,                  ///< the CA answered
        Down,                ///< it could not be set up or reached; `reason` says why
        DatabaseUnreachable, ///< the database it journals to cannot be reached
    };
    struct Check {
        State state = State::Up;
        std::string reason;
    };

    /// `config` is copied; nothing is opened before the first check().
    explicit CaStatus(AppConfig config);
    ~CaStatus();
    CaStatus(const CaStatus&) = delete;
    CaStatus& operator=(const CaStatus&) = delete;

    Check check();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace countersign::counter
