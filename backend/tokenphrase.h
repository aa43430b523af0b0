#pragma once

#include <cstddef>

#include "backend/phrase.h"
#include "token/pinpolicy.h"
#include "token/tokenerror.h"

namespace countersign {

// The key's errors and the PIN policy's refusals as phrases the kiosk translates. The English is
// token::TokenError::message(false) and token::pinProblemMessage(…, false, …) word for word, and the Chinese
// in qml/i18n/countersign_zh_CN.ts is theirs for `true` (tests/unit/test_phrase.cpp keeps them equal): token/
// knows nothing of the UI's translations, so its own sentences stay for countersignctl and the PIN pad.
Phrase phraseOf(const token::TokenError& error);
Phrase phraseOf(token::PinProblem problem, std::size_t minLength, std::size_t maxLength);

} // namespace countersign
