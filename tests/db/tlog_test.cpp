// SPDX-License-Identifier: GPL-3.0-or-later
// Merkle logs stored in tiles (db/src/tlog.hpp, schema 7), in a real registry file: the heads
// and proofs read back from tiles are those of the leaves appended, at every size and across
// tile and band boundaries, whatever the batch sizes; a tile is one row per 64 nodes of a
// level; and a tile edited by hand reads as an edit, never as a different valid tree.
#include <catch2/catch.hpp>

#include <random>

#include "schema6_tiles.hpp"
#include "sql_scalar.hpp"
#include "../support/temp_dir.hpp"
#include "database_access.hpp"
#include "db/database.hpp"
#include "db/merkle.hpp"
#include "db/sqlite.hpp"
#include "state_view.hpp"
#include "tlog.hpp"

using namespace dimmguard;
using namespace dimmguard::db;
namespace merkle = dimmguard::db::merkle;

namespace {

merkle::Hash leaf_number(std::uint64_t i) { return merkle::leaf_hash("leaf " + std::to_string(i)); }


/// Tiles a log of `size` leaves needs: per band (six levels), one per started group of 64
/// bottom nodes.
std::int64_t tiles_for(std::uint64_t size) {
    std::int64_t tiles = 0;
    for (unsigned band = 0; (size >> (6 * band)) > 0; ++band) tiles += static_cast<std::int64_t>(((size >> (6 * band)) + 63) / 64);
    return tiles;
}

}  // namespace

TEST_CASE("tlog: schema 6 tiles of four levels are rebuilt into tiles of six", "[db][tlog]") {
    test_support::TempDir dir;
    auto d = Database::open(dir.path());
    REQUIRE(d);
    Connection& c = detail::connection_of(*d);
    const std::uint64_t size = 1000;
    std::vector<merkle::Hash> leaves;
    std::vector<merkle::Hash> roots{merkle::empty_root()};
    merkle::Frontier reference;
    std::vector<merkle::Frontier::Node> ignored;
    for (std::uint64_t i = 0; i < size; ++i) {
        leaves.push_back(leaf_number(i));
        reference.append(leaves.back(), ignored);
        roots.push_back(reference.root());
    }
    std::int64_t id = -1;
    {
        auto tx = Transaction::begin(c);
        REQUIRE(tx);
        auto log = detail::Tlog::open(c, "station/old", true);
        REQUIRE(log);
        REQUIRE(log->append(leaves));
        id = log->id();
        REQUIRE(c.exec(schema6_tiles_table_sql));
        write_schema6_tiles(c, id, log->source(), size);
        REQUIRE(tx->commit());
    }
    // 1000 leaves in tiles of four levels: 63 + 4 + 1 rows.
    REQUIRE(sql_scalar(c, "SELECT COUNT(*) FROM tlog_tiles_v6") == 68);
    const auto migrate = [&c] {
        auto tx = Transaction::begin(c);
        REQUIRE(tx);
        REQUIRE(c.exec("DELETE FROM tlog_tiles"));
        auto moved = detail::move_nodes_to_tiles(c);
        INFO((moved ? std::string() : moved.error().message));
        REQUIRE(moved);
        REQUIRE(tx->commit());
        CHECK_FALSE(c.prepare("SELECT COUNT(*) FROM tlog_tiles_v6"));  // dropped
    };
    SECTION("as the release wrote them") {
        migrate();
        CHECK(sql_scalar(c, "SELECT COUNT(*) FROM tlog_tiles") == tiles_for(size));
        auto log = detail::Tlog::open(c, "station/old", false);
        REQUIRE(log);
        CHECK(log->size() == size);
        for (std::uint64_t n : {std::uint64_t{1}, std::uint64_t{63}, std::uint64_t{64}, std::uint64_t{65}, std::uint64_t{999}, size}) {
            auto head = log->root(n);
            REQUIRE(head);
            CHECK(*head == roots[n]);
        }
        auto path = merkle::inclusion_proof(log->source(), 777, size);
        REQUIRE(path);
        CHECK(merkle::verify_inclusion(leaf_number(777), 777, size, *path, reference.root()));
    }
    SECTION("with a band-0 tile deleted by hand") {
        // Tile 10 held leaves 160..175: the rebuild stops at the gap, the size stays, and the
        // head of 1000 can no longer be read (the trusted state would report it).
        REQUIRE(c.exec("DELETE FROM tlog_tiles_v6 WHERE band = 0 AND idx = 10"));
        migrate();
        auto log = detail::Tlog::open(c, "station/old", false);
        REQUIRE(log);
        CHECK(log->size() == size);
        CHECK_FALSE(log->root(size));
        auto before = log->root(160);
        REQUIRE(before);
        CHECK(*before == roots[160]);
    }
}

