#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <QJsonObject>
#include <QString>

#include <pqxx/connection>

#include "backend/config.h"
#include "token/secret.h"

namespace countersign::ctl {

/// The environment is not usable (configuration, database, module): exit status 3.
class EnvironmentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The request is refused or invalid: exit status 1.
class Refused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What every command gets: the configuration and how to print.
struct Context {
    AppConfig config;
    bool json = false;

    std::unique_ptr<pqxx::connection> connect() const;
    /// Prints `object` as JSON with --json, else `text` and a newline.
    void print(const QJsonObject& object, const std::string& text) const;
};

QString q(const std::string& s);
std::string compact(const QJsonObject& o);

/// The whole of a file the command was given; Refused naming it when it can't be read.
std::string readFile(const std::string& path);

/// A secret from the file descriptor named by the value of option `fdOption` when it was given, else from the
/// terminal (echo off) — asked twice when `confirm`. Never from argv.
Secret readSecret(const std::optional<std::string>& fdValue, const std::string& fdOption,
                  const std::string& prompt, bool confirm);

} // namespace countersign::ctl
