#include "backend/operation.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace countersign {

namespace {

constexpr std::array<const char*, 5> kCodes = {"NEW", "RENEW", "UPGRADE", "REPLACE", "UNLOCK"};

} // namespace

const char* operationCode(Operation operation) {
    return kCodes[static_cast<std::size_t>(operation)];
}

std::optional<Operation> parseOperation(std::string_view code) {
    std::string upper(code);
    for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto it = std::find(kCodes.begin(), kCodes.end(), upper);
    if (it == kCodes.end())
        return std::nullopt;
    return static_cast<Operation>(it - kCodes.begin());
}

Phrase operationPhrase(const std::string& code) {
    return Phrase::word(code, {QT_TRANSLATE_NOOP("Reason", "NEW"), QT_TRANSLATE_NOOP("Reason", "RENEW"),
                               QT_TRANSLATE_NOOP("Reason", "UPGRADE"), QT_TRANSLATE_NOOP("Reason", "REPLACE"),
                               QT_TRANSLATE_NOOP("Reason", "UNLOCK")});
}

std::vector<OperationStep> operationSteps(Operation operation) {
    switch (operation) {
    case Operation::Unlock:
        return {{"unlock", "key_initialised"}, {"verify", "verified"}, {"complete", "completed"}};
    case Operation::Renew:
    case Operation::Upgrade:
        return {{"generate", "key_generated"},
                {"request", "cert_issued"},
                {"write", "cert_written"},
                {"verify", "verified"},
                {"complete", "completed"}};
    case Operation::New:
    case Operation::Replace:
        break;
    }
    std::vector<OperationStep> steps;
    if (operation == Operation::Replace)
        steps.push_back({"revoke", "key_initialised"});
    for (const OperationStep& s :
         {OperationStep{"initialise", "key_initialised"}, OperationStep{"generate", "key_generated"},
          OperationStep{"request", "cert_issued"}, OperationStep{"write", "cert_written"},
          OperationStep{"verify", "verified"}, OperationStep{"complete", "completed"}})
        steps.push_back(s);
    return steps;
}

int stateRank(std::string_view state) {
    static constexpr std::array<std::string_view, 9> order = {
        "started",     "papers_checked", "fee_recorded", "key_initialised", "key_generated",
        "cert_issued", "cert_written",   "verified",     "completed"};
    const auto it = std::find(order.begin(), order.end(), state);
    return it == order.end() ? -1 : static_cast<int>(it - order.begin());
}

} // namespace countersign
