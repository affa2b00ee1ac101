// SPDX-License-Identifier: GPL-3.0-or-later
// Publisher records in groups (schema 8): the records of an accepted bundle are the leaves of its
// Merkle log in key order, and consecutive leaves are stored together, a few kilobytes per row,
// as the bundle file writes them (line TAB signature hex LF). One row per record and an index
// over the bundle's random key order were most of an import (SQLite's per-row and per-index-entry
// cost); a group row is written once, in order, and a lookup reads one or two of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/merkle.hpp"
#include "db/sqlite.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db::detail {

/// Schema 8: the table and its index. A group is filed under (bundle id << 40) | the leaf of its
/// first record; bundle_id and leaf are computed from that key (generated columns) for the
/// index and for reading the table by hand.
inline constexpr const char* record_groups_sql = R"sql(
CREATE TABLE record_groups (
    grp       INTEGER PRIMARY KEY,     -- (bundle id << 40) | leaf of its first record
    first_key  TEXT NOT NULL,          -- the key of its first record: what the index finds
    body       BLOB NOT NULL,          -- its records' lines in leaf order, each ending in LF
    signatures BLOB NOT NULL,          -- their Ed25519 signatures, 64 bytes each, in the same order
    bundle_id INTEGER GENERATED ALWAYS AS (grp >> 40) VIRTUAL,
    leaf      INTEGER GENERATED ALWAYS AS (grp & 1099511627775) VIRTUAL
);
CREATE INDEX record_groups_by_key ON record_groups(bundle_id, first_key);
)sql";

/// Largest bundle id and leaf a group key holds.
inline constexpr std::int64_t max_group_bundle = (std::int64_t{1} << 23) - 1;
inline constexpr std::uint64_t max_group_leaf = (std::uint64_t{1} << 40) - 1;
/// A group is closed before a record would take its lines and signatures past this many bytes
/// (a group always holds at least one record), so that most groups fit one 4 KB database page.
inline constexpr std::size_t group_body_limit = 3900;

[[nodiscard]] constexpr std::int64_t group_key(std::int64_t bundle_id, std::uint64_t leaf) {
    return (bundle_id << 40) | static_cast<std::int64_t>(leaf);
}
/// SQL selecting the groups of the bundle bound to parameter 1 (a key range).
inline constexpr const char* groups_of_bundle_sql = "grp >= (?1 << 40) AND grp < ((?1 + 1) << 40)";

/// One stored record. `key` is the key it is filed under (record_key of tlog.hpp).
struct StoredRecord {
    std::uint64_t leaf = 0;
    std::string line;
    std::string signature;
    std::string key;
};

/// Split a group into (line, signature hex) pairs: `body` is its lines, each ending in LF, and
/// `signatures` 64 bytes per line in the same order; `hex` receives the signatures in hex and
/// backs those views. False when the two do not match (or a line is empty).
[[nodiscard]] bool split_group(std::string_view body, std::string_view signatures, std::string& hex,
                               std::vector<std::pair<std::string_view, std::string_view>>& out);

/// Bytes of one bucket of an import's spool (import.cpp): the records of a bundle file that is
/// not in key order go through buckets of at most this size (one leaf range each), read back one
/// at a time. Tests lower it to make many buckets of a small bundle.
extern std::uint64_t import_bucket_bytes;

/// 128 lower-case hex digits: a record signature as bundles write it (the form groups store).
[[nodiscard]] bool signature_hex_ok(std::string_view hex);

/// Writes the records of one bundle into groups, in leaf order, inside the caller's transaction.
class GroupWriter {
public:
    [[nodiscard]] static Result<GroupWriter> open(Connection& connection, std::int64_t bundle_id);
    /// The record at `leaf` (above the last one added), its signature in hex (128 lower-case
    /// digits, as a bundle writes it): a leaf that does not follow the last one starts a new
    /// group. Errc::bad_format for a signature that is not.
    [[nodiscard]] Result<void> add(std::uint64_t leaf, std::string_view key, std::string_view line, std::string_view signature);
    /// Store the last group.
    [[nodiscard]] Result<void> finish();

private:
    GroupWriter(Statement insert, std::int64_t bundle_id) : insert_(std::move(insert)), bundle_id_(bundle_id) {}
    Result<void> flush();
    Statement insert_;
    std::int64_t bundle_id_;
    std::string body_;
    std::string signatures_;
    std::string first_key_;
    std::uint64_t first_leaf_ = 0;
    std::uint64_t next_leaf_ = 0;
    bool open_ = false;
};

/// The records of `key` in bundle `bundle_id` with their two neighbours in key order, found
/// through the index on each group's first key and read from the groups themselves.
struct KeyScan {
    std::optional<StoredRecord> before;  ///< the last record whose key is smaller
    std::vector<StoredRecord> found;     ///< the records of the key, in leaf order
    std::optional<StoredRecord> after;   ///< the first record whose key is larger
    std::uint64_t end = 0;               ///< without `after`: the leaf after the bundle's last stored record
    std::optional<std::string> problem;  ///< how the stored groups are damaged around the key
};
/// `role` decides how keys are read from lines (record_key). The records are not proven here.
[[nodiscard]] Result<KeyScan> scan_key(Connection& connection, std::string_view role, std::int64_t bundle_id, std::string_view key);

/// Every record of a bundle, in group order (for adoption and status). `problem` names the first
/// gap or damaged group; the records read up to there are kept.
struct BundleRecords {
    std::vector<StoredRecord> records;
    std::optional<std::string> problem;
};
[[nodiscard]] Result<BundleRecords> read_bundle_records(Connection& connection, std::string_view role, std::int64_t bundle_id);

/// Number of records of a bundle, up to the first gap or damaged group (counted per group,
/// without keeping them).
struct GroupCount {
    std::uint64_t records = 0;     ///< all stored once, at leaves [0, records)
    std::optional<std::string> problem;  ///< the gap or damage that ended the count
    /// With `head_of`: the Merkle head of the first that many stored records, hashed from their
    /// bytes (when they are all there).
    std::optional<merkle::Hash> head;
};
[[nodiscard]] Result<GroupCount> count_bundle_records(Connection& connection, std::int64_t bundle_id,
                                                      std::optional<std::uint64_t> head_of = std::nullopt);

/// Schema 7 -> 8 (after record_groups_sql): move the rows of parts, serials and revocations
/// into groups, by bundle and leaf, and drop those tables. Rows without a leaf (all of them in a
/// schema 2 file, which is adopted after the upgrade) follow the bundle's numbered rows in key
/// order. A second row at one leaf cannot be placed and is left out: such a file was edited by
/// hand, and lookups report the leaf whose record does not prove.
[[nodiscard]] Result<void> move_records_to_groups(Connection& connection);

}  // namespace dimmguard::db::detail
