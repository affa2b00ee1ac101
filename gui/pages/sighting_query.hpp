// SPDX-License-Identifier: GPL-3.0-or-later
// The History screen's search and CSV export: a thin adapter over db::find_sightings (which
// picks the index and verifies every row as `dimmguard log show` does) and the engine's CSV
// writer. Runs on a worker thread with its own db::Database; no Qt here.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dimmguard/result.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::gui {

/// What the History screen filters on; empty fields match everything. Text is compared without
/// regard to case; serial, identity, part and lot match by prefix (db::SightingQuery), dates
/// compare the UTC day of the sighting.
struct SightingFilter {
    std::string text;        ///< serial or identity key, or a prefix ("3bf2", "802c-06-2418-3bf2a0b1")
    std::string part;        ///< part number (prefix)
    std::string verdict;     ///< exactly genuine / suspect / counterfeit / unknown / unreadable
    std::string lot;         ///< context "lot" (prefix)
    std::string from_day;    ///< "YYYY-MM-DD", inclusive
    std::string to_day;      ///< "YYYY-MM-DD", inclusive

    [[nodiscard]] bool empty() const noexcept;
};

/// Where the next page starts: after this row (SightingRow::order_time, seq) in newest-first order.
struct SightingCursor {
    std::string order_time;
    std::int64_t seq = 0;   ///< 0: the first page
};

/// One sighting row as the History screen lists it.
struct SightingRow {
    std::int64_t seq = 0;        ///< storage order
    std::string order_time;      ///< the indexed time rows are ordered by (the paging cursor)
    bool local = false;          ///< recorded by this station
    bool verified = false;       ///< db::find_sightings verified it (columns, signer, signature)
    std::string problem;         ///< why not verified
    verifier::Sighting sighting;
};

struct SightingQueryResult {
    std::vector<SightingRow> rows;   ///< newest first
    bool more = false;               ///< more rows matched than `limit`
};

/// Rows fetched per page: the History screen lists this many and fetches the next page when
/// asked ("Show older"). A page of 200 answers in well under 100 ms on 10 M sightings
/// (docs/performance.md); every row costs a signature check.
inline constexpr std::size_t history_page_rows = 200;

/// Open the registry in `data_dir` (never creating one: Errc::not_found "no registry at ...")
/// and run db::find_sightings. Errc::db for a corrupt database; Errc::cancelled when `cancel`
/// was set.
[[nodiscard]] Result<SightingQueryResult> query_sightings(const std::filesystem::path& data_dir, const SightingFilter& filter,
                                                          std::size_t limit = history_page_rows,
                                                          const std::atomic<bool>* cancel = nullptr, const SightingCursor& after = {});

/// CSV (engine::csv_record: RFC 4180, comma, CRLF, formula guard) of the rows: a header line,
/// then one line per row in the given order. Columns: time, verdict, part_number, identity,
/// serial, event, lot, site, station, fingerprint, source, verified, context.
[[nodiscard]] std::string sightings_csv(const std::vector<SightingRow>& rows);

}  // namespace dimmguard::gui
