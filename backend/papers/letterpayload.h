#pragma once

#include <optional>
#include <vector>

#include <QJsonObject>

#include "backend/papers/assistanceletter.h"
#include "backend/phrase.h"

// An assistance letter's payload (DESIGN §3.2) read from its JSON. Only backend/papers/ includes it.
namespace countersign::papers {

/// The letter the payload `obj` describes, or nullopt with what is wrong added to `problems` (every field is
/// looked at, so the operator sees all that is missing at once).
std::optional<AssistanceLetter> readLetterPayload(const QJsonObject& obj, std::vector<Phrase>& problems);

} // namespace countersign::papers
