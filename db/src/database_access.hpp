// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite connection behind a Database, for the db library's own sources and its white-box
// tests only: no front end, benchmark or other library may reach it (no SQL outside db/).
#pragma once

#include "db/database.hpp"
#include "db/sqlite.hpp"

namespace dimmguard::db::detail {

struct DatabaseAccess {
    [[nodiscard]] static Connection& connection(Database& database) noexcept { return database.connection_; }
};

/// The connection of `database`.
[[nodiscard]] inline Connection& connection_of(Database& database) noexcept { return DatabaseAccess::connection(database); }

}  // namespace dimmguard::db::detail
