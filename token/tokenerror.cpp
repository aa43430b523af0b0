#include "token/tokenerror.h"

#include <cstdio>

#include <libp11.h>
#include <openssl/err.h>
#include <p11-kit/pkcs11.h>

namespace countersign::token {

const char* errorCodeName(TokenErrorCode code) {
    switch (code) {
    case TokenErrorCode::PinIncorrect:
        return "PinIncorrect";
    case TokenErrorCode::PinLocked:
        return "PinLocked";
    case TokenErrorCode::FinalTryNeedsConfirmation:
        return "FinalTryNeedsConfirmation";
    case TokenErrorCode::SoPinLocked:
        return "SoPinLocked";
    case TokenErrorCode::SoPinIncorrect:
        return "SoPinIncorrect";
    case TokenErrorCode::KeyRemoved:
        return "KeyRemoved";
    case TokenErrorCode::NoKey:
        return "NoKey";
    case TokenErrorCode::SeveralKeys:
        return "SeveralKeys";
    case TokenErrorCode::TokenNotRecognised:
        return "TokenNotRecognised";
    case TokenErrorCode::WriteProtected:
        return "WriteProtected";
    case TokenErrorCode::NoSpace:
        return "NoSpace";
    case TokenErrorCode::ModuleLoadFailed:
        return "ModuleLoadFailed";
    case TokenErrorCode::NotInitialised:
        return "NotInitialised";
    case TokenErrorCode::UserPinNotSet:
        return "UserPinNotSet";
    case TokenErrorCode::PinPolicy:
        return "PinPolicy";
    case TokenErrorCode::NoSuchObject:
        return "NoSuchObject";
    case TokenErrorCode::Unsupported:
        return "Unsupported";
    case TokenErrorCode::VerificationFailed:
        return "VerificationFailed";
    case TokenErrorCode::InvalidInput:
        return "InvalidInput";
    case TokenErrorCode::MasterSecret:
        return "MasterSecret";
    case TokenErrorCode::SoPinFinalTryNeedsConfirmation:
        return "SoPinFinalTryNeedsConfirmation";
    case TokenErrorCode::FactorySoPinIncorrect:
        return "FactorySoPinIncorrect";
    case TokenErrorCode::FactorySoPinNeeded:
        return "FactorySoPinNeeded";
    case TokenErrorCode::Other:
        return "Other";
    }
    return "Other";
}

namespace {

std::string buildWhat(TokenErrorCode code, const std::string& step, unsigned long ckr,
                      const std::string& detail) {
    std::string what = step + ": " + errorCodeName(code);
    if (ckr)
        what += " (" + ckrName(ckr) + ")";
    if (!detail.empty())
        what += ": " + detail;
    return what;
}

} // namespace

TokenError::TokenError(TokenErrorCode code_, std::string step_, unsigned long ckr_, PinFlags flags_,
                       std::string detail_)
    : std::runtime_error(buildWhat(code_, step_, ckr_, detail_))
    , code(code_)
    , step(std::move(step_))
    , ckr(ckr_)
    , flags(flags_)
    , detail(std::move(detail_)) {}

std::string TokenError::message(bool chinese) const {
    switch (code) {
    case TokenErrorCode::PinIncorrect:
        if (flags.finalTry)
            return chinese ? "PIN码错误。只剩最后一次机会，再错一次介质将被锁定。"
                           : "Wrong PIN. One try is left: one more wrong PIN locks the key.";
        return chinese ? "PIN码错误，请重新输入。" : "Wrong PIN. Please enter it again.";
    case TokenErrorCode::PinLocked:
        return chinese ? "PIN码已锁定。请凭授权书办理介质解锁。"
                       : "The PIN is locked. The key can be unlocked at the counter with an authorization "
                         "letter.";
    case TokenErrorCode::FinalTryNeedsConfirmation:
        return chinese ? "只剩最后一次输入机会，输错将锁定介质。请持有人确认后再输入。"
                       : "Only one try is left and a wrong PIN locks the key. The holder must confirm first.";
    case TokenErrorCode::SoPinLocked:
        return chinese ? "介质的管理员PIN已锁定，无法解锁。请为该企业办理介质补办。"
                       : "The key's SO PIN is locked, so it can't be unlocked. Replace the key instead.";
    case TokenErrorCode::SoPinIncorrect:
        return chinese ? "介质拒绝了管理员PIN：该介质可能不是本系统发行的。"
                       : "The key refused the SO PIN: it may not have been issued by this system.";
    case TokenErrorCode::KeyRemoved:
        return chinese ? "介质已被拔出。请重新插入介质后继续。"
                       : "The key was removed. Insert it again to continue.";
    case TokenErrorCode::NoKey:
        return chinese ? "写卡器中没有找到介质。请插入介质。"
                       : "No key found in the writer. Please insert the key.";
    case TokenErrorCode::SeveralKeys:
        return chinese ? "写卡器中有多个介质。请只保留要办理的介质。"
                       : "More than one key is inserted. Leave only the key being served.";
    case TokenErrorCode::TokenNotRecognised:
        return chinese ? "无法识别该介质。" : "The key is not recognised.";
    case TokenErrorCode::WriteProtected:
        return chinese ? "介质处于写保护状态。" : "The key is write-protected.";
    case TokenErrorCode::NoSpace:
        return chinese ? "介质存储空间已满。" : "The key has no space left.";
    case TokenErrorCode::ModuleLoadFailed:
        return chinese ? "无法加载写卡器驱动（PKCS#11 模块）。"
                       : "The writer's driver (PKCS#11 module) can't be loaded.";
    case TokenErrorCode::NotInitialised:
        return chinese ? "介质尚未初始化。" : "The key has not been initialised.";
    case TokenErrorCode::UserPinNotSet:
        return chinese ? "介质尚未设置PIN码。" : "The key has no PIN yet.";
    case TokenErrorCode::PinPolicy:
        if (!detail.empty())
            return chinese ? "新PIN码不符合要求：" + detail + "。"
                           : "The new PIN does not meet the PIN rules: " + detail + ".";
        return chinese ? "新PIN码不符合要求。" : "The new PIN does not meet the PIN rules.";
    case TokenErrorCode::NoSuchObject:
        return chinese ? "介质上没有找到对应的密钥或证书。"
                       : "The key pair or certificate was not found on the key.";
    case TokenErrorCode::Unsupported:
        if (!detail.empty())
            return chinese ? "该介质不支持此算法或操作：" + detail + "。"
                           : "The key does not support this algorithm or operation: " + detail + ".";
        return chinese ? "该介质不支持此算法或操作。"
                       : "The key does not support this algorithm or operation.";
    case TokenErrorCode::VerificationFailed:
        return chinese ? "介质自检失败：签名无法用写入的证书验证。"
                       : "The key's self-test failed: its signature does not verify with the written "
                         "certificate.";
    case TokenErrorCode::InvalidInput:
        return chinese ? "输入的数据无法使用。" : "The data given can't be used.";
    case TokenErrorCode::MasterSecret:
        return chinese ? "管理员PIN主密钥不可用或不安全。"
                       : "The SO PIN master secret is unavailable or unsafe.";
    case TokenErrorCode::SoPinFinalTryNeedsConfirmation:
        return chinese
                   ? "介质的管理员PIN只剩最后一次机会，失败将永久锁定介质。须经主管确认后才能继续。"
                   : "The key's SO PIN has one try left and a failure locks the key for good. A supervisor "
                     "must confirm first.";
    case TokenErrorCode::FactorySoPinIncorrect:
        return chinese
                   ? "介质拒绝了该型号登记的出厂管理员PIN（已用去一次机会）。请核对介质型号的出厂管理员PIN设"
                     "置。"
                   : "The key refused the factory SO PIN recorded for its model (one try spent). Check the "
                     "model's factory SO PIN setting.";
    case TokenErrorCode::FactorySoPinNeeded:
        return chinese
                   ? "该介质仍使用出厂管理员PIN，而其型号未登记出厂管理员PIN。请管理员先登记该型号的出厂管理"
                     "员PIN。"
                   : "The key still has its factory SO PIN and its model has none recorded. An administrator "
                     "must record the model's factory SO PIN first.";
    case TokenErrorCode::Other:
        break;
    }
    return chinese ? "介质操作失败（" + ckrName(ckr) + "）。"
                   : "The key operation failed (" + ckrName(ckr) + ").";
}

std::string ckrName(unsigned long ckr) {
    switch (ckr) {
    case CKR_OK:
        return "CKR_OK";
    case CKR_HOST_MEMORY:
        return "CKR_HOST_MEMORY";
    case CKR_SLOT_ID_INVALID:
        return "CKR_SLOT_ID_INVALID";
    case CKR_GENERAL_ERROR:
        return "CKR_GENERAL_ERROR";
    case CKR_FUNCTION_FAILED:
        return "CKR_FUNCTION_FAILED";
    case CKR_ARGUMENTS_BAD:
        return "CKR_ARGUMENTS_BAD";
    case CKR_ATTRIBUTE_VALUE_INVALID:
        return "CKR_ATTRIBUTE_VALUE_INVALID";
    case CKR_DATA_INVALID:
        return "CKR_DATA_INVALID";
    case CKR_DEVICE_ERROR:
        return "CKR_DEVICE_ERROR";
    case CKR_DEVICE_MEMORY:
        return "CKR_DEVICE_MEMORY";
    case CKR_DEVICE_REMOVED:
        return "CKR_DEVICE_REMOVED";
    case CKR_FUNCTION_NOT_SUPPORTED:
        return "CKR_FUNCTION_NOT_SUPPORTED";
    case CKR_KEY_HANDLE_INVALID:
        return "CKR_KEY_HANDLE_INVALID";
    case CKR_MECHANISM_INVALID:
        return "CKR_MECHANISM_INVALID";
    case CKR_MECHANISM_PARAM_INVALID:
        return "CKR_MECHANISM_PARAM_INVALID";
    case CKR_OBJECT_HANDLE_INVALID:
        return "CKR_OBJECT_HANDLE_INVALID";
    case CKR_OPERATION_ACTIVE:
        return "CKR_OPERATION_ACTIVE";
    case CKR_PIN_INCORRECT:
        return "CKR_PIN_INCORRECT";
    case CKR_PIN_INVALID:
        return "CKR_PIN_INVALID";
    case CKR_PIN_LEN_RANGE:
        return "CKR_PIN_LEN_RANGE";
    case CKR_PIN_EXPIRED:
        return "CKR_PIN_EXPIRED";
    case CKR_PIN_LOCKED:
        return "CKR_PIN_LOCKED";
    case CKR_SESSION_CLOSED:
        return "CKR_SESSION_CLOSED";
    case CKR_SESSION_COUNT:
        return "CKR_SESSION_COUNT";
    case CKR_SESSION_HANDLE_INVALID:
        return "CKR_SESSION_HANDLE_INVALID";
    case CKR_SESSION_READ_ONLY:
        return "CKR_SESSION_READ_ONLY";
    case CKR_SESSION_EXISTS:
        return "CKR_SESSION_EXISTS";
    case CKR_SESSION_READ_ONLY_EXISTS:
        return "CKR_SESSION_READ_ONLY_EXISTS";
    case CKR_TEMPLATE_INCOMPLETE:
        return "CKR_TEMPLATE_INCOMPLETE";
    case CKR_TEMPLATE_INCONSISTENT:
        return "CKR_TEMPLATE_INCONSISTENT";
    case CKR_TOKEN_NOT_PRESENT:
        return "CKR_TOKEN_NOT_PRESENT";
    case CKR_TOKEN_NOT_RECOGNIZED:
        return "CKR_TOKEN_NOT_RECOGNIZED";
    case CKR_TOKEN_WRITE_PROTECTED:
        return "CKR_TOKEN_WRITE_PROTECTED";
    case CKR_USER_ALREADY_LOGGED_IN:
        return "CKR_USER_ALREADY_LOGGED_IN";
    case CKR_USER_NOT_LOGGED_IN:
        return "CKR_USER_NOT_LOGGED_IN";
    case CKR_USER_PIN_NOT_INITIALIZED:
        return "CKR_USER_PIN_NOT_INITIALIZED";
    case CKR_USER_TYPE_INVALID:
        return "CKR_USER_TYPE_INVALID";
    case CKR_USER_ANOTHER_ALREADY_LOGGED_IN:
        return "CKR_USER_ANOTHER_ALREADY_LOGGED_IN";
    case CKR_BUFFER_TOO_SMALL:
        return "CKR_BUFFER_TOO_SMALL";
    case CKR_CRYPTOKI_NOT_INITIALIZED:
        return "CKR_CRYPTOKI_NOT_INITIALIZED";
    case CKR_CRYPTOKI_ALREADY_INITIALIZED:
        return "CKR_CRYPTOKI_ALREADY_INITIALIZED";
    default: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "CKR_0x%lx", ckr);
        return buf;
    }
    }
}

