#include "backend/workflow/internal.h"

// What the key in the writer can do, checked before anything on it changes: the key pair's algorithm (the
// certificate profile's, as the key's mechanism list offers it) and the PIN lengths it takes.
namespace countersign::workflow {

token::PinPolicy Workflow::Impl::pinPolicyFor(const token::TokenInfo* key) const {
    const token::PinPolicy rules = makePinPolicy(s.config);
    return key ? rules.within(key->minPinLength, key->maxPinLength) : rules;
}

std::optional<token::KeyAlgorithm>
Workflow::Impl::chooseAlgorithm(const token::TokenInfo& key, std::optional<token::KeyAlgorithm> requested,
                                std::optional<token::KeyAlgorithm> keep, std::vector<Check>& checks) const {
    std::vector<token::KeyAlgorithm> allowed;
    for (const QString& name : s.config.keyAlgorithms) {
        token::KeyAlgorithm a{};
        if (token::parseAlgorithm(name.toStdString(), a))
            allowed.push_back(a);
    }
    const auto isAllowed = [&](token::KeyAlgorithm a) {
        return std::find(allowed.begin(), allowed.end(), a) != allowed.end();
    };
    // Asked for by name (countersignctl --alg): that one, on this key, or a refusal.
    if (requested) {
        const std::string gap = token::algorithmShortfall(key, *requested);
        add(checks, "key_algorithm", gap.empty(),
            Phrase(QT_TRANSLATE_NOOP("Reason", "the key can't hold a %1 key pair: %2"))
                .arg(token::algorithmLabel(*requested))
                .arg(gap));
        return requested;
    }
    std::vector<token::KeyAlgorithm> order;
    if (keep && isAllowed(*keep))
        order.push_back(*keep);
    order.insert(order.end(), allowed.begin(), allowed.end());
    for (const token::KeyAlgorithm a : order)
        if (token::algorithmShortfall(key, a).empty()) {
            add(checks, "key_algorithm", true, {});
            return a;
        }
    const token::KeyAlgorithm wanted = order.empty() ? token::KeyAlgorithm::Rsa2048 : order.front();
    add(checks, "key_algorithm", false,
        Phrase(QT_TRANSLATE_NOOP("Reason", "the key can't hold a %1 key pair: %2"))
            .arg(token::algorithmLabel(wanted))
            .arg(token::algorithmShortfall(key, wanted)));
    return std::nullopt;
}

} // namespace countersign::workflow
