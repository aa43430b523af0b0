#include "backend/ca/cmpfailure.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include <openssl/err.h>
#include <openssl/http.h>

namespace countersign::ca::cmp {

namespace {

/// One entry of OpenSSL's error queue, kept with its library and reason so that failures can be classified.
struct OpensslError {
    int lib = 0;
    int reason = 0;
    std::string text;
};

std::vector<OpensslError> takeErrors() {
    std::vector<OpensslError> out;
    const char* data = nullptr;
    int flags = 0;
    while (const unsigned long e = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        OpensslError err{ERR_GET_LIB(e), ERR_GET_REASON(e), {}};
        if (const char* reason = ERR_reason_error_string(e)) {
            err.text = reason;
        } else {
            char buf[256];
            ERR_error_string_n(e, buf, sizeof buf);
            err.text = buf;
        }
        if (data && *data && (flags & ERR_TXT_STRING))
            err.text += std::string(": ") + data;
        out.push_back(std::move(err));
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts)
        if (!p.empty() && out.find(p) == std::string::npos)
            out += (out.empty() ? "" : "; ") + p;
    return out.empty() ? "no further detail from OpenSSL" : out;
}

// OpenSSL's CMP log callback has no user argument, so the transaction running on this thread says where its
// lines go. Only errors are kept: the CMP client moves the error queue into the log before each message it
// sends, and those entries would otherwise be lost from the failure's description.
thread_local std::vector<std::string>* t_cmpLog = nullptr;

bool hasError(const std::vector<OpensslError>& errors, int lib, int reason = -1) {
    return std::any_of(errors.begin(), errors.end(), [&](const OpensslError& e) {
        return e.lib == lib && (reason < 0 || e.reason == reason);
    });
}

constexpr int kProtectionFailures[] = {CMP_R_ERROR_VALIDATING_PROTECTION,   CMP_R_WRONG_PBM_VALUE,
                                       CMP_R_NO_SUITABLE_SENDER_CERT,       CMP_R_MISSING_PROTECTION,
                                       CMP_R_SRVCERT_DOES_NOT_VALIDATE_MSG, CMP_R_MISSING_TRUST_STORE};

} // namespace

std::string opensslErrors() {
    std::vector<std::string> texts;
    for (auto& e : takeErrors())
        texts.push_back(std::move(e.text));
    return joined(texts);
}

int keepCmpErrors(const char*, const char*, int, OSSL_CMP_severity level, const char* msg) {
    if (t_cmpLog && msg && level <= OSSL_CMP_LOG_ERR)
        t_cmpLog->emplace_back(msg);
    return 1;
}

CmpLog::CmpLog() {
    // Leftovers from earlier calls on this thread would be mistaken for this transaction's errors.
    ERR_clear_error();
    t_cmpLog = &m_lines;
}

CmpLog::~CmpLog() {
    t_cmpLog = nullptr;
}

CaError cmpFailure(OSSL_CMP_CTX* ctx, const std::string& step, const std::string& where, const CmpLog& log) {
    const auto errors = takeErrors();
    std::vector<std::string> texts = log.lines();
    for (const auto& e : errors)
        texts.push_back(e.text);
    const std::string detail = joined(texts);

    // The CA answered and said no: its own words are what the operator needs.
    if (OSSL_CMP_CTX_get_status(ctx) == OSSL_CMP_PKISTATUS_rejection ||
        hasError(errors, ERR_LIB_CMP, CMP_R_RECEIVED_ERROR) ||
        hasError(errors, ERR_LIB_CMP, CMP_R_REQUEST_REJECTED_BY_SERVER)) {
        char buf[OSSL_CMP_PKISI_BUFLEN];
        const char* words = OSSL_CMP_CTX_snprint_PKIStatus(ctx, buf, sizeof buf);
        return CaError(CaErrorCode::Rejected, words && *words ? std::string(words) : detail);
    }
    // No answer, a timeout, or an HTTP-level failure: asking again later may work.
    if (hasError(errors, ERR_LIB_HTTP) || hasError(errors, ERR_LIB_BIO) || hasError(errors, ERR_LIB_SYS) ||
        hasError(errors, ERR_LIB_CMP, CMP_R_TRANSFER_ERROR) ||
        hasError(errors, ERR_LIB_CMP, CMP_R_TOTAL_TIMEOUT))
        return CaError(CaErrorCode::Unreachable,
                       step + ": no answer from the CA at " + where + ": " + detail);
    // An answer we cannot authenticate: a configuration fault here or at the CA, not something to retry.
    const bool unauthenticated =
        std::any_of(std::begin(kProtectionFailures), std::end(kProtectionFailures),
                    [&](int reason) { return hasError(errors, ERR_LIB_CMP, reason); });
    if (unauthenticated) {
        const std::string hint = "the CA's answer could not be authenticated (check the trusted certificates "
                                 "and the shared secret)";
        return CaError(CaErrorCode::Internal, step + ": " + hint + ": " + detail);
    }
    return CaError(CaErrorCode::Internal, step + ": " + detail);
}

} // namespace countersign::ca::cmp
