#include "backend/ctl/workflowcommands.h"

namespace countersign::ctl {

const char* const kWorkflowCommandsHelp = "";

int operationCommand(Context&, Arguments&, const std::string&) {
    throw UsageError("not implemented yet");
}

int recoverCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

int transactionCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

} // namespace countersign::ctl
