// SPDX-License-Identifier: GPL-3.0-or-later
// Registry v2 (docs/registry-format.md, "Merkle logs and the trusted state"): hand edits of a
// real registry file with the sqlite3 shell, an older copy of the file put back, and a lost
// trusted state. Each edit below used to turn a COUNTERFEIT or SUSPECT verdict into GENUINE, or
// an edit into a silent "not issued" / "not revoked"; now every one is reported
// (REGISTRY_TAMPERED / REGISTRY_ROLLBACK) and the verdict is never GENUINE from it.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "record_edit.hpp"
#include "registry_fixture.hpp"
#include "schema6_tiles.hpp"
#include "sql_scalar.hpp"
#include "db/merkle.hpp"
#include "db/sqlite.hpp"
#include "db/sqlite_registry.hpp"
#include "tlog.hpp"

using namespace registry_fixture;

namespace {

bool has_registry_problem(const Checked& c) { return c.has(FindingCode::registry_tampered) || c.has(FindingCode::registry_rollback); }

void expect_clean(const Checked& c) {
    INFO("findings: " << c.codes());
    CHECK_FALSE(has_registry_problem(c));
}

void expect_caught(const Checked& c, FindingCode code) {
    INFO("findings: " << c.codes());
    CHECK(c.has(code));
    CHECK(c.verdict() != Verdict::genuine);
    CHECK(c.exit_status != engine::exit_ok);
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Close B's registry, replace its file by `copy` (an sqlite3 .backup), reopen it.
void put_back(Fixture& f, const fs::path& copy) {
    f.db.reset();
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(f.file.string() + suffix);
    fs::copy_file(copy, f.file, fs::copy_options::overwrite_existing);
    auto reopened = db::Database::open_existing(f.dir.path() / "b");
    REQUIRE(reopened);
    f.db.emplace(std::move(*reopened));
}

/// A sighting recorded here and one at station A, exchanged; then B's registry is closed, for a
/// test to take its file back to an older schema.
void closed_with_sightings(Fixture& f) {
    f.record_here(Fixture::sighting(genuine32("3bf239f1"), EventKind::intake), "2026-05-02T00:00:00Z");
    f.record_there(Fixture::sighting(genuine32("3bf239f2"), EventKind::intake), "2026-05-01T00:00:00Z");
    f.exchange();
    f.db.reset();
}

}  // namespace

TEST_CASE("registry v2: the baseline verdicts the edits below try to change", "[db][registry-v2]") {
    Fixture f;
    expect_genuine(inspect(f, genuine32()));
    expect_clean(inspect(f, genuine32()));
    const Checked revoked = inspect(f, genuine32("3bf239f6"));
    CHECK(revoked.has(FindingCode::serial_revoked));
    const Checked unissued = inspect(f, genuine32("3bf2aaaa"));
    CHECK(unissued.has(FindingCode::serial_not_issued));
    expect_clean(unissued);
    // Still clean after sightings are recorded and exchanged, and after a reopen (a new process).
    f.record_there(Fixture::sighting(genuine32("3bf239f1"), EventKind::intake), "2026-05-01T00:00:00Z");
    f.record_here(Fixture::sighting(genuine32("3bf239f2"), EventKind::intake), "2026-05-02T00:00:00Z");
    f.exchange();
    f.db.reset();
    auto reopened = db::Database::open_existing(f.dir.path() / "b");
    REQUIRE(reopened);
    f.db.emplace(std::move(*reopened));
    expect_genuine(inspect(f, genuine32("3bf239f5")));
    expect_clean(inspect(f, genuine32("3bf239f1")));   // held at station A: its sighting is proven
    CHECK(inspect(f, genuine32("3bf239f1")).has(FindingCode::dup_serial));
    expect_clean(inspect(f, genuine32("3bf239f2")));
    auto st = db::registry_status(*f.db, now);
    REQUIRE(st);
    INFO((st->integrity_problems.empty() ? std::string() : st->integrity_problems.front()));
    CHECK(st->integrity_problems.empty());
}

TEST_CASE("registry v2: hand edits of publisher data are reported, never read as absence", "[db][registry-v2]") {
    Fixture f;
    SECTION("deleting a maker's serial_makers row no longer switches the issued-serial check off") {
        f.sqlite3_shell("DELETE FROM serial_makers;");
        const Checked c = inspect(f, genuine32("3bf2aaaa"));
        INFO(c.codes());
        CHECK(c.has(FindingCode::serial_not_issued));
        CHECK(c.verdict() == Verdict::counterfeit);
    }
    SECTION("deleting a revocation record") {
        record_edit::delete_records_containing(f.file, "revocations", "3bf239f6");
        expect_caught(inspect(f, genuine32("3bf239f6")), FindingCode::registry_tampered);
    }
    SECTION("deleting the revocations' group row") {
        f.sqlite3_shell("DELETE FROM record_groups WHERE bundle_id = (SELECT id FROM bundles WHERE role = 'revocations');");
        expect_caught(inspect(f, genuine32("3bf239f6")), FindingCode::registry_tampered);
    }
    SECTION("changing the key the group index files the revocation under") {
        // The index only says where to start reading: the revocation is still found and proven.
        f.sqlite3_shell("UPDATE record_groups SET first_key = '80ce-00-0000-00000000' WHERE bundle_id = (SELECT id FROM bundles WHERE role = 'revocations');");
        const Checked c = inspect(f, genuine32("3bf239f6"));
        INFO(c.codes());
        CHECK(c.has(FindingCode::serial_revoked));
        CHECK(c.verdict() != Verdict::genuine);
    }
    SECTION("changing the identity inside the revocation record") {
        record_edit::replace_in_records(f.file, "revocations", "3bf239f6", "3bf239f7");
        expect_caught(inspect(f, genuine32("3bf239f6")), FindingCode::registry_tampered);
    }
    SECTION("deleting an issued serial") {
        record_edit::delete_records_containing(f.file, "serials", "3bf239f3");
        const Checked c = inspect(f, genuine32("3bf239f3"));
        expect_caught(c, FindingCode::registry_tampered);
        CHECK_FALSE(c.has(FindingCode::serial_not_issued));  // not claimed from a hole either
    }
    SECTION("deleting the part record") {
        record_edit::delete_records_containing(f.file, "parts", "M321R4GA0BB0-CQK");
        expect_caught(inspect(f, genuine32()), FindingCode::registry_tampered);
    }
    SECTION("swapping the places of two records") {
        record_edit::edit_records(f.file, "serials", [](std::vector<std::string>& records) {
            if (records.size() >= 2) std::swap(records[0], records[1]);
        });
        const Checked c1 = inspect(f, genuine32("3bf239f0"));
        const Checked c2 = inspect(f, genuine32("3bf239f1"));
        CHECK((has_registry_problem(c1) || has_registry_problem(c2)));
    }
    SECTION("a zeroed stored Merkle node") {
        // Every record's proof climbs from its own row's hash; where it needs a stored node
        // that was zeroed, the proof fails (REGISTRY_TAMPERED). Here the first proof of the
        // lookup (the part's neighbour at leaf 0) climbs from the row, so the zeroed copy of that
        // leaf is never needed: the answer is the accepted one, and registry status finds the edit.
        f.sqlite3_shell("UPDATE tlog_tiles SET hashes = zeroblob(32) || substr(hashes, 33) WHERE band = 0 AND idx = 0;");
        const Checked c = inspect(f, genuine32());
        INFO(c.codes());
        CHECK((c.verdict() == Verdict::genuine || c.has(FindingCode::registry_tampered)));
        auto st = db::registry_status(*f.db, now);
        REQUIRE(st);
        CHECK_FALSE(st->integrity_problems.empty());
    }
    SECTION("a zeroed Merkle node that a proof needs") {
        // Leaf 1 of the serials log is proven through its sibling, leaf 0: zero that one.
        f.sqlite3_shell("UPDATE tlog_tiles SET hashes = zeroblob(32) || substr(hashes, 33) WHERE band = 0 AND idx = 0 AND log = "
                        "(SELECT id FROM tlogs WHERE name = 'bundle/' || (SELECT digest FROM bundles WHERE role = 'serials'));");
        // The serial at leaf 2: its lookup proves its neighbour at leaf 1 through that node.
        const auto serials = record_edit::records_of(f.file, "serials");
        REQUIRE(serials.size() > 2);
        const std::string record = serials[2];  // "serial TAB identity TAB ..."
        const std::size_t tab = record.find('\t');
        auto id = verifier::ModuleIdentity::parse(record.substr(tab + 1, record.find('\t', tab + 1) - tab - 1));
        REQUIRE(id);
        db::SqliteRegistry registry(*f.db, now);
        auto l = registry.issued_serial(*id);
        REQUIRE(l);
        CHECK(l->trusted.empty());
        REQUIRE_FALSE(l->tampered.empty());
        INFO(l->tampered.front());
        CHECK(l->tampered.front().find("is not the one accepted") != std::string::npos);
    }
    SECTION("deleting a whole bundle with its rows") {
        f.sqlite3_shell("DELETE FROM record_groups WHERE bundle_id = (SELECT id FROM bundles WHERE role = 'revocations'); "
                        "DELETE FROM bundles WHERE role = 'revocations';");
        expect_caught(inspect(f, genuine32("3bf239f6")), FindingCode::registry_rollback);
    }
    SECTION("deleting the newest trust document") {
        f.sqlite3_shell("DELETE FROM trust_documents;");
        const Checked c = inspect(f, genuine32());
        INFO(c.codes());
        CHECK(c.verdict() != Verdict::genuine);
    }
    SECTION("replacing a pinned root key") {
        // a consistent row (key id of that key): only the trusted state can tell
        const db::PublicKey other = key().public_key();
        f.sqlite3_shell("UPDATE trust_roots SET key_id = '" + other.id() + "', public_key = '" + other.hex() + "';");
        db::TrustStore store(*f.db);
        auto pins = store.pinned();
        REQUIRE_FALSE(pins);
        CHECK(pins.error().message.find("differ from the trusted state") != std::string::npos);
        CHECK(inspect(f, genuine32()).verdict() != Verdict::genuine);
    }
}

TEST_CASE("registry v2: a deleted sighting of another station is reported, not forgotten", "[db][registry-v2]") {
    Fixture f;
    // Station A saw the same identity with another image: a clone.
    SynthSpec clone = genuine64("3bf239f4");
    clone.part_number = pn32;
    f.record_there(Fixture::sighting(genuine32("3bf239f4"), EventKind::intake, fingerprint(clone)), "2026-05-01T00:00:00Z");
    f.exchange();
    const Checked before = inspect(f, genuine32("3bf239f4"));
    INFO(before.codes());
    REQUIRE(before.has(FindingCode::dup_serial));
    SECTION("the row deleted") {
        f.sqlite3_shell("DELETE FROM sightings WHERE local = 0;");
        expect_caught(inspect(f, genuine32("3bf239f4")), FindingCode::registry_rollback);
    }
    SECTION("the row's identity changed") {
        f.sqlite3_shell("UPDATE sightings SET identity = '80ce-00-0000-00000000' WHERE local = 0;");
        expect_caught(inspect(f, genuine32("3bf239f4")), FindingCode::registry_tampered);
    }
    SECTION("the row's line edited to match") {
        f.sqlite3_shell("UPDATE sightings SET line = replace(line, 'intake', 'return') WHERE local = 0;");
        expect_caught(inspect(f, genuine32("3bf239f4")), FindingCode::registry_tampered);
    }
    SECTION("the row moved to another place") {
        // Where a row is stored is not evidence: the lookup finds it by its signed identity.
        f.sqlite3_shell("UPDATE sightings SET place = 7 WHERE local = 0;");
        const Checked moved = inspect(f, genuine32("3bf239f4"));
        INFO(moved.codes());
        CHECK(moved.has(FindingCode::dup_serial));
        CHECK_FALSE(has_registry_problem(moved));
    }
}

TEST_CASE("registry v2: an older copy of the registry file is a rollback", "[db][registry-v2]") {
    Fixture f;
    const fs::path copy = f.dir.path() / "old.sqlite";
    f.sqlite3_shell(".backup '" + copy.string() + "'");
    SECTION("sightings imported after the copy") {
        SynthSpec clone = genuine64("3bf239f4");
        clone.part_number = pn32;
        f.record_there(Fixture::sighting(genuine32("3bf239f4"), EventKind::intake, fingerprint(clone)), "2026-05-01T00:00:00Z");
        f.exchange();
        REQUIRE(inspect(f, genuine32("3bf239f4")).has(FindingCode::dup_serial));
        put_back(f, copy);
        expect_caught(inspect(f, genuine32("3bf239f4")), FindingCode::registry_rollback);
        // and recording on top of the older copy is refused: it would fork the accepted log
        auto again = db::import_sightings(*f.db, f.dir.path() / "a.sightings", now);
        CHECK_FALSE(again);
    }
    SECTION("a revocation imported after the copy") {
        SynthSpec later = genuine32("3bf239f5");
        write_bundle(f.dir.path() / "revocations2.bundle", f.publisher, "revocations",
                     {db::encode_revocation({identity(later), "stolen from the DC3 cage"})});
        // version 1 is taken: write v2 by hand
        auto w = db::BundleWriter::create(f.publisher, {"revocations", 2, "2026-02-01T00:00:00Z", "2027-01-01T00:00:00Z", 1});
        REQUIRE(w);
        REQUIRE(w->add_many({db::encode_revocation({identity(later), "stolen from the DC3 cage"})}));
        REQUIRE(w->finish_file(f.dir.path() / "revocations2.bundle"));
        REQUIRE(db::import_bundle(*f.db, f.dir.path() / "revocations2.bundle", now));
        REQUIRE(inspect(f, later).has(FindingCode::serial_revoked));
        put_back(f, copy);
        const Checked c = inspect(f, later);
        expect_caught(c, FindingCode::registry_rollback);
        CHECK_FALSE(c.has(FindingCode::serial_revoked));
        // importing the same bundle again restores what was accepted
        REQUIRE(db::import_bundle(*f.db, f.dir.path() / "revocations2.bundle", now));
        const Checked restored = inspect(f, later);
        CHECK(restored.has(FindingCode::serial_revoked));
        expect_clean(restored);
    }
}

TEST_CASE("registry v2: a lost trusted state is reported until the file is adopted again", "[db][registry-v2]") {
    Fixture f;
    fs::remove_all(f.dir.path() / "b" / "state");
    const Checked c = inspect(f, genuine32());
    expect_caught(c, FindingCode::registry_tampered);
    auto adopted = db::adopt_registry(*f.db);
    REQUIRE(adopted);
    CHECK(adopted->bundles == 3);
    CHECK(adopted->problems.empty());
    expect_genuine(inspect(f, genuine32()));
    CHECK(inspect(f, genuine32("3bf2aaaa")).has(FindingCode::serial_not_issued));
    // the state file: one line per accepted piece, mode 0600 in a 0700 directory
    const fs::path state = f.dir.path() / "b" / "state" / "trusted-state";
    const std::string text = read_text(state);
    CHECK(text.rfind("dimmguard-trusted-state 1\n", 0) == 0);
    CHECK((fs::status(state).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK((fs::status(state.parent_path()).permissions() & fs::perms::all) == fs::perms::owner_all);
}

TEST_CASE("registry v2: a damaged trusted state is named, and nothing is trusted from it", "[db][registry-v2]") {
    Fixture f;
    const fs::path state = f.dir.path() / "b" / "state" / "trusted-state";
    std::string text = read_text(state);
    text.replace(text.find("bundle "), 6, "bundel");
    std::ofstream(state, std::ios::binary | std::ios::trunc) << text;
    const Checked c = inspect(f, genuine32());
    expect_caught(c, FindingCode::registry_tampered);
}

TEST_CASE("registry v2: an update of the trusted state lost in a crash heals on the next append", "[db][registry-v2]") {
    Fixture f;
    const fs::path state = f.dir.path() / "b" / "state" / "trusted-state";
    f.record_here(Fixture::sighting(genuine32("3bf239f1"), EventKind::intake), "2026-05-02T00:00:00Z");
    const std::string before = read_text(state);
    f.record_here(Fixture::sighting(genuine32("3bf239f2"), EventKind::intake), "2026-05-03T00:00:00Z");
    // The power failed after the database commit, before the state write.
    std::ofstream(state, std::ios::binary | std::ios::trunc) << before;
    expect_genuine(inspect(f, genuine32("3bf239f2")));     // the newer leaf is checked by its signature
    expect_clean(inspect(f, genuine32("3bf239f2")));
    f.record_here(Fixture::sighting(genuine32("3bf239f3"), EventKind::intake), "2026-05-04T00:00:00Z");
    CHECK(read_text(state).find("log " + f.station + " 3 ") != std::string::npos);
    auto st = db::registry_status(*f.db, now);
    REQUIRE(st);
    CHECK(st->integrity_problems.empty());
}

TEST_CASE("registry v2: a schema 2 registry is upgraded and adopted once", "[db][registry-v2]") {
    Fixture f;
    closed_with_sightings(f);
    // Take the file back to schema 2 as a release before this one wrote it: no Merkle logs, no
    // checkpoint signatures, no custody summaries, no leaf columns, the old indexes, and no
    // trusted state.
    {
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        record_edit::back_to_record_rows(*c);
    }
    Fixture& g = f;
    const std::string sql =
        "DROP INDEX parts_by_key; DROP INDEX serials_by_key; DROP INDEX revocations_by_key; DROP INDEX sightings_by_leaf; DROP INDEX sightings_by_signed_identity;"
        "ALTER TABLE parts DROP COLUMN leaf; ALTER TABLE serials DROP COLUMN leaf; ALTER TABLE revocations DROP COLUMN leaf;"
        "ALTER TABLE sightings DROP COLUMN leaf; DROP TABLE tlog_tiles; DROP TABLE tlogs; DROP TABLE checkpoint_signatures; DROP TABLE custody_summaries;"
        "CREATE INDEX parts_by_number ON parts(part_number); CREATE INDEX serials_by_identity ON serials(identity);"
        "CREATE INDEX revocations_by_identity ON revocations(identity); DROP TABLE alerts; PRAGMA user_version = 2;";
    g.sqlite3_shell(sql);
    fs::remove_all(f.dir.path() / "b" / "state");
    auto reopened = db::Database::open_existing(f.dir.path() / "b");
    INFO((reopened ? std::string("ok") : reopened.error().message));
    REQUIRE(reopened);
    f.db.emplace(std::move(*reopened));
    CHECK(fs::exists(f.dir.path() / "b" / "state" / "trusted-state"));
    expect_genuine(inspect(f, genuine32("3bf239f1")));
    expect_clean(inspect(f, genuine32("3bf239f2")));
    CHECK(inspect(f, genuine32("3bf239f6")).has(FindingCode::serial_revoked));
    CHECK(inspect(f, genuine32("3bf2aaaa")).has(FindingCode::serial_not_issued));
    // After the upgrade the file is checked like any other: a deletion shows.
    record_edit::delete_records_containing(f.file, "revocations", "3bf239f6");
    expect_caught(inspect(f, genuine32("3bf239f6")), FindingCode::registry_tampered);
}

/// Every log of the registry: (id, name, size).
static std::vector<std::tuple<std::int64_t, std::string, std::uint64_t>> stored_logs(db::Connection& c) {
    std::vector<std::tuple<std::int64_t, std::string, std::uint64_t>> logs;
    auto s = c.prepare("SELECT id, name, size FROM tlogs");
    REQUIRE(s);
    while (s->step().value()) logs.emplace_back(s->column_int64(0), s->column_text(1), static_cast<std::uint64_t>(s->column_int64(2)));
    return logs;
}

/// Opens the registry of a test that took its file back to an older schema: it upgrades, and
/// the table the old schema kept its Merkle nodes in is gone (moved, not copied).
static void reopen_upgraded(Fixture& f, const char* old_table) {
    auto reopened = db::Database::open_existing(f.dir.path() / "b");
    INFO((reopened ? std::string("ok") : reopened.error().message));
    REQUIRE(reopened);
    f.db.emplace(std::move(*reopened));
    auto c = db::Connection::open(f.file, false);
    REQUIRE(c);
    CHECK(c->user_version().value() == db::schema_version);
    CHECK_FALSE(c->prepare(std::string("SELECT COUNT(*) FROM ") + old_table));
    // and the publisher records are in groups (schema 8)
    CHECK_FALSE(c->prepare("SELECT COUNT(*) FROM serials"));
    CHECK(sql_scalar(*c, "SELECT COUNT(*) FROM record_groups") >= 3);
}

/// An upgraded registry answers as before, is clean against its trusted state, and its
/// rebuilt tiles take the next sighting.
static void expect_upgraded_clean(Fixture& f) {
    expect_genuine(inspect(f, genuine32("3bf239f1")));
    expect_clean(inspect(f, genuine32("3bf239f2")));
    CHECK(inspect(f, genuine32("3bf239f6")).has(FindingCode::serial_revoked));
    CHECK(inspect(f, genuine32("3bf2aaaa")).has(FindingCode::serial_not_issued));
    auto st = db::registry_status(*f.db, now);
    REQUIRE(st);
    INFO((st->integrity_problems.empty() ? std::string() : st->integrity_problems.front()));
    CHECK(st->integrity_problems.empty());
    auto log = db::verify_log(*f.db);
    REQUIRE(log);
    CHECK(log->ok());
    f.record_here(Fixture::sighting(genuine32("3bf239f3"), EventKind::intake), "2026-05-04T00:00:00Z");
    expect_clean(inspect(f, genuine32("3bf239f3")));
}

TEST_CASE("registry v2: a schema 5 registry's Merkle nodes move into tiles", "[db][registry-v2]") {
    Fixture f;
    closed_with_sightings(f);
    // Take the file back to schema 5 as the release before tiles wrote it: every perfect subtree
    // of every log a row of tlog_nodes, no tlog_tiles.
    std::int64_t nodes = 0;
    {
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        REQUIRE(c->exec("CREATE TABLE tlog_nodes (log INTEGER NOT NULL, level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, "
                        "PRIMARY KEY (log, level, idx)) WITHOUT ROWID;"));
        const auto logs = stored_logs(*c);
        REQUIRE(logs.size() >= 5);  // three bundles, two stations
        auto ins = c->prepare("INSERT INTO tlog_nodes VALUES (?, ?, ?, ?)");
        REQUIRE(ins);
        for (const auto& [id, name, size] : logs) {
            auto log = db::detail::Tlog::open(*c, name, false);
            REQUIRE(log);
            for (unsigned level = 0; (size >> level) > 0; ++level) {
                for (std::uint64_t idx = 0; idx < (size >> level); ++idx) {
                    auto node = log->source()(level, idx);
                    REQUIRE(node);
                    ins->reset();
                    ins->bind(1, id).bind(2, std::int64_t{level}).bind(3, static_cast<std::int64_t>(idx)).bind_blob(4, *node);
                    REQUIRE(ins->run());
                    ++nodes;
                }
            }
        }
        record_edit::back_to_record_rows(*c);
        REQUIRE(c->exec("DROP TABLE tlog_tiles; DROP TABLE alerts; PRAGMA user_version = 5;"));
    }
    REQUIRE(nodes > 10);
    const auto upgrade = [&f] { reopen_upgraded(f, "tlog_nodes"); };
    SECTION("as the release wrote it") {
        upgrade();
        expect_upgraded_clean(f);
    }
    SECTION("with a leaf hash deleted by hand before the upgrade") {
        // The serials log loses its leaf 1: the tiles stop at the gap, and the head the trusted
        // state accepted is gone.
        f.sqlite3_shell("DELETE FROM tlog_nodes WHERE level = 0 AND idx = 1 AND log = "
                        "(SELECT id FROM tlogs WHERE name = 'bundle/' || (SELECT digest FROM bundles WHERE role = 'serials'));");
        upgrade();
        auto st = db::registry_status(*f.db, now);
        REQUIRE(st);
        CHECK_FALSE(st->integrity_problems.empty());
        CHECK_FALSE(inspect(f, genuine32("3bf239f1")).verdict() == Verdict::genuine);
    }
}

TEST_CASE("registry v2: a schema 6 registry's tiles are rebuilt in six levels under one integer key", "[db][registry-v2]") {
    Fixture f;
    closed_with_sightings(f);
    // Take the file back to schema 6 as the release before it wrote it: tiles of four levels in a
    // WITHOUT ROWID table keyed (log, band, idx).
    std::int64_t tiles = 0;
    {
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        REQUIRE(c->exec(schema6_tiles_table_sql));
        const auto logs = stored_logs(*c);
        for (const auto& [id, name, size] : logs) {
            auto log = db::detail::Tlog::open(*c, name, false);
            REQUIRE(log);
            write_schema6_tiles(*c, id, log->source(), size);
        }
        tiles = sql_scalar(*c, "SELECT COUNT(*) FROM tlog_tiles_v6");
        record_edit::back_to_record_rows(*c);
        REQUIRE(c->exec("DROP TABLE tlog_tiles; ALTER TABLE tlog_tiles_v6 RENAME TO tlog_tiles; DROP TABLE alerts; PRAGMA user_version = 6;"));
    }
    REQUIRE(tiles >= 5);  // three bundles, two stations
    const auto upgrade = [&f] { reopen_upgraded(f, "tlog_tiles_v6"); };
    SECTION("as the release wrote it") {
        upgrade();
        expect_upgraded_clean(f);
    }
    SECTION("with a leaf's tile deleted by hand before the upgrade") {
        // The serials log loses its first band-0 tile (its leaves 0..15): nothing is rebuilt
        // past the gap, so neither the accepted head nor any serial's proof can be read.
        f.sqlite3_shell("DELETE FROM tlog_tiles WHERE band = 0 AND idx = 0 AND log = "
                        "(SELECT id FROM tlogs WHERE name = 'bundle/' || (SELECT digest FROM bundles WHERE role = 'serials'));");
        upgrade();
        auto st = db::registry_status(*f.db, now);
        REQUIRE(st);
        CHECK_FALSE(st->integrity_problems.empty());
        const auto seen = inspect(f, genuine32("3bf239f1"));
        CHECK_FALSE(seen.verdict() == Verdict::genuine);
        CHECK(seen.has(FindingCode::registry_tampered));
    }
}

TEST_CASE("registry v2: a schema 7 registry's publisher records move into groups", "[db][registry-v2]") {
    Fixture f;
    closed_with_sightings(f);
    // Take the file back to schema 7 as the release before groups wrote it: one row per record.
    {
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        record_edit::back_to_record_rows(*c);
        REQUIRE(c->exec("DROP TABLE alerts; PRAGMA user_version = 7;"));
    }
    const auto upgrade = [&f] {
        auto reopened = db::Database::open_existing(f.dir.path() / "b");
        INFO((reopened ? std::string("ok") : reopened.error().message));
        REQUIRE(reopened);
        f.db.emplace(std::move(*reopened));
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        CHECK(c->user_version().value() == db::schema_version);
        CHECK_FALSE(c->prepare("SELECT COUNT(*) FROM serials"));
    };
    SECTION("as the release wrote it") {
        upgrade();
        expect_upgraded_clean(f);
    }
    SECTION("with an issued serial's row deleted by hand before the upgrade") {
        f.sqlite3_shell("DELETE FROM serials WHERE line LIKE '%3bf239f3%';");
        upgrade();
        const Checked c = inspect(f, genuine32("3bf239f3"));
        expect_caught(c, FindingCode::registry_tampered);
        CHECK_FALSE(c.has(FindingCode::serial_not_issued));
        auto st = db::registry_status(*f.db, now);
        REQUIRE(st);
        CHECK_FALSE(st->integrity_problems.empty());
    }
    SECTION("with a second, edited row at one leaf and a row without a leaf added by hand") {
        f.sqlite3_shell("INSERT INTO serials(bundle_id, identity, line, signature, leaf) SELECT bundle_id, identity, "
                        "replace(line, 'M321R4GA0BB0', 'M321R8GA0BB0'), signature, leaf FROM serials WHERE line LIKE '%3bf239f3%'; "
                        "INSERT INTO serials(bundle_id, identity, line, signature, leaf) SELECT bundle_id, identity, line, signature, NULL "
                        "FROM serials WHERE line LIKE '%3bf239f4%' LIMIT 1;");
        upgrade();
        // The first row at the leaf (the release's own) is kept; the extra row without a leaf
        // goes past the accepted log, where status sees it.
        expect_genuine(inspect(f, genuine32("3bf239f3")));
        auto st = db::registry_status(*f.db, now);
        REQUIRE(st);
        CHECK_FALSE(st->integrity_problems.empty());
    }
}

TEST_CASE("registry v2: log verify catches an older copy of the registry that carries an older valid head", "[db][registry-v2]") {
    Fixture f;
    f.record_here(Fixture::sighting(genuine32("3bf239f1"), EventKind::intake), "2026-05-02T00:00:00Z");
    const fs::path copy = f.dir.path() / "old.sqlite";
    f.sqlite3_shell(".backup '" + copy.string() + "'");
    f.record_here(Fixture::sighting(genuine32("3bf239f2"), EventKind::intake, fingerprint(genuine64())), "2026-05-03T00:00:00Z");
    auto before = db::verify_log(*f.db);
    REQUIRE(before);
    CHECK(before->ok());
    put_back(f, copy);
    auto after = db::verify_log(*f.db);
    REQUIRE(after);
    REQUIRE(after->problems.size() == 1);
    CHECK(after->problems.front().kind == db::LogProblemKind::rolled_back);
    CHECK_THAT(after->problems.front().message, Catch::Contains("1 of the 2 entries"));
    // and the next inspection is refused rather than forking the accepted log
    auto forked = db::record_sighting(*f.db, Fixture::sighting(genuine32("3bf239f3"), EventKind::intake), "2026-05-04T00:00:00Z");
    REQUIRE_FALSE(forked);
    CHECK_THAT(forked.error().message, Catch::Contains("rolled back"));
}

TEST_CASE("registry v2: a schema 8 registry's sightings are stored by module", "[db][registry-v2]") {
    Fixture f;
    // Interleaved sightings of two modules at station B, so their seqs alternate.
    for (int round = 0; round < 3; ++round) {
        const std::string t = "2026-05-0" + std::to_string(round + 2) + "T00:00:00Z";
        f.record_here(Fixture::sighting(genuine32("3bf239f1"), EventKind::intake), t);
        f.record_here(Fixture::sighting(genuine32("3bf239f2"), EventKind::intake), t);
    }
    f.record_there(Fixture::sighting(genuine32("3bf239f2"), EventKind::intake), "2026-05-01T00:00:00Z");
    f.exchange();
    f.db.reset();
    std::vector<std::int64_t> seqs_before;
    {
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        record_edit::back_to_sightings_by_seq(*c);
        REQUIRE(c->exec("DROP TABLE alerts; PRAGMA user_version = 8;"));
        auto s = c->prepare("SELECT seq FROM sightings ORDER BY seq");
        REQUIRE(s);
        while (s->step().value()) seqs_before.push_back(s->column_int64(0));
    }
    REQUIRE(seqs_before.size() == 7);
    const auto upgrade = [&f] {
        auto reopened = db::Database::open_existing(f.dir.path() / "b");
        INFO((reopened ? std::string("ok") : reopened.error().message));
        REQUIRE(reopened);
        f.db.emplace(std::move(*reopened));
    };
    SECTION("as the release wrote it") {
        upgrade();
        auto c = db::Connection::open(f.file, false);
        REQUIRE(c);
        CHECK(c->user_version().value() == db::schema_version);
        // Same rows under the same seqs; each module's rows on consecutive places of its bucket,
        // in seq order.
        std::vector<std::int64_t> seqs_after;
        auto all = c->prepare("SELECT seq FROM sightings ORDER BY seq");
        REQUIRE(all);
        while (all->step().value()) seqs_after.push_back(all->column_int64(0));
        CHECK(seqs_after == seqs_before);
        for (const char* serial : {"3bf239f1", "3bf239f2"}) {
            auto rows = c->prepare(std::string("SELECT place, seq, identity FROM sightings WHERE ") + db::detail::sighting_line_identity_sql +
                                   " LIKE '%" + serial + "' ORDER BY place");
            REQUIRE(rows);
            std::vector<std::int64_t> places, seqs;
            std::string identity;
            while (rows->step().value()) {
                places.push_back(rows->column_int64(0));
                seqs.push_back(rows->column_int64(1));
                identity = rows->column_text(2);
            }
            INFO(serial);
            REQUIRE(places.size() >= 3);
            CHECK(std::is_sorted(seqs.begin(), seqs.end()));
            CHECK(places.front() == db::detail::place_bucket(identity));
            CHECK(places.back() - places.front() == static_cast<std::int64_t>(places.size()) - 1);
        }
        expect_upgraded_clean(f);
        // A new sighting goes beside its module's rows, under the next seq.
        const std::int64_t last = sql_scalar(*c, "SELECT max(seq) FROM sightings");
        CHECK(sql_scalar(*c, "SELECT seq FROM sightings WHERE place = (SELECT max(place) FROM sightings WHERE identity LIKE '%3bf239f3')") == last);
        CHECK(sql_scalar(*c, "SELECT count(*) FROM sightings WHERE identity LIKE '%3bf239f1'") == 3);
    }
    SECTION("with a sighting's line edited by hand before the upgrade") {
        f.sqlite3_shell("UPDATE sightings SET line = replace(line, 'intake', 'return') WHERE local = 0;");
        upgrade();
        expect_caught(inspect(f, genuine32("3bf239f2")), FindingCode::registry_tampered);
    }
}
