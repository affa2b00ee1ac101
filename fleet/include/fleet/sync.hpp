// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard sync`: push this station's signed sightings and checkpoints to the fleet server,
// pull every other station's, and check them exactly as `log import` / `log checkpoint import`
// do (docs/fleet.md). The local registry stays the source of truth for every verdict; the
// server is a transport that cannot forge, hide or reorder anything without being noticed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "dimmguard/result.hpp"
#include "fleet/pg.hpp"

namespace dimmguard::fleet {

struct SyncOptions {
    std::chrono::milliseconds timeout{30'000};  ///< per server round trip
    std::string now;                            ///< trust evaluation time (empty: the clock)
    std::size_t batch = 1000;                   ///< rows per INSERT / per pulled page
};

struct StationPull {
    std::string station;        ///< key id
    std::string login;          ///< its role on the server
    std::size_t added = 0;      ///< sightings new here
    std::size_t held = 0;       ///< sightings of it held here after the pull
    std::uint64_t cosigned = 0; ///< size of its log this station cosigned (0: none new)
};

struct SyncReport {
    std::string station;                 ///< this station's key id
    std::string server;                  ///< host:port/db
    std::size_t pushed = 0;              ///< own sightings sent
    std::size_t repaired = 0;            ///< own sightings sent again because the server had lost them
    bool checkpoint_pushed = false;
    std::vector<StationPull> pulled;
    /// What the server holds that contradicts what the stations signed: split views, a record
    /// that differs from this station's own, a signed head longer than the rows behind it.
    std::vector<std::string> conflicts;
    /// Stations not trusted here (skipped), rows that do not verify (the feed of that station
    /// stops there), and other things to look into.
    std::vector<std::string> problems;
    [[nodiscard]] bool ok() const noexcept { return conflicts.empty() && problems.empty(); }
};

/// One sync round. Errors (Result) mean the round could not be done: the server unreachable or
/// too slow (Errc::timeout / io), this login not mapped to this registry's station key
/// (Errc::permission_denied / untrusted_key), the local registry unreadable. What was stored
/// before an error stays stored: every step is idempotent and the next round goes on from it.
[[nodiscard]] Result<SyncReport> sync(db::Database& database, PgConnection& server, const SyncOptions& options = {});

}  // namespace dimmguard::fleet
