// SPDX-License-Identifier: GPL-3.0-or-later
// Merkle logs stored in the registry: one per accepted bundle ("bundle/<digest>", its records in
// key order) and one per station ("station/<key id>", its sightings in the order this registry
// stored them). Nodes are the perfect subtrees of merkle.hpp, stored in tiles (table tlog_tiles,
// schema 7): a tile holds six levels of nodes under one node (126 hashes, 4,032 bytes: one row
// in one page), so a proof reads one row per six levels instead of one per node.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "db/merkle.hpp"
#include "db/sqlite.hpp"
#include "dimmguard/result.hpp"

/// The identity field of a stored sighting line ("sighting TAB id TAB identity TAB ..."),
/// computed by SQLite from the signed bytes: sightings are found by it, through an index on
/// this expression, so editing the identity column cannot hide a sighting from its lookups.
#define DIMMGUARD_SIGHTING_LINE_IDENTITY \
    "substr(substr(line, 10 + instr(substr(line, 10), char(9))), 1, instr(substr(line, 10 + instr(substr(line, 10), char(9))), char(9)) - 1)"
/// The two indexes of the sightings table that schema 6 added: the leaf of each row in its
/// station's log, and the signed identity every lookup goes through. One text for the
/// migrations that build them (schema 6, and schema 9's rebuilt table) and the tests that go back.
#define DIMMGUARD_SIGHTING_LOG_INDEXES                                      \
    "CREATE UNIQUE INDEX sightings_by_leaf ON sightings(station, leaf);\n" \
    "CREATE INDEX sightings_by_signed_identity ON sightings(" DIMMGUARD_SIGHTING_LINE_IDENTITY ");\n"

namespace dimmguard::db::detail {

/// Schema 3 tables and columns (a migration step) and its indexes (built after the data).
inline constexpr const char* tlog_schema_sql = R"sql(
CREATE TABLE tlogs (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,         -- bundle/<digest> | station/<key id>
    size INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tlog_nodes (              -- perfect subtrees: (level, idx) covers leaves [idx << level, (idx + 1) << level)
    log   INTEGER NOT NULL,
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    PRIMARY KEY (log, level, idx)
) WITHOUT ROWID;
ALTER TABLE parts ADD COLUMN leaf INTEGER;        -- index in its bundle's log
ALTER TABLE serials ADD COLUMN leaf INTEGER;
ALTER TABLE revocations ADD COLUMN leaf INTEGER;
ALTER TABLE sightings ADD COLUMN leaf INTEGER;    -- index in its station's log
DROP INDEX parts_by_number;
DROP INDEX serials_by_identity;
DROP INDEX revocations_by_identity;
)sql";
inline constexpr const char* tlog_indexes_sql = R"sql(
CREATE INDEX parts_by_key ON parts(bundle_id, part_number, leaf);
CREATE INDEX serials_by_key ON serials(bundle_id, identity, leaf);
CREATE INDEX revocations_by_key ON revocations(bundle_id, identity, leaf);
)sql" DIMMGUARD_SIGHTING_LOG_INDEXES;

inline constexpr const char* sighting_line_identity_sql = DIMMGUARD_SIGHTING_LINE_IDENTITY;
inline constexpr const char* sighting_log_indexes_sql = DIMMGUARD_SIGHTING_LOG_INDEXES;

/// Schema 6: Merkle nodes in tiles of four levels, in a WITHOUT ROWID table keyed (log, band,
/// idx). SQLite keeps the whole row in the interior pages of such a table, so with 960-byte tiles
/// an interior page held four of them and a tile read descended five pages. Schema 7 replaced
/// it; the schema 5 -> 6 step still creates it (empty), and schema 7 rebuilds from either.
inline constexpr const char* tlog_tiles_v6_sql = R"sql(
CREATE TABLE tlog_tiles (
    log    INTEGER NOT NULL,
    band   INTEGER NOT NULL,
    idx    INTEGER NOT NULL,
    hashes BLOB NOT NULL,
    PRIMARY KEY (log, band, idx)
) WITHOUT ROWID;
)sql";

