// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite connection behind a Database, for the db library's own sources and its white-box
// tests only: no front end, benchmark or other library may reach it (no SQL outside db/).
#pragma once

#include "db/database.hpp"
#include "db/sqlite.hpp"
#include "state_view.hpp"

namespace dimmguard::db::detail {

struct DatabaseAccess {
    [[nodiscard]] static Connection& connection(Database& database) noexcept { return database.connection_; }
    [[nodiscard]] static bool read_only(const Database& database) noexcept { return database.read_only_; }
    [[nodiscard]] static std::optional<std::string>& memory_state(Database& database) noexcept { return database.memory_state_; }
    [[nodiscard]] static std::shared_ptr<StateView>& state_view(Database& database) noexcept { return database.state_view_; }
    /// Make the next state_view() re-read the state; rows it counted stay counted while no other
    /// connection writes (this connection only appends).
    static void forget_state_view(Database& database) noexcept {
        if (database.state_view_) database.state_view_->stamp.clear();
    }
};

/// The connection of `database`.
[[nodiscard]] inline Connection& connection_of(Database& database) noexcept { return DatabaseAccess::connection(database); }

}  // namespace dimmguard::db::detail
