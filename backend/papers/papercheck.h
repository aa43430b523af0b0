#pragma once

#include <string>
#include <vector>

#include "backend/identifiers/date.h"
#include "backend/operation.h"
#include "backend/phrase.h"

namespace countersign::papers {

/// The five counter operations (DESIGN §2): backend/operation.h.
using countersign::Operation;

/// One check of the papers: what was checked, whether it passed, and why not in words a person can act on.
struct PaperCheck {
    std::string id;
    bool passed = false;
    std::string reason; ///< English (why.english()); empty when passed
    Phrase why;         ///< the reason, for the UI to translate; empty when passed
};

/// Every check of a set of papers, passed or not, in the order the operator reads them.
struct PaperReport {
    std::vector<PaperCheck> checks;
    bool ok() const;
    /// The ids of the checks that failed.
    std::vector<std::string> failed() const;
};

/// The enterprise's authorization letter (授权书, DESIGN §3.1), as typed or scanned at the counter.
struct AuthorizationLetter {
    std::string companyName;
    std::string companyId; ///< USCC, or a legacy 15/20-character taxpayer ID
    std::string agentName;
    std::string agentIdNo;
    std::string agentMobile;
    bool replaceTicked = false; ///< business type 补办
    bool unlockTicked = false;  ///< business type 解锁
    Date validFrom;
    Date validTo;
    Date letterDate;
    bool sealConfirmed = false; ///< the operator saw the seal and it matches the company name
};

/// Checks an authorization letter for `operation` on `today`. `certificateUscc` is the USCC in the
/// certificate the letter is about — on the presented key (unlock, damaged key) or on record (lost key);
/// empty when there is none. Every check is reported, not only the first failure.
PaperReport checkAuthorizationLetter(const AuthorizationLetter& letter, Operation operation, Date today,
                                     const std::string& certificateUscc);

} // namespace countersign::papers
