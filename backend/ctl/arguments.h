#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace countersign::ctl {

/// A command-line mistake: printed with the usage hint, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The words after the command name. Options are taken out by name; what is left must be the expected
/// positional arguments, and anything else is a usage error.
class Arguments {
public:
    explicit Arguments(std::vector<std::string> words)
        : m_words(std::move(words)) {}

    bool takeFlag(const std::string& name);
    /// "--name VALUE" or "--name=VALUE"; a missing value is a usage error.
    std::optional<std::string> takeOption(const std::string& name);
    std::vector<std::string> takeAllOptions(const std::string& name);
    /// The next word that is not an option, if any.
    std::optional<std::string> takeWord();
    /// Fails with a usage error when exactly `count` positional words are not all that is left.
    std::vector<std::string> takePositionals(std::size_t count, const std::string& usage);
    void expectEmpty(const std::string& usage) const;

private:
    std::vector<std::string> m_words;
};

} // namespace countersign::ctl
