// SPDX-License-Identifier: GPL-3.0-or-later
// Publisher records in groups (schema 8, docs/registry-format.md "Publisher records"): a bundle in
// random key order goes through the import's spool into groups in key order, every key is found
// and proven across group edges, and hand edits of the groups (a group deleted, cut, duplicated,
// damaged, or its index key moved) are reported by the lookups they touch, never read as absence.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "record_edit.hpp"
#include "sql_scalar.hpp"
#include "../support/db_support.hpp"
#include "../support/temp_dir.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "database_access.hpp"
#include "record_groups.hpp"

using namespace dimmguard;
using namespace dimmguard::db;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";
constexpr std::uint32_t distinct = 400;  // serials 0, 2, 4, ... (odd ones never issued)

std::string serial_key(std::uint32_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "802c-06-2243-%08x", i);
    return buf;
}

verifier::ModuleIdentity identity_of(std::uint32_t i) { return verifier::ModuleIdentity::parse(serial_key(i)).value(); }

/// Serial records of even identities, some issued twice (as two part numbers), in `order`.
std::vector<std::string> serial_texts(bool shuffled) {
    std::vector<std::string> texts;
    for (std::uint32_t i = 0; i < distinct; ++i) {
        texts.push_back("serial\t" + serial_key(2 * i) + "\tM321R8GA0BB0-CQK");
        if (i % 37 == 5) texts.push_back("serial\t" + serial_key(2 * i) + "\tM321R4GA0BB0-CQK");
    }
    if (shuffled) std::shuffle(texts.begin(), texts.end(), std::mt19937(20261206));
    return texts;
}

struct Registry {
    test_support::TempDir dir;
    KeyPair root = test_support::key();
    std::optional<Database> db;
    std::filesystem::path file;

    Registry(const KeyPair& publisher, const std::vector<std::string>& texts) {
        auto d = Database::open(dir.path() / "data");
        REQUIRE(d);
        db.emplace(std::move(*d));
        file = dir.path() / "data" / "registry.sqlite";
        test_support::trust_publishers(*db, root, {{&publisher, {"serials"}}}, now);
        auto w = BundleWriter::create(publisher, {"serials", 1, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 0});
        REQUIRE(w);
        REQUIRE(w->add_many(texts));
        REQUIRE(w->finish_file(dir.path() / "serials.bundle"));
        auto imported = import_bundle(*db, dir.path() / "serials.bundle", now);
        INFO((imported ? std::string() : imported.error().message));
        REQUIRE(imported);
        CHECK(imported->records == texts.size());
    }

    /// (grp, body, signatures) of every group, in key order.
    std::vector<std::tuple<std::int64_t, std::string, std::string>> groups() {
        auto s = detail::connection_of(*db).prepare("SELECT grp, body, signatures FROM record_groups ORDER BY grp");
        REQUIRE(s);
        std::vector<std::tuple<std::int64_t, std::string, std::string>> out;
        while (s->step().value()) out.emplace_back(s->column_int64(0), std::string(s->column_bytes(1)), std::string(s->column_bytes(2)));
        return out;
    }
};

/// Sets the import's spool bucket size for one scope.
struct BucketBytes {
    std::uint64_t saved = detail::import_bucket_bytes;
    explicit BucketBytes(std::uint64_t bytes) { detail::import_bucket_bytes = bytes; }
    ~BucketBytes() { detail::import_bucket_bytes = saved; }
};

/// Records of issued serial `i` found and proven, with nothing reported.
void expect_issued(SqliteRegistry& reg, std::uint32_t i, std::size_t records) {
    auto l = reg.issued_serial(identity_of(i));
    REQUIRE(l);
    INFO("serial " << i << (l->tampered.empty() ? std::string() : ": " + l->tampered.front()));
    CHECK(l->trusted.size() == records);
    CHECK(l->tampered.empty());
}

/// A lookup of serial `i` reports the edit and trusts nothing.
void expect_reported(SqliteRegistry& reg, std::uint32_t i, const std::string& words) {
    auto l = reg.issued_serial(identity_of(i));
    REQUIRE(l);
    CHECK(l->trusted.empty());
    REQUIRE_FALSE(l->tampered.empty());
    INFO(l->tampered.front());
    CHECK(l->tampered.front().find(words) != std::string::npos);
}

/// The key of a record text ("serial TAB identity TAB ...").
std::string key_of(const std::string& record) {
    const std::size_t a = record.find('\t');
    return record.substr(a + 1, record.find('\t', a + 1) - a - 1);
}

}  // namespace

