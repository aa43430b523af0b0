#include "db/connection.h"

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

} // namespace countersign::db
