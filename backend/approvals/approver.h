#pragma once

#include "backend/auth/login.h"

// A plain value without the database, so the kiosk's screens can hold an approval until the work it approves
// runs (backend/approvals/approvals.h makes and spends it).
namespace countersign::approvals {

/// A supervisor who approves at this counter: who, and the session their password opened for the approval
/// (5 minutes; spent by the approvals of one operation) — the database takes the person from it.
struct Approver {
    auth::StaffIdentity staff;
    auth::SessionToken session;
};

} // namespace countersign::approvals
