#include "backend/ca/ca.h"

namespace countersign::ca {

const char* caErrorName(CaErrorCode code) {
    switch (code) {
    case CaErrorCode::Unreachable:
        return "Unreachable";
    case CaErrorCode::Rejected:
        return "Rejected";
    case CaErrorCode::CsrInvalid:
        return "CsrInvalid";
    case CaErrorCode::ProfileViolation:
        return "ProfileViolation";
    case CaErrorCode::NotFound:
        return "NotFound";
    case CaErrorCode::NotSupported:
        return "NotSupported";
    case CaErrorCode::Internal:
        return "Internal";
    }
    return "Internal";
}

CaError::CaError(CaErrorCode code_, std::string reason_)
    : std::runtime_error(std::string(caErrorName(code_)) + ": " + reason_)
    , code(code_)
    , reason(std::move(reason_)) {}

namespace {
struct ReasonName {
    RevocationReason reason;
    const char* name;
};
constexpr ReasonName kReasons[] = {
    {RevocationReason::Unspecified, "unspecified"},
    {RevocationReason::KeyCompromise, "keyCompromise"},
    {RevocationReason::CaCompromise, "cACompromise"},
    {RevocationReason::AffiliationChanged, "affiliationChanged"},
    {RevocationReason::Superseded, "superseded"},
    {RevocationReason::CessationOfOperation, "cessationOfOperation"},
    {RevocationReason::CertificateHold, "certificateHold"},
    {RevocationReason::PrivilegeWithdrawn, "privilegeWithdrawn"},
    {RevocationReason::AaCompromise, "aACompromise"},
};
} // namespace

const char* reasonName(RevocationReason reason) {
    for (const auto& r : kReasons)
        if (r.reason == reason)
            return r.name;
    return "unspecified";
}

std::optional<RevocationReason> parseReason(const std::string& name) {
    for (const auto& r : kReasons)
        if (name == r.name)
            return r.reason;
    return std::nullopt;
}

} // namespace countersign::ca
