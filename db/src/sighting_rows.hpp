// SPDX-License-Identifier: GPL-3.0-or-later
// One stored sightings row and its check (not part of the public API): every reader of the
// sightings table -- `log show`, `log verify`, custody, export, the History search -- reads the
// same columns and verifies them with the same check_row().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/sqlite.hpp"
#include "db/trust.hpp"
#include "state_view.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db::detail {

/// The columns read_sighting_row() expects, in this order (append others after them).
inline constexpr std::string_view sighting_columns_sql =
    "seq, id, identity, station, line, signature, local, serial, part_number, verdict, lot, time";
/// Index of the first column after sighting_columns_sql.
inline constexpr int sighting_column_count = 12;

/// INSERT of one row; bind with bind_sighting_row(), then place_sighting_row().
inline constexpr std::string_view sighting_insert_sql =
    "INSERT INTO sightings(id, identity, station, line, signature, prev_hash, entry_hash, local, "
    "serial, part_number, verdict, lot, time, leaf, seq, place) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/// The parameter of sighting_insert_sql for the leaf (unbound: NULL, set by append_to_station_log).
inline constexpr int sighting_insert_leaf_parameter = 14;
/// The parameters of sighting_insert_sql that place_sighting_row() binds.
inline constexpr int sighting_insert_seq_parameter = 15;
inline constexpr int sighting_insert_place_parameter = 16;

/// Schema 9: the sightings table keyed by `place`, so the rows of one module sit side by side
/// and a lookup of its sightings reads two or three table pages instead of one page per row.
/// place = (bucket << 23) | k, where bucket is the top 24 bits of the FNV-1a 64 hash of the
/// identity key and k counts the rows stored in that bucket; a bucket that is full (2^23 rows)
/// overflows above 2^47. `seq` is no longer the row id but keeps its meaning: the order rows
/// were stored in (unique, through the index sightings_by_seq). The place is only where a row is kept:
/// every reader finds rows by seq, id, leaf or the signed identity, never by place, so a place
/// edited by hand moves a row without hiding it. Created by the 8 -> 9 step, which fills it in
/// move_sightings_to_places() and then replaces the old table.
inline constexpr const char* sightings_by_place_sql = R"sql(
CREATE TABLE sightings_by_place (
    place       INTEGER PRIMARY KEY,      -- where the row is stored: beside its module's other rows
    seq         INTEGER NOT NULL,         -- storage order (unique: sightings_by_seq)
    id          TEXT NOT NULL,            -- "<station id>:<sequence>" (unique: sightings_by_id)
    identity    TEXT NOT NULL,
    station     TEXT NOT NULL,
    line        TEXT NOT NULL,            -- canonical sighting record
    signature   TEXT NOT NULL,            -- by the station key
    prev_hash   TEXT,                     -- local log only: hash chain
    entry_hash  TEXT,
    local       INTEGER NOT NULL,
    serial      TEXT NOT NULL DEFAULT '',
    part_number TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    verdict     TEXT NOT NULL DEFAULT '',
    lot         TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    time        TEXT NOT NULL DEFAULT '',
    leaf        INTEGER                   -- index in its station's log
);
)sql";
/// Schema 9's unique indexes on seq and id, built after the rows are copied (sorting once,
/// instead of inserting ten million random keys into two B-trees).
inline constexpr const char* sighting_unique_indexes_sql = R"sql(
CREATE UNIQUE INDEX sightings_by_seq ON sightings(seq);
CREATE UNIQUE INDEX sightings_by_id ON sightings(id);
)sql";
/// Bits of k in a place, and the first overflow place.
inline constexpr int place_bucket_shift = 23;
inline constexpr std::int64_t place_overflow = std::int64_t{1} << 47;
/// The first place of `identity_key`'s bucket.
[[nodiscard]] std::int64_t place_bucket(std::string_view identity_key) noexcept;
/// Schema 8 -> 9: copy every row into sightings_by_place, bucket by bucket and in seq order
/// within one, drop the old table, rename, and build the indexes.
[[nodiscard]] Result<void> move_sightings_to_places(Connection& connection);
/// Bind the next seq and a place beside `identity_key`'s rows into sighting_insert_sql (inside
/// the caller's write transaction); returns the seq. (bind_sighting_row calls it.)
[[nodiscard]] Result<std::int64_t> place_sighting_row(Connection& connection, Statement& insert, std::string_view identity_key);

