// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard sync`: push this station's signed sightings and checkpoints to the fleet server,
// pull every other station's, and check them exactly as `log import` / `log checkpoint import`
// do (docs/fleet.md). The local registry stays the source of truth for every verdict; the
// server is a transport that cannot forge, hide or reorder anything without being noticed.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "db/alerts.hpp"
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
    /// Late findings the pulled sightings raised on this station's earlier inspections.
    std::vector<db::Alert> alerts;
    /// This station's sightings the server holds after the round (its log up to this n).
    std::uint64_t sent_through = 0;
    [[nodiscard]] bool ok() const noexcept { return conflicts.empty() && problems.empty(); }
};

/// One sync round. Errors (Result) mean the round could not be done: the server unreachable or
/// too slow (Errc::timeout / io), this login not mapped to this registry's station key
/// (Errc::permission_denied / untrusted_key), the local registry unreadable. What was stored
/// before an error stays stored: every step is idempotent and the next round goes on from it.
[[nodiscard]] Result<SyncReport> sync(db::Database& database, PgConnection& server, const SyncOptions& options = {});

/// What the sync rounds left behind, for the desk app's status bar and `dimmguard sync --status`:
/// kept in the data directory (the setting "fleet-status"), written by every round.
struct SyncStatus {
    std::string last_attempt;        ///< when the last round ran ("" never)
    std::string last_ok;             ///< when a round last completed
    std::string error;               ///< why the last round failed ("" when it completed)
    std::size_t conflicts = 0;       ///< of the last completed round
    std::size_t problems = 0;
    std::uint64_t sent_through = 0;  ///< this station's sightings on the server after the last completed round
};
[[nodiscard]] Result<SyncStatus> load_sync_status(const std::filesystem::path& data_dir);
/// Store one round's outcome (`round`: its report, or why it failed) made at `now`; a failed
/// round keeps the last completed one's time and counts.
[[nodiscard]] Result<void> note_sync_round(const std::filesystem::path& data_dir, const Result<SyncReport>& round, const std::string& now);

/// The fleet as this station sees it, for a status bar: where it syncs, how the last round
/// went, how many of its own sightings the server does not have yet, and the late findings held.
struct FleetState {
    std::string server;               ///< remembered server as shown, password hidden ("" when none: not in a fleet)
    std::string lookup_server;        ///< remembered lookup server as shown ("" when lookups ask `server`)
    SyncStatus status;
    std::uint64_t own_sightings = 0;  ///< this station's log size
    std::uint64_t pending = 0;        ///< own sightings not on the server as of the last round
    std::size_t alerts = 0;           ///< late findings stored
};
[[nodiscard]] Result<FleetState> fleet_state(db::Database& database);

}  // namespace dimmguard::fleet
