#pragma once

#include <pqxx/connection>

#include "backend/counter/desk.h"

namespace countersign::counter {

/// What a Desk works on: the database thread's connection. Only desk.cpp, desk_*.cpp and database.cpp include this.
struct Desk::Impl {
    pqxx::connection& conn;
};

} // namespace countersign::counter
