#pragma once

// The secrets the kiosk's screens take (PINs, passwords) and the rules a PIN must meet, as the counter's door
// hands them to qml/: the screens hold a typed PIN only as a Secret (wiped when dropped) and check it against
// the key's policy before anything is sent. qml/ includes this, never token/ itself.

#include "token/pinpolicy.h"
#include "token/secret.h"

namespace countersign::counter {

using token::PinPolicy;
using token::PinProblem;
using token::pinProblemName;

} // namespace countersign::counter
