// SPDX-License-Identifier: GPL-3.0-or-later
// Searching the stored sightings (local and imported) for the History and Bench screens:
// indexed filters, newest first, a limit, and every row verified as `dimmguard log show` does.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "dimmguard/result.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

/// What to search for; empty fields match everything. Text fields are trimmed and compared
/// without regard to ASCII case. Every filter uses an index of schema 2 (docs/registry-format.md).
struct SightingQuery {
    /// A whole identity key ("802c-06-2418-3bf2a0b1"), a prefix of one ("802c-06"), or a prefix
    /// of the 8-hex-digit serial ("3bf2"); a text without '-' matches either.
    std::string text;
    std::string part;        ///< part number prefix ("MTC40F2046S1RC48BA1", "MTC40")
    std::string lot;         ///< context "lot" prefix
    std::string station;     ///< station id (key id) prefix
    std::string verdict;     ///< exactly genuine / suspect / counterfeit / unknown / unreadable
    std::string from_day;    ///< "YYYY-MM-DD", inclusive, UTC day of the sighting's time
    std::string to_day;      ///< "YYYY-MM-DD", inclusive
    /// Paging: when before_seq is not 0, only rows after (older than) the row with this time and
    /// seq in the newest-first order, i.e. the next page after that row.
    std::string before_time;
    std::int64_t before_seq = 0;

    /// No filter (the paging cursor does not count).
    [[nodiscard]] bool empty() const noexcept;
};

/// Rows returned at most when the caller gives no limit.
inline constexpr std::size_t default_sighting_limit = 1'000;

/// One matching row.
struct SightingMatch {
    std::int64_t seq = 0;            ///< storage order
    std::string order_time;          ///< the indexed time the order uses: with seq, the paging cursor
    bool local = false;              ///< recorded by this station (part of its log)
    bool verified = false;           ///< columns agree with the signed line and the signature verifies
    std::string problem;             ///< why not verified; empty when verified
    /// The signed line, parsed; when the line does not parse, what the index columns say (then
    /// never verified).
    verifier::Sighting sighting;
};

struct SightingSearch {
    std::vector<SightingMatch> rows;   ///< newest first (time, then storage order)
    bool more = false;                 ///< more rows matched than the limit
};

/// Search the sightings newest first and return the first `limit` matches, each verified like
/// `dimmguard log show` (the same check: this station's key, or the key the trust store names
/// for role "station" at `now`, empty = the clock). Errc::usage for a malformed day;
/// Errc::cancelled when `cancel` is set during the search (nothing is returned); Errc::db when
/// the database cannot be read.
[[nodiscard]] Result<SightingSearch> find_sightings(Database& database, const SightingQuery& query,
                                                    std::size_t limit = default_sighting_limit,
                                                    const std::atomic<bool>* cancel = nullptr, const std::string& now = {});

/// Rows for benchmarks and tests: many sightings with already computed signatures, inserted in
/// one transaction with the search columns derived from each line. Not for production paths
/// (nothing is verified here).
class SightingBulkLoader {
public:
    /// Begin the transaction. Errc::busy / db.
    [[nodiscard]] static Result<SightingBulkLoader> begin(Database& database);
    SightingBulkLoader(SightingBulkLoader&&) noexcept;
    SightingBulkLoader& operator=(SightingBulkLoader&&) = delete;
    ~SightingBulkLoader();   ///< rolls back unless committed

    /// Add one row: `line` must be a canonical sighting line (Errc::bad_format otherwise).
    /// prev_hash / entry_hash empty = NULL (imported rows).
    [[nodiscard]] Result<void> add(std::string_view line, std::string_view signature, bool local,
                                   std::string_view prev_hash = {}, std::string_view entry_hash = {});
    /// Store the signed head of this station's local log (count, last entry hash).
    [[nodiscard]] Result<void> set_log_head(std::int64_t count, std::string_view entry_hash);
    /// Note another station whose rows were added (as import_sightings does).
    [[nodiscard]] Result<void> note_station(const PublicKey& key, std::string_view site);
    /// Rebuild the search indexes, commit, restore the journal settings; `analyze` also runs
    /// ANALYZE (planner statistics).
    [[nodiscard]] Result<void> commit(bool analyze = false);

private:
    struct Impl;
    explicit SightingBulkLoader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace dimmguard::db