TEST_CASE("tlog: heads and proofs read from tiles are those of the leaves at every size", "[db][tlog]") {
    test_support::TempDir dir;
    auto d = Database::open(dir.path());
    REQUIRE(d);
    Connection& c = detail::connection_of(*d);
    std::mt19937_64 random(20261205);
    merkle::Frontier reference;
    std::vector<merkle::Hash> roots{merkle::empty_root()};  // roots[n]: the head of the first n leaves
    std::vector<merkle::Frontier::Node> ignored;
    // Batches of 1..3 leaves around the edges of 4,096-leaf subtrees (where tiles of two bands end
    // together) and of hundreds elsewhere, to past 65,536 leaves (inside band 2).
    const std::uint64_t total = 70'000;
    while (reference.size() < total) {
        const std::uint64_t at = reference.size();
        const bool near_edge = (at % 4096) > 4090 || (at % 4096) < 4 || (at % 64) > 61 || (at > 65'500 && at < 65'600);
        const std::uint64_t batch = std::min<std::uint64_t>(total - at, near_edge ? 1 + random() % 3 : 1 + random() % 700);
        std::vector<merkle::Hash> leaves;
        for (std::uint64_t i = 0; i < batch; ++i) {
            leaves.push_back(leaf_number(at + i));
            reference.append(leaves.back(), ignored);
            roots.push_back(reference.root());
        }
        {
            auto tx = Transaction::begin(c);
            REQUIRE(tx);
            auto log = detail::Tlog::open(c, "station/test", true);
            REQUIRE(log);
            REQUIRE(log->size() == at);
            auto appended = log->append(leaves);
            INFO((appended ? std::string() : appended.error().message));
            REQUIRE(appended);
            REQUIRE(tx->commit());
        }
        auto log = detail::Tlog::open(c, "station/test", false);
        REQUIRE(log);
        REQUIRE(log->size() == reference.size());
        const std::uint64_t size = log->size();
        auto head = log->root(size);
        REQUIRE(head);
        REQUIRE(*head == reference.root());
        // An older head, an inclusion proof and a consistency proof, from this log's tiles.
        const std::uint64_t old_size = 1 + random() % size;
        auto old_head = log->root(old_size);
        REQUIRE(old_head);
        REQUIRE(*old_head == roots[old_size]);
        const std::uint64_t index = random() % size;
        auto path = merkle::inclusion_proof(log->source(), index, size);
        REQUIRE(path);
        CHECK(merkle::verify_inclusion(leaf_number(index), index, size, *path, *head));
        auto consistency = merkle::consistency_proof(log->source(), old_size, size);
        REQUIRE(consistency);
        CHECK(merkle::verify_consistency(old_size, size, roots[old_size], *head, *consistency));
    }
    // One row per started 64 nodes of a band's bottom level: 70,000 leaves take
    // 1,094 + 18 + 1 rows (where a row per node took 139,994).
    CHECK(tiles_for(total) == 1113);
    CHECK(sql_scalar(c, "SELECT COUNT(*) FROM tlog_tiles") == tiles_for(total));
    CHECK(sql_scalar(c, "SELECT MAX(length(hashes)) FROM tlog_tiles") == 126 * 32);
}

