// SPDX-License-Identifier: GPL-3.0-or-later
// Searching the registry's sightings (local and imported) for the History screen, and the CSV
// form of the result. Runs on a worker thread with its own db::Database; no Qt here.
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

/// What the History screen filters on; empty fields match everything. Text matching is
/// case-insensitive and by substring, dates compare the UTC day of the sighting.
struct SightingFilter {
    std::string text;        ///< serial or identity key ("3bf2", "802c-06-2418-3bf2a0b1")
    std::string part;        ///< part number
    std::string verdict;     ///< exactly genuine / suspect / counterfeit / unknown / unreadable
    std::string lot;         ///< context "lot"
    std::string from_day;    ///< "YYYY-MM-DD", inclusive
    std::string to_day;      ///< "YYYY-MM-DD", inclusive

    [[nodiscard]] bool empty() const noexcept;
    [[nodiscard]] bool matches(const verifier::Sighting& sighting) const;
};

/// One sighting row as the History screen lists it.
struct SightingRow {
    std::int64_t seq = 0;        ///< storage order
    bool local = false;          ///< recorded by this station
    bool verified = false;       ///< signature verifies against this station's or a trusted station key
    std::string problem;         ///< why not verified
    verifier::Sighting sighting;
};

struct SightingQueryResult {
    std::vector<SightingRow> rows;   ///< newest first
    bool more = false;               ///< more rows matched than `limit`
    std::size_t scanned = 0;         ///< stored rows looked at
};

/// Rows shown at most at once; refine the filter to reach older rows.
inline constexpr std::size_t history_row_limit = 10'000;

/// Search `data_dir`/registry.sqlite newest first and keep the first `limit` matches, each
/// verified like `dimmguard log show` does (this station's key, or the station key the trust
/// store names for role "station" now). Errc::not_found when there is no registry (it is never
/// created here); Errc::db for a corrupt database; `cancel` stops early with what was found.
[[nodiscard]] Result<SightingQueryResult> query_sightings(const std::filesystem::path& data_dir, const SightingFilter& filter,
                                                          std::size_t limit = history_row_limit,
                                                          const std::atomic<bool>* cancel = nullptr);

/// CSV (RFC 4180, comma, CRLF, UTF-8) of the rows: a header line, then one line per row in
/// the given order. Columns: time, verdict, part_number, identity, serial, event, lot, site,
/// station, fingerprint, source, verified, context.
[[nodiscard]] std::string sightings_csv(const std::vector<SightingRow>& rows);

/// One CSV field, quoted when it holds a comma, quote, CR or LF (quotes doubled). Leading
/// '=', '+', '-', '@' get a ' so spreadsheets never run a cell as a formula.
[[nodiscard]] std::string csv_field(std::string_view text);

}  // namespace dimmguard::gui
