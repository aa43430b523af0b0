#include "backend/ctl/arguments.h"

#include <algorithm>

namespace countersign::ctl {

bool Arguments::takeFlag(const std::string& name) {
    const auto it = std::find(m_words.begin(), m_words.end(), name);
    if (it == m_words.end())
        return false;
    m_words.erase(it);
    return true;
}

std::optional<std::string> Arguments::takeOption(const std::string& name) {
    for (auto it = m_words.begin(); it != m_words.end(); ++it) {
        if (*it == name) {
            if (it + 1 == m_words.end())
                throw UsageError(name + " needs a value");
            std::string value = *(it + 1);
            m_words.erase(it, it + 2);
            return value;
        }
        if (it->rfind(name + "=", 0) == 0) {
            std::string value = it->substr(name.size() + 1);
            m_words.erase(it);
            return value;
        }
    }
    return std::nullopt;
}

std::vector<std::string> Arguments::takeAllOptions(const std::string& name) {
    std::vector<std::string> values;
    while (auto v = takeOption(name))
        values.push_back(*v);
    return values;
}

std::optional<std::string> Arguments::takeWord() {
    for (auto it = m_words.begin(); it != m_words.end(); ++it) {
        if (it->size() > 1 && (*it)[0] == '-')
            continue;
        std::string word = *it;
        m_words.erase(it);
        return word;
    }
    return std::nullopt;
}

std::vector<std::string> Arguments::takePositionals(std::size_t count, const std::string& usage) {
    for (const auto& w : m_words) {
        if (w.size() > 1 && w[0] == '-' && w != "--")
            throw UsageError("unknown option " + w + "\nusage: " + usage);
    }
    m_words.erase(std::remove(m_words.begin(), m_words.end(), std::string("--")), m_words.end());
    if (m_words.size() != count)
        throw UsageError("usage: " + usage);
    return std::move(m_words);
}

void Arguments::expectEmpty(const std::string& usage) const {
    if (!m_words.empty())
        throw UsageError("unexpected " + m_words.front() + "\nusage: " + usage);
}

} // namespace countersign::ctl
