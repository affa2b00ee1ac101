// SPDX-License-Identifier: GPL-3.0-or-later
// Schema 9: where a sightings row is stored (its place), so one module's rows sit together.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sighting_rows.hpp"
#include "tlog.hpp"

namespace dimmguard::db::detail {

std::int64_t place_bucket(std::string_view identity_key) noexcept {
    // FNV-1a 64: not a security property, only a spread of identities over buckets.
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char ch : identity_key) {
        h ^= static_cast<unsigned char>(ch);
        h *= 0x100000001b3ULL;
    }
    return static_cast<std::int64_t>(h >> 40) << place_bucket_shift;
}

Result<std::int64_t> place_sighting_row(Connection& connection, Statement& insert, std::string_view identity_key) {
    auto next_seq = connection.cached("SELECT coalesce(max(seq), 0) + 1 FROM sightings");
    if (!next_seq) return tl::unexpected(next_seq.error());
    auto row = (*next_seq)->step();
    if (!row) return tl::unexpected(row.error());
    const std::int64_t seq = (*next_seq)->column_int64(0);
    const std::int64_t first = place_bucket(identity_key);
    const std::int64_t end = first + (std::int64_t{1} << place_bucket_shift);
    auto last_in_bucket = connection.cached("SELECT max(place) FROM sightings WHERE place >= ? AND place < ?");
    if (!last_in_bucket) return tl::unexpected(last_in_bucket.error());
    (*last_in_bucket)->bind(1, first).bind(2, end);
    row = (*last_in_bucket)->step();
    if (!row) return tl::unexpected(row.error());
    std::int64_t place = first;
    if (!(*last_in_bucket)->column_is_null(0)) place = (*last_in_bucket)->column_int64(0) + 1;
    if (place >= end) {
        // A full bucket (2^23 rows of its identities): the row goes above every bucket.
        auto last = connection.cached("SELECT max(place) FROM sightings");
        if (!last) return tl::unexpected(last.error());
        row = (*last)->step();
        if (!row) return tl::unexpected(row.error());
        place = (*last)->column_is_null(0) ? place_overflow : std::max(place_overflow, (*last)->column_int64(0) + 1);
    }
    insert.bind(sighting_insert_seq_parameter, seq).bind(sighting_insert_place_parameter, place);
    return seq;
}

Result<void> move_sightings_to_places(Connection& connection) {
    // Every row's place, given in seq order so each bucket keeps its rows in storage order.
    std::vector<std::pair<std::int64_t, std::int64_t>> order;  // (place, seq)
    {
        auto rows = connection.prepare(std::string("SELECT seq, ") + sighting_line_identity_sql + " FROM sightings ORDER BY seq");
        if (!rows) return tl::unexpected(rows.error());
        std::unordered_map<std::int64_t, std::int64_t> next;  // bucket -> its next place
        std::int64_t overflow = place_overflow;
        for (;;) {
            auto row = rows->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            const std::int64_t first = place_bucket(rows->column_text(1));
            auto [it, added] = next.try_emplace(first, first);
            std::int64_t place = it->second;
            if (place >= first + (std::int64_t{1} << place_bucket_shift)) place = overflow++;
            else ++it->second;
            order.emplace_back(place, rows->column_int64(0));
        }
    }
    std::sort(order.begin(), order.end());
    // Copied in place order: the new table is written front to back, and every index is built
    // once the rows are in.
    {
        auto copy = connection.prepare(
            "INSERT INTO sightings_by_place(place, seq, id, identity, station, line, signature, prev_hash, entry_hash, local, serial, "
            "part_number, verdict, lot, time, leaf) SELECT ?, seq, id, identity, station, line, signature, prev_hash, entry_hash, local, "
            "serial, part_number, verdict, lot, time, leaf FROM sightings WHERE seq = ?");
        if (!copy) return tl::unexpected(copy.error());
        for (const auto& [place, seq] : order) {
            copy->reset();
            copy->bind(1, place).bind(2, seq);
            if (auto r = copy->run(); !r) return r;
        }
    }
    if (auto r = connection.exec("DROP TABLE sightings; ALTER TABLE sightings_by_place RENAME TO sightings;"); !r) return r;
    if (auto r = connection.exec(sighting_unique_indexes_sql); !r) return r;
    if (auto r = connection.exec(sighting_indexes_v9_sql); !r) return r;
    return connection.exec(sighting_log_indexes_sql);
}

}  // namespace detail
