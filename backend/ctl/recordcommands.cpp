#include "backend/ctl/recordcommands.h"

namespace countersign::ctl {

const char* const kRecordCommandsHelp = "";

int auditCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

int receiptCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

int stockCommand(Context&, Arguments&) {
    throw UsageError("not implemented yet");
}

} // namespace countersign::ctl
