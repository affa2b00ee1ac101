// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet server: a PostgreSQL schema that is append-only by construction (docs/fleet.md).
// Every station logs in as its own role, a member of dimmguard_station, which may read
// everything and INSERT only rows of its own station (row-level security), and has no UPDATE or
// DELETE grant at all. Whatever the server holds is still checked by every station: rows by the
// signatures in them, completeness by the stations' signed checkpoints.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "dimmguard/result.hpp"
#include "fleet/pg.hpp"

namespace dimmguard::fleet {

/// The server schema version this build writes and reads.
inline constexpr int server_schema_version = 1;
/// The group role every station's login role is granted.
inline constexpr const char* station_group_role = "dimmguard_station";

/// Create the schema `dimmguard` or bring it up to server_schema_version, one migration per
/// version in one transaction (run by the server's administrator, the schema's owner).
/// Returns the version it was at before (0: new). Errc::unsupported when the server is newer.
[[nodiscard]] Result<int> init_server(PgConnection& admin, std::chrono::milliseconds timeout);

/// The schema version on the server; Errc::not_found when it was never initialised,
/// Errc::unsupported when it is newer than this build.
[[nodiscard]] Result<int> server_version(PgConnection& connection, std::chrono::milliseconds timeout);

/// Let login role `login` (which the administrator created, e.g. with createuser) write as the
/// station with public key `public_key_hex`: records the mapping and grants the group role.
/// Errc::usage for a malformed key or a login that does not exist.
[[nodiscard]] Result<void> add_station(PgConnection& admin, const std::string& login, const std::string& public_key_hex,
                                       std::chrono::milliseconds timeout);

struct ServerStation {
    std::string key_id;
    std::string login;
    std::string public_key_hex;
};
[[nodiscard]] Result<std::vector<ServerStation>> server_stations(PgConnection& connection, std::chrono::milliseconds timeout);

}  // namespace dimmguard::fleet
