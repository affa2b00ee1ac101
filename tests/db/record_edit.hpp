// SPDX-License-Identifier: GPL-3.0-or-later
// Hand edits of the publisher records a registry file stores (schema 8, table record_groups), as
// someone with the file and SQLite would make them: each group's body split into its records
// ("line TAB signature hex"), edited, and written back in place through a plain connection.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "db/sqlite.hpp"
#include "sighting_rows.hpp"
#include "tlog.hpp"

namespace record_edit {

/// SQL counting the records stored for the bundles of `role` (one LF ends each).
inline std::string records_count_sql(const std::string& role) {
    return "SELECT COALESCE(SUM(length(CAST(body AS TEXT)) - length(replace(CAST(body AS TEXT), char(10), ''))), 0) FROM record_groups "
           "WHERE bundle_id IN (SELECT id FROM bundles WHERE role = '" + role + "')";
}

/// A group's records as "line TAB signature hex" (its `body` lines and its 64-byte signatures).
inline std::vector<std::string> group_records(std::string_view body, std::string_view signatures) {
    static constexpr char digits[] = "0123456789abcdef";
    std::vector<std::string> out;
    std::size_t k = 0;
    for (std::size_t pos = 0; pos < body.size(); ++k) {
        const std::size_t lf = body.find('\n', pos);
        REQUIRE(lf != std::string_view::npos);
        REQUIRE(signatures.size() >= (k + 1) * 64);
        std::string record(body.substr(pos, lf - pos));
        record += '\t';
        for (std::size_t i = k * 64; i < (k + 1) * 64; ++i) {
            record += digits[static_cast<unsigned char>(signatures[i]) >> 4];
            record += digits[static_cast<unsigned char>(signatures[i]) & 15];
        }
        out.push_back(std::move(record));
        pos = lf + 1;
    }
    return out;
}

/// The body and signatures of a group holding `records` ("line TAB signature hex" each).
inline std::pair<std::string, std::string> group_of(const std::vector<std::string>& records) {
    std::string body, signatures;
    for (const auto& r : records) {
        const std::size_t tab = r.rfind('\t');
        REQUIRE(tab != std::string::npos);
        body += r.substr(0, tab) + "\n";
        const std::string hex = r.substr(tab + 1);
        REQUIRE(hex.size() == 128);
        for (std::size_t i = 0; i < 128; i += 2) signatures += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return {body, signatures};
}

/// The records of every group of the bundles of `role`, in group order.
inline std::vector<std::string> records_of(const std::filesystem::path& file, std::string_view role) {
    auto c = dimmguard::db::Connection::open(file, false);
    REQUIRE(c);
    auto s = c->prepare("SELECT body, signatures FROM record_groups WHERE bundle_id IN (SELECT id FROM bundles WHERE role = ?) ORDER BY grp");
    REQUIRE(s);
    s->bind(1, role);
    std::vector<std::string> out;
    for (;;) {
        auto row = s->step();
        REQUIRE(row);
        if (!*row) break;
        for (auto& r : group_records(s->column_bytes(0), s->column_bytes(1))) out.push_back(std::move(r));
    }
    return out;
}

/// Hand `edit` the records of each group of the bundles of `role` (in group order) and store
/// what it leaves: the body is rewritten, and a group left without records is deleted.
inline void edit_records(const std::filesystem::path& file, std::string_view role, const std::function<void(std::vector<std::string>&)>& edit) {
    auto c = dimmguard::db::Connection::open(file, false);
    REQUIRE(c);
    std::vector<std::pair<std::int64_t, std::vector<std::string>>> groups;
    {
        auto s = c->prepare("SELECT grp, body, signatures FROM record_groups WHERE bundle_id IN (SELECT id FROM bundles WHERE role = ?) ORDER BY grp");
        REQUIRE(s);
        s->bind(1, role);
        for (;;) {
            auto row = s->step();
            REQUIRE(row);
            if (!*row) break;
            groups.emplace_back(s->column_int64(0), group_records(s->column_bytes(1), s->column_bytes(2)));
        }
    }
    for (auto& [grp, records] : groups) {
        edit(records);
        if (records.empty()) {
            auto d = c->prepare("DELETE FROM record_groups WHERE grp = ?");
            REQUIRE(d);
            d->bind(1, grp);
            REQUIRE(d->run());
            continue;
        }
        const auto [body, signatures] = group_of(records);
        auto u = c->prepare("UPDATE record_groups SET body = ?, signatures = ? WHERE grp = ?");
        REQUIRE(u);
        u->bind_blob(1, std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
        u->bind_blob(2, std::span(reinterpret_cast<const std::uint8_t*>(signatures.data()), signatures.size())).bind(3, grp);
        REQUIRE(u->run());
    }
}

/// Delete, by hand, every record of `role` whose text contains `needle`.
inline void delete_records_containing(const std::filesystem::path& file, std::string_view role, const std::string& needle) {
    edit_records(file, role, [&](std::vector<std::string>& records) {
        std::erase_if(records, [&](const std::string& r) { return r.find(needle) != std::string::npos; });
    });
}

/// Replace, by hand, `from` with `to` in every record of `role`.
inline void replace_in_records(const std::filesystem::path& file, std::string_view role, const std::string& from, const std::string& to) {
    edit_records(file, role, [&](std::vector<std::string>& records) {
        for (auto& r : records) {
            for (std::size_t at = r.find(from); at != std::string::npos; at = r.find(from, at + to.size())) r.replace(at, from.size(), to);
        }
    });
}

/// Take a registry's sightings table back to the schema 8 layout: seq the row id, no place, and
/// schema 8's indexes.
inline void back_to_sightings_by_seq(dimmguard::db::Connection& c) {
    REQUIRE(c.exec(R"sql(
CREATE TABLE sightings_v8 (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    identity   TEXT NOT NULL,
    station    TEXT NOT NULL,
    line       TEXT NOT NULL,
    signature  TEXT NOT NULL,
    prev_hash  TEXT,
    entry_hash TEXT,
    local      INTEGER NOT NULL
, serial      TEXT NOT NULL DEFAULT '', part_number TEXT NOT NULL DEFAULT '' COLLATE NOCASE, verdict     TEXT NOT NULL DEFAULT '',
  lot         TEXT NOT NULL DEFAULT '' COLLATE NOCASE, time        TEXT NOT NULL DEFAULT '', leaf INTEGER);
INSERT INTO sightings_v8 SELECT seq, id, identity, station, line, signature, prev_hash, entry_hash, local, serial, part_number,
                                verdict, lot, time, leaf FROM sightings ORDER BY seq;
DROP TABLE sightings;
ALTER TABLE sightings_v8 RENAME TO sightings;
)sql"));
    REQUIRE(c.exec(dimmguard::db::detail::sighting_log_indexes_sql));
    REQUIRE(c.exec(dimmguard::db::detail::sighting_indexes_sql));
}

/// Take a registry's publisher records back to the schema 7 layout (one row per record in parts,
/// serials and revocations, with its leaf, and their indexes), for the tests that take a file back
/// to an older schema and open it again.
inline void back_to_record_rows(dimmguard::db::Connection& c) {
    REQUIRE(c.exec(R"sql(
CREATE TABLE parts (id INTEGER PRIMARY KEY, bundle_id INTEGER NOT NULL REFERENCES bundles(id), part_number TEXT NOT NULL,
                    line TEXT NOT NULL, signature TEXT NOT NULL, leaf INTEGER);
CREATE TABLE serials (id INTEGER PRIMARY KEY, bundle_id INTEGER NOT NULL REFERENCES bundles(id), identity TEXT NOT NULL,
                      line TEXT NOT NULL, signature TEXT NOT NULL, leaf INTEGER);
CREATE TABLE revocations (id INTEGER PRIMARY KEY, bundle_id INTEGER NOT NULL REFERENCES bundles(id), identity TEXT NOT NULL,
                          line TEXT NOT NULL, signature TEXT NOT NULL, leaf INTEGER);
CREATE INDEX parts_by_key ON parts(bundle_id, part_number, leaf);
CREATE INDEX serials_by_key ON serials(bundle_id, identity, leaf);
CREATE INDEX revocations_by_key ON revocations(bundle_id, identity, leaf);
)sql"));
    std::size_t moved = 0;
    {
        auto s = c.prepare("SELECT g.bundle_id, g.leaf, g.body, b.role, g.signatures FROM record_groups g JOIN bundles b ON b.id = g.bundle_id ORDER BY g.grp");
        REQUIRE(s);
        for (;;) {
            auto row = s->step();
            REQUIRE(row);
            if (!*row) break;
            const std::string role = s->column_text(3);
            auto ins = c.prepare("INSERT INTO " + role + "(bundle_id, " + (role == "parts" ? "part_number" : "identity") +
                                 ", line, signature, leaf) VALUES (?, ?, ?, ?, ?)");
            REQUIRE(ins);
            std::int64_t leaf = s->column_int64(1);
            for (const std::string& record : group_records(s->column_bytes(2), s->column_bytes(4))) {
                const std::size_t tab = record.rfind('\t');
                const std::string line = record.substr(0, tab);
                auto key = dimmguard::db::detail::record_key(role, line);
                REQUIRE(key);
                ins->reset();
                ins->bind(1, s->column_int64(0)).bind(2, *key).bind(3, line).bind(4, record.substr(tab + 1)).bind(5, leaf);
                REQUIRE(ins->run());
                ++moved;
                ++leaf;
            }
        }
    }
    REQUIRE(moved > 0);
    REQUIRE(c.exec("DROP TABLE record_groups;"));
    back_to_sightings_by_seq(c);  // and schema 8's sightings, as every release before groups had
}

}  // namespace record_edit