/// Schema 7: tiles of six levels. Tile (band b, idx g) of log L holds levels 6b .. 6b+5 of the
/// subtree under node (6b + 6, g), filed under the integer key (L << 40) | (b << 36) | g
/// (tile_key): a rowid table, whose interior pages hold only keys, and a full tile (126 hashes,
/// 4,032 bytes) fills one 4 KB page, so reading a tile touches one leaf page. Row k of `hashes` is
/// the nodes of level 6b + k in the tile, left to right; with n nodes in the bottom row (1..64,
/// only the right-most tile of a band is partial) row k has n >> k of them; k = 0 first, 32 bytes
/// per node. log, band and idx are computed columns, for reading the table by hand.
inline constexpr const char* tlog_tiles_sql = R"sql(
ALTER TABLE tlog_tiles RENAME TO tlog_tiles_v6;
CREATE TABLE tlog_tiles (
    tile   INTEGER PRIMARY KEY,        -- (log << 40) | (band << 36) | idx
    hashes BLOB NOT NULL,
    log    INTEGER GENERATED ALWAYS AS (tile >> 40) VIRTUAL,
    band   INTEGER GENERATED ALWAYS AS ((tile >> 36) & 15) VIRTUAL,
    idx    INTEGER GENERATED ALWAYS AS (tile & 68719476735) VIRTUAL
);
)sql";

/// Levels per tile: a proof of one leaf reads the tile of its lowest six levels (band 0).
inline constexpr unsigned tlog_tile_height = 6;

/// Largest log id, band and tile index a tile key holds: 2^23 logs (a log holds up to 2^40 leaves).
inline constexpr std::int64_t max_tile_log = (std::int64_t{1} << 23) - 1;
inline constexpr std::uint64_t max_tile_band = 15;
inline constexpr std::uint64_t max_tile_index = (std::uint64_t{1} << 36) - 1;
/// The key of tile (band, idx) of log `log` (each within the maxima above).
[[nodiscard]] constexpr std::int64_t tile_key(std::int64_t log, std::uint64_t band, std::uint64_t idx) {
    return (log << 40) | static_cast<std::int64_t>(band << 36) | static_cast<std::int64_t>(idx);
}
/// SQL selecting the tiles of the log bound to parameter 1 (a key range, so an index search).
inline constexpr const char* tiles_of_log_sql = "tile >= (?1 << 40) AND tile < ((?1 + 1) << 40)";

/// Schema 6 -> 7 (tlog_tiles_sql, then this): rebuild every log's tiles from its stored leaf
/// hashes, up to the first gap: the bottom rows of the schema 6 band-0 tiles, or, for a schema 5
/// file (whose step to 6 left tlog_nodes in place), level 0 of tlog_nodes. tlogs.size stays as it
/// was, so a leaf hash edited or deleted by hand before the upgrade still shows, as a head that
/// no longer matches the trusted state.
[[nodiscard]] Result<void> move_nodes_to_tiles(Connection& connection);

/// The leaf of a signed record or sighting: its line, TAB, its signature hex.
[[nodiscard]] merkle::Hash record_leaf(std::string_view line, std::string_view signature_hex);

/// The key a signed publisher record line is filed and ordered under in its bundle's log: field 2,
/// decoded for parts (the part number), as is for serials and revocations (the identity).
/// nullopt when the line has no such field or it does not decode.
[[nodiscard]] std::optional<std::string> record_key(std::string_view role, std::string_view line);

[[nodiscard]] std::string bundle_log_name(std::string_view digest);
[[nodiscard]] std::string station_log_name(std::string_view station);

class Tlog {
public:
    /// The log called `name`; with `create`, a missing one is added (size 0), else it reads as
    /// an empty log with id -1.
    [[nodiscard]] static Result<Tlog> open(Connection& connection, std::string_view name, bool create);

    [[nodiscard]] std::int64_t id() const noexcept { return id_; }
    /// Leaves stored (tlogs.size).
    [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
    /// Stored nodes; a missing node is Errc::signature_invalid (the registry was edited).
    [[nodiscard]] const merkle::NodeSource& source() const noexcept { return source_; }
    /// Append leaf hashes (within the caller's write transaction): stores every perfect subtree
    /// they complete and the new size.
    [[nodiscard]] Result<void> append(std::span<const merkle::Hash> leaves);
    /// The head of the first `size` leaves, from stored nodes.
    [[nodiscard]] Result<merkle::Hash> root(std::uint64_t size) const { return merkle::root(source_, size); }

    struct TileCache;

private:
    Tlog(Connection& c, std::int64_t id, std::uint64_t size);
    Connection* connection_;
    std::int64_t id_;
    std::uint64_t size_;
    // The tiles read last, one per band: a proof reads up to twelve nodes from each. Dropped on
    // append; a Tlog lives for one lookup or one write, so it never outlives a change by another
    // connection that it should have seen.
    std::shared_ptr<TileCache> cache_;
    merkle::NodeSource source_;
};

}  // namespace dimmguard::db::detail
