#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/phrase.h"

namespace countersign {

/// The five counter operations (DESIGN §2). Stored, printed and sent as their codes: "NEW", "RENEW",
/// "UPGRADE", "REPLACE", "UNLOCK" (operationCode / parseOperation are the one mapping).
enum class Operation { New, Renew, Upgrade, Replace, Unlock };

/// "NEW" … "UNLOCK": the code the database, the audit log and the receipt carry.
const char* operationCode(Operation operation);
/// The operation of a code, in either case ("UNLOCK", "unlock"); nothing for any other text.
std::optional<Operation> parseOperation(std::string_view code);
/// The code as a translatable word ("Reason" context), for lines the kiosk shows.
Phrase operationPhrase(const std::string& code);

/// One step the kiosk shows while the key is worked on, and the transaction state that ends it.
struct OperationStep {
    const char* id;     ///< revoke, initialise, unlock, generate, request, write, verify, complete
    const char* endsAt; ///< the state the workflow commits once the step is done
};

/// The steps of `operation`, in the order the workflow runs them.
std::vector<OperationStep> operationSteps(Operation operation);

/// Where `state` lies on the way a transaction goes (started, papers_checked, fee_recorded, key_initialised,
/// key_generated, cert_issued, cert_written, verified, completed): a step whose end state ranks at or below
/// the transaction's is done. -1 for a state off that way (failed, compensated, …).
int stateRank(std::string_view state);

} // namespace countersign
