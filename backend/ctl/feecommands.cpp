#include "backend/ctl/feecommands.h"

namespace countersign::ctl {

const char* const kFeeCommandsHelp = "";

int invoicesCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

int feesCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

int refundCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

} // namespace countersign::ctl
