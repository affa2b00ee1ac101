// SPDX-License-Identifier: GPL-3.0-or-later
// A log's nodes written in the schema 6 layout, as the release before schema 7 stored them, for
// the upgrade tests (tlog_test.cpp, registry_v2_test.cpp).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "db/merkle.hpp"
#include "db/sqlite.hpp"

inline constexpr const char* schema6_tiles_table_sql =
    "CREATE TABLE tlog_tiles_v6 (log INTEGER NOT NULL, band INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL, "
    "PRIMARY KEY (log, band, idx)) WITHOUT ROWID;";

/// Writes log `log`'s nodes in the schema 6 layout (docs/registry-format.md, "Logs" before
/// schema 7): tiles of four levels in table tlog_tiles_v6(log, band, idx, hashes).
inline void write_schema6_tiles(dimmguard::db::Connection& c, std::int64_t log, const dimmguard::db::merkle::NodeSource& source, std::uint64_t size) {
    auto ins = c.prepare("INSERT INTO tlog_tiles_v6(log, band, idx, hashes) VALUES (?, ?, ?, ?)");
    REQUIRE(ins);
    for (unsigned band = 0; (size >> (4 * band)) > 0; ++band) {
        const std::uint64_t bottom_nodes = size >> (4 * band);
        for (std::uint64_t g = 0; g * 16 < bottom_nodes; ++g) {
            const std::uint64_t n = std::min<std::uint64_t>(16, bottom_nodes - g * 16);
            std::vector<std::uint8_t> blob;
            for (unsigned k = 0; k < 4; ++k) {
                for (std::uint64_t j = 0; j < (n >> k); ++j) {
                    auto node = source(4 * band + k, (g << (4 - k)) + j);
                    REQUIRE(node);
                    blob.insert(blob.end(), node->begin(), node->end());
                }
            }
            ins->reset();
            ins->bind(1, log).bind(2, std::int64_t{band}).bind(3, static_cast<std::int64_t>(g)).bind_blob(4, blob);
            REQUIRE(ins->run());
        }
    }
}

