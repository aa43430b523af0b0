#pragma once

#include <stdexcept>
#include <string>

#include "backend/papers/assistanceletter.h"
#include "backend/papers/papercheck.h"

namespace countersign::papers {

/// A letter file (countersignctl's --letter-json, --hand-entered) that is not what it must be: not a JSON
/// object, a field of the wrong type, a date that isn't YYYY-MM-DD, an unknown business type. The message
/// names the field.
class LetterJsonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The authorization letter (授权书) as a JSON object: company_name, company_id, agent_name, agent_id,
/// agent_mobile (text), business (["REPLACE" | "补办", "UNLOCK" | "解锁"]), valid_from, valid_to, date
/// (YYYY-MM-DD), seal_confirmed (true/false). Only reads it: checkAuthorizationLetter judges it.
AuthorizationLetter authorizationLetterFromJson(const std::string& json);

/// A hand-entered assistance letter (the tax office's letter typed in when its QR can't be read): no, office,
/// officeName, uscc, org, agent {name, idNo}, issued, expires (YYYY-MM-DD), biz ([codes]). Only reads it.
AssistanceLetter handEnteredLetterFromJson(const std::string& json);

} // namespace countersign::papers
