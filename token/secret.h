#pragma once

#include <string>
#include <string_view>

#include <openssl/crypto.h>

namespace countersign {

/// A PIN or password in memory: move-only, wiped with OPENSSL_cleanse when it goes away. Never log it.
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string_view text)
        : m_text(text) {}
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;
    // A move copies and then wipes the source: moving a short std::string leaves its characters behind in the
    // source's small-string buffer, where wipe() (which only sees size()) would never reach them.
    Secret(Secret&& other) noexcept
        : m_text(other.m_text) {
        other.wipe();
    }
    Secret& operator=(Secret&& other) noexcept {
        if (this != &other) {
            wipe();
            m_text = other.m_text;
            other.wipe();
        }
        return *this;
    }
    ~Secret() { wipe(); }

    /// Wipes `source` after copying it, for buffers the caller no longer needs.
    static Secret take(std::string& source) {
        Secret s{source};
        OPENSSL_cleanse(source.data(), source.size());
        source.clear();
        return s;
    }

    std::string_view view() const { return m_text; }
    const char* c_str() const { return m_text.c_str(); }
    std::size_t size() const { return m_text.size(); }
    bool empty() const { return m_text.empty(); }

    void wipe() noexcept {
        if (!m_text.empty())
            OPENSSL_cleanse(m_text.data(), m_text.size());
        m_text.clear();
    }

private:
    std::string m_text;
};

} // namespace countersign
