#pragma once

#include <string>
#include <vector>

#include <openssl/cmp.h>

#include "backend/ca/ca.h"

// What the CMP connector's files share about failures; only backend/ca/cmp*.cpp include it.
namespace countersign::ca::cmp {

/// OpenSSL's error queue as one line (emptying it), for the CaErrors of the connector's own steps.
std::string opensslErrors();

/// OpenSSL's CMP log callback: keeps the error lines for the CmpLog of this thread.
int keepCmpErrors(const char* component, const char* file, int line, OSSL_CMP_severity level,
                  const char* msg);

/// Collects what OpenSSL's CMP client logs while one transaction runs on this thread.
class CmpLog {
public:
    CmpLog();
    ~CmpLog();
    CmpLog(const CmpLog&) = delete;
    CmpLog& operator=(const CmpLog&) = delete;
    const std::vector<std::string>& lines() const { return m_lines; }

private:
    std::vector<std::string> m_lines;
};

/// Turns a failed CMP transaction into the CaError the workflow can act on: Rejected in the CA's own words,
/// Unreachable when asking again later may work, Internal for an answer that can't be authenticated.
CaError cmpFailure(OSSL_CMP_CTX* ctx, const std::string& step, const std::string& where, const CmpLog& log);

} // namespace countersign::ca::cmp