TEST_CASE("record groups: a bundle in random order is stored in key order, in groups, and every key is proven", "[db][import][groups]") {
    const KeyPair publisher = test_support::key();
    const BucketBytes small(6000);  // about 40 records a bucket: the spool makes many
    Registry shuffled(publisher, serial_texts(true));
    const auto groups = shuffled.groups();
    REQUIRE(groups.size() > 10);
    // Groups follow each other leaf by leaf, each within the size a writer keeps to.
    std::uint64_t next = 0;
    for (const auto& [grp, body, signatures] : groups) {
        CHECK((grp & ((std::int64_t{1} << 40) - 1)) == static_cast<std::int64_t>(next));
        CHECK(body.size() + signatures.size() <= detail::group_body_limit);
        const auto lines = static_cast<std::uint64_t>(std::count(body.begin(), body.end(), '\n'));
        CHECK(signatures.size() == 64 * lines);
        next += lines;
    }
    const auto texts = serial_texts(false);
    CHECK(next == texts.size());
    // In key order; the two records of a twice-issued serial keep the file's order.
    const auto records = record_edit::records_of(shuffled.file, "serials");
    REQUIRE(records.size() == texts.size());
    CHECK(std::is_sorted(records.begin(), records.end(), [](const std::string& a, const std::string& b) { return key_of(a) < key_of(b); }));
    const auto shuffled_texts = serial_texts(true);
    for (std::size_t k = 0; k + 1 < records.size(); ++k) {
        if (key_of(records[k]) != key_of(records[k + 1])) continue;
        const auto first = std::find_if(shuffled_texts.begin(), shuffled_texts.end(), [&](const std::string& t) { return records[k].rfind(t, 0) == 0; });
        const auto second = std::find_if(shuffled_texts.begin(), shuffled_texts.end(), [&](const std::string& t) { return records[k + 1].rfind(t, 0) == 0; });
        CHECK(first < second);
    }

    // The same records from a file already in key order (no spool; ties in the shuffled file's
    // order) are stored byte for byte alike.
    auto in_key_order = shuffled_texts;
    std::stable_sort(in_key_order.begin(), in_key_order.end(), [](const std::string& a, const std::string& b) { return key_of(a) < key_of(b); });
    Registry sorted(publisher, in_key_order);
    CHECK(sorted.groups() == groups);

    SqliteRegistry reg(*shuffled.db, now);
    for (std::uint32_t i = 0; i < distinct; ++i) expect_issued(reg, 2 * i, i % 37 == 5 ? 2 : 1);
    for (std::uint32_t i : {1u, 3u, 77u, 2 * distinct - 1, 2 * distinct + 1, 0xfffffu}) expect_issued(reg, i, 0);
    auto st = registry_status(*shuffled.db, now);
    REQUIRE(st);
    CHECK(st->serials == texts.size());
    CHECK(st->integrity_problems.empty());
}

TEST_CASE("record groups: hand edits of the groups are reported by the lookups they touch", "[db][groups]") {
    const KeyPair publisher = test_support::key();
    Registry r(publisher, serial_texts(true));
    const auto groups = r.groups();
    REQUIRE(groups.size() > 6);
    const auto grp = [&](std::size_t g) { return std::get<0>(groups[g]); };
    auto keys_of_group = [&](std::size_t g) {
        std::vector<std::string> keys;
        for (const auto& record : record_edit::group_records(std::get<1>(groups[g]), std::get<2>(groups[g]))) keys.push_back(key_of(record));
        return keys;
    };
    auto serial_number = [](const std::string& key) { return static_cast<std::uint32_t>(std::stoul(key.substr(13), nullptr, 16)); };
    Connection& c = detail::connection_of(*r.db);
    auto run = [&](const std::string& sql, std::int64_t a, const std::string& b = "") {
        auto s = c.prepare(sql);
        REQUIRE(s);
        s->bind(1, a);
        if (!b.empty()) s->bind_blob(2, std::span(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()));
        REQUIRE(s->run());
    };
    const std::uint32_t in_g3 = serial_number(keys_of_group(3)[1]);
    const std::uint32_t far = serial_number(keys_of_group(groups.size() - 1).back());
    SqliteRegistry reg(*r.db, now);

    SECTION("a group deleted") {
        run("DELETE FROM record_groups WHERE grp = ?", grp(3));
        expect_reported(reg, in_g3, "missing");
        expect_issued(reg, far, 1);
        CHECK_FALSE(registry_status(*r.db, now)->integrity_problems.empty());
    }
    SECTION("the last record cut from a group") {
        const std::string& body = std::get<1>(groups[3]);
        const std::string cut = body.substr(0, body.rfind('\n', body.size() - 2) + 1);
        run("UPDATE record_groups SET body = ?2, signatures = substr(signatures, 1, length(signatures) - 64) WHERE grp = ?1", grp(3), cut);
        expect_reported(reg, serial_number(keys_of_group(3).back()), "missing");
        CHECK_FALSE(registry_status(*r.db, now)->integrity_problems.empty());
    }
    SECTION("a group copied in one leaf after its place") {
        run("INSERT INTO record_groups(grp, first_key, body, signatures) SELECT grp + 1, first_key, body, signatures FROM record_groups WHERE grp = ?", grp(3));
        expect_reported(reg, serial_number(keys_of_group(3).back()), "overlaps");
        CHECK_FALSE(registry_status(*r.db, now)->integrity_problems.empty());
    }
    SECTION("a group's body damaged") {
        const std::string& body = std::get<1>(groups[3]);
        run("UPDATE record_groups SET body = ?2 WHERE grp = ?1", grp(3), body.substr(0, body.size() - 1));
        expect_reported(reg, in_g3, "damaged");
        CHECK_FALSE(registry_status(*r.db, now)->integrity_problems.empty());
    }
    SECTION("a group's index key moved so that a search starts past the records it wants") {
        // The last key of group 2 is searched from the group whose first key is the greatest
        // below it: make that group 5.
        const std::string first2 = keys_of_group(2).front();
        auto s = c.prepare("UPDATE record_groups SET first_key = ? WHERE grp = ?");
        REQUIRE(s);
        s->bind(1, first2 + "\x01").bind(2, grp(5));
        REQUIRE(s->run());
        expect_reported(reg, serial_number(keys_of_group(2).back()), "started after");
        expect_issued(reg, far, 1);
    }
    SECTION("a record's bytes edited inside its group") {
        record_edit::replace_in_records(r.file, "serials", "\t" + keys_of_group(3)[1] + "\tM321R8GA0BB0", "\t" + keys_of_group(3)[1] + "\tM321R4GA0BB0");
        expect_reported(reg, in_g3, "not the one accepted");
        expect_issued(reg, far, 1);
        // registry status hashes every stored record against the accepted head
        auto st = registry_status(*r.db, now);
        REQUIRE(st);
        REQUIRE(st->integrity_problems.size() == 1);
        CHECK_THAT(st->integrity_problems.front(), Catch::Contains("records edited"));
    }
}