TEST_CASE("tlog: a tile edited by hand reads as an edit", "[db][tlog]") {
    test_support::TempDir dir;
    auto d = Database::open(dir.path());
    REQUIRE(d);
    Connection& c = detail::connection_of(*d);
    std::vector<merkle::Hash> leaves;
    merkle::Frontier reference;
    std::vector<merkle::Frontier::Node> ignored;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        leaves.push_back(leaf_number(i));
        reference.append(leaves.back(), ignored);
    }
    {
        auto tx = Transaction::begin(c);
        REQUIRE(tx);
        auto log = detail::Tlog::open(c, "bundle/test", true);
        REQUIRE(log);
        REQUIRE(log->append(leaves));
        REQUIRE(tx->commit());
    }
    const auto head_now = [&]() -> Result<merkle::Hash> {
        auto log = detail::Tlog::open(c, "bundle/test", false);
        if (!log) return tl::unexpected(log.error());
        return log->root(1000);
    };
    REQUIRE(head_now().value() == reference.root());

    SECTION("a zeroed node that the head reads gives another head") {
        // The right-most band-0 tile (leaves 960..999) ends with its one level-5 node, the
        // head's subtree of leaves 960..991.
        REQUIRE(c.exec("UPDATE tlog_tiles SET hashes = substr(hashes, 1, length(hashes) - 32) || zeroblob(32) WHERE band = 0 AND idx = 15"));
        auto head = head_now();
        REQUIRE(head);
        CHECK(*head != reference.root());
    }
    SECTION("a zeroed leaf hash breaks its neighbour's proof") {
        // Leaf 771 is the fourth node of tile 12's bottom row (leaves 768..831), and leaf 770's
        // first sibling.
        REQUIRE(c.exec("UPDATE tlog_tiles SET hashes = substr(hashes, 1, 96) || zeroblob(32) || substr(hashes, 129) WHERE band = 0 AND idx = 12"));
        auto log = detail::Tlog::open(c, "bundle/test", false);
        REQUIRE(log);
        auto path = merkle::inclusion_proof(log->source(), 770, 1000);
        REQUIRE(path);
        CHECK_FALSE(merkle::verify_inclusion(leaf_number(770), 770, 1000, *path, reference.root()));
        auto other = merkle::inclusion_proof(log->source(), 100, 1000);
        REQUIRE(other);
        CHECK(merkle::verify_inclusion(leaf_number(100), 100, 1000, *other, reference.root()));
    }
    SECTION("a tile cut short is malformed") {
        REQUIRE(c.exec("UPDATE tlog_tiles SET hashes = substr(hashes, 1, length(hashes) - 5) WHERE band = 0 AND idx = 15"));
        auto head = head_now();
        REQUIRE_FALSE(head);
        CHECK(head.error().code == Errc::signature_invalid);
        CHECK_THAT(head.error().message, Catch::Contains("malformed tile"));
    }
    SECTION("a tile without its last node") {
        // The right-most band-0 tile holds leaves 960..999 (78 nodes): keep 74, which reads as a
        // tile of 39 leaves without the level-3 node of leaves 992..999 that the head needs.
        REQUIRE(c.exec("UPDATE tlog_tiles SET hashes = substr(hashes, 1, 32 * 74) WHERE band = 0 AND idx = 15"));
        auto head = head_now();
        REQUIRE_FALSE(head);
        CHECK(head.error().code == Errc::signature_invalid);
    }
    SECTION("a deleted tile") {
        REQUIRE(c.exec("DELETE FROM tlog_tiles WHERE band = 1"));
        auto head = head_now();
        REQUIRE_FALSE(head);
        CHECK_THAT(head.error().message, Catch::Contains("missing"));
        // and nothing is appended on top of it
        auto tx = Transaction::begin(c);
        REQUIRE(tx);
        auto log = detail::Tlog::open(c, "bundle/test", false);
        REQUIRE(log);
        const merkle::Hash more = leaf_number(1000);
        CHECK_FALSE(log->append(std::span<const merkle::Hash>(&more, 1)));
    }
}

