// SPDX-License-Identifier: GPL-3.0-or-later
// History search (db::find_sightings) and its CSV export (engine::csv_record).
#include "sighting_query.hpp"

#include "db/database.hpp"
#include "db/sighting_query.hpp"
#include "engine/csv.hpp"

namespace dimmguard::gui {

bool SightingFilter::empty() const noexcept {
    return text.empty() && part.empty() && verdict.empty() && lot.empty() && from_day.empty() && to_day.empty();
}

Result<SightingQueryResult> query_sightings(const std::filesystem::path& data_dir, const SightingFilter& filter, std::size_t limit,
                                            const std::atomic<bool>* cancel, const SightingCursor& after) {
    auto database = db::Database::open_read_only(data_dir);
    if (!database) return tl::unexpected(database.error());
    db::SightingQuery query;
    query.text = filter.text;
    query.part = filter.part;
    query.verdict = filter.verdict;
    query.lot = filter.lot;
    query.from_day = filter.from_day;
    query.to_day = filter.to_day;
    query.before_time = after.order_time;
    query.before_seq = after.seq;
    auto found = db::find_sightings(*database, query, limit, cancel);
    if (!found) return tl::unexpected(found.error());
    SightingQueryResult result;
    result.more = found->more;
    result.rows.reserve(found->rows.size());
    for (auto& match : found->rows) {
        result.rows.push_back(SightingRow{match.seq, std::move(match.order_time), match.local, match.verified, std::move(match.problem), std::move(match.sighting)});
    }
    return result;
}

std::string sightings_csv(const std::vector<SightingRow>& rows) {
    std::string out = engine::csv_record({"time", "verdict", "part_number", "identity", "serial", "event", "lot", "site", "station",
                                          "fingerprint", "source", "verified", "context"});
    for (const auto& row : rows) {
        const auto& s = row.sighting;
        std::string context;
        for (const auto& [key, value] : s.context) {
            if (!context.empty()) context += ';';
            context += key;
            context += '=';
            context += value;
        }
        const auto lot = s.context.find("lot");
        out += engine::csv_record({s.time, s.verdict, s.part_number, s.identity.key(), s.identity.serial,
                                   std::string(verifier::event_kind_name(s.event)), lot == s.context.end() ? std::string() : lot->second,
                                   s.site, s.station, s.fingerprint, row.local ? "local" : "imported", row.verified ? "yes" : "no", context});
    }
    return out;
}

}  // namespace dimmguard::gui
