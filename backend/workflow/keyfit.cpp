#include "backend/workflow/internal.h"

// What the key in the writer can do, checked before anything on it changes: the key pair's algorithm (the
// certificate profile's, as the key's mechanism list and its model's record offer it) and the PIN lengths it
// and its model take.
namespace countersign::workflow {

token::PinPolicy Workflow::Impl::pinPolicyFor(const FittedKey* key) const {
    const token::PinPolicy rules = makePinPolicy(s.config);
    if (!key)
        return rules;
    const token::PinPolicy onKey = rules.within(key->info.minPinLength, key->info.maxPinLength);
    const auto& model = key->model;
    return model ? onKey.within(static_cast<std::size_t>(model->pinMin),
                                static_cast<std::size_t>(model->pinMax))
                 : onKey;
}

std::optional<token::KeyAlgorithm>
Workflow::Impl::chooseAlgorithm(const FittedKey& key, std::optional<token::KeyAlgorithm> requested,
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
    // The model's record narrows what the key's mechanism list says (a vendor's key may list more than its
    // firmware does well); what it lacks is named as the model's.
    const auto& model = key.model;
    const auto shortfall = [&](token::KeyAlgorithm a) {
        if (model && !model->algorithms.empty() &&
            std::find(model->algorithms.begin(), model->algorithms.end(), token::algorithmName(a)) ==
                model->algorithms.end())
            return "key model " + model->name + " is recorded without it";
        return token::algorithmShortfall(key.info, a);
    };
    // Asked for by name (countersignctl --alg): that one, on this key, or a refusal.
    if (requested) {
        const std::string gap = shortfall(*requested);
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
        if (shortfall(a).empty()) {
            add(checks, "key_algorithm", true, {});
            return a;
        }
    const token::KeyAlgorithm wanted = order.empty() ? token::KeyAlgorithm::Rsa2048 : order.front();
    add(checks, "key_algorithm", false,
        Phrase(QT_TRANSLATE_NOOP("Reason", "the key can't hold a %1 key pair: %2"))
            .arg(token::algorithmLabel(wanted))
            .arg(shortfall(wanted)));
    return std::nullopt;
}

} // namespace countersign::workflow
