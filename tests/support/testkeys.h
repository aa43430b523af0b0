#pragma once

#include <functional>
#include <memory>
#include <string>

#include "token/sopin.h"
#include "token/tokenerror.h"

namespace countersign::test {

/// An SO PIN deriver over a master secret given in the test (never a file's).
std::shared_ptr<const token::SoPinDeriver>
testDeriver(const std::string& master = "test master secret, 32 bytes long!!", int version = 1);

/// Runs `f` and returns the code of the TokenError it throws; fails the test when it throws none.
token::TokenErrorCode tokenErrorOf(const std::function<void()>& f);
/// The same, the whole error (step, CKR_*, PIN flags, detail).
token::TokenError tokenErrorFrom(const std::function<void()>& f);

} // namespace countersign::test