/// The filter indexes every schema since 2 has: each (column, time, seq, verdict), so an
/// equality search walks it newest first and stops at its limit, a prefix search sorts only the
/// (time, seq) of its matches, and a verdict filter on top ("counterfeit of this part") is
/// answered from the index alone, without reading table rows.
#define DIMMGUARD_SIGHTING_FILTER_INDEXES                                        \
    "DROP INDEX IF EXISTS sightings_by_identity;\n"                               \
    "CREATE INDEX sightings_by_identity ON sightings(identity, time, seq, verdict);\n" \
    "CREATE INDEX sightings_by_serial   ON sightings(serial, time, seq, verdict);\n"   \
    "CREATE INDEX sightings_by_part     ON sightings(part_number, time, seq, verdict);\n" \
    "CREATE INDEX sightings_by_lot      ON sightings(lot, time, seq, verdict);\n"      \
    "CREATE INDEX sightings_by_station  ON sightings(station, time, seq, verdict);\n"

/// Schema 2's sightings indexes (migration 1 -> 2). Never edit once released: a later schema
/// adds a migration with its own text.
inline constexpr const char* sighting_indexes_sql =
    "\n" DIMMGUARD_SIGHTING_FILTER_INDEXES
    "CREATE INDEX sightings_by_verdict  ON sightings(verdict, time);\n"
    "CREATE INDEX sightings_by_time     ON sightings(time);\n";
/// Schema 9's: the verdict and time indexes name seq, which is no longer the row id an index
/// carries anyway (SightingBulkLoader rebuilds these).
inline constexpr const char* sighting_indexes_v9_sql =
    "\n" DIMMGUARD_SIGHTING_FILTER_INDEXES
    "CREATE INDEX sightings_by_verdict  ON sightings(verdict, time, seq);\n"
    "CREATE INDEX sightings_by_time     ON sightings(time, seq);\n";
inline constexpr const char* drop_sighting_indexes_sql = R"sql(
DROP INDEX IF EXISTS sightings_by_identity;
DROP INDEX IF EXISTS sightings_by_serial;
DROP INDEX IF EXISTS sightings_by_part;
DROP INDEX IF EXISTS sightings_by_lot;
DROP INDEX IF EXISTS sightings_by_station;
DROP INDEX IF EXISTS sightings_by_verdict;
DROP INDEX IF EXISTS sightings_by_time;
)sql";

/// The search columns (schema 2) a sighting implies: derived from the signed line, never the
/// truth. The context key "lot" gives the lot.
struct SightingIndexColumns {
    std::string serial;
    std::string part_number;
    std::string verdict;
    std::string lot;
    std::string time;
};
[[nodiscard]] SightingIndexColumns index_columns_of(const verifier::Sighting& sighting);

/// Bind every column of sighting_insert_sql (inside the caller's write transaction): `sighting`
/// is the parsed form of `line`; prev_hash and entry_hash are NULL when empty (imported rows);
/// seq and place are the next seq and a place beside the identity's rows (place_sighting_row).
/// Returns the seq. Every path that stores a sighting binds it here, so none can forget its place.
[[nodiscard]] Result<std::int64_t> bind_sighting_row(Connection& connection, Statement& insert, const verifier::Sighting& sighting,
                                                     std::string_view line, std::string_view signature, std::string_view prev_hash,
                                                     std::string_view entry_hash, bool local);

/// One row as stored.
struct SightingRowData {
    std::int64_t seq = 0;
    std::string id;
    std::string identity;
    std::string station;
    std::string line;
    std::string signature;
    bool local = false;
    SightingIndexColumns columns;
};
/// Read the sighting_columns_sql columns of the current row.
[[nodiscard]] SightingRowData read_sighting_row(const Statement& statement);

