#pragma once

#include <string>

#include <pqxx/connection>

#include "db/transactionstore.h"

namespace countersign::test {

/// What a NEW's papers step records (db::TransactionStore::recordPapers) for the scanned assistance letter
/// 11201010000/`letterNo` of CounterFixture's enterprise and agent, signed by a DEMO tax office of this test
/// process (the database checks that the letter's signer is registered: registerNewPapersSigner).
db::PapersRecord newPapers(const std::string& letterNo);

/// Signs `letter` again as newPapers' office, after a test changed its fields: its JWS says what they say.
void signNewPapersLetter(db::AssistanceLetterRecord& letter);

/// Registers the signer of newPapers' letters for office 11201010000, as the owner's set-up does
/// (`owner`: TestDatabase::connect()); again is harmless.
void registerNewPapersSigner(pqxx::connection& owner);

} // namespace countersign::test
