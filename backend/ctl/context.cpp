#include "backend/ctl/context.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include <QJsonDocument>

#include <pqxx/except>

#include "backend/ctl/arguments.h"
#include "backend/ctl/passwordinput.h"
#include "db/connection.h"

namespace countersign::ctl {

std::unique_ptr<pqxx::connection> Context::connect() const {
    try {
        return db::openConnection(config.databaseDsn);
    } catch (const pqxx::broken_connection& e) {
        throw EnvironmentError("cannot connect to the database: " + db::describeDatabaseError(e));
    }
}

void Context::print(const QJsonObject& object, const std::string& text) const {
    if (json)
        std::cout << QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
    else
        std::cout << text << '\n';
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string compact(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Refused("cannot read " + path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Secret readSecret(const std::optional<std::string>& fdText, const std::string& fdOption,
                  const std::string& prompt, bool confirm) {
    if (fdText) {
        int fd = -1;
        try {
            fd = std::stoi(*fdText);
        } catch (const std::exception&) {
            throw UsageError(fdOption + " needs a file descriptor number");
        }
        return readSecretFromFd(fd);
    }
    Secret first = readSecretFromTerminal(prompt + ": ");
    if (confirm) {
        const Secret again = readSecretFromTerminal("Repeat: ");
        if (again.view() != first.view())
            throw Refused("the two entries differ; nothing was changed");
    }
    return first;
}

} // namespace countersign::ctl
