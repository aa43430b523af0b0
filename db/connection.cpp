#include "db/connection.h"

#include <algorithm>

#include <pqxx/except>
#include <pqxx/nontransaction>

namespace countersign::db {

std::unique_ptr<pqxx::connection> openConnection(const std::string& dsn) {
    auto conn = std::make_unique<pqxx::connection>(dsn);
    // A broken connection must surface as an error the UI can show, not be silently re-opened in the
    // middle of a workflow whose session state (locks, SET ROLE) would be lost.
    conn->inhibit_reactivation(true);
    pqxx::nontransaction setup{*conn};
    setup.exec0("SET search_path TO countersign, public");
    setup.exec0("SET application_name TO 'countersign'");
    return conn;
}

std::string describeDatabaseError(const std::exception& e) {
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
        std::string message = sql->what();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        if (!sql->sqlstate().empty())
            return message + " (SQLSTATE " + sql->sqlstate() + ")";
        return message;
    }
    std::string message = e.what();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message;
}

std::optional<std::string> databaseRefusal(const pqxx::sql_error& e) {
    // libpqxx 6.4 throws insufficient_privilege without its SQLSTATE: the type says it.
    const std::string state = dynamic_cast<const pqxx::insufficient_privilege*>(&e) != nullptr
                                  ? std::string("42501")
                                  : e.sqlstate();
    const std::string cls = state.substr(0, 2);
    if (cls != "22" && cls != "23" && cls != "28" && cls != "55" && state != "42501" && state != "P0002")
        return std::nullopt;
    std::string message = e.what();
    message.resize(std::min(message.size(), message.find('\n')));
    if (message.rfind("ERROR:", 0) == 0)
        message.erase(0, 6);
    message.erase(0, std::min(message.size(), message.find_first_not_of(' ')));
    return message;
}

} // namespace countersign::db
