#pragma once

#include <map>
#include <string>

namespace countersign::token {

/// The path attributes of a PKCS#11 URI (RFC 7512) that select a writer's slot or token, e.g.
/// "pkcs11:slot-description=ACS%20ACR38U;manufacturer=Feitian". Query attributes (pin-value …) are ignored:
/// PINs never come from configuration.
class Pkcs11Uri {
public:
    Pkcs11Uri() = default;
    /// Throws std::invalid_argument for text that is not a pkcs11: URI or has unknown path attributes.
    static Pkcs11Uri parse(const std::string& text);

    bool empty() const { return m_attributes.empty(); }
    bool matchesSlot(const std::string& description, const std::string& manufacturer,
                     unsigned long slotId) const;
    bool matchesToken(const std::string& label, const std::string& manufacturer, const std::string& serial,
                      const std::string& model) const;

private:
    bool matches(const char* name, const std::string& value) const;
    std::map<std::string, std::string> m_attributes;
};

} // namespace countersign::token
