#include "backend/ctl/idcardoption.h"

namespace countersign::ctl {

std::string takeIdCard(Arguments& args, const std::string& operation) {
    if (operation != "new" && operation != "replace" && operation != "unlock")
        return {};
    const auto number = args.takeOption("--id-card");
    if (!number || number->empty())
        throw UsageError("--id-card NUMBER is required for " + operation +
                         ": the number of the ID card the agent presents, compared with the letter's agent");
    return *number;
}

} // namespace countersign::ctl