/// The sequence number n of a sighting id "<station>:<n>" (n >= 1, no leading zeros), or 0 when
/// the id has another form.
[[nodiscard]] std::int64_t id_sequence(std::string_view id, std::string_view station);

/// Who may vouch for sightings: this station's own key, and station keys the trust store names
/// for role `station` (not expired at `now`). Answers are cached for one query.
class StationKeys {
public:
    StationKeys(Database& database, const Station& self, std::string now);
    /// The key that must have signed a sighting of `station`; Errc::untrusted_key with the
    /// trust store's reason when none.
    [[nodiscard]] Result<PublicKey> key_of(const std::string& station);
    /// The key a release's approval must be signed with: trusted for role `qa` now.
    [[nodiscard]] Result<PublicKey> qa_key_of(const std::string& key_id);

private:
    TrustStore trust_;
    const Station& self_;
    std::string now_;
    std::map<std::string, Result<PublicKey>> cache_;
};

/// A checked row: the parsed line (when it parses) and why it does not verify ("" = verified).
struct RowCheck {
    std::optional<verifier::Sighting> sighting;
    std::string problem;
};
/// The one check of a stored sighting: the line parses, every derived column (id, identity,
/// station and the schema-2 search columns) equals what the signed line says, the signer is
/// this station or a trusted station, the signature verifies, and a release carries a valid
/// qa approval.
/// `proven`: the row is a leaf proven against the station's log in the trusted state, so its
/// signature was verified when it was accepted and is not verified again.
[[nodiscard]] RowCheck check_row(StationKeys& keys, const SightingRowData& row, bool proven = false);

/// Give the sightings just inserted (their seqs, in order) the next leaves of their station's
/// log and append them to it (inside the caller's write transaction). Refuses (Errc::signature_invalid)
/// when the stored log no longer matches the trusted state: appending would fork it.
[[nodiscard]] Result<void> append_to_station_log(Database& database, const std::string& station, const std::vector<std::int64_t>& seqs);

/// After the commit: verify what the station's log gained since the trusted state's checkpoint
/// (each new leaf's signature by `key`, and the old head still the head of the prefix) and move
/// the checkpoint to the log's new size.
[[nodiscard]] Result<void> accept_station_log(Database& database, const std::string& station, const PublicKey& key);

/// What every reader of one identity's sightings needs, opened once: this station, one read
/// snapshot (unless a transaction is already open), the trusted state as checked against the
/// file, who may vouch for sightings at `now`, and what is missing from the station logs.
struct SightingsScope {
    [[nodiscard]] static Result<SightingsScope> open(Database& database, const std::string& now);
    std::unique_ptr<Station> station;
    ReadTransaction snapshot;
    std::shared_ptr<StateView> view;
    std::unique_ptr<StationKeys> keys;
    std::vector<std::string> tampered;      ///< the state cannot be checked at all
    std::vector<std::string> rolled_back;   ///< accepted sightings missing from the file
    [[nodiscard]] const TrustedState* accepted() const noexcept { return view->state ? &*view->state : nullptr; }

private:
    SightingsScope(Station s, ReadTransaction t, std::shared_ptr<StateView> v, Database& database, const std::string& now)
        : station(std::make_unique<Station>(std::move(s))), snapshot(std::move(t)), view(std::move(v)),
          keys(std::make_unique<StationKeys>(database, *station, now)) {}
};

/// The sightings of one identity stored after seq `after_seq`, each checked as load_sightings()
/// does: proven against the accepted log where the trusted state covers the row, then check_row().
struct IdentityRows {
    struct Row {
        std::int64_t seq = 0;
        verifier::Signed<verifier::Sighting> item;
    };
    std::vector<Row> trusted;              ///< oldest first (time, then seq)
    std::vector<std::string> tampered;
    std::int64_t max_seq = 0;              ///< the highest seq read (verified or not); after_seq when none
};
[[nodiscard]] Result<IdentityRows> identity_rows(Database& database, StationKeys& keys, const TrustedState* accepted,
                                                 const verifier::ModuleIdentity& identity, std::int64_t after_seq);

}  // namespace dimmguard::db::detail