TEST_CASE("tlog: proven nodes are kept from a log's cutoff level and dropped at the budget", "[db][tlog]") {
    using Range = detail::ProvenNodes::Range;
    detail::ProvenNodes proven;
    const merkle::Hash root_a = leaf_number(1), root_b = leaf_number(2), root_c = leaf_number(3), node = leaf_number(4);

    // A small log keeps every level from the top of a bottom tile (level 6: a node below it
    // saves no tile read); a non-perfect range is kept as an edge.
    detail::ProvenNodes::Tree* tree = &proven.at("small", 1000, root_a, false);
    CHECK(tree->cutoff == 6);
    proven.remember(*tree, Range{0, 64}, node);
    proven.remember(*tree, Range{512, 1000}, node);
    proven.remember(*tree, Range{5, 6}, node);
    proven.remember(*tree, Range{0, 32}, node);
    REQUIRE(tree->find(Range{0, 64}) != nullptr);
    CHECK(*tree->find(Range{0, 64}) == node);
    CHECK(tree->find(Range{512, 1000}) != nullptr);
    CHECK(tree->find(Range{5, 6}) == nullptr);
    CHECK(tree->find(Range{0, 32}) == nullptr);
    CHECK(tree->find(Range{64, 128}) == nullptr);
    // The head of a log smaller than one tile is kept all the same (every proof ends there).
    detail::ProvenNodes::Tree* tiny = &proven.at("tiny", 8, root_a, false);
    proven.remember(*tiny, Range{0, 8}, node);
    REQUIRE(tiny->find(Range{0, 8}) != nullptr);
    CHECK(tiny->find(Range{0, 4}) == nullptr);
    // Grown to a head that extends this one: perfect subtrees stay, the old edge goes.
    tree = &proven.at("small", 2000, root_b, true);
    CHECK(tree->find(Range{0, 64}) != nullptr);
    CHECK(tree->find(Range{512, 1000}) == nullptr);
    // Any other head starts over.
    tree = &proven.at("small", 2000, root_c, false);
    CHECK(tree->find(Range{0, 64}) == nullptr);

    // 2^24 leaves: kept from level 7 (at most 2^18 nodes at the cutoff).
    tree = &proven.at("big0", std::uint64_t{1} << 24, root_a, false);
    CHECK(tree->cutoff == 7);
    proven.remember(*tree, Range{0, 64}, node);
    proven.remember(*tree, Range{0, 128}, node);
    CHECK(tree->find(Range{0, 64}) == nullptr);
    CHECK(tree->find(Range{0, 128}) != nullptr);
    CHECK(proven.slots == (std::size_t{1} << 17));  // "small" started over: only big0's level 7

    // Budget: each big log's level 7 takes 2^17 slots; the 16th more would pass 2^21, so
    // everything kept is dropped, then only the new node is kept.
    int dropped_at = -1;
    for (int i = 1; i <= 16; ++i) {
        detail::ProvenNodes::Tree& t = proven.at("big" + std::to_string(i), std::uint64_t{1} << 24, root_a, false);
        const std::size_t was = proven.slots;
        proven.remember(t, Range{0, 128}, node);
        if (proven.slots < was && dropped_at < 0) dropped_at = i;
        CHECK(t.find(Range{0, 128}) != nullptr);
        CHECK(proven.slots <= detail::ProvenNodes::limit);
    }
    CHECK(dropped_at == 16);
    CHECK(proven.slots == (std::size_t{1} << 17));
    CHECK(proven.logs.at("big0").find(Range{0, 128}) == nullptr);
}
