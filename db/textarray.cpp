#include "db/textarray.h"

namespace countersign::db {

std::string arrayLiteral(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const auto& item : items) {
        out += out.size() > 1 ? ",\"" : "\"";
        for (const char c : item) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

} // namespace countersign::db
