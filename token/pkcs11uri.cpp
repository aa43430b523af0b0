#include "token/pkcs11uri.h"

#include <set>
#include <stdexcept>

namespace countersign::token {

namespace {

std::string percentDecode(const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size())
            throw std::invalid_argument("bad percent escape in PKCS#11 URI");
        const std::string hex = in.substr(i + 1, 2);
        std::size_t used = 0;
        const int value = std::stoi(hex, &used, 16);
        if (used != 2)
            throw std::invalid_argument("bad percent escape in PKCS#11 URI");
        out.push_back(static_cast<char>(value));
        i += 2;
    }
    return out;
}

} // namespace

Pkcs11Uri Pkcs11Uri::parse(const std::string& text) {
    static const std::string scheme = "pkcs11:";
    static const std::set<std::string> known = {"token",
                                                "manufacturer",
                                                "serial",
                                                "model",
                                                "slot-description",
                                                "slot-manufacturer",
                                                "slot-id",
                                                "library-description",
                                                "library-manufacturer",
                                                "library-version",
                                                "id",
                                                "object",
                                                "type"};
    Pkcs11Uri uri;
    if (text.empty())
        return uri;
    if (text.compare(0, scheme.size(), scheme) != 0)
        throw std::invalid_argument("a PKCS#11 URI starts with pkcs11:");
    const std::string path = text.substr(scheme.size(), text.find('?') - scheme.size());
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = path.find(';', start);
        const std::string part = path.substr(start, end - start);
        if (!part.empty()) {
            const std::size_t eq = part.find('=');
            if (eq == std::string::npos)
                throw std::invalid_argument("PKCS#11 URI attribute without a value: " + part);
            const std::string name = part.substr(0, eq);
            if (!known.count(name))
                throw std::invalid_argument("unknown PKCS#11 URI attribute: " + name);
            uri.m_attributes[name] = percentDecode(part.substr(eq + 1));
        }
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return uri;
}

bool Pkcs11Uri::matches(const char* name, const std::string& value) const {
    const auto it = m_attributes.find(name);
    return it == m_attributes.end() || it->second == value;
}

bool Pkcs11Uri::matchesSlot(const std::string& description, const std::string& manufacturer,
                            unsigned long slotId) const {
    return matches("slot-description", description) && matches("slot-manufacturer", manufacturer) &&
           matches("slot-id", std::to_string(slotId));
}

bool Pkcs11Uri::matchesToken(const std::string& label, const std::string& manufacturer,
                             const std::string& serial, const std::string& model) const {
    return matches("token", label) && matches("manufacturer", manufacturer) && matches("serial", serial) &&
           matches("model", model);
}

} // namespace countersign::token
