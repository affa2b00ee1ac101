// SPDX-License-Identifier: GPL-3.0-or-later
// Custody summaries (not part of the public API): the signed verifier::History of an identity
// after its first sightings, stored in table custody_summaries (schema 5) and written by this
// station whenever it records a sighting. docs/registry-format.md, "Custody summaries".
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "dimmguard/result.hpp"
#include "verifier/custody.hpp"

namespace dimmguard::db::detail {

/// What a summary states besides the History itself.
struct SummaryFacts {
    std::int64_t through_seq = 0;     ///< every sighting of the identity stored with seq <= this is folded in
    std::string last_time;            ///< the last folded sighting in fold order (time, then seq)
    std::int64_t last_seq = 0;
    std::set<std::string> stations;   ///< other stations whose sightings were folded: each must still be trusted
    std::set<std::string> qa_keys;    ///< qa keys that approved folded releases: each must still be trusted
};

/// The summary text (what is signed after the domain line). Canonical: one text per state.
[[nodiscard]] std::string summary_body(const verifier::ModuleIdentity& identity, const verifier::History& history, const SummaryFacts& facts);
/// "dimmguard custody summary v1\n" + body: the bytes the station key signs.
[[nodiscard]] std::string summary_message(std::string_view body);

struct ParsedSummary {
    verifier::History history;
    SummaryFacts facts;
};
/// Parse a body of `identity`; Errc::bad_format for anything summary_body() would not write.
[[nodiscard]] Result<ParsedSummary> parse_summary_body(std::string_view body, const verifier::ModuleIdentity& identity);

/// An identity's history as load_history() answers it, with the facts a new summary needs.
struct HistoryState {
    verifier::History history;
    SummaryFacts facts;               ///< of the whole fold (through_seq: the highest seq read)
    std::int64_t stored_through = 0;  ///< through_seq of the stored summary used (0: none)
};
[[nodiscard]] Result<HistoryState> history_state(Database& database, const verifier::ModuleIdentity& identity, const std::string& now);

/// Sign and store the identity's summary when its fold is clean (nothing tampered or missing)
/// and covers more than the stored one. Nothing is written on a read-only registry.
[[nodiscard]] Result<void> store_custody_summary(Database& database, const verifier::ModuleIdentity& identity, const std::string& now);

/// `log verify`: every stored summary that is not signed by this station, or that differs from
/// the fold of the sightings of its identity with seq <= its through_seq. One line each.
[[nodiscard]] Result<std::vector<std::string>> custody_summary_problems(Database& database);

}  // namespace dimmguard::db::detail
