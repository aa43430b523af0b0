#pragma once

#include <array>
#include <string>

// The scans an operation keeps as evidence (DESIGN §3.1, §3.3): the letter, the agent's ID card front
// (人像面) and back (国徽面). Their names in the configuration ([scanner] required_scans_<operation>) and the
// evidence kinds the database stores them as (the scans migration).
namespace countersign {

struct ScanKind {
    const char* name;         ///< in the configuration: letter, id_front, id_back
    const char* evidenceKind; ///< countersign.evidence.kind
    const char* description;  ///< English, for messages: "the letter's scan"
};

inline constexpr std::array<ScanKind, 3> kScanKinds{{
    {"letter", "letter_scan", "the letter's scan"},
    {"id_front", "id_card_scan", "the scan of the ID card's front"},
    {"id_back", "id_card_back_scan", "the scan of the ID card's back"},
}};

/// The scan of this configuration name or evidence kind; nullptr when there is none.
inline const ScanKind* findScanKind(const std::string& nameOrKind) {
    for (const auto& k : kScanKinds)
        if (nameOrKind == k.name || nameOrKind == k.evidenceKind)
            return &k;
    return nullptr;
}

} // namespace countersign
