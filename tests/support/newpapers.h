#pragma once

#include <string>

#include "db/transactionstore.h"

namespace countersign::test {

/// What a NEW's papers step records (db::TransactionStore::recordPapers) for the scanned assistance letter
/// 11201010000/`letterNo` of CounterFixture's enterprise and agent (the database does not check a JWS:
/// "jws").
db::PapersRecord newPapers(const std::string& letterNo);

} // namespace countersign::test