unsigned long takeLibp11Ckr() {
    unsigned long ckr = 0;
    const int ckrLib = ERR_get_CKR_code();
    while (const unsigned long e = ERR_get_error()) {
        if (ERR_GET_LIB(e) == ckrLib)
            ckr = ERR_GET_REASON(e);
    }
    return ckr;
}

TokenError errorFromCkr(const std::string& step, unsigned long ckr, PinFlags flags) {
    TokenErrorCode code = TokenErrorCode::Other;
    switch (ckr) {
    case CKR_PIN_INCORRECT:
        code = TokenErrorCode::PinIncorrect;
        break;
    case CKR_PIN_LOCKED:
        code = TokenErrorCode::PinLocked;
        break;
    case CKR_DEVICE_REMOVED:
    case CKR_TOKEN_NOT_PRESENT:
    case CKR_SESSION_CLOSED:
    case CKR_SESSION_HANDLE_INVALID:
        // A session handle that went invalid means the key (and its sessions) went away under us.
        code = TokenErrorCode::KeyRemoved;
        break;
    case CKR_TOKEN_NOT_RECOGNIZED:
        code = TokenErrorCode::TokenNotRecognised;
        break;
    case CKR_TOKEN_WRITE_PROTECTED:
        code = TokenErrorCode::WriteProtected;
        break;
    case CKR_DEVICE_MEMORY:
        code = TokenErrorCode::NoSpace;
        break;
    case CKR_USER_PIN_NOT_INITIALIZED:
        code = TokenErrorCode::UserPinNotSet;
        break;
    case CKR_MECHANISM_INVALID:
    case CKR_FUNCTION_NOT_SUPPORTED:
        code = TokenErrorCode::Unsupported;
        break;
    case CKR_PIN_INVALID:
    case CKR_PIN_LEN_RANGE:
        code = TokenErrorCode::PinPolicy;
        break;
    default:
        break;
    }
    return TokenError(code, step, ckr, flags);
}

} // namespace countersign::token
